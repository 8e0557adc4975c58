"""Repair PDF-to-text damage: running headers and page numbers, paragraphs broken by page or column
breaks, words hyphenated across a break."""

from __future__ import annotations

import re

from pipelines.core.clean.boilerplate import is_page_ref
from pipelines.core.clean.lines import STOPWORDS, Line

_DIGITS = re.compile(r"\d+")
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_LAST_WORD = re.compile(r"([^\W\d_]+)\W*$")
_CONT_START = re.compile(r"^[(\[]")


def _shape_key(line: Line) -> str:
    return _DIGITS.sub("#", line.core.lower())


def find_running_heads(lines: list[Line], reason: list[str | None]) -> None:
    """Short lines repeated on every page (running titles, "Journal name | 12") become page furniture.

    Repetition alone is not enough (a title may be repeated by a scraper): the line must also stand
    next to a page number, or break a sentence in two at least once.
    """
    groups: dict[str, list[int]] = {}
    for ln in lines:
        if reason[ln.idx] is None and 0 < ln.words <= 12 and not ln.prose:
            groups.setdefault(_shape_key(ln), []).append(ln.idx)
    for idxs in groups.values():
        if len(idxs) < 2:
            continue
        evidence = 0
        for i in idxs:
            near_page = any(0 <= k < len(lines) and k != i and is_page_ref(lines[k]) for k in (i - 1, i + 1))
            breaks = _breaks_sentence(lines, reason, i)
            evidence += near_page or breaks
        if len(idxs) >= 3 and lines[idxs[0]].core.isupper():
            # a header in capitals printed on every page: at least two copies stand between paragraphs
            evidence += sum(1 for i in idxs if _between_prose(lines, reason, i))
        if evidence >= 2 or (evidence >= 1 and len(idxs) >= 3):
            for i in idxs:
                reason[i] = "page_header_footer"


def _between_prose(lines: list[Line], reason: list[str | None], i: int) -> bool:
    """The nearest kept lines on both sides of line i are paragraphs."""
    prev = next((lines[k] for k in range(i - 1, -1, -1) if reason[k] is None), None)
    nxt = next((lines[k] for k in range(i + 1, len(lines)) if reason[k] is None), None)
    return prev is not None and nxt is not None and prev.prose and nxt.prose


def _breaks_sentence(lines: list[Line], reason: list[str | None], i: int) -> bool:
    prev = next((lines[k] for k in range(i - 1, max(-1, i - 4), -1) if reason[k] is None or k == i - 1), None)
    nxt = next((lines[k] for k in range(i + 1, min(len(lines), i + 4)) if reason[k] is None), None)
    if prev is None or nxt is None or not prev.prose:
        return False
    return not prev.ends_terminal and not prev.ends_soft and nxt.starts_lower


def join_kind(prev: Line, nxt: Line) -> str | None:
    """How `nxt` continues `prev` across a break: 'hyphen', 'space', or None (a new paragraph)."""
    if prev.md_level or nxt.md_level or nxt.bullet or nxt.numbered or nxt.quote:
        return None
    if prev.bullet or prev.numbered or prev.quote:
        return None
    if prev.ends_terminal or prev.ends_soft:
        return None
    pc = prev.core
    if _HYPHEN_END.search(pc) and nxt.starts_lower:
        return "hyphen"
    if not prev.prose and prev.words < 6:
        return None
    if nxt.starts_lower:
        return "space"
    if not pc[-1:].isalnum() and pc[-1:] != ",":
        return None
    if _CONT_START.match(nxt.core) and not nxt.headinglike:
        return "space"
    if pc.count("(") > pc.count(")"):
        return "space"
    m = _LAST_WORD.search(pc)
    if m and m.group(1).lower() in STOPWORDS and pc.endswith(m.group(1)):
        return "space"
    if prev.words >= 15 and nxt.prose and pc[-1:] != ",":
        return "space"
    if pc.endswith(","):
        return "space"
    return None
