"""The line model's verdicts over the markup rules' for an HTML page: it may drop a line they kept, or take back
one the extractor left out that no rule named; the gate's invariants stay hard (repeated paragraphs, title copies,
boilerplate markers).
"""

from __future__ import annotations

import bisect

import numpy as np

from pipelines.core.clean.learned import (
    BLANK_COLUMN,
    LOW_CONTENT,
    counts_as_repeat,
    has_marker,
    marker_reason,
    norm_key,
)
from pipelines.core.clean.lines import split_lines
from pipelines.core.html.features import html_features
from pipelines.core.html.main import is_paragraph, match_extractor
from pipelines.core.html.text import TextLayout
from pipelines.core.model import loader

# HTML verdicts the model never overturns: repeated paragraphs and title copies (the gate's invariants)
_HARD_HTML = frozenset({"duplicate_title", "duplicate_paragraph"})
# ...and the only ones it may: lines the extractor left out that no markup rule named (a rule that names a
# family, a teaser or a caption, has seen more than the model)
_TAKE_BACK_HTML = frozenset({"outside_main_content", None})
# measured on the held-out sites' HTML (page F1 0.9365 at 0.5/0.6, 0.9373 at 0.4/0.7, 0.931 at 0.4/0.9) and
# on AEB (0.974 at 0.4/0.7, 0.978 at 0.4/0.8, 0.980 at 0.4/0.9): the model overturns the markup rules only
# when it is sure
DROP_HTML = 0.4
TAKE_BACK_HTML = 0.9


# ...but a paragraph of running text the extractor left out (main.is_paragraph: it often reads one section of a long
# article and stops) comes back at a lower confidence: held-out sites' pages 0.9489 -> 0.9506, all dev pages 0.9549 ->
# 0.9571, AEB 0.980 either way (measured on a 12-word shape first, 0.7: 0.979; 0.6: 0.977, teasers with a sentence
# of summary come back)
TAKE_BACK_PROSE = 0.8


def _opens_article(lines, kept_at: list[int], i: int) -> bool:
    """A heading between the kept lines of two <article> elements is the next article's headline."""
    if not lines[i].heading:
        return False
    j = bisect.bisect_left(kept_at, i)
    before = lines[kept_at[j - 1]].in_article if j > 0 else -1
    after = lines[kept_at[j]].in_article if j < len(kept_at) else -1
    return after >= 0 and after != before


def html_scores(layout: TextLayout, extracted: str, reasons: list[str | None],
                ext: list[float] | None = None) -> tuple[np.ndarray, float] | None:
    """(P(content), keep threshold) of every line of a rendered page; None when no model ships.

    `ext`: match_extractor(layout, extracted), when the caller has it already."""
    model = loader.load("html")
    if model is None or not layout.lines:
        return None
    lines = split_lines(layout.text, merge_wrapped=False)
    if len(lines) != len(layout.lines):
        return None   # the layout's lines and the text's lines must be the same to score them
    x = html_features(layout, lines, match_extractor(layout, extracted) if ext is None else ext, reasons)
    return model.probabilities(x, x[:, BLANK_COLUMN]), model.threshold


def _unseen_articles(layout: TextLayout, ext: list[float]) -> set[int]:
    """The <article> elements the extractor took nothing of while it read another (it reads one per page)."""
    seen = {ln.in_article for ln, e in zip(layout.lines, ext, strict=True) if e > 0 and ln.in_article >= 0}
    if not seen:
        return set()   # it read no article at all (or none is marked up): nothing to say about a second one
    return {ln.in_article for ln in layout.lines if ln.in_article >= 0} - seen


def overlay_html(layout: TextLayout, extracted: str, keep: list[bool], reasons: list[str | None],
                 titles: tuple[str, ...] = (),
                 followers: set[int] | None = None) -> tuple[list[bool], list[str | None]]:
    """The markup rules' keep/reason per line with the model's verdicts over them (unchanged when no model).

    `titles`: the page's headlines (<title>, og:title, h1): a line that repeats one is never taken back.
    `followers` receives the lines taken back as running text inside an <article> element the extractor did not
    read: sections of the article it read, marked up as articles of their own, not more articles."""
    ext = match_extractor(layout, extracted)
    scored = html_scores(layout, extracted, reasons, ext)
    if scored is None:
        return keep, reasons
    p, threshold = scored
    # a second article the markup rules kept and the extractor never read: the model has seen few (about 250
    # lines in 59 of its 1,052 training pages) and its verdict on them moves from one fit to the next, so the
    # rules' verdict stands
    unseen = _unseen_articles(layout, ext)
    keep, reasons = list(keep), list(reasons)
    text = layout.text
    heads = {norm_key(t) for t in titles if t}
    lines = layout.lines
    ruled = list(keep)
    kept_at = [i for i, k in enumerate(ruled) if k]
    for i, ln in enumerate(lines):
        if i == layout.title_line or reasons[i] in _HARD_HTML:
            continue
        if keep[i] and p[i] < min(threshold, DROP_HTML) and ln.in_article not in unseen:
            keep[i], reasons[i] = False, LOW_CONTENT
        elif not keep[i] and reasons[i] in _TAKE_BACK_HTML and (
                p[i] >= TAKE_BACK_HTML or (p[i] >= TAKE_BACK_PROSE and is_paragraph(layout, i))):
            line = text[ln.start:ln.end]
            if norm_key(line) not in heads and not has_marker(line) and not _opens_article(lines, kept_at, i):
                keep[i], reasons[i] = True, None
                if p[i] < TAKE_BACK_HTML and ln.in_article in unseen and followers is not None:
                    followers.add(i)
    # a paragraph stands once in an article and no body line repeats the title (the gate's invariants)
    seen: set[str] = set()
    marked = has_marker("\n".join(text[ln.start:ln.end] for ln, k in zip(lines, keep, strict=True) if k))
    for i, ln in enumerate(layout.lines):
        if not keep[i]:
            continue
        line = text[ln.start:ln.end]
        key = norm_key(line)
        if key and key in heads:
            keep[i], reasons[i] = False, "duplicate_title"
        elif counts_as_repeat(key) and key in seen:
            keep[i], reasons[i] = False, "duplicate_paragraph"
        elif marked and (why := marker_reason(line)):
            keep[i], reasons[i] = False, why
        elif counts_as_repeat(key):
            seen.add(key)
    return keep, reasons
