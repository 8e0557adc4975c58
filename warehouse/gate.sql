-- the quality gate's scope (pipelines/quality/scope.py): which documents its document rules check in this run.
--
-- document_checks keeps, per document, the suites and code it last passed the gate's document rules under. a
-- staged document with a record under the current suites_version and engine_version, the same status, and not
-- read afresh this run (staging_changes) is "carried": its rows are the ones checked before, so the document
-- rules do not read them again. every other document is in gate_scope and is checked. run rules (ids unique,
-- referential integrity, row counts, the ceiling) are set-based queries over the whole warehouse (audit.sql
-- run_*), never scoped.

-- name: scope
-- ? ? ? = the current suites_version and engine_version (null outside the gate: every document is then checked),
-- and the run owning the staged work: the documents its gate held (an earlier attempt) are checked again
create or replace temp table gate_scope as
select d.doc_id
from staged_documents d
where d.doc_id in (select doc_id from staging_changes where doc_id is not null)
    -- a doc_id staged twice breaks a run rule; both rows are checked
    or d.doc_id in (select doc_id from staged_documents group by doc_id having count(*) > 1)
    or not exists (
        select 1
        from document_checks c
        where c.doc_id = d.doc_id and c.suites_version = ? and c.engine_version = ?
            and c.status is not distinct from d.status
    )
    or d.doc_id in (select doc_id from gate_verdicts where run_id = ?);

-- name: held_count
-- documents the gate holds: their rows stay in the staged tables, so the document rules read copies without them
select count(*) from gate_verdicts;

-- name: scope_counts
select
    (select count(*) from gate_scope) as checked,
    (select count(*) from staged_documents) - (select count(*) from gate_scope) as carried;

-- name: unscope
-- the scoped copies go: every name reads the staged table again
drop table if exists temp.main.staged_documents;
drop table if exists temp.main.articles;
drop table if exists temp.main.paragraphs;
drop table if exists temp.main.removed_spans;
drop table if exists temp.main.metadata_spans;
drop table if exists temp.main.numeric_claims;
drop table if exists temp.main.minhash_signatures;

-- name: scoped
-- temp tables of the same names, holding only the rows of the documents in gate_scope, as published: they shadow
-- the staged tables on this connection, so the audit queries (audit.sql) read the changed documents only,
-- unchanged. the rows of documents the gate holds (gate_verdicts) are left out, as a publish leaves them out of the
-- main tables (verdicts.sql). made after unscope: each select reads the staged table, the temp one does not exist
-- yet. no audit query reads raw_bytes: they are not copied
create temp table staged_documents as
    select * exclude (raw_bytes) from staged_documents where doc_id in (select doc_id from gate_scope);
create temp table articles as
    select * from articles
    where doc_id in (select doc_id from gate_scope) and doc_id not in (select doc_id from gate_verdicts);
create temp table paragraphs as
    select * from paragraphs
    where doc_id in (select doc_id from gate_scope) and doc_id not in (select doc_id from gate_verdicts);
create temp table removed_spans as
    select * from removed_spans
    where doc_id in (select doc_id from gate_scope) and doc_id not in (select doc_id from gate_verdicts);
create temp table metadata_spans as
    select * from metadata_spans
    where doc_id in (select doc_id from gate_scope) and doc_id not in (select doc_id from gate_verdicts);
create temp table numeric_claims as
    select * from numeric_claims
    where doc_id in (select doc_id from gate_scope) and doc_id not in (select doc_id from gate_verdicts);
create temp table minhash_signatures as
    select * from minhash_signatures
    where doc_id in (select doc_id from gate_scope) and doc_id not in (select doc_id from gate_verdicts);

-- name: composed
-- every document checked, some held by the gate: temp tables of the same names holding every row but the held
-- documents' (the rows a publish copies into the main tables), as scoped does for a part. only when every staged
-- document is checked and they are few (pipelines/quality/scope.py PART_DOCUMENTS)
create temp table articles as
    select * from articles t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create temp table paragraphs as
    select * from paragraphs t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create temp table removed_spans as
    select * from removed_spans t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create temp table metadata_spans as
    select * from metadata_spans t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create temp table numeric_claims as
    select * from numeric_claims t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);
create temp table minhash_signatures as
    select * from minhash_signatures t where not exists (select 1 from gate_verdicts g where g.doc_id = t.doc_id);

-- name: scope_order
-- the checked documents in the order the stages wrote their rows (source_file): a run of them lies in consecutive
-- rowids of every staged table, so a part of them is copied without reading the rest (pipelines/quality/scope.py)
select doc_id from documents where doc_id in (select doc_id from gate_scope)
group by doc_id
order by min(source_file), doc_id;

-- name: part_ranges
-- the rowid range of the rows of the documents of `gate_part` (doc_id) in each staged table
select 'documents' as name, min(rowid) as lo, max(rowid) as hi from documents where doc_id in (select doc_id from gate_part)
union all select 'articles' as name, min(rowid) as lo, max(rowid) as hi from articles where doc_id in (select doc_id from gate_part)
union all select 'paragraphs' as name, min(rowid) as lo, max(rowid) as hi from paragraphs where doc_id in (select doc_id from gate_part)
union all select 'removed_spans' as name, min(rowid) as lo, max(rowid) as hi from removed_spans where doc_id in (select doc_id from gate_part)
union all select 'metadata_spans' as name, min(rowid) as lo, max(rowid) as hi from metadata_spans where doc_id in (select doc_id from gate_part)
union all select 'numeric_claims' as name, min(rowid) as lo, max(rowid) as hi from numeric_claims where doc_id in (select doc_id from gate_part)
union all select 'minhash_signatures' as name, min(rowid) as lo, max(rowid) as hi from minhash_signatures where doc_id in (select doc_id from gate_part);

-- name: scoped_part_documents
-- a part of the checked documents (`gate_part`) within the rowid range ? .. ? of documents, as scoped does for
-- all: their rows as published (staged_documents, the cleaning verdicts applied)
create temp table staged_documents as
    select * exclude (raw_bytes) from staged_documents
    where doc_id in (select doc_id from documents where rowid between ? and ? and doc_id in (select doc_id from gate_part));

-- name: scoped_part_articles
create temp table articles as
    select * from articles
    where rowid between ? and ? and doc_id in (select doc_id from gate_part)
        and doc_id not in (select doc_id from gate_verdicts);

-- name: scoped_part_paragraphs
create temp table paragraphs as
    select * from paragraphs
    where rowid between ? and ? and doc_id in (select doc_id from gate_part)
        and doc_id not in (select doc_id from gate_verdicts);

-- name: scoped_part_removed_spans
create temp table removed_spans as
    select * from removed_spans
    where rowid between ? and ? and doc_id in (select doc_id from gate_part)
        and doc_id not in (select doc_id from gate_verdicts);

-- name: scoped_part_metadata_spans
create temp table metadata_spans as
    select * from metadata_spans
    where rowid between ? and ? and doc_id in (select doc_id from gate_part)
        and doc_id not in (select doc_id from gate_verdicts);

-- name: scoped_part_numeric_claims
create temp table numeric_claims as
    select * from numeric_claims
    where rowid between ? and ? and doc_id in (select doc_id from gate_part)
        and doc_id not in (select doc_id from gate_verdicts);

-- name: scoped_part_minhash_signatures
create temp table minhash_signatures as
    select * from minhash_signatures
    where rowid between ? and ? and doc_id in (select doc_id from gate_part)
        and doc_id not in (select doc_id from gate_verdicts);

-- name: checked_documents
-- the documents the gate may quarantine: kept by the stages before it, and checked in this run
select d.doc_id, d.source_file
from staged_documents d
where d.status = 'ok' and d.doc_id in (select doc_id from gate_scope);

-- name: forget_checks
-- the checked documents' old records, and records of documents no longer staged
delete from document_checks where doc_id in (select doc_id from gate_scope);
delete from document_checks where doc_id not in (select doc_id from staged_documents);

-- name: record_checks
-- ? ? ? = run, suites_version, engine_version: the checked documents passed (the gate passed), as they are now
insert into document_checks by name
select d.doc_id, ?::varchar as run_id, now() as checked_at, ?::varchar as suites_version,
    ?::varchar as engine_version, d.status
from staged_documents d
where d.doc_id in (select doc_id from gate_scope);

-- name: record_gate_results
-- every rule's outcome in one insert: `gate_outcomes` is a registered table of them
insert into gate_results by name
select run_id, now() as checked_at, suite, expectation, severity, success, fingerprint, suites_version, message
from gate_outcomes;
