"""Boilerplate that needs its neighbours: consent buttons and newsletter fields beside their box,
link lists under "Also read", menus, table rows (kept), tables of contents of newsletters."""

from __future__ import annotations

import re

import pipelines.core.clean.boilerplate as bp
from pipelines.core.clean.duplicates import squash
from pipelines.core.clean.lines import Line, norm
from pipelines.core.rules import patterns

# Lines this close (in lines) around a cookie or newsletter line may be its buttons and fields.
_BOX_REACH = 3
# numbering before a contents entry, dot leaders and the page number after it
_TOC_DECOR = re.compile(r"^\s*\d{1,3}[.)]\s*|\s*(\.{2,}|…+|\s{3,})\s*\d{0,4}\s*$|\s+\d{1,4}\s*$")
_PREV_NEXT = patterns("boilerplate")["prev_next"]   # rules/boilerplate.toml
_TABLE_CELL_SEP = re.compile(r"\s[|¦]\s|\t")


def expand_boxes(lines: list[Line], reason: list[str | None]) -> None:
    """Consent buttons next to a cookie banner, fields next to a newsletter pitch, comment
    headers around comment meta lines."""
    n = len(lines)
    for ln in lines:
        r = reason[ln.idx]
        if r not in ("cookie_banner", "newsletter"):
            continue
        for k in range(max(0, ln.idx - _BOX_REACH), min(n, ln.idx + _BOX_REACH + 1)):
            other = lines[k]
            if reason[k] is not None or other.prose:
                continue
            if r == "cookie_banner":
                take = bp.is_consent_button(other)
            else:
                take = bp.is_newsletter_part(other) or (other.words <= 6 and not other.blank_before
                                                        and k == ln.idx + 1)
            if take:
                reason[k] = r


def _has_cell_mark(c: str) -> bool:
    return "|" in c or "\t" in c or "¦" in c


def tables(lines: list[Line], reason: list[str | None]) -> None:
    """Rows of a table ("3 | Kevin Harvick | 5033 | 4") are content, not breadcrumbs or running heads:
    two or more adjacent lines of three cells or more, one of them with a figure."""
    # a cell separator holds a bar or a tab: only such lines are asked
    rows = [_has_cell_mark(ln.core) and len(_TABLE_CELL_SEP.findall(ln.core)) >= 2 for ln in lines]
    n = len(lines)
    for i in range(len(lines)):
        if not rows[i] or reason[i] not in ("navigation", "page_header_footer"):
            continue
        neighbours = (i > 0 and rows[i - 1]) or (i + 1 < n and rows[i + 1])
        block_has_digits = any(any(ch.isdigit() for ch in lines[j].core) for j in range(max(0, i - 1), min(n, i + 2))
                               if rows[j])
        if neighbours and block_has_digits:
            reason[i] = None


def consume_related_lists(lines: list[Line], reason: list[str | None]) -> None:
    """An "Also read:" header takes the links listed under it."""
    n = len(lines)
    for ln in lines:
        if reason[ln.idx] != "related_link" or not bp.is_related_head(ln):
            continue
        k = ln.idx + 1
        taken = 0
        while k < n and taken < 8:
            nxt = lines[k]
            if reason[k] is not None and reason[k] not in ("navigation", "related_link"):
                break
            if nxt.prose or not (nxt.headinglike or nxt.is_url or nxt.bullet):
                break
            if nxt.blank_before:
                # a separate block: only a short list of headlines, never a heading above prose
                after = lines[k + 1] if k + 1 < n else None
                if after is not None and after.prose and reason[after.idx] is None:
                    break
            reason[k] = reason[k] or "related_link"
            taken += 1
            k += 1
    # "Next article" / "Previous post" labels: the headline under the label is a link too
    for ln in lines:
        if reason[ln.idx] != "navigation" or ln.words > 3 or not _PREV_NEXT.match(ln.core):
            continue
        k = ln.idx + 1
        if k < n and reason[k] is None and lines[k].headinglike and not lines[k].md_level:
            after = next((j for j in range(k + 1, n) if reason[j] is None), None)
            if after is None or not lines[after].prose or lines[after].blank_before:
                reason[k] = "related_link"


def menus(lines: list[Line], reason: list[str | None]) -> None:
    """Runs of three or more one-to-three-word lines with menu words are a navigation menu."""
    n = len(lines)
    i = 0
    while i < n:
        j = i
        while j < n and reason[j] is None and 0 < lines[j].words <= 3 and not lines[j].ends_terminal \
                and not lines[j].md_level:
            j += 1
        run = range(i, j)
        if len(run) >= 3 and sum(bp.is_menu_word_line(lines[k]) for k in run) >= max(2, len(run) // 2):
            for k in run:
                reason[k] = "navigation"
        i = max(j, i + 1)


def table_of_contents(lines: list[Line], reason: list[str | None]) -> list[str]:
    """Before the first paragraph, a stretch with page references or a "Contents" head, up to its last
    entry that reappears later (as a heading or byline), is a table of contents. Returns its entries
    (normalised headlines): the titles of the articles the file holds."""
    first_prose = next((ln.idx for ln in lines if ln.prose and reason[ln.idx] is None), len(lines))
    marks = [i for i in range(first_prose) if bp.is_page_ref(lines[i]) or bp.is_toc_head(lines[i])]
    if not marks or (len(marks) < 2 and not any(bp.is_toc_head(lines[i]) for i in marks)):
        return []
    later = {}
    for ln in lines[first_prose:]:
        later.setdefault(squash(ln.core), ln.idx)
    later_norms = [norm(ln.core) for ln in lines[first_prose:] if ln.headinglike or bp.is_byline(ln)]
    start = marks[0]
    last = marks[-1]
    for i in range(marks[-1] + 1, first_prose):
        core = _TOC_DECOR.sub("", lines[i].core)
        if squash(core) in later or fuzzy_in(norm(core), later_norms) or reason[i] == "table_of_contents":
            last = i
        elif not bp.is_page_ref(lines[i]):
            break
    entries = []
    for i in range(start, last + 1):
        ln = lines[i]
        if reason[i] in (None, "table_of_contents") and not bp.is_byline(ln) and not bp.is_page_ref(ln):
            entry = norm(_TOC_DECOR.sub("", ln.core))
            if entry.count(" ") >= 2:
                entries.append(entry)
        if reason[i] is None or reason[i] == "page_header_footer":
            reason[i] = "table_of_contents"
    return entries


def is_listed(line: Line, entries: list[str]) -> bool:
    """The line is (up to a word or two) one of the table-of-contents entries."""
    return bool(entries) and fuzzy_in(norm(line.core), entries)


def fuzzy_in(n: str, pool: list[str]) -> bool:
    """n equals a pool entry up to a word or two (TOC entries are often shortened or retyped)."""
    a = n.split()
    if len(a) < 2:
        return False
    sa = set(a)
    for p in pool:
        b = p.split()
        if abs(len(a) - len(b)) <= 2 and len(sa & set(b)) >= 0.8 * max(len(a), len(b)):
            return True
    return False
