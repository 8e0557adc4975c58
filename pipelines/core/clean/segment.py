"""Decide each line's fate (body, metadata, removed) and split the file into articles.

The order matters: context-free boilerplate first, then repetition (teasers, title copies, running
heads), then article starts (a heading with a byline, a repeated headline, a switch of language),
then per-article zones (header, body, notes and bios, comments, tail).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

import pipelines.core.clean.boilerplate as bp
import pipelines.core.clean.context as context
from pipelines.core.clean.duplicates import LineKeys, find_duplicates, title_copies
from pipelines.core.clean.language import detect_language, line_language
from pipelines.core.clean.lines import Line, case_style, line_key
from pipelines.core.clean.pdf import find_running_heads

_SECTION_NUMBER = re.compile(r"^(\d{1,2}(\.\d{1,2})*|[IVX]{1,4})[.)]?\s+\S")


@dataclass
class Segment:
    """An article's lines: [first, end) in line indices, its title line, body start, metadata."""

    first: int
    end: int
    title: int | None
    body_start: int
    meta: dict[int, str] = field(default_factory=dict)
    only: frozenset[int] | None = None      # when set, the body is these lines only (interleaved translation)
    exclude: frozenset[int] = frozenset()   # body lines that belong to an interleaved translation


@dataclass
class Plan:
    """The fate of every line."""

    reason: list[str | None]
    segments: list[Segment]


def plan(lines: list[Line], reason: list[str | None], checked: bool = False) -> Plan:
    """Classify every line and cut the file into articles; `reason` holds pre-set removals.

    `checked`: every line's own family (boilerplate.line_reason) is already in `reason`.
    """
    n = len(lines)
    for ln in lines if not checked else ():   # checked: the caller has set every line's family already
        if reason[ln.idx] is None:
            reason[ln.idx] = bp.line_reason(ln)
    bp.wrapped_footers(lines, reason)
    context.expand_boxes(lines, reason)
    context.consume_related_lists(lines, reason)
    context.menus(lines, reason)
    toc = context.table_of_contents(lines, reason)
    context.tables(lines, reason)
    find_running_heads(lines, reason)
    find_duplicates(lines, reason)
    _comment_thread(lines, reason)
    repeated = _repeated_headings(lines, reason)
    starts = _article_starts(lines, reason, repeated, toc)
    segments: list[Segment] = []
    for k, (title, body_start) in enumerate(starts):
        first = title if title is not None else body_start
        nxt = starts[k + 1] if k + 1 < len(starts) else None
        end = n if nxt is None else (nxt[0] if nxt[0] is not None else nxt[1])
        segments.append(Segment(first, end, title, body_start))
    if segments:
        # a note over the first headline ("Translator's note: ...", "(Translated by ...)") is its metadata
        notes = [i for i in range(segments[0].first) if reason[i] is None and (
            bp.is_editor_note(lines[i]) or bp.is_credit(lines[i]))]
        if notes:
            segments[0].first = notes[0]
            segments[0].meta.update((i, "note") for i in notes)
        for i in range(segments[0].first):
            if reason[i] is None:
                reason[i] = "masthead"
    for seg in segments:
        _shape_segment(lines, reason, seg)
    out: list[Segment] = []
    for seg in segments:
        out.append(seg)
        other = _interleaved_language(lines, reason, seg)
        if other is not None:
            out.append(other)
    return Plan(reason, out)


def _interleaved_language(lines: list[Line], reason: list[str | None], seg: Segment) -> Segment | None:
    """Paragraphs in a second language alternating with the article's own (a bilingual page that gives
    each paragraph twice) become an article of their own, never part of this body."""
    words: dict[str, int] = {}
    guesses: dict[int, str] = {}
    for k in range(seg.body_start, seg.end):
        ln = lines[k]
        if reason[k] is None and k not in seg.meta and ln.prose and ln.words >= 8:
            g = line_language(ln)
            if g:
                guesses[k] = g
                words[g] = words.get(g, 0) + ln.words
    if len(words) < 2:
        return None
    main = max(sorted(words), key=lambda g: words[g])
    foreign = frozenset(k for k, g in guesses.items() if g != main)
    if len(foreign) < 2 or sum(lines[k].words for k in foreign) < 40:
        return None
    seg.exclude = foreign
    return Segment(seg.first, seg.end, None, seg.body_start, only=foreign)


# ---------------------------------------------------------------------------------------------
# article starts


def _repeated_headings(lines: list[Line], reason: list[str | None]) -> set[int]:
    """Headlines repeated later in the file: their copies are removed, the first is a title."""
    firsts: set[int] = set()
    keys = LineKeys(lines)
    for ln in lines:
        if reason[ln.idx] is not None or not ln.headinglike or ln.words < 3 or bp.is_byline(ln):
            continue
        copies = title_copies(lines, reason, ln, keys)
        if copies:
            firsts.add(ln.idx)
            for c in copies:
                reason[c] = "duplicate_title"
    return firsts


def _is_meta_candidate(ln: Line) -> bool:
    """Byline, date or credit: lines that sit between a headline and its text."""
    return bp.is_byline(ln) or bp.is_date_line(ln) or bp.is_credit(ln)


def _next_kept(lines: list[Line], reason: list[str | None], i: int) -> int | None:
    """The next line after i that no rule has removed."""
    for k in range(i + 1, len(lines)):
        if reason[k] is None:
            return k
    return None


def _reaches_body(lines: list[Line], reason: list[str | None], h: int, need_byline: bool) -> int | None:
    """From heading h, skip metadata and at most one subtitle: the first body line, or None."""
    byline = False
    others = 0
    for k in range(h + 1, min(len(lines), h + 12)):
        if reason[k] is not None:
            continue
        ln = lines[k]
        if bp.is_byline(ln):
            byline = True
            continue
        if bp.is_date_line(ln) or bp.is_credit(ln):
            continue
        if ln.prose:
            return k if (byline or not need_byline) else None
        others += 1
        if others > 1 or not ln.headinglike:
            return None
    return None


def _language_switches(lines: list[Line], reason: list[str | None]) -> list[int]:
    """Prose lines where the file switches language for good (two paragraphs or 40 words at least)."""
    prose = [ln for ln in lines if reason[ln.idx] is None and ln.prose]
    langs = [line_language(ln) if ln.words >= 8 else None for ln in prose]
    out = []
    current = None
    last_current = -1
    for k, lang in enumerate(langs):
        if lang is None:
            continue
        if current is None or lang == current:
            current, last_current = lang, k
            continue
        end = next((j for j in range(k, len(langs)) if langs[j] not in (None, lang)), len(langs))
        run = list(range(k, end))
        if len(run) < 2 and sum(prose[j].words for j in run) < 40:
            continue
        # paragraphs between the last sure line and this one: ask py3langid which side they are on
        start = k
        for j in range(k - 1, last_current, -1):
            if detect_language(prose[j].core, current) == lang:
                start = j
            else:
                break
        out.append(prose[start].idx)
        current, last_current = lang, k
    return out


def _article_starts(lines: list[Line], reason: list[str | None], repeated: set[int],
                    toc: list[str]) -> list[tuple[int | None, int]]:
    """(title line or None, first body line) of every article, in order."""
    n = len(lines)
    strong: dict[int, int] = {}   # title line -> body start
    for ln in lines:
        i = ln.idx
        if reason[i] is not None or not ln.headinglike or _is_meta_candidate(ln) or bp.is_notes_head(ln):
            continue
        if i in repeated:
            body = next((k for k in range(i + 1, n) if reason[k] is None and lines[k].prose), None)
            if body is not None:
                strong[i] = body
            continue
        body = _reaches_body(lines, reason, i, need_byline=True)
        if body is None and context.is_listed(ln, toc):
            body = _reaches_body(lines, reason, i, need_byline=False)   # a headline the contents list
        if body is not None:
            strong[i] = body
    for p in _language_switches(lines, reason):
        if any(t < p and _prose_between(lines, reason, t, p) <= 2 for t in strong):
            continue   # the switch is inside the header of an article already started
        k = p - 1
        while k >= 0 and (reason[k] is not None or _is_meta_candidate(lines[k])):
            k -= 1
        title = k if k >= 0 and lines[k].headinglike and reason[k] is None else None
        if title is not None:
            strong[title] = p
        else:
            strong[p] = p   # no title: the article starts at its first paragraph
    # a translator's or editor's note standing over the headline is metadata, not the first paragraph
    first_prose = next((ln.idx for ln in lines if reason[ln.idx] is None and ln.prose and not (
        bp.is_editor_note(ln) or bp.is_credit(ln))), None)
    if first_prose is None:
        # no running text at all: a brief of short sentences still is an article, a heap of labels is not
        text_lines = [ln.idx for ln in lines if reason[ln.idx] is None and not _is_meta_candidate(ln)
                      and (ln.ends_terminal or ln.words >= 5) and not ln.headinglike]
        if not text_lines:
            return []
        first_prose = text_lines[0]
        return [(_title_above(lines, reason, first_prose), first_prose)]
    starts: list[tuple[int | None, int]] = []
    # the first article: a strong title right before the first paragraph, else the heading above it
    first_strong = [t for t, b in strong.items() if b == first_prose or t < first_prose]
    if first_strong:
        t = max(first_strong) if not any(t in repeated for t in first_strong) else \
            min(t for t in first_strong if t in repeated)
        # two headings over the same byline and body: the nearer is the standfirst when it is the longer
        # (or the farther is in capitals), the farther then is the headline the metadata hang under
        above = max((u for u in first_strong if u < t and strong[u] == strong[t]), default=None)
        if above is not None and _next_kept(lines, reason, above) == t:
            far, near = lines[above], lines[t]
            if far.words >= 3 and not near.md_level and (near.words > far.words or (
                    far.core.isupper() and not near.core.isupper())):
                t = above
        starts.append((t, strong[t] if strong[t] >= t else first_prose))
    else:
        title = _title_above(lines, reason, first_prose)
        body = first_prose
        if title is None and _question_headline(lines, reason, first_prose):
            title = first_prose
            body = next((k for k in range(first_prose + 1, n) if reason[k] is None and lines[k].prose), body)
        starts.append((title, body))
    for t in sorted(strong):
        b = strong[t]
        if t <= (starts[0][0] if starts[0][0] is not None else starts[0][1]) or b <= starts[-1][1]:
            continue
        last_title = starts[-1][0]
        if last_title is not None and last_title < t and b == starts[-1][1]:
            continue
        starts.append((None if t == b else t, b))
    return starts


def _question_headline(lines: list[Line], reason: list[str | None], k: int) -> bool:
    """The first line of a file, a question of 30 words at most standing alone above more text, is its
    headline ("Why is X exporting fighters?"), even when written as a sentence."""
    ln = lines[k]
    if any(reason[j] is None for j in range(k)) or ln.words > 30 or not ln.core.endswith("?"):
        return False
    nxt = _next_kept(lines, reason, k)
    return nxt is not None and lines[nxt].blank_before and lines[nxt].prose


def _prose_between(lines: list[Line], reason: list[str | None], a: int, b: int) -> int:
    """Kept paragraphs strictly between lines a and b."""
    return sum(1 for k in range(a + 1, b) if reason[k] is None and lines[k].prose)


def _title_above(lines: list[Line], reason: list[str | None], body: int) -> int | None:
    """The title over the first paragraph: the nearest heading-like line above it (skipping
    metadata), or the one before that when the nearest reads as its subtitle."""
    cands = []
    names = []   # bare names under a headline are bylines, unless nothing else stands above
    k = body - 1
    while k >= 0 and len(cands) < 3:
        ln = lines[k]
        if reason[k] is None:
            if _is_meta_candidate(ln):
                pass
            elif not cands and bp.is_name_line(ln) and not ln.md_level:
                names.append(k)
            elif ln.headinglike:
                cands.append(k)
            else:
                # a short first line ending with a full stop ("Albania adopts a new strategy.") is a
                # headline too when nothing but boilerplate stands above it
                if not cands and not ln.prose and 3 <= ln.words <= 12 and not ln.bullet and not ln.numbered and \
                        not any(reason[j] is None for j in range(k)):
                    return k
                break
        k -= 1
    if not cands:
        return names[-1] if names else None
    if len(cands) >= 2 and _SECTION_NUMBER.match(lines[cands[0]].core):
        cands = cands[1:]   # "1. Summary" opens the body; the title stands above it
    if len(cands) >= 2:
        near, far = lines[cands[0]], lines[cands[1]]
        if far.core.isupper() and not near.core.isupper():
            return cands[1]
        if far.words >= 3 and (near.words > far.words or near.words <= 2 or
                               near.md_level > far.md_level > 0 or (far.md_level and not near.md_level)):
            return cands[1]
    return cands[0]


# ---------------------------------------------------------------------------------------------
# inside one article


def _shape_segment(lines: list[Line], reason: list[str | None], seg: Segment) -> None:
    """Header zone, body rules and tail zones of one article."""
    meta = seg.meta
    if seg.title is not None:
        meta[seg.title] = "title"
    # header zone: up to the last title copy/byline standing before the second paragraph
    body = seg.body_start
    for _ in range(3):
        second = next((k for k in range(body + 1, seg.end) if reason[k] is None and lines[k].prose), seg.end)
        if second == seg.end or not any(reason[k] == "duplicate_title" or (reason[k] is None and bp.is_byline(
                lines[k])) for k in range(body + 1, second)):
            break
        body = second
    seg.body_start = body
    head_first = (seg.title + 1) if seg.title is not None else seg.first
    last_copy = max((k for k in range(head_first, body) if reason[k] == "duplicate_title"), default=None)
    subtitle_done = False
    order = list(range(last_copy + 1, body)) + list(range(head_first, last_copy)) if last_copy is not None \
        else list(range(head_first, body))
    for k in order:
        if reason[k] is not None or k in meta:   # a note over the headline (plan) keeps its role: one role a line
            continue
        ln = lines[k]
        if bp.is_byline(ln):
            meta[k] = "byline"
        elif bp.is_date_line(ln):
            meta[k] = "published_date"
        elif bp.is_credit(ln):
            meta[k] = "note"
        elif "byline" not in meta.values() and _plain_byline(lines, reason, k, seg.title):
            meta[k] = "byline"
        elif not subtitle_done and (ln.headinglike or ln.prose) and ln.words >= 3:
            meta[k] = "subtitle"
            subtitle_done = True
        elif (ln.headinglike and k == body - 1 and seg.title is not None and (
                ln.words >= 3 or ln.md_level or _SECTION_NUMBER.match(ln.core))):
            seg.body_start = min(seg.body_start, k)   # a heading right above the first paragraph stays
        else:
            reason[k] = "navigation" if ln.words <= 3 else "related_link"
    if seg.title is None and body > seg.first:
        for k in range(seg.first, body):
            if reason[k] is None and k not in meta:
                reason[k] = "masthead" if k < body else reason[k]
    _tail_zones(lines, reason, seg)
    _body_headings(lines, reason, seg)
    _no_repeats(lines, reason, seg)




def _plain_byline(lines: list[Line], reason: list[str | None], k: int, title: int | None) -> bool:
    """A bare name ("Jane Doe") under the headline or next to the date is the byline."""
    if title is None or not bp.is_name_line(lines[k]):
        return False
    prev = next((j for j in range(k - 1, title - 1, -1) if reason[j] is None), None)
    nxt = _next_kept(lines, reason, k)
    return prev == title or (prev is not None and bp.is_date_line(lines[prev])) or (
        nxt is not None and bp.is_date_line(lines[nxt]))


def _no_repeats(lines: list[Line], reason: list[str | None], seg: Segment) -> None:
    """Within one article no paragraph of three words or more stands twice, and none repeats the title
    (compared in letters and digits, as the warehouse gate compares them)."""
    title = line_key(lines[seg.title]) if seg.title is not None else None
    seen: set[str] = set()
    for k in range(seg.body_start, seg.end):
        if reason[k] is not None or k in seg.meta:
            continue
        n = line_key(lines[k])
        if title and n == title:
            reason[k] = "duplicate_title"
        elif len(n) >= 20 and n.count(" ") >= 2:
            if n in seen:
                reason[k] = "duplicate_paragraph"
            seen.add(n)


def _tail_zones(lines: list[Line], reason: list[str | None], seg: Segment) -> None:
    """Notes, author bios, comment sections and whatever follows an end marker."""
    meta = seg.meta
    prose_seen = False
    zone: str | None = None
    for k in range(seg.body_start, seg.end):
        ln = lines[k]
        r = reason[k]
        if zone is None:
            if r == "end_marker" and prose_seen and sum(
                    1 for j in range(k + 1, seg.end) if reason[j] is None and lines[j].prose) == 0:
                zone = "end"
                continue
            if r == "comment_section" and prose_seen and _comments_follow(lines, reason, k, seg.end):
                zone = "comments"
                continue
            if r is None and prose_seen and _comment_meta_run(lines, reason, k, seg.end):
                zone = "comments"
            elif r is None and prose_seen and bp.is_notes_head(ln):
                zone = "notes"
                meta[k] = "note"
                continue
            elif r is None and prose_seen and bp.is_bio_head(ln):
                zone = "bio"
                meta[k] = "author_bio"
                continue
        if r is not None:
            continue
        if zone is None and bp.is_editor_note(ln):
            meta[k] = "note"
            continue
        if ln.prose:
            prose_seen = True
        if zone == "comments":
            reason[k] = "comment_section"
        elif zone == "end":
            if bp.is_bio(ln):
                meta[k] = "author_bio"
            else:
                reason[k] = "footer"
        elif zone == "notes":
            meta[k] = "author_bio" if bp.is_bio(ln) and (ln.emphasis or not ln.numbered) else "note"
        elif zone == "bio":
            if bp.is_notes_head(ln):
                zone = "notes"
                meta[k] = "note"
            else:
                meta[k] = "author_bio"
    # author bios: a bio-shaped line among the article's last kept lines
    body = [k for k in range(seg.body_start, seg.end) if reason[k] is None and k not in meta]
    for k in body[-3:]:
        ln = lines[k]
        if bp.is_bio(ln) and (ln.emphasis or k == body[-1] or k in body[-2:]):
            meta[k] = "author_bio"
    for k in range(seg.body_start, seg.end):
        if reason[k] is None and k not in meta and lines[k].emphasis and bp.is_bio(lines[k]):
            meta[k] = "author_bio"


COMMENTS_AHEAD = 6     # lines not yet removed under a comment header that may show its comments or form
COMMENTS_REACH = 30    # ... with the furniture between them (sort and filter buttons, log-in links): lines at most


def _comment_thread(lines: list[Line], reason: list[str | None]) -> None:
    """A comment header under running text with comments under it: the rest of the page is its thread (each
    comment's subject, name and date read as another article's headline and byline; they are not)."""
    prose_seen = False
    for k, ln in enumerate(lines):
        r = reason[k]
        if r is None and ln.prose:
            prose_seen = True
        elif prose_seen and r == "comment_section" and bp.is_comment_head(ln) and _comments_under(lines, k):
            for j in range(k + 1, len(lines)):
                if reason[j] is None:
                    reason[j] = "comment_section"
            return


def _comments_under(lines: list[Line], k: int) -> bool:
    """Two comment meta lines ("Anna says:", "Reply") among the lines under a header."""
    hits = 0
    for j in range(k + 1, min(len(lines), k + 1 + COMMENTS_REACH)):
        hits += bp.is_comment_meta(lines[j])
        if hits >= 2:
            return True
    return False


def _comments_follow(lines: list[Line], reason: list[str | None], k: int, end: int) -> bool:
    """A comment header opens a comment section only if comments or a form follow, or no more text. A comment's
    meta line ("Anna says:", "Reply") is evidence whether or not a rule removed it already; the sort, filter and
    log-in buttons a thread opens with are passed over."""
    left = COMMENTS_AHEAD
    label = line_key(lines[k])
    # a field any form has ("Name", "Email", "Website", "Submit") needs a line only a comment section holds
    # under it: a sign-up or download box in the text has the same fields
    weak = not bp.is_comment_specific(lines[k])
    text_between = False
    for j in range(k + 1, min(end, k + 1 + COMMENTS_REACH)):
        if bp.is_comment_meta(lines[j]):
            return True
        if reason[j] == "comment_section":
            if weak:
                if bp.is_comment_specific(lines[j]):
                    return True
            # another comment line counts only next to the header, and the same label again only with no text
            # between: a form's field labels ("Website:") also label the entries of a directory, each over its text
            elif j <= k + COMMENTS_AHEAD and not (text_between and line_key(lines[j]) == label):
                return True
        if reason[j] is None:
            text_between = text_between or lines[j].prose
            left -= 1
            if not left:
                break
    return not any(reason[j] is None and lines[j].prose for j in range(k + 1, end))


def _comment_meta_run(lines: list[Line], reason: list[str | None], k: int, end: int) -> bool:
    """Two comment meta lines ("X says:", "... at 9:14 pm", "Reply") within four lines."""
    if not bp.is_comment_meta(lines[k]):
        return False
    hits = 0
    for j in range(k, min(end, k + 5)):
        if bp.is_comment_meta(lines[j]) or reason[j] == "comment_section":
            hits += 1
    return hits >= 2


def _body_headings(lines: list[Line], reason: list[str | None], seg: Segment) -> None:
    """Headlines of other articles dropped between paragraphs: a plain heading followed by another
    heading, Title Case headlines among sentence-case headings, and headings with no text after."""
    meta = seg.meta
    kept = [k for k in range(seg.body_start, seg.end) if reason[k] is None and k not in meta]
    plain_heads = []
    for pos, k in enumerate(kept):
        ln = lines[k]
        if not ln.headinglike or ln.md_level or ln.emphasis or ln.bullet or ln.numbered:
            continue
        plain_heads.append(k)
        if pos + 2 < len(kept):
            nxt, after = lines[kept[pos + 1]], lines[kept[pos + 2]]
            if nxt.headinglike and not bp.is_byline(nxt) and after.prose and not nxt.bullet and \
                    not nxt.numbered:
                reason[k] = "related_link"
    styles = {k: case_style(lines[k].core) for k in plain_heads if reason[k] is None}
    # a sentence-case heading is the text's own when text follows it: a label over a figure, a list or a table
    # cell says nothing of how the page writes its subheadings
    under = {a: lines[b].prose for a, b in pairwise(kept)}
    sentence = sum(1 for k, s in styles.items() if s == "sentence" and under.get(k, False))
    title = [k for k, s in styles.items() if s == "title"]
    if sentence >= 2 and title and len(title) <= 2 * sentence:
        for k in title:
            reason[k] = "related_link"
    # headings after the last paragraph lead nowhere
    kept = [k for k in kept if reason[k] is None]
    for k in reversed(kept):
        ln = lines[k]
        if ln.prose or not ln.headinglike or ln.bullet or ln.numbered:
            break
        reason[k] = "related_link" if ln.words >= 4 else "navigation"
