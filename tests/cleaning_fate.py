"""Where a line of a cleaned document went: the question most cleaning tests ask."""

from pathlib import Path

from pipelines.core.clean import CleanResult, clean_text

DOCS = Path(__file__).parent / "docs" / "cleaning"


def cleaned_doc(name: str) -> tuple[str, CleanResult]:
    """A test document of tests/docs/cleaning and clean_text's result on it."""
    text = (DOCS / name).read_text(encoding="utf-8")
    return text, clean_text(text)


def fate(text: str, result: CleanResult, phrase: str, nth: int = 0) -> str:
    """Where the nth line holding `phrase` went: 'body', 'meta:<field>', 'removed:<reason>' or 'lost'."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(phrase, at + 1)
    for a in result.articles:
        for p in a.paragraphs:
            if any(pc.src_start <= at < pc.src_start + pc.length for pc in p.pieces):
                return "body"
        for m in a.metadata_spans:
            if m.char_start <= at < m.char_end:
                return f"meta:{m.field}"
    for r in result.removed:
        if r.char_start <= at < r.char_end:
            return f"removed:{r.reason}"
    return "lost"
