"""Decide which lines of a rendered page are its main content.

trafilatura finds the article; its text is matched back to our lines by shared 4-word shingles (the
extractor returns text without offsets). claimtrail's own rules then take out what extractors are known
to leave in (titles, bylines, consent text, teasers, comments, captions, repeated paragraphs) and take
back paragraphs the extractor dropped from inside the article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipelines.core.html_text import TextLayout

_TOKEN = re.compile(r"\w+")


@dataclass
class LineVerdict:
    """Whether a line is main content, and if not, why."""

    keep: bool
    reason: str | None = None


def _shingles(tokens: list[str], n: int = 4) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def match_extractor(layout: TextLayout, extracted: str) -> list[float]:
    """For each line, the share of its 4-word shingles found in the extractor's text (0..1).

    Shingles are consumed as lines claim them, so text the page repeats (captions, teasers that echo the
    lead paragraph) is credited only as often as the extractor kept it; lines in the region the extractor
    clearly took claim first, so a headline echoed in a menu above the article does not steal it.
    """
    text = layout.text
    pool: Counter[tuple[str, ...]] = Counter()
    whole: Counter[tuple[str, ...]] = Counter()
    short: set[tuple[str, ...]] = set()
    for raw in extracted.split("\n"):
        toks = _TOKEN.findall(raw)
        if not toks:
            continue
        whole[tuple(toks)] += 1
        pool.update(_shingles(toks))
        for n in (1, 2, 3):
            short.update(_shingles(toks, n))
    line_toks = [_TOKEN.findall(text[ln.start:ln.end]) for ln in layout.lines]
    # first pass, without consumption: where is the extractor's text?
    strong = [i for i, toks in enumerate(line_toks) if len(toks) >= 8 and tuple(toks) in whole]
    n = len(line_toks)
    lo, hi = (strong[0], strong[-1]) if strong else (0, n - 1)
    order = [*range(lo, hi + 1), *range(hi + 1, n), *range(lo - 1, -1, -1)]
    scores = [0.0] * n
    for i in order:
        toks = line_toks[i]
        if not toks:
            continue
        key = tuple(toks)
        if whole[key] > 0:
            whole[key] -= 1
            pool.subtract(_shingles(toks))
            scores[i] = 1.0
        elif len(toks) >= 4:
            sh = _shingles(toks)
            need = Counter(sh)
            hit = sum(min(c, pool[s]) for s, c in need.items())
            scores[i] = hit / len(sh)
            if scores[i] >= 0.5:
                pool.subtract(need)
        else:
            # a short fragment inside a longer extracted line: half credit, neighbours decide
            scores[i] = 0.5 if key in short else 0.0
    return scores


def select_main(layout: TextLayout, extracted: str) -> list[LineVerdict]:
    """A verdict for every line of the layout."""
    scores = match_extractor(layout, extracted)
    n = len(scores)
    keep = [s > 0.5 for s in scores]
    for i, s in enumerate(scores):
        if s == 0.5:
            keep[i] = (i > 0 and scores[i - 1] > 0.5) or (i + 1 < n and scores[i + 1] > 0.5)
    if layout.title_line is not None:   # the <title> element is the browser tab, never the article
        keep[layout.title_line] = False
    return [LineVerdict(k, None if k else "outside_main_content") for k in keep]
