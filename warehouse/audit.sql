-- the frames the quality gate validates: one row per table row, with the cross-table facts the
-- expectations in expectations/*.json need computed next to it

-- name: audit_documents
select
    doc_id,
    source_file,
    status,
    quarantine_reason,
    removed_fraction,
    (status = 'ok' and source_text is not null and length(trim(source_text)) > 0)
        or (status = 'quarantined' and coalesce(quarantine_reason, '') <> '') as text_or_reason
from documents;

-- name: audit_articles
select
    a.article_id,
    a.doc_id,
    a.title,
    a.language,
    a.role,
    a.body,
    d.doc_id is not null
        and a.char_start >= 0 and a.char_end <= length(d.source_text) and a.char_start < a.char_end
        as span_inside_document
from articles a
left join documents d on d.doc_id = a.doc_id;

-- name: audit_removed_spans
select
    r.doc_id,
    r.char_start,
    r.char_end,
    r.reason,
    left(r.text, 200) as text,
    d.doc_id is not null
        and r.char_start >= 0 and r.char_end <= length(d.source_text) and r.char_start < r.char_end
        as span_inside_document,
    r.text = substr(d.source_text, r.char_start + 1, r.char_end - r.char_start) as text_matches_source
from removed_spans r
left join documents d on d.doc_id = r.doc_id;

-- name: audit_numeric_claims
select
    c.claim_id,
    c.source_file,
    c.surface,
    c.value_low,
    c.value_high,
    c.qualifier,
    -- null (not false) when source_file is null: claim_has_source_file already names that row
    case when c.source_file is not null then d.source_file is not distinct from c.source_file end
        as source_is_document,
    substr(d.source_text, c.char_start + 1, c.char_end - c.char_start) as span_text,
    c.sentence is not null and strpos(c.sentence, c.surface) > 0 as sentence_holds_surface
from numeric_claims c
left join documents d on d.doc_id = c.doc_id;
