"""The table registry: every table of the warehouse and the staging file, its columns, their types and meanings.

The one source of the column documentation: the database comments (warehouse/comments.sql, generated), the
Dagster UI's column schemas, WAREHOUSE.md's column tables and the data dictionary page are all made from it
(`make docs`), and tests hold warehouse/schema.sql, staging.sql and publish.sql to it. Pure: pyarrow only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pyarrow as pa

TIMESTAMP = pa.timestamp("us", tz="UTC")
PIECE = pa.struct([("text_start", pa.int32()), ("src_start", pa.int32()), ("length", pa.int32())])
PIECES = pa.list_(PIECE)

# where a table is made: in every file (schema.sql), or in a staging file only (staging.sql's set-up)
BOTH, STAGING = "both", "staging"


@dataclass(frozen=True)
class Column:
    """A column: its name, Arrow type, meaning, and its DuckDB type when the Arrow type does not say it (json)."""

    name: str
    type: pa.DataType
    description: str
    sql: str | None = None

    @property
    def duckdb_type(self) -> str:
        """The type as DuckDB's catalog spells it (duckdb_columns().data_type)."""
        return self.sql or duckdb_type(self.type)


@dataclass(frozen=True)
class Table:
    """A table: where it lives, what a row is, its columns, and how its rows follow their document."""

    name: str
    description: str
    columns: tuple[Column, ...]
    schema: str = "main"
    file: str = BOTH
    by_document: bool = False  # its rows are a document's (doc_id): forgotten, carried over and published with it
    view: bool = False

    @property
    def qualified(self) -> str:
        return self.name if self.schema == "main" else f"{self.schema}.{self.name}"

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(c.name, c.type) for c in self.columns])

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def duckdb_type(t: pa.DataType) -> str:
    """DuckDB's name for an Arrow type used in the warehouse."""
    if pa.types.is_list(t):
        return duckdb_type(t.value_type) + "[]"
    if pa.types.is_struct(t):
        return "STRUCT(" + ", ".join(f"{f.name} {duckdb_type(f.type)}" for f in t) + ")"
    names = {pa.string(): "VARCHAR", pa.binary(): "BLOB", pa.int32(): "INTEGER", pa.int64(): "BIGINT",
             pa.float64(): "DOUBLE", pa.bool_(): "BOOLEAN", TIMESTAMP: "TIMESTAMP WITH TIME ZONE"}
    return names[t]


def _c(name: str, type_: pa.DataType, description: str, sql: str | None = None) -> Column:
    return Column(name, type_, description, sql)


S, I32, I64, F64, B, BLOB = pa.string(), pa.int32(), pa.int64(), pa.float64(), pa.bool_(), pa.binary()
_OFFSETS = "0-based code-point offset into documents.source_text"

DOCUMENTS = Table("documents", "one row per input file version: raw bytes kept, text decoded, bad files quarantined "
                  "with a reason", (
    _c("doc_id", S, "stable id: the first 16 hex digits of the sha-256 of the file's bytes (same bytes, same id, on "
                    "every run and machine)"),
    _c("source_file", S, "path of the file relative to the input folder, with / separators"),
    _c("source_text", S, "text inputs: the file decoded (detected encoding, byte order mark removed, newlines "
                         "normalised to \\n), nothing else changed; html: the text extracted from the page, block "
                         "elements on their own lines, before any boilerplate removal. every offset of the other "
                         "tables points into it"),
    _c("raw_bytes", BLOB, "the file's bytes, unchanged; null only for a file over the size cap (quarantined, its "
                          "size in byte_size)"),
    _c("encoding", S, "text encoding used to decode the file (utf-8+cp1252: utf-8 with a few stray bytes read as "
                      "cp1252)"),
    _c("media_type", S, "text/plain, text/markdown or text/html"),
    _c("byte_size", I64, "size of the file in bytes"),
    _c("ingested_at", TIMESTAMP, "when this file version was read"),
    _c("status", S, "ok, or quarantined: an unreadable file (empty, binary, too large, ...), one cleaning found no "
                    "article in, or a document the quality gate held back. a quarantined document has no rows in "
                    "the other published tables"),
    _c("quarantine_reason", S, "why the document is quarantined ('gate: <rule> (<what failed>)' when the quality "
                               "gate held it back), null when ok"),
    _c("removed_fraction", F64, "share of the non-blank characters of source_text that cleaning removed; null when "
                                "the document was not cleaned"),
    _c("page_meta", S, "html page metadata (canonical url, title, author, date, main content spans) as json, null "
                       "for text inputs", sql="JSON"),
    _c("encoding_confidence", F64, "1.0 when the encoding is certain (byte order mark, ascii, valid utf-8); for a "
                                   "detected or declared code page, how plausibly it reads "
                                   "(pipelines/core/decoding.py), halved when another code page reads the bytes "
                                   "about as well"),
), by_document=True)

ARTICLES = Table("articles", "one row per article found in a document (a file may hold several)", (
    _c("article_id", S, "doc_id and ordinal (doc_id:ordinal): stable across runs"),
    _c("doc_id", S, "the document the article was found in"),
    _c("source_file", S, "the file of that document"),
    _c("ordinal", I32, "order of the article in its file, from 0"),
    _c("title", S, "article title, null when absent"),
    _c("subtitle", S, "subtitle or standfirst, null when absent"),
    _c("byline", S, "author line, null when absent"),
    _c("published_date", S, "publication date as iso 8601, null when absent"),
    _c("language", S, "iso 639-1 code of the article's language (en, it, fr, ...)"),
    _c("role", S, "primary, or translation when it repeats another article of the file in another language"),
    _c("translation_of", S, "article_id of the article this one translates, null for a primary article"),
    _c("body", S, "the cleaned article text: headings and paragraphs, one paragraph per line, without title, "
                  "byline, captions or any boilerplate, each paragraph whole (sentences broken by page or column "
                  "breaks joined again, hyphenation across breaks undone)"),
    _c("char_start", I32, f"start of the article: {_OFFSETS}"),
    _c("char_end", I32, "end of the article in documents.source_text (exclusive)"),
), by_document=True)

PARAGRAPHS = Table("paragraphs", "one row per kept paragraph of an article body", (
    _c("paragraph_id", S, "article_id and the paragraph's ordinal (article_id:ordinal)"),
    _c("article_id", S, "the article the paragraph belongs to"),
    _c("doc_id", S, "the document of that article"),
    _c("ordinal", I32, "order of the paragraph in its article, from 0"),
    _c("kind", S, "heading, paragraph, quote or list_item"),
    _c("text", S, "the paragraph's text, its pieces joined again across page or column breaks"),
    _c("char_start", I32, f"start of its first piece: {_OFFSETS}"),
    _c("char_end", I32, "end of its last piece in documents.source_text (exclusive): a joined paragraph spans from "
                        "its first piece's start to its last piece's end"),
    _c("pieces", PIECES, "the verbatim slices of source_text the text is made of: text_start (offset in text), "
                         "src_start (offset in source_text) and length"),
), by_document=True)

REMOVED_SPANS = Table("removed_spans", "everything cleaning took out of documents.source_text, and why: with the "
                      "kept and the metadata spans they account for every non-blank character (nothing is lost)", (
    _c("doc_id", S, "the document the span was removed from"),
    _c("char_start", I32, f"start of the removed span: {_OFFSETS}"),
    _c("char_end", I32, "end of the removed span in documents.source_text (exclusive)"),
    _c("reason", S, "why it was removed, from a fixed vocabulary (cookie_banner, navigation, related_link, "
                    "share_buttons, comment_section, caption, advertisement, newsletter, footer, masthead, "
                    "table_of_contents, page_header_footer, separator, duplicate_title, duplicate_paragraph, "
                    "duplicate_body, end_marker, outside_main_content, tags, hyphenation, markup, low_content)"),
    _c("text", S, "the removed text, exactly as in source_text"),
), by_document=True)

METADATA_SPANS = Table("metadata_spans", "spans of source_text kept as article metadata (title, byline, date, "
                       "notes) rather than as body text", (
    _c("doc_id", S, "the document of the span"),
    _c("article_id", S, "the article whose metadata it is"),
    _c("field", S, "what the span is: title, subtitle, byline, published_date, note or author_bio"),
    _c("char_start", I32, f"start of the span: {_OFFSETS}"),
    _c("char_end", I32, "end of the span in documents.source_text (exclusive)"),
    _c("text", S, "the span's text, exactly as in source_text"),
), by_document=True)

NUMERIC_CLAIMS = Table("numeric_claims", "every number asserted as a quantity in a primary article body, with its "
                       "exact span in the source", (
    _c("claim_id", S, "doc_id and the claim's span in source_text (doc_id:char_start-char_end): stable across runs"),
    _c("article_id", S, "the article the claim stands in"),
    _c("paragraph_id", S, "the paragraph the claim stands in"),
    _c("doc_id", S, "the document of that article"),
    _c("source_file", S, "the file the claim comes from; never null"),
    _c("char_start", I32, f"start of the number's words: {_OFFSETS}"),
    _c("char_end", I32, "end of the number's words in documents.source_text (exclusive)"),
    _c("surface", S, "the number's own words, equal to the source_text span (at least 2,700, five, €2.4 million, "
                     "180-200)"),
    _c("value_low", F64, "the value, or the low end of a range (€2.4 million is 2400000; 12% is 12)"),
    _c("value_high", F64, "the value, or the high end of a range (equal to value_low for a single value)"),
    _c("qualifier", S, "null for an exact figure, else at_least, more_than, less_than, at_most, around or nearly"),
    _c("unit", S, "what is counted or measured (foreign fighters, square meters, EUR, percent, years)"),
    _c("sentence", S, "the whole sentence holding the claim (on a line without sentence ends, at most about 1,000 "
                      "characters of clauses around it)"),
    _c("attribution", S, "who the article says the figure comes from, null when unattributed"),
    _c("kind", S, "what sort of quantity: count, money, percent, duration, age, measure or rate"),
    _c("unit_normalized", S, "the unit in a normal form: iso currency code, percent, a unit symbol (km, kHz, yr, wk) "
                             "or the counted noun's lemma (foreign fighter); a rate reads 'foreign fighter per "
                             "1000000 citizen'"),
    _c("alt_value_low", F64, "the other reading of a figure whose separator the document leaves ambiguous (2,873 "
                             "million: 2.873 million or 2873 million), null when the reading is settled"),
    _c("alt_value_high", F64, "high end of the other reading (equal to alt_value_low for a single value), null when "
                              "the reading is settled"),
    _c("subject", S, "the country the figure is about (its unit's people, else the first country of its clause), "
                     "null when none is named"),
    _c("concept", S, "what a count or rate counts, one name for synonyms (foreign fighter, death, mek member); null "
                     "for money, percentages, measures, durations and ages"),
), by_document=True)

MINHASH_SIGNATURES = Table("minhash_signatures", "one minhash signature per primary article of at least 20 "
                           "distinct 4-word shingles: kept so that a run hashes only new articles", (
    _c("article_id", S, "the article signed"),
    _c("doc_id", S, "its document"),
    _c("shingles", I32, "distinct 4-word shingles of the article body (case-folded, punctuation dropped)"),
    _c("signature", BLOB, "128 minhash values (datasketch, fixed seed), 4 bytes each, little-endian"),
), by_document=True)

NEAR_DUPLICATES = Table("near_duplicates", "pairs of articles of different documents whose bodies are "
                        "near-duplicates (syndicated or reposted copies): estimated jaccard >= 0.4 on 4-word "
                        "shingles", (
    _c("article_id", S, "the copy: the article of the pair that is not canonical"),
    _c("doc_id", S, "document of article_id"),
    _c("canonical_article_id", S, "the canonical article of the pair: from the document ingested first, on a tie "
                                  "the smaller article_id"),
    _c("canonical_doc_id", S, "document of canonical_article_id"),
    _c("jaccard", F64, "jaccard similarity of the two bodies' shingle sets, estimated from their minhash signatures "
                       "(standard error about 0.04)"),
), by_document=True)

# what a publish copies, in this order; a quarantined document's rows of every table but documents move to the
# quarantine schema, column for column
PUBLISHED_TABLES = (DOCUMENTS, ARTICLES, PARAGRAPHS, REMOVED_SPANS, METADATA_SPANS, NUMERIC_CLAIMS,
                    MINHASH_SIGNATURES, NEAR_DUPLICATES)
_QUARANTINED = {
    "articles": "articles of documents the quality gate quarantined: not in main.articles",
    "paragraphs": "paragraphs of documents the quality gate quarantined",
    "removed_spans": "removed spans of documents the quality gate quarantined",
    "metadata_spans": "metadata spans of documents the quality gate quarantined",
    "numeric_claims": "claims of documents the quality gate quarantined: not in main.numeric_claims",
    "minhash_signatures": "minhash signatures of the articles of documents the quality gate quarantined",
    "near_duplicates": "near-duplicate pairs one of whose articles is of a document the quality gate quarantined",
}
QUARANTINE_COPIES = tuple(replace(t, schema="quarantine", description=_QUARANTINED[t.name])
                          for t in PUBLISHED_TABLES[1:])

FAILURES = Table("failures", "one row per quarantined document and document rule it broke: why the gate "
                 "quarantined it", (
    _c("run_id", S, "the run whose gate quarantined the document"),
    _c("quarantined_at", TIMESTAMP, "when the gate quarantined it"),
    _c("doc_id", S, "the quarantined document"),
    _c("source_file", S, "its file"),
    _c("suite", S, "the expectation suite of the rule (a file of expectations/)"),
    _c("rule", S, "the expectation (meta.id in expectations/) the document broke"),
    _c("detail", S, "what failed, from the offending rows (e.g. \"all rights reserved\" in article 0)"),
    _c("failing_rows", I64, "how many rows of the document the rule found failing"),
), schema="quarantine", by_document=True)

QUALITY_RUNS = Table("quality_runs", "one row per expectation evaluated by the quality gate, blocked runs included", (
    _c("run_id", S, "the dagster run whose gate evaluated the expectation"),
    _c("checked_at", TIMESTAMP, "when the gate evaluated it"),
    _c("table_name", S, "the suite evaluated (a file of expectations/, named after the table it checks)"),
    _c("expectation", S, "the expectation's id (meta.id in expectations/)"),
    _c("severity", S, "error blocks publishing (or quarantines, for a document rule), warn is recorded only"),
    _c("success", B, "whether the expectation held on what was left to publish"),
    _c("unexpected_count", I64, "how many rows broke it"),
    _c("details", S, "json: the expectation's description, element_count, a sample of the offending rows, the "
                     "error when it could not be evaluated, and the documents it quarantined", sql="JSON"),
    _c("scope", S, "document (a failure quarantines the documents it names) or run (a failure blocks the publish)"),
    _c("quarantined", I64, "documents this rule sent to quarantine in the run (success then describes the rest, as "
                           "published)"),
    _c("documents_checked", I64, "document rules: how many documents this run's gate validated (read afresh, or "
                                 "checked before under other suites or code); null for run rules, which are "
                                 "set-based over the whole warehouse"),
    _c("documents_carried", I64, "document rules: how many documents were not validated again, having passed "
                                 "under the same suites and code in an earlier run"),
))

PUBLISH_LOG = Table("publish_log", "one row per successful publish of the staged tables", (
    _c("run_id", S, "the dagster run that published"),
    _c("published_at", TIMESTAMP, "when the publish transaction ran"),
    _c("documents", I64, "rows of documents after the publish"),
    _c("articles", I64, "rows of articles after the publish"),
    _c("numeric_claims", I64, "rows of numeric_claims after the publish"),
    _c("mode", S, "incremental (only new and changed documents copied in) or full (every table replaced)"),
    _c("engine_version", S, "hash of the cleaning and claims code that made the rows: a change forces a full "
                            "rebuild"),
    _c("suites_version", S, "hash of the expectation suites the gate ran: a change forces a new check"),
    _c("documents_added", I64, "documents whose file was new in this publish"),
    _c("documents_changed", I64, "documents whose file bytes changed in this publish"),
    _c("documents_removed", I64, "document versions taken out in this publish (see document_removals)"),
    _c("gate_quarantined", I64, "documents the quality gate quarantined in this run (quarantine.failures)"),
    _c("input_quarantined", I64, "documents read in this run and quarantined before the gate (empty, binary, no "
                                 "article text, ...)"),
))

DOCUMENT_REMOVALS = Table("document_removals", "one row per document version taken out of the published tables, "
                          "and why", (
    _c("run_id", S, "the run whose publish removed it"),
    _c("removed_at", TIMESTAMP, "when that publish ran"),
    _c("doc_id", S, "the removed version (hash of its bytes)"),
    _c("source_file", S, "the file it was read from"),
    _c("change", S, "deleted (the file is gone) or replaced (the file has new bytes)"),
    _c("replaced_by", S, "doc_id of the new version when replaced, else null"),
    _c("articles", I64, "articles of the removed version, removed with it"),
    _c("numeric_claims", I64, "claims of the removed version, removed with it"),
))

GATE_RUNS = Table("gate_runs", "one row per run of the job: when, how, whether it published, what it held, which "
                               "rules failed or were not run", (
    _c("run_id", S, "the dagster run id (the run report and quality_runs use the same)"),
    _c("started_at", TIMESTAMP, "when the run started"),
    _c("ended_at", TIMESTAMP, "when the run ended"),
    _c("mode", S, "full (every file read again, or a first run), incremental (only new and changed files), publish-"
                  "only (the publish step alone) or checks-only (asset checks alone, on the staged tables)"),
    _c("outcome", S, "published, nothing changed, blocked (a blocking rule failed), failed (a step failed) or stopped"
                     " (a signal)"),
    _c("published", B, "whether this run changed the published tables"),
    _c("counts_of", S, "what the counts are of: published (the warehouse after the run) or staged (what the run would"
                       " have published)"),
    _c("documents", I64, "documents rows, quarantined ones included; null when unknown (the run stopped before "
                         "staging anything)"),
    _c("articles", I64, "articles rows"),
    _c("claims", I64, "numeric_claims rows"),
    _c("quarantined", I64, "documents quarantined, when read or cleaned and by the gate"),
    _c("gate_quarantined", I64, "documents the quality gate quarantined in this run"),
    _c("checks_run", I32, "checks (expectations) the run evaluated"),
    _c("failed_rules", pa.list_(S), "table.rule of every blocking (error) rule that failed: each one stops the "
                                    "publish"),
    _c("warned_rules", pa.list_(S), "table.rule of every warning rule that failed (the run may still publish)"),
    _c("skipped_rules", pa.list_(S), "table.rule of every rule of the suites the run did not check (the run stopped "
                                     "before the gate, or the gate left it out)"),
    _c("errors", pa.list_(S), "one line per failed step: what failed, where, what to do"),
    _c("report_path", S, "the run's html quality report, when one was written"),
))

DOCUMENT_CHECKS = Table("document_checks", "one row per document: the run whose quality gate last checked it "
                         "with the document rules, and under which suites and code; a later run checks again "
                         "only the documents read afresh or checked under other suites or code "
                         "(warehouse/gate.sql)", (
    _c("doc_id", S, "the document checked (documents.doc_id)"),
    _c("run_id", S, "the run whose gate checked the document"),
    _c("checked_at", TIMESTAMP, "when that gate checked it"),
    _c("suites_version", S, "hash of the suites, audit queries and gate code it passed under"),
    _c("engine_version", S, "hash of the cleaning and claims code that made its rows"),
    _c("status", S, "the document's status after that check: ok, or quarantined (by the gate or when read)"),
))

SCHEMA_VERSION = Table("schema_version", "hash of the schema set-up last applied to this file: the set-up is "
                       "skipped while it matches", (
    _c("hash", S, "hash of warehouse/schema.sql and comments.sql"),
))

CLAIM_GROUPS = Table("claim_groups", "claims about the same quantity (subject country and counted concept) from at "
                     "least two documents, side by side with source file, sentence and attribution", (
    _c("group_key", S, "subject and concept ('Albania: foreign fighter'): what the claims of a group share"),
    _c("subject", S, "the country the claims are about"),
    _c("concept", S, "what they count"),
    _c("documents", I64, "how many documents (sources) give a figure of the group"),
    _c("source_file", S, "the file of this claim"),
    _c("kind", S, "count or rate"),
    _c("surface", S, "the claim's own words"),
    _c("qualifier", S, "as in numeric_claims.qualifier"),
    _c("value_low", F64, "as in numeric_claims.value_low"),
    _c("value_high", F64, "as in numeric_claims.value_high"),
    _c("unit", S, "as in numeric_claims.unit"),
    _c("unit_normalized", S, "as in numeric_claims.unit_normalized"),
    _c("attribution", S, "as in numeric_claims.attribution"),
    _c("sentence", S, "as in numeric_claims.sentence"),
    _c("claim_id", S, "the claim (numeric_claims.claim_id)"),
), view=True)

# the staging file's own tables (staging.sql's gate_tables): how the staged result is kept between the steps of a run
STAGING_VERSIONS = Table("staging_versions", "a version token per staged table, renewed whenever a step writes it", (
    _c("table_name", S, "the staged table"),
    _c("token", S, "a new random token for every write of the table"),
    _c("staged_at", TIMESTAMP, "when the step wrote it"),
), file=STAGING)
STAGING_CHANGES = Table("staging_changes", "the documents this run reads afresh: every other staged row is a "
                        "published one, so an incremental publish moves only these (and the documents the run's gate "
                        "quarantined, gate_verdicts)", (
    _c("doc_id", S, "the document"),
    _c("source_file", S, "its file"),
    _c("change", S, "added, changed, reread (quarantined by the gate, read again under new suites) or reprocessed (a "
                    "full rebuild)"),
), file=STAGING, by_document=True)
INPUT_STATS = Table("input_stats", "what each input file's content hash was when it last had these size, times "
                    "and inode: a file whose signature is unchanged is not read again to know it is unchanged", (
    _c("source_file", S, "the file, relative to the input folder"),
    _c("size", pa.int64(), "its size in bytes"),
    _c("mtime_ns", pa.int64(), "its modification time, in nanoseconds"),
    _c("ctime_ns", pa.int64(), "its status change time, in nanoseconds (any write moves it; no tool sets it back)"),
    _c("inode", pa.int64(), "its inode number"),
    _c("device", pa.int64(), "the device that holds it"),
    _c("doc_id", S, "the hash of its bytes then"),
), file=STAGING)
CLEANING_VERDICTS = Table("cleaning_verdicts", "the cleaning step's verdict on each document it cleaned: how much it "
                          "removed, and whether it quarantined it. the cleaning step writes only its own tables: the "
                          "documents row as published is composed from this one (staged_documents)", (
    _c("doc_id", S, "the document cleaned"),
    _c("removed_fraction", F64, "share of the non-blank characters of source_text that cleaning removed (documents."
                                "removed_fraction as published), null when cleaning gave none"),
    _c("quarantine_reason", S, "why cleaning quarantined the document (no article text, ...), null when it kept it"),
), file=STAGING, by_document=True)
GATE_VERDICTS = Table("gate_verdicts", "the quality gate's verdict on each document it quarantined: the gate writes "
                      "only its own tables. the documents row as published is composed from this one "
                      "(staged_documents), and the held document's rows of the other staged tables publish into the "
                      "quarantine schema (the held_* views), not into the main tables (the staged_* views)", (
    _c("doc_id", S, "the document the gate quarantined"),
    _c("source_file", S, "its file"),
    _c("run_id", S, "the run whose gate quarantined it (the owner of its quarantine.failures rows): an incremental "
                    "publish moves the documents that run held"),
    _c("quarantine_reason", S, "'gate: <rule> (<what failed>); ...': documents.quarantine_reason as published"),
), file=STAGING, by_document=True)
STAGED_DOCUMENTS = Table("staged_documents", "the documents rows as a publish copies them: each staged documents row "
                         "with the cleaning step's verdict (cleaning_verdicts) and the gate's (gate_verdicts) applied; "
                         "what the gate checks and the publish copies", DOCUMENTS.columns, file=STAGING, view=True)
STAGING_SYNC = Table("staging_sync", "one row: which published state the staged tables extend and which run is "
                     "filling them", (
    _c("base_run_id", S, "the publish the staged tables extend (null: they must be rebuilt from the published ones)"),
    _c("owner_run_id", S, "the run filling them (a re-execution keeps the id of the run it repeats)"),
    _c("pending", B, "true from the documents step until the publish: the staged tables are not the published ones"),
    _c("mode", S, "incremental or full"),
    _c("owner_pid", I64, "process id of the owner run: a later run takes staging over when that process is gone"),
    _c("owner_host", S, "host of that process"),
    _c("owner_started", S, "start time of that process, so that a reused pid is not taken for it"),
), file=STAGING)
STAGING_VERSION = Table("staging_version", "hash of the staging set-up last applied to this file (the schema, the "
                        "gate's tables, the verdict views): the set-up is skipped while it matches", (
    _c("hash", S, "hash of schema.sql, comments.sql, staging.sql's gate_tables and verdicts.sql"),
), file=STAGING)
GATE_RESULTS = Table("gate_results", "every result of the gate's expectations on the staged tables, with the "
                     "content it was checked on: the publish step compares the newest ones with what is staged", (
    _c("run_id", S, "the run whose gate evaluated the expectation"),
    _c("checked_at", TIMESTAMP, "when"),
    _c("suite", S, "the suite of the expectation"),
    _c("expectation", S, "the expectation's id"),
    _c("severity", S, "error or warn"),
    _c("success", B, "whether it held"),
    _c("fingerprint", S, "content fingerprint of the staged tables it was checked on"),
    _c("suites_version", S, "hash of the suites it was checked with"),
    _c("message", S, "what failed, in one line, when it did not hold"),
), file=STAGING)

# the rows a publish copies, composed from the staged tables and the gate's verdicts (warehouse/verdicts.sql): a
# document the gate holds keeps its rows in the staged tables, and they publish into the quarantine schema
STAGED_VIEWS = tuple(replace(t, name=f"staged_{t.name}", file=STAGING, view=True, by_document=False,
                             description=f"the {t.name} rows a publish copies into {t.name}: the staged ones but "
                                         "those of documents the gate quarantined (gate_verdicts)")
                     for t in PUBLISHED_TABLES[1:])
HELD_VIEWS = tuple(replace(t, name=f"held_{t.name}", file=STAGING, view=True, by_document=False,
                           description=f"the {t.name} rows a publish copies into quarantine.{t.name}: those of the "
                                       "documents the gate quarantined (gate_verdicts), and the ones a rebuild of "
                                       "the staged tables copied from the published quarantine schema")
                   for t in PUBLISHED_TABLES[1:])

# views of another table's columns, described by that table (WAREHOUSE.md names them in one paragraph)
DERIVED_VIEWS = (*STAGED_VIEWS, *HELD_VIEWS)

# made by warehouse/schema.sql in every file (the warehouse and each staging file)
SHARED: tuple[Table, ...] = (*PUBLISHED_TABLES, *QUARANTINE_COPIES, FAILURES, QUALITY_RUNS, PUBLISH_LOG,
                             DOCUMENT_REMOVALS, DOCUMENT_CHECKS, GATE_RUNS, SCHEMA_VERSION,
                             CLAIM_GROUPS)
# made by staging.sql's gate_tables in a staging file only
STAGING_ONLY: tuple[Table, ...] = (STAGING_VERSIONS, STAGING_VERSION, GATE_RESULTS, STAGING_SYNC, STAGING_CHANGES,
                                   INPUT_STATS, CLEANING_VERDICTS, GATE_VERDICTS, STAGED_DOCUMENTS, *STAGED_VIEWS,
                                   *HELD_VIEWS)
TABLES = (*SHARED, *STAGING_ONLY)
_BY_NAME = {t.qualified: t for t in TABLES}
PUBLISHED = tuple(t.name for t in PUBLISHED_TABLES)
QUARANTINED = tuple(t.name for t in QUARANTINE_COPIES)
CLEANED = ("articles", "paragraphs", "removed_spans", "metadata_spans")  # what the cleaning step writes


def table(name: str) -> Table:
    """A table by its qualified name (documents, quarantine.articles, ...)."""
    return _BY_NAME[name]


def arrow_schema(name: str) -> pa.Schema:
    """The Arrow schema rows of a table are built with."""
    return table(name).arrow_schema


def to_table(name: str, rows: list[dict]) -> pa.Table:
    """Rows as an Arrow table with the schema of table `name`."""
    return pa.Table.from_pylist(rows, schema=arrow_schema(name))


def empty(name: str) -> pa.Table:
    """No rows, with the schema of table `name`."""
    return arrow_schema(name).empty_table()


def in_warehouse() -> tuple[Table, ...]:
    """The tables and views of a warehouse file."""
    return SHARED


def in_staging() -> tuple[Table, ...]:
    """The tables and views of a staging file: the shared ones and its own."""
    return SHARED + STAGING_ONLY


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comment_statements(tables: Iterable[Table]) -> list[str]:
    """`comment on` statements for tables (and views) and every one of their columns."""
    out = []
    for t in tables:
        out.append(f"comment on {'view' if t.view else 'table'} {t.qualified} is {_sql_text(t.description)};")
        out += [f"comment on column {t.qualified}.{c.name} is {_sql_text(c.description)};" for c in t.columns]
    return out


# the job's steps in order, and the step that owns (writes) each staged table. A step writes its own tables, and
# may forget the rows of documents that leave from later steps' tables; it never rewrites an earlier step's
# (tests/test_step_ownership.py). Bookkeeping of the run (staging_versions, staging_sync) belongs to no step.
STEPS = ("documents", "cleaned_text", "numeric_claims", "near_duplicates", "quality_gate")
OWNERS = {
    "documents": "documents", "staging_changes": "documents", "input_stats": "documents",
    **dict.fromkeys(("articles", "paragraphs", "removed_spans", "metadata_spans", "cleaning_verdicts"),
                    "cleaned_text"),
    "numeric_claims": "numeric_claims",
    "minhash_signatures": "near_duplicates", "near_duplicates": "near_duplicates",
    **dict.fromkeys(("gate_verdicts", "quarantine.failures", "document_checks", "gate_results"), "quality_gate"),
    # a staging file's quarantine copies hold only rows a rebuild copied from the published file (the documents
    # step's resync): the gate keeps a held document's rows where they are, and the publish composes
    **dict.fromkeys((t.qualified for t in QUARANTINE_COPIES), "documents"),
}


def owner(name: str) -> str | None:
    """The step that writes a staged table (None: the run's bookkeeping, or a table of the published file only)."""
    return OWNERS.get(name)
