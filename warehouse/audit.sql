-- the frames the quality gate validates: one row per table row (or per document, article, table), with the
-- cross-table facts the expectations in expectations/*.json need computed next to it.
-- "blank" everywhere means what python's str.isspace() means: re2's \s is ascii only, so the unicode
-- separators (\p{Z}) and the remaining c0/c1 spaces are named too.

-- name: audit_documents
select
    doc_id,
    source_file,
    status,
    quarantine_reason,
    removed_fraction,
    (status = 'ok' and regexp_matches(coalesce(source_text, ''), '[^\s\p{Z}\x{0B}\x{1C}-\x{1F}\x{85}]'))
        or (status = 'quarantined' and coalesce(quarantine_reason, '') <> '') as text_or_reason
from documents;

-- name: audit_document_cleaning
-- one row per document: is every non-blank character of source_text accounted for by a kept paragraph
-- piece, a metadata span or a removed span? range arithmetic, not one row per character: the covered
-- ranges are merged (gaps and islands) and only the gaps between them are read. a gap is read through
-- the lines it touches, not with substr on the whole text: substr by code point scans the text from its
-- start, so one call per gap would cost gaps x text length.
with ranges as (
    select p.doc_id, x.src_start as s, x.src_start + x.length as e
    from paragraphs p, unnest(p.pieces) as t(x)
    union all
    select doc_id, char_start, char_end from metadata_spans
    union all
    select doc_id, char_start, char_end from removed_spans
    union all
    -- zero-length sentinels at both ends, so that the leading and trailing gaps are gaps like the others
    select doc_id, 0, 0 from documents where status = 'ok'
    union all
    select doc_id, length(source_text), length(source_text) from documents where status = 'ok'
),
ordered as (
    select doc_id, s, e,
        max(e) over (partition by doc_id order by s, e rows between unbounded preceding and 1 preceding) as reach
    from ranges
    where e >= s
),
islands as (
    select doc_id, s, e,
        sum(case when reach is null or s > reach then 1 else 0 end)
            over (partition by doc_id order by s, e rows unbounded preceding) as island
    from ordered
),
merged as (
    select doc_id, min(s) as s, max(e) as e from islands group by doc_id, island
),
gaps as (
    select * from (
        select doc_id, lag(e) over (partition by doc_id order by s) as gap_start, s as gap_end from merged
    )
    where gap_start is not null and gap_end > gap_start
),
numbered_lines as (
    select doc_id, unnest(string_split(source_text, chr(10))) as line,
        generate_subscripts(string_split(source_text, chr(10)), 1) as n
    from documents
    where status = 'ok'
),
lines as (
    -- only lines with something non-blank can hold a lost character
    select * from (
        select doc_id, line,
            (sum(length(line) + 1) over (partition by doc_id order by n) - length(line) - 1)::bigint as line_start
        from numbered_lines
    )
    where regexp_matches(line, '[^\s\p{Z}\x{0B}\x{1C}-\x{1F}\x{85}]')
),
lost as (
    select doc_id, lost_at, chars, text from (
        select g.doc_id, greatest(g.gap_start, l.line_start) as lost_at,
            substr(l.line, greatest(g.gap_start, l.line_start) - l.line_start + 1,
                   least(g.gap_end, l.line_start + length(l.line)) - greatest(g.gap_start, l.line_start)) as text,
            length(regexp_replace(text, '[\s\p{Z}\x{0B}\x{1C}-\x{1F}\x{85}]', '', 'g')) as chars
        from gaps g
        join lines l on l.doc_id = g.doc_id
            and l.line_start < g.gap_end and g.gap_start < l.line_start + length(l.line)
    )
    where chars > 0
),
lost_per_doc as (
    select doc_id, sum(chars)::bigint as lost_chars, min(lost_at) as first_lost_at,
        left(trim(arg_min(text, lost_at)), 120) as first_lost_text
    from lost
    group by doc_id
)
select
    d.doc_id,
    d.source_file,
    d.status,
    d.quarantine_reason,
    -- a quarantined document is reported as such, not as one that cleaning emptied
    case when d.status = 'ok' then d.removed_fraction end as removed_fraction,
    (d.status = 'ok' and regexp_matches(coalesce(d.source_text, ''), '[^\s\p{Z}\x{0B}\x{1C}-\x{1F}\x{85}]'))
        or (d.status = 'quarantined' and coalesce(d.quarantine_reason, '') <> '') as text_or_reason,
    -- null for quarantined documents: nothing was kept from them, so there is nothing to account for
    case when d.status = 'ok' then coalesce(l.lost_chars, 0) end as lost_chars,
    l.first_lost_at,
    l.first_lost_text
from documents d
left join lost_per_doc l on l.doc_id = d.doc_id;

-- name: audit_articles
-- ? ? ? ? = where sentences end, the boilerplate phrases (twice) and the labels (alone on a line): re2
-- patterns over lower-cased text, from pipelines/quality/markers.py. a phrase counts only where its words
-- outnumber the other words of its sentence, or where it opens a sentence of 12 words at most ("all rights
-- reserved." yes; "the lawyer argued that the phrase all rights reserved on the sleeve covered streaming" no;
-- pipelines/quality/markers.py is_furniture_sentence), so only bodies holding a phrase are split into sentences.
-- regexp_extract, not regexp_replace: duckdb's global replace is several times slower than a match, so only
-- paragraphs (for repeats and title copies) are normalised.
with norm_paragraphs as materialized (
    -- letters and digits only, lower case, single spaces: how repeats and title copies are compared
    select article_id, paragraph_id, text,
        trim(lower(regexp_replace(text, '[^\p{L}\p{N}]+', ' ', 'g'))) as norm
    from paragraphs
),
repeats as (
    -- short lines ("Yes.", "Q:") may repeat in good prose: only paragraphs of 3+ words and 20+ characters count
    select article_id, count(*) as repeated_paragraphs, min(text) as repeated_paragraph
    from (
        select article_id, norm, min(text) as text
        from norm_paragraphs
        where length(norm) >= 20 and length(norm) - length(replace(norm, ' ', '')) >= 2
        group by article_id, norm
        having count(*) > 1
    )
    group by article_id
),
titles as (
    select a.article_id, min(n.paragraph_id) as title_copy
    from articles a
    join norm_paragraphs n on n.article_id = a.article_id
    where n.norm <> '' and n.norm = trim(lower(regexp_replace(a.title, '[^\p{L}\p{N}]+', ' ', 'g')))
    group by a.article_id
),
marker_bodies as materialized (
    select article_id, regexp_split_to_array(lower(body), ?) as sentences
    from articles
    where regexp_matches(lower(coalesce(body, '')), ?)
),
marker_sentences as (
    select article_id, unnest(sentences) as sentence, generate_subscripts(sentences, 1) as n
    from marker_bodies
),
marker_hits as (
    select article_id, n, sentence, nullif(regexp_extract(sentence, ?, 1), '') as phrase
    from marker_sentences
),
counted_hits as (
    select article_id, n, phrase,
        len(regexp_extract_all(phrase, '[\p{L}\p{N}]+')) as phrase_words,
        len(regexp_extract_all(sentence, '[\p{L}\p{N}]+')) as sentence_words,
        not regexp_matches(left(sentence, strpos(sentence, phrase) - 1), '[\p{L}\p{N}]') as opens
    from marker_hits
    where phrase is not null
),
phrases as (
    select article_id, arg_min(phrase, n) as phrase
    from counted_hits
    where 2 * phrase_words > sentence_words or (opens and sentence_words <= 12)
    group by article_id
)
select
    a.article_id,
    a.doc_id,
    a.source_file,
    a.title,
    'article ' || coalesce(a.ordinal::varchar, 'unknown') as at,
    coalesce(a.language, '') as language,  -- in_set passes nulls by: a missing language must fail too
    coalesce(a.role, '') as role,
    left(trim(a.body, e' \n\r\t'), 160) as body,
    d.doc_id is not null
        and a.char_start >= 0 and a.char_end <= length(d.source_text) and a.char_start < a.char_end
        as span_inside_document,
    r.repeated_paragraph,
    coalesce(r.repeated_paragraphs, 0) as repeated_paragraphs,
    t.title_copy,
    coalesce(m.phrase, nullif(regexp_extract(lower(a.body), ?, 1), '')) as boilerplate_marker
from articles a
left join documents d on d.doc_id = a.doc_id
left join repeats r on r.article_id = a.article_id
left join titles t on t.article_id = a.article_id
left join phrases m on m.article_id = a.article_id;

-- name: audit_paragraphs
with piece_rows as (
    select p.paragraph_id, p.doc_id, x.text_start, x.src_start, x.length,
        substr(p.text, x.text_start + 1, x.length) as piece_text
    from paragraphs p, unnest(p.pieces) as t(x)
),
checked_pieces as (
    select pr.*,
        d.doc_id is not null and pr.src_start >= 0 and pr.length > 0
            and pr.src_start + pr.length <= length(d.source_text) as inside,
        -- compared only when inside: a piece outside its document is named by the rule before
        inside and pr.piece_text is distinct from substr(d.source_text, pr.src_start + 1, pr.length) as mismatch
    from piece_rows pr
    left join documents d on d.doc_id = pr.doc_id
),
bad_pieces as (
    select paragraph_id,
        count(*) filter (where not inside) as outside,
        count(*) filter (where mismatch) as mismatched,
        arg_min(piece_text, text_start) filter (where mismatch) as first_mismatch
    from checked_pieces
    group by paragraph_id
),
reach as (
    -- how far the pieces before each one (in source order, within its document) reach: a piece starting before
    -- that keeps text another paragraph already keeps (one sort per document, no pairwise join)
    select paragraph_id, src_start,
        max(src_start + length) over (partition by doc_id order by src_start, paragraph_id, text_start
                                      rows between unbounded preceding and 1 preceding) as reached
    from piece_rows
    where length > 0
),
kept_twice as (
    select paragraph_id, min(src_start) as kept_twice_at
    from reach
    where src_start < reached
    group by paragraph_id
)
select
    p.paragraph_id,
    p.article_id,
    p.doc_id,
    'article ' || coalesce(a.ordinal::varchar, 'unknown') || ' paragraph ' || coalesce(p.ordinal::varchar, 'unknown') as at,
    coalesce(p.kind, '') as kind,
    left(p.text, 160) as text,
    coalesce(len(p.pieces), 0) as piece_count,
    coalesce(b.outside, 0) = 0 as pieces_inside_document,
    coalesce(b.mismatched, 0) = 0 as pieces_match_source,
    b.first_mismatch,
    k.kept_twice_at,
    a.article_id is not null as article_exists
from paragraphs p
left join bad_pieces b on b.paragraph_id = p.paragraph_id
left join kept_twice k on k.paragraph_id = p.paragraph_id
left join articles a on a.article_id = p.article_id;

-- name: audit_removed_spans
with kept as (
    select p.doc_id, p.paragraph_id, x.src_start as s, x.src_start + x.length as e
    from paragraphs p, unnest(p.pieces) as t(x)
    where x.length > 0
),
spans as (
    select row_number() over () as span_no, * from removed_spans
),
kept_hits as (
    select r.span_no, min(k.paragraph_id) as kept_paragraph
    from spans r
    join kept k on k.doc_id = r.doc_id and k.s < r.char_end and r.char_start < k.e
    group by r.span_no
)
select
    r.doc_id,
    r.char_start,
    r.char_end,
    r.reason,
    concat(coalesce(r.reason, 'removed'), ' span ', r.char_start, '-', r.char_end) as at,
    left(r.text, 200) as text,
    d.doc_id is not null
        and r.char_start >= 0 and r.char_end <= length(d.source_text) and r.char_start < r.char_end
        as span_inside_document,
    r.text = substr(d.source_text, r.char_start + 1, r.char_end - r.char_start) as text_matches_source,
    o.kept_paragraph
from spans r
left join documents d on d.doc_id = r.doc_id
left join kept_hits o on o.span_no = r.span_no;

-- name: audit_numeric_claims
with hits as (
    select c.claim_id, min(r.reason || ' ' || r.char_start || '-' || r.char_end) as removed_span
    from numeric_claims c
    join removed_spans r on r.doc_id = c.doc_id and r.char_start < c.char_end and c.char_start < r.char_end
    group by c.claim_id
)
select
    c.claim_id,
    c.doc_id,
    concat('claim "', c.surface, '" at ', c.char_start, '-', c.char_end) as at,
    c.source_file,
    c.surface,
    c.value_low,
    c.value_high,
    c.qualifier,
    c.sentence,
    -- null (not false) when source_file is null: claim_has_source_file already names that row
    case when c.source_file is not null then d.source_file is not distinct from c.source_file end
        as source_is_document,
    substr(d.source_text, c.char_start + 1, c.char_end - c.char_start) as span_text,
    c.sentence is not null and strpos(c.sentence, c.surface) > 0 as sentence_holds_surface,
    h.removed_span
from numeric_claims c
left join documents d on d.doc_id = c.doc_id
left join hits h on h.claim_id = c.claim_id;

-- name: audit_article_claims
-- one row per primary article (claims are only looked for in primary bodies): digits but no claim at all
with counted as (
    select article_id, count(*) as claims from numeric_claims group by article_id
)
select
    a.article_id,
    a.doc_id,
    'article ' || coalesce(a.ordinal::varchar, 'unknown') as at,
    a.source_file,
    a.title,
    coalesce(n.claims, 0) as claims,
    regexp_extract(a.body, '[^\n]{0,40}\d[^\n]{0,40}') as digits_in,
    regexp_matches(coalesce(a.body, ''), '\d') and coalesce(n.claims, 0) = 0 as digits_without_claims
from articles a
left join counted n on n.article_id = a.article_id
where a.role = 'primary';

-- name: audit_row_counts
-- ? ? ? = documents, articles and numeric_claims of the last published run (null before the first publish)
with counts as (
    select 'documents' as table_name, (select count(*) from documents) as staged_rows, ?::bigint as published_rows
    union all
    select 'articles', (select count(*) from articles), ?::bigint
    union all
    select 'numeric_claims', (select count(*) from numeric_claims), ?::bigint
)
select
    table_name,
    staged_rows,
    published_rows,
    case
        when published_rows is null then null
        when published_rows = 0 then (case when staged_rows = 0 then 0.0 else 1.0 end)
        else abs(staged_rows - published_rows) / published_rows
    end as change
from counts;

-- name: last_published_counts
-- read from the published warehouse: what the row-count expectation compares the staged tables with
select documents, articles, numeric_claims
from publish_log
order by published_at desc
limit 1;

-- name: quality_of_run
-- read from the published warehouse: one run's check results, for its html report and its dagster checks
select table_name, expectation, severity, success, unexpected_count, details, checked_at, scope,
    coalesce(quarantined, 0) as quarantined
from quality_runs
where run_id = ?
order by checked_at, table_name, expectation;

-- name: recent_runs
-- read from the published warehouse: the latest runs of the gate, for the report's list of runs
select
    q.run_id,
    min(q.checked_at) as started,
    count(*) as checks,
    count(*) filter (where not q.success and q.severity = 'error') as failed,
    count(*) filter (where not q.success and q.severity <> 'error') as warned,
    exists (select 1 from publish_log p where p.run_id = q.run_id) as published,
    (select max(p.gate_quarantined) from publish_log p where p.run_id = q.run_id) as gate_quarantined
from quality_runs q
group by q.run_id
order by started desc
limit ?;

-- name: audit_metadata_spans
with spans as (
    select row_number() over () as span_no, * from metadata_spans
),
kept as (
    select p.doc_id, p.paragraph_id, x.src_start as s, x.src_start + x.length as e
    from paragraphs p, unnest(p.pieces) as t(x)
    where x.length > 0
),
kept_hits as (
    select m.span_no, min(k.paragraph_id) as kept_paragraph
    from spans m
    join kept k on k.doc_id = m.doc_id and k.s < m.char_end and m.char_start < k.e
    group by m.span_no
),
removed_hits as (
    select m.span_no, min(r.reason || ' ' || r.char_start || '-' || r.char_end) as removed_span
    from spans m
    join removed_spans r on r.doc_id = m.doc_id and r.char_start < m.char_end and m.char_start < r.char_end
    group by m.span_no
)
select
    m.doc_id,
    m.article_id,
    concat(coalesce(m.field, 'metadata'), ' span ', m.char_start, '-', m.char_end) as at,
    coalesce(m.field, '') as field,
    m.char_start,
    m.char_end,
    left(m.text, 160) as text,
    a.article_id is not null as article_exists,
    d.doc_id is not null
        and m.char_start >= 0 and m.char_end <= length(d.source_text) and m.char_start < m.char_end
        as span_inside_document,
    m.text = substr(d.source_text, m.char_start + 1, m.char_end - m.char_start) as text_matches_source,
    k.kept_paragraph,
    r.removed_span
from spans m
left join documents d on d.doc_id = m.doc_id
left join articles a on a.article_id = m.article_id
left join kept_hits k on k.span_no = m.span_no
left join removed_hits r on r.span_no = m.span_no;

-- name: audit_quarantine
-- one row: how many documents the gate quarantined in this run against its ceiling. ? ? ? = the run (the owner
-- of its quarantine.failures rows), whether every staged document was checked afresh (the suites changed since
-- the last publish) rather than only those read this run, and the ceiling as a share (one document always allowed
-- unless the share is 0: one bad file among a handful read is no sign of a systematic fault)
with params as (
    select ?::varchar as run_id, coalesce(?::boolean, false) as all_checked, coalesce(?::double, 0.05) as ceiling
),
checked as (
    select case
        when (select all_checked from params) then (select count(*) from documents)
        else (select count(*) from staging_changes where change <> 'quarantined')
    end as documents_checked
),
held as (
    select count(distinct f.doc_id) as gate_quarantined
    from quarantine.failures f
    where f.run_id = (select run_id from params)
)
select
    c.documents_checked,
    h.gate_quarantined,
    p.ceiling,
    case when p.ceiling <= 0 then 0 else greatest(1, floor(p.ceiling * c.documents_checked))::bigint end as allowed,
    round(h.gate_quarantined / greatest(c.documents_checked, 1), 4) as share,
    h.gate_quarantined <= allowed as within_ceiling
from params p, checked c, held h;
