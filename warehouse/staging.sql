-- name: gate_tables
-- staging-only bookkeeping: which version of each staged table the gate has seen
create table if not exists staging_versions (table_name varchar, token varchar, staged_at timestamp with time zone);
create table if not exists gate_results (
    run_id varchar, checked_at timestamp with time zone, suite varchar, expectation varchar, severity varchar,
    success boolean, fingerprint varchar
);
-- which published state the staged tables extend, and which run is filling them
create table if not exists staging_sync (base_run_id varchar, owner_run_id varchar, pending boolean, mode varchar);
-- the process of that run: a later run takes staging over when it is gone (killed), whatever Dagster shows
alter table staging_sync add column if not exists owner_pid bigint;
alter table staging_sync add column if not exists owner_host varchar;
alter table staging_sync add column if not exists owner_started varchar;
-- the documents this run reads afresh (new or changed files); every other staged row is a published one
create table if not exists staging_changes (doc_id varchar, source_file varchar, change varchar);

-- name: unmark_staged
delete from staging_versions where table_name = ?;

-- name: mark_staged
insert into staging_versions values (?, ?, now());

-- name: fingerprint
select coalesce(string_agg(table_name || '=' || token, ';' order by table_name), '')
from staging_versions
where list_contains(?::varchar[], table_name);

-- name: record_gate_result
insert into gate_results values (?, now(), ?, ?, ?, ?, ?);

-- name: latest_gate_results
select expectation, severity, success, fingerprint
from (
    select *, row_number() over (partition by suite, expectation order by checked_at desc) as newest
    from gate_results
    where suite = ?
)
where newest = 1;

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

-- name: apply_cleaning_verdicts
-- one statement for every cleaned document: `verdicts` is a registered table (doc_id, removed_fraction,
-- quarantine_reason), quarantine_reason null when cleaning kept the document
update documents
set removed_fraction = coalesce(v.removed_fraction, documents.removed_fraction),
    status = case when v.quarantine_reason is null then documents.status else 'quarantined' end,
    quarantine_reason = coalesce(v.quarantine_reason, documents.quarantine_reason)
from verdicts v
where documents.doc_id = v.doc_id;

-- name: documents_to_clean
-- only the documents read afresh by this run: the others keep their published rows
select doc_id, source_file, source_text, page_meta
from documents
where status = 'ok' and doc_id in (select doc_id from staging_changes)
order by source_file;

-- name: paragraphs_for_claims
select p.paragraph_id, p.article_id, p.doc_id, d.source_file, p.text, p.pieces
from paragraphs p
join articles a using (article_id)
join documents d on d.doc_id = p.doc_id
where a.role = 'primary' and p.kind <> 'heading' and p.doc_id in (select doc_id from staging_changes)
order by p.doc_id, p.article_id, p.ordinal;

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

-- name: forget_gone
-- rows of document versions that leave (deleted or replaced files); `gone` is a registered list of doc_ids
delete from documents where doc_id in (select doc_id from gone);
delete from articles where doc_id in (select doc_id from gone);
delete from paragraphs where doc_id in (select doc_id from gone);
delete from removed_spans where doc_id in (select doc_id from gone);
delete from metadata_spans where doc_id in (select doc_id from gone);
delete from numeric_claims where doc_id in (select doc_id from gone);
delete from minhash_signatures where doc_id in (select doc_id from gone);
delete from near_duplicates where doc_id in (select doc_id from gone) or canonical_doc_id in (select doc_id from gone);

-- name: forget_fresh_cleaned
-- a re-executed step starts again from the documents alone
delete from articles where doc_id in (select doc_id from staging_changes);
delete from paragraphs where doc_id in (select doc_id from staging_changes);
delete from removed_spans where doc_id in (select doc_id from staging_changes);
delete from metadata_spans where doc_id in (select doc_id from staging_changes);

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

-- name: count_rows
select
    (select count(*) from documents) as documents,
    (select count(*) from documents where status = 'quarantined') as quarantined,
    (select count(*) from articles) as articles,
    (select count(*) from paragraphs) as paragraphs,
    (select count(*) from removed_spans) as removed_spans,
    (select count(*) from metadata_spans) as metadata_spans,
    (select count(*) from numeric_claims) as numeric_claims,
    (select count(*) from minhash_signatures) as minhash_signatures,
    (select count(*) from near_duplicates) as near_duplicates;
