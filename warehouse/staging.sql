-- name: gate_tables
-- staging-only bookkeeping: which version of each staged table the gate has seen
create table if not exists staging_versions (table_name varchar, token varchar, staged_at timestamp with time zone);
-- the hash of this set-up (pipelines/warehouse.py ensure_staging): skipped while it matches
create table if not exists staging_version (hash varchar);
create table if not exists gate_results (
    run_id varchar, checked_at timestamp with time zone, suite varchar, expectation varchar, severity varchar,
    success boolean, fingerprint varchar
);
-- the fingerprint is of the content checked (content_fingerprint), and the suites it was checked with
alter table gate_results add column if not exists suites_version varchar;
alter table gate_results add column if not exists message varchar;
-- which published state the staged tables extend, and which run is filling them
create table if not exists staging_sync (base_run_id varchar, owner_run_id varchar, pending boolean, mode varchar);
-- the process of that run: a later run takes staging over when it is gone (killed), whatever Dagster shows
alter table staging_sync add column if not exists owner_pid bigint;
alter table staging_sync add column if not exists owner_host varchar;
alter table staging_sync add column if not exists owner_started varchar;
-- the documents this run reads afresh (new or changed files); every other staged row is a published one
create table if not exists staging_changes (doc_id varchar, source_file varchar, change varchar);
-- each input file's hash when it last had this size, times and inode (pipelines/stages/changes.py plan_changes)
create table if not exists input_stats (
    source_file varchar, size bigint, mtime_ns bigint, ctime_ns bigint, inode bigint, device bigint, doc_id varchar
);
-- the cleaning step's verdicts: it writes its own table, never the documents step's
create table if not exists cleaning_verdicts (doc_id varchar, removed_fraction double, quarantine_reason varchar);
-- the quality gate's verdicts: it holds a document by writing its own table, never the earlier steps'
create table if not exists gate_verdicts (doc_id varchar, source_file varchar, run_id varchar, quarantine_reason varchar);
-- the rows as a publish copies them: verdicts.sql's staged_* and held_* views

-- name: staging_version
select hash from staging_version;

-- name: set_staging_version
-- the hash of what set this staging file up (pipelines/warehouse.py ensure_staging): no set-up again while current
delete from staging_version;
insert into staging_version values (?);

-- name: unmark_staged
delete from staging_versions where table_name = ?;

-- name: mark_staged
insert into staging_versions values (?, ?, now());

-- name: content_fingerprint
-- everything a publish copies, in one linear pass per table: the row count and two order-free aggregates of
-- the hash of each whole row (a sum, which a repeated row moves, and an xor). any edit to any staged row after
-- the gate checked it changes it, so the publish step can refuse content the gate did not pass. the rows as
-- published: composed with the cleaning and gate verdicts (verdicts.sql)
select string_agg(name || '=' || rows || ':' || coalesce(total, 0) || ':' || coalesce(mixed, 0), ';' order by name)
from (
    select 'documents' as name, count(*) as rows, sum(hash(t)::hugeint) as total, bit_xor(hash(t)) as mixed
    from staged_documents t
    union all select 'articles', count(*), sum(hash(t)::hugeint), bit_xor(hash(t)) from staged_articles t
    union all select 'paragraphs', count(*), sum(hash(t)::hugeint), bit_xor(hash(t)) from staged_paragraphs t
    union all select 'removed_spans', count(*), sum(hash(t)::hugeint), bit_xor(hash(t)) from staged_removed_spans t
    union all select 'metadata_spans', count(*), sum(hash(t)::hugeint), bit_xor(hash(t)) from staged_metadata_spans t
    union all select 'numeric_claims', count(*), sum(hash(t)::hugeint), bit_xor(hash(t)) from staged_numeric_claims t
    union all select 'quarantine.articles', count(*), sum(hash(t)::hugeint), bit_xor(hash(t)) from held_articles t
    union all select 'quarantine.paragraphs', count(*), sum(hash(t)::hugeint), bit_xor(hash(t))
        from held_paragraphs t
    union all select 'quarantine.removed_spans', count(*), sum(hash(t)::hugeint), bit_xor(hash(t))
        from held_removed_spans t
    union all select 'quarantine.metadata_spans', count(*), sum(hash(t)::hugeint), bit_xor(hash(t))
        from held_metadata_spans t
    union all select 'quarantine.numeric_claims', count(*), sum(hash(t)::hugeint), bit_xor(hash(t))
        from held_numeric_claims t
    union all select 'minhash_signatures', count(*), sum(hash(t)::hugeint), bit_xor(hash(t))
        from staged_minhash_signatures t
    union all select 'near_duplicates', count(*), sum(hash(t)::hugeint), bit_xor(hash(t))
        from staged_near_duplicates t
    union all select 'quarantine.minhash_signatures', count(*), sum(hash(t)::hugeint), bit_xor(hash(t))
        from held_minhash_signatures t
    union all select 'quarantine.near_duplicates', count(*), sum(hash(t)::hugeint), bit_xor(hash(t))
        from held_near_duplicates t
    union all select 'quarantine.failures', count(*), sum(hash(t)::hugeint), bit_xor(hash(t))
        from quarantine.failures t
    -- which rows an incremental publish moves: the documents read afresh, and those the owner run's gate held
    union all select 'staging_changes', count(*), sum(hash(t)::hugeint), bit_xor(hash(t)) from staging_changes t
    union all select 'gate_verdicts', count(*), sum(hash(t)::hugeint), bit_xor(hash(t)) from gate_verdicts t
);

-- name: record_gate_result
insert into gate_results by name
select ? as run_id, now() as checked_at, ? as suite, ? as expectation, ? as severity, ? as success,
    ? as fingerprint, ? as suites_version, ? as message;

-- name: latest_gate_results
-- the newest result of every expectation: what the publish step compares with the staged content
select suite, expectation, severity, success, fingerprint, suites_version, message
from (
    select *, row_number() over (partition by suite, expectation order by checked_at desc) as newest
    from gate_results
)
where newest = 1;

-- name: newest_gate_fingerprint
-- the content the newest gate checked: every blocking rule must have passed on it
select fingerprint from gate_results order by checked_at desc limit 1;

-- name: quarantine_documents
-- one transaction (pipelines/warehouse.py quarantine_documents): `held` (doc_id, source_file, run_id,
-- quarantine_reason) lists the documents a document rule failed on, `held_failures` the quarantine.failures rows
-- saying why. the gate writes only its own tables: the held documents' rows stay where the earlier steps wrote
-- them, and the publish composes (verdicts.sql: their documents rows quarantined, their other rows into the
-- quarantine schema; an incremental publish moves the documents the owner run held)
insert into gate_verdicts by name select doc_id, source_file, run_id, quarantine_reason from held;
insert into quarantine.failures by name select * from held_failures;

-- name: input_quarantines
-- documents read this run that were quarantined before the gate (empty, binary, nothing but boilerplate, ...)
select d.source_file, d.quarantine_reason
from staged_documents d
join staging_changes s using (doc_id)
where d.status = 'quarantined' and coalesce(d.quarantine_reason, '') not like 'gate:%'
order by d.source_file;

-- name: gate_quarantines
-- the documents this run's gate quarantined (quarantine.failures rows it owns), with their reasons
select d.source_file, d.doc_id, d.quarantine_reason
from staged_documents d
where d.doc_id in (select doc_id from quarantine.failures where run_id = ?)
order by d.source_file;

-- name: clear_documents
delete from documents;

-- name: clear_articles
delete from articles;

-- name: clear_paragraphs
delete from paragraphs;

-- name: clear_removed_spans
delete from removed_spans;

-- name: clear_metadata_spans
delete from metadata_spans;

-- name: clear_numeric_claims
delete from numeric_claims;

-- name: insert_documents
insert into documents by name select * from incoming;

-- name: insert_articles
insert into articles by name select * from incoming;

-- name: insert_paragraphs
insert into paragraphs by name select * from incoming;

-- name: insert_removed_spans
insert into removed_spans by name select * from incoming;

-- name: insert_metadata_spans
insert into metadata_spans by name select * from incoming;

-- name: insert_numeric_claims
insert into numeric_claims by name select * from incoming;

-- name: insert_cleaning_verdicts
insert into cleaning_verdicts by name select * from incoming;

-- name: documents_to_clean_keys
-- only the documents read afresh by this run (the others keep their published rows), in cleaning order, one small
-- row each: rowid range, rows and bytes (pipelines/stages/stream.py reads them in batches by these)
select doc_id, rowid as lo, rowid as hi, 1 as rows,
    coalesce(strlen(source_text), 0) + coalesce(strlen(page_meta), 0) as weight
from documents
where status = 'ok' and doc_id in (select doc_id from staging_changes)
order by source_file, doc_id;

-- name: documents_to_clean
-- one batch of them: the documents of `batch_docs` (doc_id) within the rowid range ? .. ?
select doc_id, source_file, source_text, page_meta
from documents
where rowid between ? and ? and doc_id in (select doc_id from batch_docs)
order by source_file, doc_id;

-- name: paragraphs_for_claims_keys
-- the documents whose paragraphs the claims step reads, in its order (the documents' order: the cleaning step
-- wrote their paragraphs so), with their paragraphs' rowid range, count and bytes
select p.doc_id, min(p.rowid) as lo, max(p.rowid) as hi, count(*) as rows, sum(strlen(p.text)) as weight
from paragraphs p
join articles a using (article_id)
join documents d on d.doc_id = p.doc_id
where a.role = 'primary' and p.kind <> 'heading' and p.doc_id in (select doc_id from staging_changes)
group by p.doc_id, d.source_file
order by d.source_file, p.doc_id;

-- name: paragraphs_for_claims
-- one batch of them: the paragraphs of the documents of `batch_docs` within the rowid range ? .. ?
select p.paragraph_id, p.article_id, p.doc_id, d.source_file, p.text, p.pieces
from paragraphs p
join articles a using (article_id)
join documents d on d.doc_id = p.doc_id
where p.rowid between ? and ? and p.doc_id in (select doc_id from batch_docs)
    and a.role = 'primary' and p.kind <> 'heading'
order by d.source_file, p.doc_id, p.article_id, p.ordinal;

-- name: sync_state
select base_run_id, owner_run_id, pending, mode, owner_pid, owner_host, owner_started from staging_sync;

-- name: clear_sync_state
delete from staging_sync;

-- name: insert_sync_state
insert into staging_sync (base_run_id, owner_run_id, pending, mode, owner_pid, owner_host, owner_started)
values (?, ?, ?, ?, ?, ?, ?);

-- name: clear_changes
delete from staging_changes;

-- name: insert_changes
insert into staging_changes by name select * from incoming;

-- name: input_stats
select source_file, size, mtime_ns, ctime_ns, inode, device, doc_id from input_stats;

-- name: update_input_stats
-- `gone`: paths whose stored signature no longer holds (or that left the folder); `incoming`: new signatures
delete from input_stats where source_file in (select source_file from gone);
delete from input_stats where source_file in (select source_file from incoming);
insert into input_stats by name select * from incoming;

-- name: change_counts
select change, count(*) from staging_changes group by change;

-- name: clear_all
delete from documents;
delete from articles;
delete from paragraphs;
delete from removed_spans;
delete from metadata_spans;
delete from numeric_claims;
delete from minhash_signatures;
delete from near_duplicates;
delete from quarantine.articles;
delete from quarantine.paragraphs;
delete from quarantine.removed_spans;
delete from quarantine.metadata_spans;
delete from quarantine.numeric_claims;
delete from quarantine.minhash_signatures;
delete from quarantine.near_duplicates;
delete from quarantine.failures;
delete from document_checks;
delete from cleaning_verdicts;
delete from gate_verdicts;

-- name: forget_gone
-- after forget.sql's document_rows (pipelines/warehouse.py forget_documents): the staging file's own rows of the
-- document versions that leave (deleted or replaced files); `gone` is a registered list of doc_ids
delete from document_checks where doc_id in (select doc_id from gone);
delete from cleaning_verdicts where doc_id in (select doc_id from gone);
delete from gate_verdicts where doc_id in (select doc_id from gone);

-- name: forget_fresh_cleaned
-- a re-executed step starts again from the documents alone
delete from articles where doc_id in (select doc_id from staging_changes);
delete from paragraphs where doc_id in (select doc_id from staging_changes);
delete from removed_spans where doc_id in (select doc_id from staging_changes);
delete from metadata_spans where doc_id in (select doc_id from staging_changes);
delete from cleaning_verdicts where doc_id in (select doc_id from staging_changes);

-- name: forget_fresh_claims
delete from numeric_claims where doc_id in (select doc_id from staging_changes);

-- name: attach_published
attach ? as ct_published (read_only);

-- name: detach_published
detach ct_published;

-- name: copy_published
-- the rows of unchanged documents, as published; `kept` is a registered list of doc_ids
insert into documents by name select * from ct_published.documents where doc_id in (select doc_id from kept);
insert into articles by name select * from ct_published.articles where doc_id in (select doc_id from kept);
insert into paragraphs by name select * from ct_published.paragraphs where doc_id in (select doc_id from kept);
insert into removed_spans by name select * from ct_published.removed_spans where doc_id in (select doc_id from kept);
insert into metadata_spans by name select * from ct_published.metadata_spans where doc_id in (select doc_id from kept);
insert into numeric_claims by name select * from ct_published.numeric_claims where doc_id in (select doc_id from kept);
insert into minhash_signatures by name
    select * from ct_published.minhash_signatures where doc_id in (select doc_id from kept);
insert into near_duplicates by name
    select * from ct_published.near_duplicates
    where doc_id in (select doc_id from kept) and canonical_doc_id in (select doc_id from kept);
-- and, for the documents the gate quarantined, the rows kept aside and why
insert into quarantine.articles by name
    select * from ct_published.quarantine.articles where doc_id in (select doc_id from kept);
insert into quarantine.paragraphs by name
    select * from ct_published.quarantine.paragraphs where doc_id in (select doc_id from kept);
insert into quarantine.removed_spans by name
    select * from ct_published.quarantine.removed_spans where doc_id in (select doc_id from kept);
insert into quarantine.metadata_spans by name
    select * from ct_published.quarantine.metadata_spans where doc_id in (select doc_id from kept);
insert into quarantine.numeric_claims by name
    select * from ct_published.quarantine.numeric_claims where doc_id in (select doc_id from kept);
insert into quarantine.minhash_signatures by name
    select * from ct_published.quarantine.minhash_signatures where doc_id in (select doc_id from kept);
insert into quarantine.near_duplicates by name
    select * from ct_published.quarantine.near_duplicates
    where doc_id in (select doc_id from kept) and canonical_doc_id in (select doc_id from kept);
insert into quarantine.failures by name
    select * from ct_published.quarantine.failures where doc_id in (select doc_id from kept);
-- and what the gate found when it last checked them (warehouse/gate.sql: carried documents are not checked again)
insert into document_checks by name
    select * from ct_published.document_checks where doc_id in (select doc_id from kept);

-- name: fresh_removed_chars
select r.reason, sum(r.char_end - r.char_start) as chars, count(*) as spans
from removed_spans r
where r.doc_id in (select doc_id from staging_changes)
group by r.reason
order by chars desc, r.reason;

-- name: fresh_claims_per_document
select d.source_file, count(c.claim_id) as claims
from documents d
join staging_changes s using (doc_id)
left join numeric_claims c on c.doc_id = d.doc_id
group by d.source_file
order by d.source_file;

-- name: article_preview
select a.source_file, a.title, a.language, left(a.body, ?) as body
from articles a
where a.doc_id in (select doc_id from staging_changes) and a.role = 'primary'
order by a.source_file, a.ordinal
limit ?;

-- name: rows_relation
-- where a file's rows are as published: the staged_* views in a staging file (the cleaning and gate verdicts
-- applied, verdicts.sql), the tables in the warehouse. the prefix of the relations' names
select case when exists (
    select 1 from duckdb_views()
    where database_name = current_database() and schema_name = 'main' and view_name = 'staged_documents'
) then 'staged_' else '' end;

-- name: count_staged_rows
-- a staging file's counts as a publish copies its rows (verdicts.sql's staged_* views) without reading the views
-- row by row: a table's rows less those of the documents the gate holds (most runs none: a count is then free)
with held as (select distinct doc_id from gate_verdicts), docs as (
    select count(*) filter (where status = 'quarantined') as quarantined,
        count(*) filter (where status = 'quarantined' and quarantine_reason like 'gate:%') as gate_quarantined
    from staged_documents
)
select
    (select count(*) from documents) as documents,
    (select quarantined from docs) as quarantined,
    (select gate_quarantined from docs) as gate_quarantined,
    (select count(*) from articles) - (select count(*) from articles where doc_id in (select doc_id from held))
        as articles,
    (select count(*) from paragraphs) - (select count(*) from paragraphs where doc_id in (select doc_id from held))
        as paragraphs,
    (select count(*) from removed_spans)
        - (select count(*) from removed_spans where doc_id in (select doc_id from held)) as removed_spans,
    (select count(*) from metadata_spans)
        - (select count(*) from metadata_spans where doc_id in (select doc_id from held)) as metadata_spans,
    (select count(*) from numeric_claims)
        - (select count(*) from numeric_claims where doc_id in (select doc_id from held)) as numeric_claims,
    (select count(*) from minhash_signatures)
        - (select count(*) from minhash_signatures where doc_id in (select doc_id from held)) as minhash_signatures,
    (select count(*) from near_duplicates) - (select count(*) from near_duplicates
        where doc_id in (select doc_id from held) or canonical_doc_id in (select doc_id from held)) as near_duplicates;

-- name: count_rows
-- ? x 9 = the relations of documents (twice), articles, paragraphs, removed_spans, metadata_spans, numeric_claims,
-- minhash_signatures and near_duplicates, named with rows_relation's prefix (pipelines/warehouse.py row_counts)
select
    (select count(*) from documents) as documents,
    (select count(*) from query_table(?::varchar) where status = 'quarantined') as quarantined,
    (select count(*) from query_table(?::varchar) where status = 'quarantined' and quarantine_reason like 'gate:%')
        as gate_quarantined,
    (select count(*) from query_table(?::varchar)) as articles,
    (select count(*) from query_table(?::varchar)) as paragraphs,
    (select count(*) from query_table(?::varchar)) as removed_spans,
    (select count(*) from query_table(?::varchar)) as metadata_spans,
    (select count(*) from query_table(?::varchar)) as numeric_claims,
    (select count(*) from query_table(?::varchar)) as minhash_signatures,
    (select count(*) from query_table(?::varchar)) as near_duplicates;

-- name: run_failures
-- the rules that quarantined documents in a run (its quarantine.failures rows), per document
select suite, rule, doc_id, source_file, detail
from quarantine.failures
where run_id = ?
order by suite, rule, source_file;
