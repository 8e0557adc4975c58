"""Line labels from the gold: a line is content when most of its words occur, in order, in main_content.

The page's word tokens are aligned with the gold's as two sequences (difflib's matching blocks, no junk
heuristic): a word counts as matched only inside a run of two words or more, so a stray "the" does not
vouch for a menu line. A line's label is the share of its words that matched.
"""

from __future__ import annotations

import difflib
import re

_WORD = re.compile(r"\w+")
MIN_RUN = 2


def matched_words(text: str, gold: str) -> tuple[list[tuple[int, int]], list[bool]]:
    """Every word of text (its span) and whether the alignment with gold matched it."""
    spans = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    a = [text[s:e].lower() for s, e in spans]
    b = _WORD.findall(gold.lower())
    hit = [False] * len(a)
    if a and b:
        sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for blk in sm.get_matching_blocks():
            if blk.size >= MIN_RUN:
                for k in range(blk.a, blk.a + blk.size):
                    hit[k] = True
    return spans, hit


def line_labels(text: str, gold: str, extents: list[tuple[int, int]]) -> list[float]:
    """Share of each extent's words (start, end offsets into text, in order) that the gold holds."""
    spans, hit = matched_words(text, gold)
    out = []
    k = 0
    n = len(spans)
    for s, e in extents:
        while k < n and spans[k][1] <= s:
            k += 1
        j = k
        tot = got = 0
        while j < n and spans[j][0] < e:
            tot += 1
            got += hit[j]
            j += 1
        out.append(got / tot if tot else 0.0)
    return out
