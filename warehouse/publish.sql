-- name: attach_staging
attach ? as ct_staging (read_only);

-- name: detach_staging
detach ct_staging;

-- name: publish
-- runs inside one transaction: readers see the old tables or the new ones, never a mix. the rows as published
-- are composed in the staging file (verdicts.sql): the documents rows with the cleaning and gate verdicts
-- applied, the other tables' rows but the held documents', and the held documents' rows into the quarantine
-- schema
delete from main.documents;
insert into main.documents by name select * from ct_staging.staged_documents;
delete from main.articles;
insert into main.articles by name select * from ct_staging.staged_articles;
delete from main.paragraphs;
insert into main.paragraphs by name select * from ct_staging.staged_paragraphs;
delete from main.removed_spans;
insert into main.removed_spans by name select * from ct_staging.staged_removed_spans;
delete from main.metadata_spans;
insert into main.metadata_spans by name select * from ct_staging.staged_metadata_spans;
delete from main.numeric_claims;
insert into main.numeric_claims by name select * from ct_staging.staged_numeric_claims;
delete from main.minhash_signatures;
insert into main.minhash_signatures by name select * from ct_staging.staged_minhash_signatures;
delete from main.near_duplicates;
insert into main.near_duplicates by name select * from ct_staging.staged_near_duplicates;
delete from quarantine.articles;
insert into quarantine.articles by name select * from ct_staging.held_articles;
delete from quarantine.paragraphs;
insert into quarantine.paragraphs by name select * from ct_staging.held_paragraphs;
delete from quarantine.removed_spans;
insert into quarantine.removed_spans by name select * from ct_staging.held_removed_spans;
delete from quarantine.metadata_spans;
insert into quarantine.metadata_spans by name select * from ct_staging.held_metadata_spans;
delete from quarantine.numeric_claims;
insert into quarantine.numeric_claims by name select * from ct_staging.held_numeric_claims;
delete from quarantine.minhash_signatures;
insert into quarantine.minhash_signatures by name select * from ct_staging.held_minhash_signatures;
delete from quarantine.near_duplicates;
insert into quarantine.near_duplicates by name select * from ct_staging.held_near_duplicates;
delete from quarantine.failures;
insert into quarantine.failures by name select * from ct_staging.quarantine.failures;
delete from main.document_checks;
insert into main.document_checks by name select * from ct_staging.document_checks;


-- name: publish_delta_gone
-- the published document versions that leave or move: gone from staging, read afresh (ct_staging.staging_changes)
-- or held by the gate of the run that owns the staged work (? = that run: its gate_verdicts)
create or replace temp table gone as
    select doc_id from main.documents where doc_id not in (select doc_id from ct_staging.documents)
    union
    select doc_id from ct_staging.staging_changes
    union
    select doc_id from ct_staging.gate_verdicts where run_id = ?;

-- name: publish_delta
-- runs inside one transaction (pipelines/warehouse.py publish). the staged tables are the published ones minus
-- the versions that left plus the documents read afresh or held by the owner run's gate, so only those rows
-- move, the quarantine schema with them: publish_delta_gone lists them (`gone`: a version that left has no
-- staged rows), forget.sql's document_rows deletes their published rows, then this copies the staged ones in,
-- composed as for a full publish
insert into main.documents by name
    select * from ct_staging.staged_documents where doc_id in (select doc_id from gone);
insert into main.articles by name
    select * from ct_staging.staged_articles where doc_id in (select doc_id from gone);
insert into main.paragraphs by name
    select * from ct_staging.staged_paragraphs where doc_id in (select doc_id from gone);
insert into main.removed_spans by name
    select * from ct_staging.staged_removed_spans where doc_id in (select doc_id from gone);
insert into main.metadata_spans by name
    select * from ct_staging.staged_metadata_spans where doc_id in (select doc_id from gone);
insert into main.numeric_claims by name
    select * from ct_staging.staged_numeric_claims where doc_id in (select doc_id from gone);
insert into main.minhash_signatures by name
    select * from ct_staging.staged_minhash_signatures where doc_id in (select doc_id from gone);
insert into main.near_duplicates by name
    select * from ct_staging.staged_near_duplicates
    where doc_id in (select doc_id from gone) or canonical_doc_id in (select doc_id from gone);
insert into quarantine.articles by name
    select * from ct_staging.held_articles where doc_id in (select doc_id from gone);
insert into quarantine.paragraphs by name
    select * from ct_staging.held_paragraphs where doc_id in (select doc_id from gone);
insert into quarantine.removed_spans by name
    select * from ct_staging.held_removed_spans where doc_id in (select doc_id from gone);
insert into quarantine.metadata_spans by name
    select * from ct_staging.held_metadata_spans where doc_id in (select doc_id from gone);
insert into quarantine.numeric_claims by name
    select * from ct_staging.held_numeric_claims where doc_id in (select doc_id from gone);
insert into quarantine.minhash_signatures by name
    select * from ct_staging.held_minhash_signatures where doc_id in (select doc_id from gone);
insert into quarantine.near_duplicates by name
    select * from ct_staging.held_near_duplicates
    where doc_id in (select doc_id from gone) or canonical_doc_id in (select doc_id from gone);
insert into quarantine.failures by name
    select * from ct_staging.quarantine.failures where doc_id in (select doc_id from gone);
-- the gate's records move whole (one small row per document): it may have checked documents not read afresh
delete from main.document_checks;
insert into main.document_checks by name select * from ct_staging.document_checks;
drop table gone;

-- name: record_removals
-- every published (file, version) pair the staged tables no longer hold: the file was deleted or replaced
insert into document_removals
select
    ?,
    now(),
    m.doc_id,
    m.source_file,
    case when s.doc_id is null then 'deleted' else 'replaced' end,
    s.doc_id,
    (select count(*) from main.articles a where a.doc_id = m.doc_id),
    (select count(*) from main.numeric_claims c where c.doc_id = m.doc_id)
from main.documents m
left join ct_staging.documents s on s.source_file = m.source_file
where not exists (
    select 1 from ct_staging.documents k where k.source_file = m.source_file and k.doc_id = m.doc_id
);

-- name: change_counts
select
    count(*) filter (where change = 'added') as added,
    count(*) filter (where change = 'changed') as changed
from ct_staging.staging_changes;

-- name: log_publish
insert into publish_log by name
select
    ? as run_id,
    now() as published_at,
    (select count(*) from main.documents) as documents,
    (select count(*) from main.articles) as articles,
    (select count(*) from main.numeric_claims) as numeric_claims,
    ? as mode,
    ? as engine_version,
    ? as suites_version,
    ? as documents_added,
    ? as documents_changed,
    (select count(*) from document_removals where run_id = ?) as documents_removed,
    (select count(distinct doc_id) from ct_staging.quarantine.failures where run_id = ?) as gate_quarantined,
    (
        select count(*)
        from ct_staging.staging_changes s
        join ct_staging.staged_documents d using (doc_id)
        where d.status = 'quarantined' and coalesce(d.quarantine_reason, '') not like 'gate:%'
    ) as input_quarantined;

-- name: schema_version
select hash from schema_version;

-- name: set_schema_version
delete from schema_version;
insert into schema_version values (?);

-- name: removed_count
select count(*) from document_removals where run_id = ?;

-- name: latest_publish
select run_id, engine_version, suites_version
from publish_log
order by published_at desc
limit 1;

-- name: published_documents
select source_file, doc_id from documents;

-- name: gate_quarantined_documents
-- documents the quality gate quarantined: read again only when their bytes, the code or the suites change
select doc_id from documents where status = 'quarantined' and quarantine_reason like 'gate:%';

-- name: quarantine_missing_columns
-- columns a main table has that its quarantine copy lacks (main gained a column after the copy was made)
select m.table_name, m.column_name, m.data_type
from duckdb_columns() m
where m.database_name = current_database() and m.schema_name = 'main' and list_contains(?, m.table_name)
    and not exists (
        select 1 from duckdb_columns() q
        where q.database_name = m.database_name and q.schema_name = 'quarantine'
            and q.table_name = m.table_name and q.column_name = m.column_name
    )
order by m.table_name, m.column_index;

-- name: attach_live
attach ? as ct_live (read_only);

-- name: attach_snapshot
attach ? as ct_snapshot;

-- name: copy_snapshot
copy from database ct_live to ct_snapshot;

-- name: detach_live
detach ct_live;

-- name: detach_snapshot
detach ct_snapshot;

-- name: record_quality
insert into quality_runs by name select * from incoming;
