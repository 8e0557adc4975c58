-- name: gate_tables
-- staging-only bookkeeping: which version of each staged table the gate has seen
create table if not exists staging_versions (table_name varchar, token varchar, staged_at timestamp with time zone);
create table if not exists gate_results (
    run_id varchar, checked_at timestamp with time zone, suite varchar, expectation varchar, severity varchar,
    success boolean, fingerprint varchar
);

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

-- name: quarantine_document
update documents set status = 'quarantined', quarantine_reason = ? where doc_id = ?;

-- name: set_removed_fraction
update documents set removed_fraction = ? where doc_id = ?;

-- name: clear_cleaning_verdicts
update documents set removed_fraction = null;

-- name: documents_to_clean
select doc_id, source_file, source_text, page_meta
from documents
where status = 'ok'
order by source_file;

-- name: paragraphs_for_claims
select p.paragraph_id, p.article_id, p.doc_id, d.source_file, p.text, p.pieces
from paragraphs p
join articles a using (article_id)
join documents d on d.doc_id = p.doc_id
where a.role = 'primary' and p.kind <> 'heading'
order by p.doc_id, p.article_id, p.ordinal;

-- name: count_rows
select
    (select count(*) from documents) as documents,
    (select count(*) from documents where status = 'quarantined') as quarantined,
    (select count(*) from articles) as articles,
    (select count(*) from paragraphs) as paragraphs,
    (select count(*) from removed_spans) as removed_spans,
    (select count(*) from metadata_spans) as metadata_spans,
    (select count(*) from numeric_claims) as numeric_claims;
