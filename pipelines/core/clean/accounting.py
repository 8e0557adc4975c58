"""Accounting for a document's characters: the share cleaning removed, and anything left unplaced (none should be).

Decided here once for text and HTML documents alike, so that the removed fraction, the suspect flag and the
quarantine of a document without articles mean the same whatever the input's form.
"""

from __future__ import annotations

from pipelines.core.clean.model import SUSPECT_REMOVED_FRACTION, CleanResult, RemovedSpan


def removed_fraction(source_text: str, removed: list[RemovedSpan],
                     extents: list[tuple[int, int]] | None = None) -> float:
    """Share of the non-blank characters of `extents` (default: the whole text) that cleaning removed.

    An HTML page is measured over its articles' extents: menus, headers and footers around them are a page's
    normal furniture (they routinely outweigh the article), not a sign of over-cleaning."""
    if extents is None:
        total = sum(map(len, source_text.split()))
        gone = sum(len(w) for s in removed for w in s.text.split())
    elif not extents:
        return 1.0
    else:
        total = sum(len(source_text[s:e].replace(" ", "").replace("\n", "").replace("\t", "")) for s, e in extents)
        gone = sum(len("".join(r.text.split())) for r in removed
                   if any(s <= r.char_start and r.char_end <= e for s, e in extents))
    return round(gone / total, 4) if total > 0 else 0.0


def settle(result: CleanResult, source_text: str, extents: list[tuple[int, int]] | None = None,
           no_article: str = "no article found") -> CleanResult:
    """The result's removed fraction and suspect flag, and its quarantine reason when it holds no article."""
    result.removed_fraction = removed_fraction(source_text, result.removed, extents)
    result.suspect = result.removed_fraction > SUSPECT_REMOVED_FRACTION
    if not result.articles and not result.quarantine_reason:
        result.quarantine_reason = no_article
    return result


def unaccounted(source_text: str, result: CleanResult) -> list[tuple[int, int]]:
    """Offsets of non-blank characters that are in no piece, metadata span or removed span (should be none)."""
    covered = bytearray(len(source_text))
    for a in result.articles:
        for p in a.paragraphs:
            for pc in p.pieces:
                covered[pc.src_start:pc.src_start + pc.length] = b"\x01" * pc.length
        for m in a.metadata_spans:
            covered[m.char_start:m.char_end] = b"\x01" * (m.char_end - m.char_start)
    for r in result.removed:
        covered[r.char_start:r.char_end] = b"\x01" * (r.char_end - r.char_start)
    return [(i, i + 1) for i, c in enumerate(source_text) if not covered[i] and not c.isspace()]
