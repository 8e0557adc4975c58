"""Fold slivers into the page's article: one article per page unless the page really holds several.

A "second article" of a few dozen words beside one of thousands is not a second article: a promo box above
the headline, a commenter's name and date under the text, a "Please reload this page" notice. Its lines
keep the verdict the model gave them (kept as body, or removed with their rule family or `low_content`);
only the article boundary goes. Articles of comparable size (the seeds' bulletins, a page of several
reports) and translations stay apart.
"""

from __future__ import annotations

import numpy as np

from pipelines.core.clean.lines import Line

# a segment whose kept body has fewer words than this share of the page's largest article is a sliver
SLIVER_SHARE = 0.15


def body_words(lines: list[Line], reason: list[str | None], seg) -> int:
    """Words of the lines a segment keeps as body."""
    return sum(lines[k].words for k in range(seg.body_start, seg.end)
               if reason[k] is None and k not in seg.meta and k not in seg.exclude
               and (seg.only is None or k in seg.only))


def _release(reason: list[str | None], seg, p: np.ndarray, threshold: float, why) -> None:
    """A segment's metadata lines (title, byline, date, subtitle) back to the body, or out when the model
    reads them as furniture; notes and bios stay metadata."""
    for k, f in list(seg.meta.items()):
        if f in ("note", "author_bio"):
            continue
        del seg.meta[k]
        reason[k] = None if p[k] >= threshold else why(k)


def fold_slivers(lines: list[Line], segments: list, reason: list[str | None], p: np.ndarray, threshold: float,
                 why) -> None:
    """Join every sliver to its neighbour (in place): to the article before it, or, the page's first, to the
    article after it, whose headline and metadata then head the whole. `why(k)` is the removal reason of a
    line the model reads as furniture."""
    while len(segments) > 1:
        if any(s.only is not None for s in segments):
            return   # an interleaved translation: its pairing with the original is the rules' call
        words = [body_words(lines, reason, s) for s in segments]
        big = max(words)
        k = next((i for i, w in enumerate(words) if w < SLIVER_SHARE * big), None)
        if k is None:
            return
        if k == 0:
            first, nxt = segments[0], segments[1]
            _release(reason, first, p, threshold, why)
            first.meta.update(nxt.meta)
            first.title = nxt.title
            first.end = nxt.end
            first.exclude = first.exclude | nxt.exclude
            del segments[1]
        else:
            prev, seg = segments[k - 1], segments[k]
            _release(reason, seg, p, threshold, why)
            prev.meta.update(seg.meta)
            prev.end = seg.end
            prev.exclude = prev.exclude | seg.exclude
            del segments[k]
