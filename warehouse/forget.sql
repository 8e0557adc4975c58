-- name: document_rows
-- every row of the document versions listed in `gone` (doc_id: a registered list or a temp table), in the tables
-- a document's rows are in and their quarantine copies (pipelines/tables.py: by_document). one script for the
-- staged tables (pipelines/warehouse.py forget_documents) and the published ones (an incremental publish), so a
-- table is forgotten alike in both (tests/test_warehouse_sql.py holds it to the registry)
delete from documents where doc_id in (select doc_id from gone);
delete from articles where doc_id in (select doc_id from gone);
delete from paragraphs where doc_id in (select doc_id from gone);
delete from removed_spans where doc_id in (select doc_id from gone);
delete from metadata_spans where doc_id in (select doc_id from gone);
delete from numeric_claims where doc_id in (select doc_id from gone);
delete from minhash_signatures where doc_id in (select doc_id from gone);
-- a pair goes with either of its documents
delete from near_duplicates where doc_id in (select doc_id from gone) or canonical_doc_id in (select doc_id from gone);
delete from quarantine.articles where doc_id in (select doc_id from gone);
delete from quarantine.paragraphs where doc_id in (select doc_id from gone);
delete from quarantine.removed_spans where doc_id in (select doc_id from gone);
delete from quarantine.metadata_spans where doc_id in (select doc_id from gone);
delete from quarantine.numeric_claims where doc_id in (select doc_id from gone);
delete from quarantine.minhash_signatures where doc_id in (select doc_id from gone);
delete from quarantine.near_duplicates
where doc_id in (select doc_id from gone) or canonical_doc_id in (select doc_id from gone);
delete from quarantine.failures where doc_id in (select doc_id from gone);
