"""The line model's verdicts combined with the rules: the model chooses what is kept, the rules say why not.

Every line the model drops keeps a reason: the family the rules found for it, else `low_content` (a line
that reads as page furniture by its shape and neighbours, though no family names it). The rules that guard
the warehouse's invariants stay hard whatever the model says: repeated paragraphs and title copies, and
lines held as article metadata (title, byline, date).
"""

from __future__ import annotations

import numpy as np

from pipelines.core.clean.lines import Line
from pipelines.core.model import loader
from pipelines.core.model.features import TEXT_FEATURES, family_of, text_features

LOW_CONTENT = "low_content"
# removals the model may overturn: families that short lines of running text often trip
SOFT = frozenset({"navigation", "related_link", "masthead", "footer", "page_header_footer", "table_of_contents",
                  "tags", "caption", "share_buttons", "comment_section", "advertisement", "newsletter",
                  "outside_main_content", "end_marker"})
# a line the model keeps against the rules needs this much confidence
TAKE_BACK = 0.6
_BLANK = TEXT_FEATURES.index("blank_before")


def text_scores(lines: list[Line]) -> tuple[np.ndarray, np.ndarray, float] | None:
    """(P(content), feature rows, keep threshold) of every line of a plain-text document; None when no
    model ships."""
    model = loader.load("txt")
    if model is None or not lines:
        return None
    x = text_features(lines)
    return model.probabilities(x, x[:, _BLANK]), x, model.threshold


# lines above the first kept line that stay for the rules to read (headline, standfirst, byline, date)
HEADER_REACH = 8


def preset_text(lines: list[Line], reason: list[str | None], p: np.ndarray, x: np.ndarray,
                threshold: float) -> None:
    """Before the rules plan a document: every line the model drops gets its family or `low_content`, so the
    rules only read what is left (fast on pages that are mostly furniture). The few lines above the first
    kept line stay open: the rules find the headline, byline and date among them."""
    keep = p >= threshold
    first = int(np.argmax(keep)) if keep.any() else len(lines)
    header = range(max(0, first - HEADER_REACH), first)
    for k in range(len(lines)):
        if reason[k] is None and not keep[k] and k not in header:
            reason[k] = family_of(x[k]) or LOW_CONTENT


def overlay_text(lines: list[Line], reason: list[str | None], segments: list, p: np.ndarray, x: np.ndarray,
                 threshold: float) -> None:
    """Apply the model to a planned document in place: drop body lines it reads as furniture, take back lines
    the rules removed that it reads as text (into the article that holds them), and join an article to the one
    before when the model reads its headline as a heading inside the text."""
    if not segments:
        # the rules found no article (no running text left to them): what the model keeps is one
        kept = np.flatnonzero(p >= max(threshold, TAKE_BACK))
        if not len(kept):
            return
        from pipelines.core.clean.segment import Segment

        segments.append(Segment(int(kept[0]), len(lines), None, int(kept[0])))
    meta = set()
    for seg in segments:
        meta.update(seg.meta)
    firsts = [seg.first for seg in segments]
    for k in range(len(lines)):
        if k in meta:
            continue
        r = reason[k]
        if p[k] >= threshold:
            if r in SOFT and p[k] >= TAKE_BACK:
                reason[k] = None
                seg = _holder(segments, firsts, k)
                if k < seg.body_start:
                    seg.body_start = k
                    seg.first = min(seg.first, k)
        elif r is None:
            reason[k] = family_of(x[k]) or LOW_CONTENT
    _merge_segments(segments, reason, p, threshold)


def _holder(segments: list, firsts: list[int], k: int):
    """The segment a line belongs to: the last that starts at or before it, else the first."""
    import bisect

    i = bisect.bisect_right(firsts, k) - 1
    return segments[max(i, 0)]


def _merge_segments(segments: list, reason: list[str | None], p: np.ndarray, threshold: float) -> None:
    """A later article whose headline the model reads as body text is the same article: one article per page
    unless the page really holds several."""
    k = 1
    while k < len(segments):
        prev, seg = segments[k - 1], segments[k]
        if seg.only is not None or prev.only is not None or seg.title is None or p[seg.title] < threshold:
            k += 1
            continue
        # the headline becomes a heading of the body before; its own metadata lines stay metadata
        t = seg.title
        del seg.meta[t]
        reason[t] = None
        prev.meta.update(seg.meta)
        prev.end = seg.end
        prev.exclude = prev.exclude | seg.exclude
        del segments[k]


# HTML verdicts the model never overturns: repeated paragraphs and title copies (the gate's invariants)
_HARD_HTML = frozenset({"duplicate_title", "duplicate_paragraph"})


def html_scores(layout, extracted: str, reasons: list[str | None]) -> tuple[np.ndarray, float] | None:
    """(P(content), keep threshold) of every line of a rendered page; None when no model ships."""
    from pipelines.core.clean.lines import split_lines
    from pipelines.core.html_main import match_extractor
    from pipelines.core.model.features_html import html_features

    model = loader.load("html")
    if model is None or not layout.lines:
        return None
    lines = split_lines(layout.text, merge_wrapped=False)
    if len(lines) != len(layout.lines):
        return None   # the layout's lines and the text's lines must be the same to score them
    x = html_features(layout, lines, match_extractor(layout, extracted), reasons)
    return model.probabilities(x, x[:, _BLANK]), model.threshold


def overlay_html(layout, extracted: str, keep: list[bool], reasons: list[str | None]) -> tuple[list[bool],
                                                                                             list[str | None]]:
    """The markup rules' keep/reason per line with the model's verdicts over them (unchanged when no model)."""
    scored = html_scores(layout, extracted, reasons)
    if scored is None:
        return keep, reasons
    p, threshold = scored
    keep, reasons = list(keep), list(reasons)
    for i in range(len(keep)):
        if i == layout.title_line or reasons[i] in _HARD_HTML:
            continue
        if keep[i] and p[i] < threshold:
            keep[i], reasons[i] = False, LOW_CONTENT
        elif not keep[i] and p[i] >= TAKE_BACK and reasons[i] in SOFT | {None}:
            keep[i], reasons[i] = True, None
    return keep, reasons
