"""A small, consistent staged warehouse written by hand, for testing the gate's audit SQL and suites.

One document of our own (a harbour brief with a cookie line, a title and byline, a paragraph broken by a
page header and a hyphen, a related link) plus one quarantined file. Every offset is computed from the
text, so a test can break exactly one thing and expect exactly one rule to fail.
"""

from __future__ import annotations

import copy

import duckdb
import pyarrow as pa

from pipelines import warehouse
from pipelines.quality import gate
from pipelines.quality.suites import load_suites

SUITES = {s.name: s for s in load_suites()}
TABLES = ("documents", "articles", "paragraphs", "removed_spans", "metadata_spans", "numeric_claims",
          "minhash_signatures", "near_duplicates")

COOKIE = "Cookies help us run this site. We use cookies to count visits. Accept all"
TITLE = "Harbour traffic doubles"
BYLINE = "By Ana Ruiz, port correspondent"
P0 = "The port handled 1,200 ships last year, up from about 600 in 2019, officials said."
P1_A = "Cargo rose to 4.5 million tonnes and the new quay em-"
PAGE = "Harbour Review | page 2"
P1_B = "ploys 300 dock workers, the authority said."
P2 = "Ferries kept running through the winter storms."
RELATED = "Related: Ferry strike ends after two days"
SOURCE = "\n\n".join([COOKIE, TITLE, BYLINE, P0, P1_A, PAGE, P1_B, P2, RELATED]) + "\n"
DOC = "d0c0ffee00000001"
QUARANTINED = "d0c0ffee00000002"


def at(text: str, start: int = 0) -> tuple[int, int]:
    """The span of `text` in SOURCE, searching from `start`."""
    i = SOURCE.index(text, start)
    return i, i + len(text)


def _paragraph(ordinal: int, pieces: list[tuple[int, int]], kind: str = "paragraph") -> dict:
    text, rows, pos = "", [], 0
    for s, e in pieces:
        rows.append({"text_start": pos, "src_start": s, "length": e - s})
        text += SOURCE[s:e]
        pos += e - s
    return {"paragraph_id": f"{DOC}:0:{ordinal}", "article_id": f"{DOC}:0", "doc_id": DOC, "ordinal": ordinal,
            "kind": kind, "text": text, "char_start": pieces[0][0], "char_end": pieces[-1][1], "pieces": rows}


def _claim(surface: str, paragraph: int, sentence: str, low: float, high: float, qualifier: str | None = None,
           unit: str | None = None) -> dict:
    s, e = at(surface)
    return {"claim_id": f"{DOC}:{s}-{e}", "article_id": f"{DOC}:0", "paragraph_id": f"{DOC}:0:{paragraph}",
            "doc_id": DOC, "source_file": "harbour.txt", "char_start": s, "char_end": e, "surface": surface,
            "value_low": low, "value_high": high, "qualifier": qualifier, "unit": unit, "sentence": sentence,
            "attribution": None, "kind": "measure" if unit == "tonnes" else "count"}


def good() -> dict[str, list[dict]]:
    """Rows of every staged table for a document that passes every rule."""
    hyphen = at("em-")[1] - 1
    paragraphs = [
        _paragraph(0, [at(P0)]),
        _paragraph(1, [(at(P1_A)[0], hyphen), at(P1_B)]),
        _paragraph(2, [at(P2)]),
    ]
    body = "\n".join(p["text"] for p in paragraphs)
    return {
        "documents": [
            {"doc_id": DOC, "source_file": "harbour.txt", "source_text": SOURCE, "raw_bytes": SOURCE.encode(),
             "encoding": "utf-8", "media_type": "text/plain", "byte_size": len(SOURCE.encode()), "status": "ok",
             "quarantine_reason": None, "removed_fraction": 0.2},
            {"doc_id": QUARANTINED, "source_file": "empty.txt", "source_text": "", "raw_bytes": b"",
             "encoding": None, "media_type": "text/plain", "byte_size": 0, "status": "quarantined",
             "quarantine_reason": "empty file", "removed_fraction": None},
        ],
        "articles": [
            {"article_id": f"{DOC}:0", "doc_id": DOC, "source_file": "harbour.txt", "ordinal": 0, "title": TITLE,
             "byline": BYLINE, "language": "en", "role": "primary", "body": body, "char_start": at(TITLE)[0],
             "char_end": at(P2)[1]},
        ],
        "paragraphs": paragraphs,
        "removed_spans": [
            {"doc_id": DOC, "char_start": at(COOKIE)[0], "char_end": at(COOKIE)[1], "reason": "cookie_banner",
             "text": COOKIE},
            {"doc_id": DOC, "char_start": hyphen, "char_end": hyphen + 1, "reason": "hyphenation", "text": "-"},
            {"doc_id": DOC, "char_start": at(PAGE)[0], "char_end": at(PAGE)[1], "reason": "page_header_footer",
             "text": PAGE},
            {"doc_id": DOC, "char_start": at(RELATED)[0], "char_end": at(RELATED)[1], "reason": "related_link",
             "text": RELATED},
        ],
        "metadata_spans": [
            {"doc_id": DOC, "article_id": f"{DOC}:0", "field": "title", "char_start": at(TITLE)[0],
             "char_end": at(TITLE)[1], "text": TITLE},
            {"doc_id": DOC, "article_id": f"{DOC}:0", "field": "byline", "char_start": at(BYLINE)[0],
             "char_end": at(BYLINE)[1], "text": BYLINE},
        ],
        "numeric_claims": [
            _claim("1,200", 0, P0, 1200, 1200, unit="ships"),
            _claim("about 600", 0, P0, 600, 600, "around", "ships"),
            _claim("4.5 million tonnes", 1, "Cargo rose to 4.5 million tonnes and the new quay employs 300 dock "
                   "workers, the authority said.", 4_500_000, 4_500_000, unit="tonnes"),
            _claim("300", 1, "Cargo rose to 4.5 million tonnes and the new quay employs 300 dock workers, the "
                   "authority said.", 300, 300, unit="dock workers"),
        ],
        # the article's signature: 128 values of 4 bytes, from its distinct 4-word shingles
        "minhash_signatures": [
            {"article_id": f"{DOC}:0", "doc_id": DOC, "shingles": 38, "signature": bytes(range(256)) * 2},
        ],
    }


def world() -> dict[str, list[dict]]:
    """A fresh, deep copy of the good rows, for a test to break."""
    return copy.deepcopy(good())


def load_table(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Append rows to a staged table (the near-duplicates stage writes its two tables with its own queries)."""
    if table in ("minhash_signatures", "near_duplicates"):
        con.register("incoming", pa.Table.from_pylist(rows))
        con.execute(f"insert into {table} by name select * from incoming")
        con.unregister("incoming")
    else:
        warehouse.load_rows(con, table, pa.Table.from_pylist(rows))


def load(rows: dict[str, list[dict]]) -> duckdb.DuckDBPyConnection:
    """An in-memory staging database holding the rows."""
    con = duckdb.connect()
    warehouse.ensure_staging(con)
    for table in TABLES:
        if rows.get(table):
            load_table(con, table, rows[table])
    return con


def outcomes(rows: dict[str, list[dict]], suite: str, published: dict | None = None) -> list[gate.Outcome]:
    """Run one suite's audit SQL over the rows and validate the frame with GX."""
    con = load(rows)
    try:
        return gate.run_suite(con, SUITES[suite], published)
    finally:
        con.close()


def failing(rows: dict[str, list[dict]], suite: str, published: dict | None = None) -> set[str]:
    """Names of the rules of `suite` that fail on the rows."""
    return {o.rule for o in outcomes(rows, suite, published) if not o.success}
