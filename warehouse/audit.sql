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
from staged_documents;

-- name: audit_document_cleaning
-- one row per document: is every non-blank character of source_text accounted for by a kept paragraph
-- piece, a metadata span or a removed span? range arithmetic, not one row per character: the covered
-- ranges are merged (gaps and islands) and only the gaps between them are read. linear in the text (sorts
-- aside): substr counts code points from the start of the text, so one call per gap costs gaps x length; a
-- text of more than 16,000 characters (a "long" one, here and below) is therefore cut once into 200-character
-- chunks (re2 is linear for this pattern; much longer counted repeats blow up its dfa) and a gap is read from
-- the chunks it touches, found by an equi-join on the chunk number. a short text is read with substr, whose
-- cost is bounded by its length.
with docs as materialized (
    select doc_id, source_text, length(source_text) as n, length(source_text) > 16000 as long
    from staged_documents
    where status = 'ok'
),
chunks as (
    select doc_id, unnest(parts) as chunk, generate_subscripts(parts, 1) - 1 as k
    from (select doc_id, regexp_extract_all(source_text, '[\s\S]{1,200}') as parts from docs where long)
),
ranges as (
    select p.doc_id, x.src_start as s, x.src_start + x.length as e
    from paragraphs p, unnest(p.pieces) as t(x)
    union all
    select doc_id, char_start, char_end from metadata_spans
    union all
    select doc_id, char_start, char_end from removed_spans
    union all
    -- zero-length sentinels at both ends, so that the leading and trailing gaps are gaps like the others
    select doc_id, 0, 0 from docs
    union all
    select doc_id, n, n from docs
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
    -- clipped to the text: a span past its end (another rule names it) must not make a gap of nothing
    select g.doc_id, greatest(g.gap_start, 0) as gap_start, least(g.gap_end, d.n) as gap_end, d.long
    from (
        select doc_id, lag(e) over (partition by doc_id order by s) as gap_start, s as gap_end from merged
    ) g
    join docs d on d.doc_id = g.doc_id
    where g.gap_start is not null and least(g.gap_end, d.n) > greatest(g.gap_start, 0)
),
gap_parts as (
    -- a gap of a short text read whole; of a long one, cut along the chunks it touches (200 characters a row)
    select g.doc_id, g.gap_start, 0 as k, substr(d.source_text, g.gap_start + 1, g.gap_end - g.gap_start) as part
    from gaps g
    join docs d on d.doc_id = g.doc_id
    where not g.long
    union all
    select g.doc_id, g.gap_start, c.k,
        substr(c.chunk, greatest(g.gap_start - c.k * 200, 0) + 1,
               least(g.gap_end - c.k * 200, length(c.chunk)) - greatest(g.gap_start - c.k * 200, 0)) as part
    from (select *, unnest(range(gap_start // 200, (gap_end + 199) // 200)) as k from gaps where long) g
    join chunks c on c.doc_id = g.doc_id and c.k = g.k
),
lost_parts as (
    select doc_id, gap_start, k, part,
        length(regexp_replace(part, '[\s\p{Z}\x{0B}\x{1C}-\x{1F}\x{85}]', '', 'g')) as chars
    from gap_parts
    where regexp_matches(part, '[^\s\p{Z}\x{0B}\x{1C}-\x{1F}\x{85}]')
),
lost_per_doc as (
    select doc_id, sum(chars)::bigint as lost_chars, min(gap_start) as first_gap
    from lost_parts
    group by doc_id
),
first_gap_text as (
    -- the first gap that loses something, whole; its first non-blank character up to the end of its line
    select doc_id, first_gap, regexp_extract(text, '[^\s\p{Z}\x{0B}\x{1C}-\x{1F}\x{85}][^\n]*') as line, text
    from (
        select l.doc_id, l.first_gap, string_agg(p.part, '' order by p.k) as text
        from lost_per_doc l
        join gap_parts p on p.doc_id = l.doc_id and p.gap_start = l.first_gap
        group by l.doc_id, l.first_gap
    )
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
    f.first_gap + strpos(f.text, f.line) - 1 as first_lost_at,
    left(rtrim(f.line), 120) as first_lost_text
from staged_documents d
left join lost_per_doc l on l.doc_id = d.doc_id
left join first_gap_text f on f.doc_id = d.doc_id;

-- name: audit_articles
-- ? ? ? ? = where sentences end, the boilerplate phrases (twice) and the labels (alone on a line): re2
-- patterns over lower-cased text, from pipelines/quality/markers.py. a phrase counts only where its words
-- outnumber the other words of its sentence, or where it opens a sentence of 12 words at most ("all rights
-- reserved." yes; "the lawyer argued that the phrase all rights reserved on the sleeve covered streaming" no;
-- pipelines/quality/markers.py is_furniture_sentence), so only bodies holding a phrase are split into sentences.
-- regexp_extract, not regexp_replace: duckdb's global replace is several times slower than a match, so only
-- paragraphs (for repeats and title copies) are normalised.
-- linear in the text: each text is normalised once, lengths are taken once per document, and title copies
-- are found by an equi-join on the normalised text.
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
title_norms as (
    select article_id, trim(lower(regexp_replace(title, '[^\p{L}\p{N}]+', ' ', 'g'))) as norm
    from articles
),
titles as (
    select t.article_id, min(n.paragraph_id) as title_copy
    from title_norms t
    join norm_paragraphs n on n.article_id = t.article_id and n.norm = t.norm
    where n.norm <> ''
    group by t.article_id
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
),
doc_lengths as (
    select doc_id, length(source_text) as n from staged_documents
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
        and a.char_start >= 0 and a.char_end <= d.n and a.char_start < a.char_end
        as span_inside_document,
    r.repeated_paragraph,
    coalesce(r.repeated_paragraphs, 0) as repeated_paragraphs,
    t.title_copy,
    coalesce(m.phrase, nullif(regexp_extract(lower(a.body), ?, 1), '')) as boilerplate_marker
from articles a
left join doc_lengths d on d.doc_id = a.doc_id
left join repeats r on r.article_id = a.article_id
left join titles t on t.article_id = a.article_id
left join phrases m on m.article_id = a.article_id;

-- name: source_chunks
-- not a query: each staged document's text once (docs) and a long one's 200-character chunks (doc_chunks, numbered
-- k from 0), the common table expressions audit_paragraphs and span_sources share, put in place of their include
-- line by pipelines/warehouse.py (queries)
docs as materialized (
    select doc_id, any_value(source_text) as source_text, any_value(length(source_text)) as n
    from staged_documents
    group by doc_id
),
doc_chunks as (
    select doc_id, unnest(parts) as chunk, generate_subscripts(parts, 1) - 1 as k
    from (select doc_id, regexp_extract_all(source_text, '[\s\S]{1,200}') as parts from docs where n > 16000)
),

-- name: audit_paragraphs
-- linear in the text: a piece of a long text (over 16,000 characters, document or paragraph) is read from the
-- 200-character chunks of that text it touches (an equi-join on the chunk number), never with substr from the
-- start of the text, which scans it up to the piece once per piece (pieces x length on a long document or a
-- long hard-wrapped paragraph); a short text is read with substr, whose cost is bounded by its length
with
-- include: source_chunks
paras as materialized (
    select rowid as para_no, paragraph_id, doc_id, text, pieces, length(text) as text_length
    from paragraphs
),
para_chunks as (
    select para_no, unnest(parts) as chunk, generate_subscripts(parts, 1) - 1 as k
    from (select para_no, regexp_extract_all(text, '[\s\S]{1,200}') as parts from paras where text_length > 16000)
),
pieces as materialized (
    select p.para_no, t.i as piece_no, p.paragraph_id, p.doc_id, x.text_start, x.src_start,
        x.length, d.n > 16000 as long_doc,
        d.doc_id is not null and x.src_start >= 0 and x.length > 0 and x.src_start + x.length <= d.n as inside,
        p.text_length > 16000
            and coalesce(x.text_start >= 0 and x.length > 0 and x.text_start + x.length <= p.text_length, false)
            as by_chunks,
        -- a piece of a short paragraph, or outside its paragraph's text (a broken row), is cut the plain way
        case when not (p.text_length > 16000 and coalesce(x.text_start >= 0 and x.length > 0
                                                          and x.text_start + x.length <= p.text_length, false))
             then substr(p.text, x.text_start + 1, x.length) end as plain_text,
        case when coalesce(d.n <= 16000, false) then substr(d.source_text, x.src_start + 1, x.length) end
            as plain_source
    from paras p
    cross join unnest(p.pieces) with ordinality as t(x, i)
    left join docs d on d.doc_id = p.doc_id
),
text_parts as (
    select t.para_no, t.piece_no, string_agg(c.chunk, '' order by c.k) as chunks
    from (select para_no, piece_no, unnest(range(text_start // 200, (text_start + length + 199) // 200)) as k
          from pieces where by_chunks) t
    join para_chunks c on c.para_no = t.para_no and c.k = t.k
    group by t.para_no, t.piece_no
),
source_parts as (
    select s.para_no, s.piece_no, string_agg(c.chunk, '' order by c.k) as chunks
    from (select para_no, piece_no, doc_id, unnest(range(src_start // 200, (src_start + length + 199) // 200)) as k
          from pieces where inside and long_doc) s
    join doc_chunks c on c.doc_id = s.doc_id and c.k = s.k
    group by s.para_no, s.piece_no
),
checked_pieces as (
    select paragraph_id, text_start, inside, piece_text,
        -- compared only when inside: a piece outside its document is named by the rule before
        inside and piece_text is distinct from source_piece as mismatch
    from (
        select pc.paragraph_id, pc.text_start, pc.inside,
            case when pc.by_chunks then substr(tp.chunks, pc.text_start % 200 + 1, pc.length) else pc.plain_text end
                as piece_text,
            case when pc.long_doc then substr(sp.chunks, pc.src_start % 200 + 1, pc.length) else pc.plain_source end
                as source_piece
        from pieces pc
        left join text_parts tp on tp.para_no = pc.para_no and tp.piece_no = pc.piece_no
        left join source_parts sp on sp.para_no = pc.para_no and sp.piece_no = pc.piece_no
    )
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
    from pieces
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

-- name: span_sources
-- not a query: the common table expressions the span audits share, written once and put in place of their
-- include line (`include: span_sources`) by pipelines/warehouse.py (queries). the including query first names the spans
-- it audits `audited` (a staged table's rows with their rowid as span_no). linear in the text (sorts aside): a
-- span of a long document (over 16,000 characters) is read from the 200-character chunks of source_text it
-- touches (an equi-join on the chunk number, not substr from the start of the text; a short text is read with
-- substr, bounded by its length), and spans are matched with kept pieces by one sweep along each document, not by
-- a join on doc_id with two inequalities (which compares every span with every piece of its document): some piece
-- overlaps [s, e) exactly when the pieces that start before e reach beyond s, i.e. max(end) over them is > s. no
-- window numbers the rows: a window over all of them ran a hostile set out of duckdb's memory limit
-- include: source_chunks
spans as materialized (
    select t.*, d.n > 16000 as long_doc,
        d.doc_id is not null and t.char_start >= 0 and t.char_end <= d.n and t.char_start < t.char_end as inside,
        case when d.n <= 16000 then substr(d.source_text, t.char_start + 1, t.char_end - t.char_start) end
            as plain_source
    from audited t
    left join docs d on d.doc_id = t.doc_id
),
span_source as (
    select s.span_no, string_agg(c.chunk, '' order by c.k) as chunks
    from (select span_no, doc_id, unnest(range(char_start // 200, (char_end + 199) // 200)) as k
          from spans where inside and long_doc) s
    join doc_chunks c on c.doc_id = s.doc_id and c.k = s.k
    group by s.span_no
),
kept as (
    select p.doc_id, p.paragraph_id as hit, x.src_start as s, x.src_start + x.length as e, d.n > 16000 as long_doc
    from paragraphs p
    cross join unnest(p.pieces) as t(x)
    left join docs d on d.doc_id = p.doc_id
    where x.length > 0
),
kept_sweep as (
    select doc_id, s as pos, 1 as side, e as reach, hit, null::bigint as span_no, null::integer as span_start
    from kept
    where long_doc
    union all
    -- a span is visited before the pieces that start where it ends: those do not overlap it
    select doc_id, char_end, 0, null, null, span_no, char_start from spans where long_doc
),
kept_hits as (
    select m.span_no, min(k.hit) as kept_paragraph
    from spans m
    join kept k on k.doc_id = m.doc_id and k.s < m.char_end and m.char_start < k.e
    where not coalesce(m.long_doc, false)
    group by m.span_no
    union all
    select span_no, hit
    from (
        select span_no, span_start, max(reach) over w as reach, arg_max(hit, reach) over w as hit
        from kept_sweep
        window w as (partition by doc_id order by pos, side rows between unbounded preceding and current row)
    )
    where span_no is not null and reach > span_start
)

-- name: audit_removed_spans
-- every removed span, its text compared with the source and the kept paragraph over it (span_sources)
with audited as (select rowid as span_no, * from removed_spans),
-- include: span_sources
select
    r.doc_id,
    r.char_start,
    r.char_end,
    r.reason,
    concat(coalesce(r.reason, 'removed'), ' span ', r.char_start, '-', r.char_end) as at,
    left(r.text, 200) as text,
    r.inside as span_inside_document,
    -- compared only when inside: a span outside its document is named by the rule before
    case when r.inside then r.text = (case when r.long_doc then substr(s.chunks, r.char_start % 200 + 1,
                                                                        r.char_end - r.char_start)
                                           else r.plain_source end) end as text_matches_source,
    o.kept_paragraph
from spans r
left join span_source s on s.span_no = r.span_no
left join kept_hits o on o.span_no = r.span_no;

-- name: audit_numeric_claims
-- linear in the text (sorts aside), as audit_removed_spans: a claim's span in a long document is read from the
-- chunks of source_text it touches, and claims are matched with removed spans by one sweep along each
-- document, never by substr from the start of a long text or a join of every claim with every removed span
-- of its document
with docs as materialized (
    select doc_id, any_value(source_file) as source_file, any_value(source_text) as source_text,
        any_value(length(source_text)) as n
    from staged_documents
    group by doc_id
),
doc_chunks as (
    select doc_id, unnest(parts) as chunk, generate_subscripts(parts, 1) - 1 as k
    from (select doc_id, regexp_extract_all(source_text, '[\s\S]{1,200}') as parts from docs where n > 16000)
),
claims as materialized (
    select c.rowid as claim_no, c.*, d.source_file as doc_file, d.n > 16000 as long_doc,
        coalesce(d.n > 16000 and c.char_start >= 0 and c.char_end <= d.n and c.char_start < c.char_end, false)
            as by_chunks,
        -- a span in a short document, or outside its document (a broken row), is cut the plain way
        case when not coalesce(d.n > 16000 and c.char_start >= 0 and c.char_end <= d.n
                               and c.char_start < c.char_end, false)
             then substr(d.source_text, c.char_start + 1, c.char_end - c.char_start) end as plain_text
    from numeric_claims c
    left join docs d on d.doc_id = c.doc_id
),
claim_source as (
    select s.claim_no, string_agg(ch.chunk, '' order by ch.k) as chunks
    from (select claim_no, doc_id, unnest(range(char_start // 200, (char_end + 199) // 200)) as k
          from claims where by_chunks) s
    join doc_chunks ch on ch.doc_id = s.doc_id and ch.k = s.k
    group by s.claim_no
),
removed as (
    select r.doc_id, r.char_start, r.char_end, r.reason || ' ' || r.char_start || '-' || r.char_end as removed_span,
        d.n > 16000 as long_doc
    from removed_spans r
    left join docs d on d.doc_id = r.doc_id
),
sweep as (
    select doc_id, char_start as pos, 1 as side, char_end as reach, removed_span, null::bigint as claim_no,
        null::integer as claim_start
    from removed
    where long_doc
    union all
    -- a claim is visited before the spans that start where it ends: those do not overlap it
    select doc_id, char_end, 0, null, null, claim_no, char_start from claims where long_doc
),
hits as (
    select c.claim_no, min(r.removed_span) as removed_span
    from claims c
    join removed r on r.doc_id = c.doc_id and r.char_start < c.char_end and c.char_start < r.char_end
    where not coalesce(c.long_doc, false)
    group by c.claim_no
    union all
    select claim_no, removed_span
    from (
        select claim_no, claim_start, max(reach) over w as reach, arg_max(removed_span, reach) over w as removed_span
        from sweep
        window w as (partition by doc_id order by pos, side rows between unbounded preceding and current row)
    )
    where claim_no is not null and reach > claim_start
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
    coalesce(c.kind, '') as kind,  -- in_set passes nulls by: a claim of no kind must fail too
    c.sentence,
    -- null (not false) when source_file is null: claim_has_source_file already names that row
    case when c.source_file is not null then c.doc_file is not distinct from c.source_file end
        as source_is_document,
    case when c.by_chunks then substr(s.chunks, c.char_start % 200 + 1, c.char_end - c.char_start)
         else c.plain_text end as span_text,
    c.sentence is not null and strpos(c.sentence, c.surface) > 0 as sentence_holds_surface,
    h.removed_span
from claims c
left join claim_source s on s.claim_no = c.claim_no
left join hits h on h.claim_no = c.claim_no;

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
    select 'documents' as table_name, (select count(*) from staged_documents) as staged_rows, ?::bigint as published_rows
    union all
    select 'articles', (select count(*) from staged_articles), ?::bigint
    union all
    select 'numeric_claims', (select count(*) from staged_numeric_claims), ?::bigint
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
-- every metadata span, as audit_removed_spans (span_sources), and the removed span over it found by a second sweep
with audited as (select rowid as span_no, * from metadata_spans),
-- include: span_sources
,
-- the removed spans, for a second sweep
removed as (
    select r.doc_id, r.reason || ' ' || r.char_start || '-' || r.char_end as hit, r.char_start as s, r.char_end as e,
        d.n > 16000 as long_doc
    from removed_spans r
    left join docs d on d.doc_id = r.doc_id
),
removed_sweep as (
    select doc_id, s as pos, 1 as side, e as reach, hit, null::bigint as span_no, null::integer as span_start
    from removed
    where long_doc
    union all
    select doc_id, char_end, 0, null, null, span_no, char_start from spans where long_doc
),
removed_hits as (
    select m.span_no, min(r.hit) as removed_span
    from spans m
    join removed r on r.doc_id = m.doc_id and r.s < m.char_end and m.char_start < r.e
    where not coalesce(m.long_doc, false)
    group by m.span_no
    union all
    select span_no, hit
    from (
        select span_no, span_start, max(reach) over w as reach, arg_max(hit, reach) over w as hit
        from removed_sweep
        window w as (partition by doc_id order by pos, side rows between unbounded preceding and current row)
    )
    where span_no is not null and reach > span_start
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
    m.inside as span_inside_document,
    case when m.inside then m.text = (case when m.long_doc then substr(s.chunks, m.char_start % 200 + 1,
                                                                        m.char_end - m.char_start)
                                           else m.plain_source end) end as text_matches_source,
    k.kept_paragraph,
    r.removed_span
from spans m
left join span_source s on s.span_no = m.span_no
left join articles a on a.article_id = m.article_id
left join kept_hits k on k.span_no = m.span_no
left join removed_hits r on r.span_no = m.span_no;

-- name: audit_quarantine
-- one row: how many documents the gate quarantined in this run against its ceiling. ? ? ? ? = the run (the owner
-- of its quarantine.failures rows), whether every staged document was checked afresh (the suites changed since
-- the last publish) rather than only those read this run, how many documents the gate's document rules checked
-- (its scope, pipelines/quality/scope.py; null outside the gate), and the ceiling as a share (one document always
-- allowed unless the share is 0: one bad file among a handful read is no sign of a systematic fault)
with params as (
    select ?::varchar as run_id, coalesce(?::boolean, false) as all_checked, ?::bigint as scope,
        coalesce(?::double, 0.05) as ceiling
),
checked as (
    select case
        when (select scope from params) is not null then (select scope from params)
        when (select all_checked from params) then (select count(*) from staged_documents)
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

-- run rules: set-based over the whole staged warehouse as published (verdicts.sql's staged_* views: the rows of
-- documents the gate holds left out), never scoped to the changed documents (pipelines/quality/scope.py). each
-- query returns only the rows that may break a run rule of its suite (a
-- superset of the offending rows, with the columns those rules read): GX validates that small frame, so the
-- whole warehouse is never loaded into pandas. a subset keeps every verdict: a duplicated id has all its rows in
-- it, a missing reference is a row of it.

-- name: run_documents
select doc_id, source_file, status, quarantine_reason
from staged_documents
where doc_id is null
    or source_file is null
    or doc_id in (select doc_id from staged_documents group by doc_id having count(*) > 1);

-- name: run_articles
select article_id, doc_id, source_file, title
from staged_articles
where article_id in (select article_id from staged_articles group by article_id having count(*) > 1);

-- name: run_paragraphs
select paragraph_id, article_id, doc_id, kind, left(text, 160) as text, article_exists
from (
    select p.*, exists (select 1 from staged_articles a where a.article_id = p.article_id) as article_exists
    from staged_paragraphs p
)
where not article_exists
    or paragraph_id in (select paragraph_id from staged_paragraphs group by paragraph_id having count(*) > 1);

-- name: run_metadata_spans
select doc_id, article_id, field, char_start, char_end, left(text, 160) as text,
    false as article_exists
from staged_metadata_spans m
where not exists (select 1 from staged_articles a where a.article_id = m.article_id);

-- name: run_numeric_claims
select doc_id, claim_id, source_file, surface
from staged_numeric_claims
where claim_id in (select claim_id from staged_numeric_claims group by claim_id having count(*) > 1);

-- name: run_minhash_signatures
-- a signature whose article is not staged (or is another document's), or an article signed twice
select article_id, doc_id, shingles, article_exists
from (
    select m.article_id, m.doc_id, m.shingles,
        exists (select 1 from staged_articles a where a.article_id = m.article_id and a.doc_id = m.doc_id)
            as article_exists
    from staged_minhash_signatures m
)
where not article_exists
    or article_id in (select article_id from staged_minhash_signatures group by article_id having count(*) > 1);

-- name: audit_minhash_signatures
-- one row per signature (document rules: scoped to the changed documents). ? ? = the signature's size in bytes
-- and the fewest shingles a body is signed with (pipelines/core/dedup/minhash.py PARAMS)
select
    article_id,
    doc_id,
    shingles,
    octet_length(signature) as signature_bytes,
    coalesce(octet_length(signature) = ?, false) as signature_complete,
    coalesce(shingles >= ?, false) as enough_shingles
from minhash_signatures;

-- name: audit_near_duplicates
-- a run rule's suspects only: a pair listed twice, or whose articles are not staged under its documents, of one
-- document, less similar than the threshold (? = PARAMS.threshold) or whose canonical article is not the one
-- ingested first (on a tie the smaller article_id, pipelines/core/dedup/pairs.py canonical_order)
with pairs as (
    select n.article_id, n.doc_id, n.canonical_article_id, n.canonical_doc_id, n.jaccard,
        concat(n.article_id, ' ~ ', n.canonical_article_id) as pair,
        exists (select 1 from staged_articles a where a.article_id = n.article_id and a.doc_id = n.doc_id)
            and exists (select 1 from staged_articles a where a.article_id = n.canonical_article_id
                                                   and a.doc_id = n.canonical_doc_id) as articles_exist,
        n.doc_id is distinct from n.canonical_doc_id as distinct_documents,
        coalesce(n.jaccard >= ? and n.jaccard <= 1.0, false) as similar_enough,
        coalesce(c.ingested_at < d.ingested_at
                 or (c.ingested_at = d.ingested_at and n.canonical_article_id < n.article_id), false)
            as canonical_first
    from staged_near_duplicates n
    left join staged_documents d on d.doc_id = n.doc_id
    left join staged_documents c on c.doc_id = n.canonical_doc_id
)
select *
from pairs
where not (articles_exist and distinct_documents and similar_enough and canonical_first)
    or pair in (select concat(article_id, ' ~ ', canonical_article_id) from staged_near_duplicates
                group by all having count(*) > 1);
