-- one document's page (claimtrail show): the document and every row drawn on it, in source order. the first ? of
-- each query names the relation its rows are read from: the table of a warehouse, or in a staging file the rows as
-- published (staging.sql rows_relation, verdicts.sql: a document the gate holds shows as published)

-- name: document
select * exclude (raw_bytes) from query_table(?::varchar) where source_file = ? order by ingested_at desc limit 1;

-- name: documents_named_by_path
-- a path that ends with a source file (seeds/x.txt for x.txt), or a bare name of a file in a sub-folder
select source_file from documents
where ends_with(?, '/' || source_file) or ends_with(source_file, '/' || ?)
order by source_file limit 2;

-- name: close_matches
select source_file from documents
where jaro_winkler_similarity(lower(source_file), lower(?)) >= 0.7
order by jaro_winkler_similarity(lower(source_file), lower(?)) desc, source_file
limit ?;

-- name: articles
select * exclude (body) from query_table(?::varchar) where doc_id = ? order by ordinal;

-- name: paragraphs
select paragraph_id, article_id, ordinal, kind, char_start, char_end, pieces
from query_table(?::varchar) where doc_id = ? order by char_start, ordinal;

-- name: removed_spans
select char_start, char_end, reason from query_table(?::varchar) where doc_id = ? order by char_start, char_end;

-- name: metadata_spans
select * from query_table(?::varchar) where doc_id = ? order by char_start, char_end;

-- name: numeric_claims
select * from query_table(?::varchar) where doc_id = ? order by char_start, char_end;
