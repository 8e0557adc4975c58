-- the warehouse tables; the same schema serves the staging file and the published file.
-- no key constraints: the quality gate (expectations/) is what enforces them, and names what broke.

create table if not exists documents (
    doc_id varchar,
    source_file varchar,
    source_text varchar,
    raw_bytes blob,
    encoding varchar,
    media_type varchar,
    byte_size bigint,
    ingested_at timestamp with time zone,
    status varchar,
    quarantine_reason varchar,
    removed_fraction double,
    page_meta json
);
comment on table documents is 'one row per input file version; raw bytes kept, text decoded, bad files quarantined';
comment on column documents.doc_id is 'stable id: first 16 hex digits of the sha-256 of the file bytes';
comment on column documents.source_file is 'path relative to the input folder, with / separators';
comment on column documents.source_text is 'decoded text (bom removed, newlines normalised); for html the page text, blocks on their own lines';
comment on column documents.raw_bytes is 'the file bytes, unchanged';
comment on column documents.encoding is 'text encoding used to decode the file';
comment on column documents.media_type is 'text/plain, text/markdown or text/html';
comment on column documents.byte_size is 'size of raw_bytes';
comment on column documents.ingested_at is 'when this file version was read';
comment on column documents.status is 'ok or quarantined';
comment on column documents.quarantine_reason is 'why the file was quarantined, null when ok';
comment on column documents.removed_fraction is 'share of non-blank characters removed by cleaning';
comment on column documents.page_meta is 'html page metadata (canonical url, title, author, main content spans) as json';

create table if not exists articles (
    article_id varchar,
    doc_id varchar,
    source_file varchar,
    ordinal integer,
    title varchar,
    subtitle varchar,
    byline varchar,
    published_date varchar,
    language varchar,
    role varchar,
    translation_of varchar,
    body varchar,
    char_start integer,
    char_end integer
);
comment on table articles is 'one row per article found in a document';
comment on column articles.article_id is 'doc_id and ordinal: stable across runs';
comment on column articles.ordinal is 'order of the article in its file, from 0';
comment on column articles.title is 'article title, null when absent';
comment on column articles.subtitle is 'subtitle or standfirst, null when absent';
comment on column articles.byline is 'author line, null when absent';
comment on column articles.published_date is 'publication date as iso 8601, null when absent';
comment on column articles.language is 'iso 639-1 code of the article language';
comment on column articles.role is 'primary, or translation when it repeats another article of the file';
comment on column articles.translation_of is 'article_id of the article this one translates';
comment on column articles.body is 'cleaned body: one paragraph per line, no title, byline, captions or boilerplate';
comment on column articles.char_start is 'start of the article in documents.source_text (0-based)';
comment on column articles.char_end is 'end of the article in documents.source_text (exclusive)';

create table if not exists paragraphs (
    paragraph_id varchar,
    article_id varchar,
    doc_id varchar,
    ordinal integer,
    kind varchar,
    text varchar,
    char_start integer,
    char_end integer,
    pieces struct(text_start integer, src_start integer, length integer)[]
);
comment on table paragraphs is 'one row per kept paragraph of an article body';
comment on column paragraphs.kind is 'heading, paragraph, quote or list_item';
comment on column paragraphs.text is 'paragraph text, pieces rejoined across page breaks';
comment on column paragraphs.char_start is 'start of the first piece in documents.source_text';
comment on column paragraphs.char_end is 'end of the last piece in documents.source_text';
comment on column paragraphs.pieces is 'verbatim slices of source_text the text is made of';

create table if not exists removed_spans (
    doc_id varchar,
    char_start integer,
    char_end integer,
    reason varchar,
    text varchar
);
comment on table removed_spans is 'everything taken out of documents.source_text, and why';
comment on column removed_spans.reason is 'removal reason from a fixed vocabulary (cookie_banner, navigation, ...)';
comment on column removed_spans.text is 'the removed text, as in source_text';

create table if not exists metadata_spans (
    doc_id varchar,
    article_id varchar,
    field varchar,
    char_start integer,
    char_end integer,
    text varchar
);
comment on table metadata_spans is 'spans of source_text kept as article metadata (title, byline, date, notes)';

create table if not exists numeric_claims (
    claim_id varchar,
    article_id varchar,
    paragraph_id varchar,
    doc_id varchar,
    source_file varchar,
    char_start integer,
    char_end integer,
    surface varchar,
    value_low double,
    value_high double,
    qualifier varchar,
    unit varchar,
    sentence varchar,
    attribution varchar
);
comment on table numeric_claims is 'every number asserted as a quantity in an article body, with its exact span';
comment on column numeric_claims.source_file is 'the file the claim comes from; never null';
comment on column numeric_claims.surface is 'the number''s own words, equal to the source_text span';
comment on column numeric_claims.value_low is 'the value, or the low end of a range';
comment on column numeric_claims.value_high is 'the value, or the high end of a range';
comment on column numeric_claims.qualifier is 'null, or at_least, more_than, less_than, at_most, around, nearly';
comment on column numeric_claims.unit is 'what is counted or measured';
comment on column numeric_claims.sentence is 'the whole sentence holding the claim';
comment on column numeric_claims.attribution is 'who the article says the figure comes from, null when unattributed';

create table if not exists quality_runs (
    run_id varchar,
    checked_at timestamp with time zone,
    table_name varchar,
    expectation varchar,
    severity varchar,
    success boolean,
    unexpected_count bigint,
    details json
);
comment on table quality_runs is 'one row per expectation evaluated by the quality gate, blocked runs included';
comment on column quality_runs.severity is 'error blocks publishing, warn is recorded only';

create table if not exists publish_log (
    run_id varchar,
    published_at timestamp with time zone,
    documents bigint,
    articles bigint,
    numeric_claims bigint
);
comment on table publish_log is 'one row per successful publish of the staged tables';

alter table publish_log add column if not exists mode varchar;
alter table publish_log add column if not exists engine_version varchar;
alter table publish_log add column if not exists suites_version varchar;
alter table publish_log add column if not exists documents_added bigint;
alter table publish_log add column if not exists documents_changed bigint;
alter table publish_log add column if not exists documents_removed bigint;
comment on column publish_log.mode is 'incremental (only new and changed documents copied in) or full (every table replaced)';
comment on column publish_log.engine_version is 'hash of the cleaning and claims code that made the rows: a change forces a full rebuild';
comment on column publish_log.suites_version is 'hash of the expectation suites the gate ran: a change forces a new check';
comment on column publish_log.documents_added is 'documents whose file was new in this publish';
comment on column publish_log.documents_changed is 'documents whose file bytes changed in this publish';
comment on column publish_log.documents_removed is 'document versions taken out in this publish (see document_removals)';

create table if not exists document_removals (
    run_id varchar,
    removed_at timestamp with time zone,
    doc_id varchar,
    source_file varchar,
    change varchar,
    replaced_by varchar,
    articles bigint,
    numeric_claims bigint
);
comment on table document_removals is 'one row per document version taken out of the published tables, and why';
comment on column document_removals.run_id is 'the run whose publish removed it';
comment on column document_removals.doc_id is 'the removed version (hash of its bytes)';
comment on column document_removals.source_file is 'the file it was read from';
comment on column document_removals.change is 'deleted (the file is gone) or replaced (the file has new bytes)';
comment on column document_removals.replaced_by is 'doc_id of the new version when replaced, else null';
comment on column document_removals.articles is 'articles of the removed version, removed with it';
comment on column document_removals.numeric_claims is 'claims of the removed version, removed with it';

create table if not exists schema_version (hash varchar);
comment on table schema_version is 'hash of warehouse/schema.sql last applied to this file: the set-up is skipped while it matches';

alter table numeric_claims add column if not exists kind varchar;
alter table numeric_claims add column if not exists unit_normalized varchar;
alter table numeric_claims add column if not exists alt_value_low double;
alter table numeric_claims add column if not exists alt_value_high double;
comment on column numeric_claims.kind is 'what sort of quantity: count, money, percent, duration, age, measure or rate';
comment on column numeric_claims.unit_normalized is 'the unit in a normal form: iso currency code, percent, a unit symbol (km, kHz, yr, wk) or the counted noun''s lemma (foreign fighter); a rate reads ''foreign fighter per 1000000 citizen''';
comment on column numeric_claims.alt_value_low is 'the other reading of a figure whose separator the document leaves ambiguous (2,873 million: 2.873 million or 2873 million), null when the reading is settled';
comment on column numeric_claims.alt_value_high is 'high end of the other reading (equal to alt_value_low for a single value), null when the reading is settled';

alter table numeric_claims add column if not exists subject varchar;
alter table numeric_claims add column if not exists concept varchar;
comment on column numeric_claims.subject is 'the country the figure is about (its unit''s people, else the first country of its clause), null when none is named';
comment on column numeric_claims.concept is 'what a count or rate counts, one name for synonyms (foreign fighter, death, mek member); null for money, percentages, measures, durations and ages';

-- the same quantity across documents. subject and concept are read by pipelines/core/claims/groups.py; here claims
-- of one subject and concept (counts and rates, which both say how many) line up when at least two documents give
-- them. sources is the one place that says which documents count as one source: a near-duplicate table can map a
-- syndicated copy to its original there, so that it is counted once.
create or replace view claim_groups as
with sources as (
    select doc_id, doc_id as source_id from documents
),
keyed as (
    select
        c.subject || ': ' || c.concept as group_key,
        c.subject,
        c.concept,
        coalesce(s.source_id, c.doc_id) as source_id,
        c.*
    from numeric_claims c
    left join sources s using (doc_id)
    where c.subject is not null and c.concept is not null and c.kind in ('count', 'rate')
),
sized as (
    select group_key, count(distinct source_id) as documents from keyed group by group_key
)
select
    k.group_key,
    k.subject,
    k.concept,
    z.documents,
    k.source_file,
    k.kind,
    k.surface,
    k.qualifier,
    k.value_low,
    k.value_high,
    k.unit,
    k.unit_normalized,
    k.attribution,
    k.sentence,
    k.claim_id
from keyed k
join sized z using (group_key)
where z.documents >= 2
order by k.group_key, k.source_file, k.char_start;
comment on view claim_groups is 'claims about the same quantity (subject country and counted concept) from at least two documents, side by side with source file, sentence and attribution';

create table if not exists minhash_signatures (
    article_id varchar,
    doc_id varchar,
    shingles integer,
    signature blob
);
comment on table minhash_signatures is 'one minhash signature per primary article of at least 20 distinct 4-word shingles: kept so that a run hashes only new articles';
comment on column minhash_signatures.article_id is 'the article signed';
comment on column minhash_signatures.doc_id is 'its document';
comment on column minhash_signatures.shingles is 'distinct 4-word shingles of the article body (case-folded, punctuation dropped)';
comment on column minhash_signatures.signature is '128 minhash values (datasketch, fixed seed), 4 bytes each, little-endian';

create table if not exists near_duplicates (
    article_id varchar,
    doc_id varchar,
    canonical_article_id varchar,
    canonical_doc_id varchar,
    jaccard double
);
comment on table near_duplicates is 'pairs of articles of different documents whose bodies are near-duplicates (syndicated or reposted copies): estimated jaccard >= 0.4 on 4-word shingles';
comment on column near_duplicates.article_id is 'the copy: the article of the pair that is not canonical';
comment on column near_duplicates.doc_id is 'document of article_id';
comment on column near_duplicates.canonical_article_id is 'the canonical article of the pair: from the document ingested first, on a tie the smaller article_id';
comment on column near_duplicates.canonical_doc_id is 'document of canonical_article_id';
comment on column near_duplicates.jaccard is 'jaccard similarity of the two bodies'' shingle sets, estimated from their minhash signatures (standard error about 0.04)';

-- the quality gate's quarantine: documents that broke a document rule keep their documents row (status
-- quarantined, quarantine_reason 'gate: <rule> (<what failed>)'); the rows they would have had are here, column
-- for column as in main (pipelines/warehouse.py adds to these tables any column main gains)
create schema if not exists quarantine;
create table if not exists quarantine.articles as select * from main.articles limit 0;
create table if not exists quarantine.paragraphs as select * from main.paragraphs limit 0;
create table if not exists quarantine.removed_spans as select * from main.removed_spans limit 0;
create table if not exists quarantine.metadata_spans as select * from main.metadata_spans limit 0;
create table if not exists quarantine.numeric_claims as select * from main.numeric_claims limit 0;
create table if not exists quarantine.minhash_signatures as select * from main.minhash_signatures limit 0;
create table if not exists quarantine.near_duplicates as select * from main.near_duplicates limit 0;
comment on table quarantine.articles is 'articles of documents the quality gate quarantined: not in main.articles';
comment on table quarantine.paragraphs is 'paragraphs of documents the quality gate quarantined';
comment on table quarantine.removed_spans is 'removed spans of documents the quality gate quarantined';
comment on table quarantine.metadata_spans is 'metadata spans of documents the quality gate quarantined';
comment on table quarantine.numeric_claims is 'claims of documents the quality gate quarantined: not in main.numeric_claims';
comment on table quarantine.minhash_signatures is 'minhash signatures of the articles of documents the quality gate quarantined';
comment on table quarantine.near_duplicates is 'near-duplicate pairs one of whose articles is of a document the quality gate quarantined';
create table if not exists quarantine.failures (
    run_id varchar,
    quarantined_at timestamp with time zone,
    doc_id varchar,
    source_file varchar,
    suite varchar,
    rule varchar,
    detail varchar,
    failing_rows bigint
);
comment on table quarantine.failures is 'one row per quarantined document and document rule it broke: why the gate quarantined it';
comment on column quarantine.failures.run_id is 'the run whose gate quarantined the document';
comment on column quarantine.failures.rule is 'the expectation (meta.id in expectations/) the document broke';
comment on column quarantine.failures.detail is 'what failed, from the offending rows (e.g. "all rights reserved" in article 0)';
comment on column quarantine.failures.failing_rows is 'how many rows of the document the rule found failing';

alter table quality_runs add column if not exists scope varchar;
alter table quality_runs add column if not exists quarantined bigint;
comment on column quality_runs.scope is 'document (a failure quarantines the documents it names) or run (a failure blocks the publish)';
comment on column quality_runs.quarantined is 'documents this rule sent to quarantine in the run (success then describes the rest, as published)';

alter table publish_log add column if not exists gate_quarantined bigint;
alter table publish_log add column if not exists input_quarantined bigint;
comment on column publish_log.gate_quarantined is 'documents the quality gate quarantined in this run (quarantine.failures)';
comment on column publish_log.input_quarantined is 'documents read in this run and quarantined before the gate (empty, binary, no article text, ...)';

-- how each document was decoded, and how sure that was (issue 11: wrong decodings were published silently)
alter table documents add column if not exists encoding_confidence double;
comment on column documents.encoding_confidence is '1.0 when the encoding is certain (byte order mark, ascii, valid utf-8); for a detected or declared code page, how plausibly it reads (pipelines/core/decoding.py), halved when another code page reads the bytes about as well';
comment on column documents.encoding is 'text encoding used to decode the file (utf-8+cp1252: utf-8 with a few stray bytes read as cp1252)';
comment on column documents.raw_bytes is 'the file bytes, unchanged; null only for a file over the size cap (quarantined, its size in byte_size)';

-- the quality gate's cost follows the change (issue 16): per document, the suites and code it last passed under
create table if not exists document_checks (
    doc_id varchar,
    run_id varchar,
    checked_at timestamp with time zone,
    suites_version varchar,
    engine_version varchar,
    status varchar
);
comment on table document_checks is 'one row per document: the run whose quality gate last checked it with the document rules, and under which suites and code; a later run checks again only the documents read afresh or checked under other suites or code (warehouse/gate.sql)';
comment on column document_checks.run_id is 'the run whose gate checked the document';
comment on column document_checks.suites_version is 'hash of the suites, audit queries and gate code it passed under';
comment on column document_checks.engine_version is 'hash of the cleaning and claims code that made its rows';
comment on column document_checks.status is 'the document''s status after that check: ok, or quarantined (by the gate or when read)';
alter table quality_runs add column if not exists documents_checked bigint;
alter table quality_runs add column if not exists documents_carried bigint;
comment on column quality_runs.documents_checked is 'document rules: how many documents this run''s gate validated (read afresh, or checked before under other suites or code); null for run rules, which are set-based over the whole warehouse';
comment on column quality_runs.documents_carried is 'document rules: how many documents were not validated again, having passed under the same suites and code in an earlier run';
