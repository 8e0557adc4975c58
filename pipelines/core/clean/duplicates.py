"""Find repeated text: title copies, teasers and pull quotes that repeat body sentences, repeated bodies.

Exact word-shingle containment rather than datasketch MinHash: teasers and pull quotes are short
excerpts of longer paragraphs, and the question is "how much of A stands in B" (containment), which
MinHash's Jaccard estimate answers badly for sets of very different sizes. A shingle index keeps the
scan linear in the text (each shingle's posting list is capped).
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import chain

from pipelines.core.clean.lines import Line, line_key, line_tokens

SHINGLE = 5
_KEY = 8   # letters compared at the start and the end of a line to find copies of a headline
_MAX_BUCKET = 64
_MAX_POSTINGS = 40
_SQUASH = re.compile(r"[\W_]+")


def squash(text: str) -> str:
    """Letters and digits only, lower case: compares text whose spaces were lost in scraping."""
    return _SQUASH.sub("", text.lower())


def _shingles(toks: list[str]) -> list[tuple[str, ...]]:
    # every run of SHINGLE tokens, first occurrences in order (zip of the shifted lists builds them in C)
    return list(dict.fromkeys(zip(*(toks[k:] for k in range(SHINGLE)), strict=False)))   # shorter lists end it


def find_duplicates(lines: list[Line], reason: list[str | None]) -> None:
    """Mark teasers, pull quotes and repeated paragraphs in `reason` (in place)."""
    cand = [ln for ln in lines if reason[ln.idx] is None and ln.words >= SHINGLE and not ln.md_level]
    shingles: dict[int, list[tuple[str, ...]]] = {}
    ntok: dict[int, int] = {}
    for ln in cand:
        toks = line_tokens(ln)
        ntok[ln.idx] = len(toks)
        shingles[ln.idx] = _shingles(toks)
    # how many lines hold each shingle, counted in C; a shingle of one line alone is shared with nobody, so only
    # the others get a posting list (most shingles of a page are its own: it is built for a few)
    held = Counter(chain.from_iterable(shingles.values()))
    shared_ones = {s for s, n in held.items() if n > 1}
    index: dict[tuple[str, ...], list[int]] = {}   # shingle -> the lines holding it, in order (the first few)
    common: dict[int, list[tuple[str, ...]]] = {}   # each line's shingles another line holds too, in its order
    for i, sh in shingles.items():
        common[i] = mine = list(filter(shared_ones.__contains__, sh))
        for s in mine:
            post = index.get(s)
            if post is None:
                index[s] = [i]
            elif len(post) <= _MAX_POSTINGS:
                post.append(i)
    shared: dict[int, dict[int, int]] = {}   # shingles line i shares with each other line, counted once

    def overlaps(i: int) -> dict[int, int]:
        counts = shared.get(i)
        if counts is None:
            counts = shared[i] = {}
            for s in common[i]:
                post = index[s]
                # a shingle held by too many lines (boilerplate phrases) says nothing
                if len(post) > _MAX_POSTINGS:
                    continue
                for j in post:
                    if j != i:
                        counts[j] = counts.get(j, 0) + 1
        # only the lines no rule has removed yet count, as they stand now
        return {j: c for j, c in counts.items() if reason[j] is None}

    # 1. teasers that stitch together sentences of several other paragraphs
    for ln in cand:
        i = ln.idx
        total = len(shingles[i])
        if total < 3 or ln.headinglike:
            continue
        counts = overlaps(i)
        if len(counts) < 2:
            continue
        covered = sum(1 for s in common[i] if any(j != i and reason[j] is None for j in index[s][:_MAX_POSTINGS]))
        big = [j for j, c in counts.items() if c >= max(2, 0.15 * total)]
        if covered >= 0.5 * total and len(big) >= 2 and max(counts.values()) < 0.8 * total:
            reason[i] = "duplicate_paragraph"

    # 2. excerpts (pull quotes, one-paragraph teasers) and verbatim repeats
    twin_of: dict[int, int] = {}
    for ln in cand:
        i = ln.idx
        quoted = ln.core[:1] in "\"“‘'«„"
        if reason[i] is not None or (ln.headinglike and not quoted):
            continue
        total = len(shingles[i])
        if total == 0:
            continue
        if ntok[i] < 8 and not quoted:
            continue
        counts = overlaps(i)
        if not counts:
            continue
        j, c = max(counts.items(), key=lambda kv: (kv[1], -kv[0]))
        if c < 0.8 * total:
            continue
        if ntok[i] < 0.9 * ntok[j]:
            reason[i] = "duplicate_paragraph"          # a shorter excerpt of paragraph j
            _drop_attribution(lines, reason, i)
        elif j < i:
            reason[i] = "duplicate_paragraph"          # the later copy of a repeated paragraph
            twin_of[i] = j
    _group_bodies(lines, reason, twin_of)


_ATTRIBUTION = re.compile(r"^[-–—―]\s*\S")


def _drop_attribution(lines: list[Line], reason: list[str | None], i: int) -> None:
    """A pull quote's credit line ("– Jane Doe, minister") goes with it."""
    if i + 1 < len(lines):
        nxt = lines[i + 1]
        if reason[nxt.idx] is None and nxt.words <= 12 and _ATTRIBUTION.match(nxt.text):
            reason[nxt.idx] = "duplicate_paragraph"


def _group_bodies(lines: list[Line], reason: list[str | None], twin_of: dict[int, int]) -> None:
    """Three or more repeated paragraphs in a row are a body captured twice: `duplicate_body`."""
    if len(twin_of) < 3:
        return   # fewer repeats than a run needs (most pages have none)
    run: list[int] = []

    def flush() -> None:
        if len(run) >= 3:
            for k in run:
                reason[k] = "duplicate_body"
        run.clear()

    for ln in lines:
        i = ln.idx
        if i in twin_of:
            run.append(i)
        elif reason[i] is None and (ln.prose or ln.words > 3):
            flush()
    flush()


class _OnDemand:
    """fn(i) for line i, computed the first time it is read: only headlines and their candidate copies are."""

    def __init__(self, fn) -> None:
        self.fn, self.done = fn, {}

    def __getitem__(self, i: int):
        v = self.done.get(i)
        if v is None:
            v = self.done[i] = self.fn(i)
        return v


class LineKeys:
    """Per-line comparison keys computed once: word tokens, their join, and the squashed text."""

    def __init__(self, lines: list[Line]) -> None:
        self.toks = _OnDemand(lambda i: line_tokens(lines[i]))
        self.norms = _OnDemand(lambda i: " ".join(self.toks[i]))
        # squash(core) is the line's key without its spaces (both drop every run of non-letters and non-digits);
        # the key is remembered on the line for the repeat rules
        self.squashed = [line_key(ln).replace(" ", "") for ln in lines]
        # lines by the first and the last letters of their squashed text: a copy of a headline (whole,
        # with a suffix, glued, or a fragment of it) shares its start or its end with the headline
        self.by_prefix: dict[str, list[int]] = {}
        self.by_suffix: dict[str, list[int]] = {}
        self.by_squash: dict[str, list[int]] = {}
        for i, sq in enumerate(self.squashed):
            self.by_squash.setdefault(sq, []).append(i)
            if len(sq) >= _KEY:
                self.by_prefix.setdefault(sq[:_KEY], []).append(i)
                self.by_suffix.setdefault(sq[-_KEY:], []).append(i)

    def candidates(self, i: int) -> list[int]:
        """Lines after i that start or end like line i, in order."""
        sq = self.squashed[i]
        pre, suf = self.by_prefix.get(sq[:_KEY], []), self.by_suffix.get(sq[-_KEY:], [])
        if len(pre) + len(suf) > _MAX_BUCKET:
            # many lines alike ("Chapter 1", "Chapter 2", ...): verbatim copies only, to stay linear
            return [j for j in self.by_squash.get(sq, ()) if j > i]
        return sorted(j for j in set(pre) | set(suf) if j > i)


def title_copies(lines: list[Line], reason: list[str | None], head: Line, keys: LineKeys) -> list[int]:
    """Later lines that repeat heading `head`: verbatim, with a short suffix (" | Site"), glued to
    another headline, or as a fragment of 3+ words of it."""
    h_tok = keys.toks[head.idx]
    h_norm = keys.norms[head.idx]
    h_sq = keys.squashed[head.idx]
    if len(h_tok) < 3 or len(h_sq) < 12:
        return []
    out = []
    for i in keys.candidates(head.idx):
        ln = lines[i]
        if reason[i] is not None and reason[i] not in ("caption", "related_link"):
            continue
        sq = keys.squashed[i]
        n = keys.norms[i]
        if n == h_norm:
            out.append(i)
            continue
        toks = keys.toks[i]
        if sq.startswith(h_sq) or sq.endswith(h_sq):
            rest = len(toks) - len(h_tok)
            glued = toks[:len(h_tok)] != h_tok and toks[-len(h_tok):] != h_tok
            if rest <= 6 or not ln.prose or (glued and len(toks) <= 30):
                out.append(i)
            continue
        if ln.headinglike and 3 <= len(toks) < len(h_tok) and len(toks) >= 0.3 * len(h_tok) and \
                (h_norm.startswith(n + " ") or h_norm.endswith(" " + n)):
            out.append(i)
    return out
