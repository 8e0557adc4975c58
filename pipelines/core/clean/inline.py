"""Markdown's inline syntax over a whole document: links read as their labels, images and escapes are markup.

Scrapers often dump pages as Markdown ("[Home](/) / [Blog](/blog)", "![logo](logo.png)", "26\\. Surrealism"), and
some wrap it at a fixed width, which cuts a link's address over several lines. A line is judged as it reads
(its labels), and every character of link syntax, every image and every escaping backslash is a removed span
of its own ("markup"), so kept text maps back to its place in the file character by character.

Found once per document by one regular expression over the whole text (linear; bounded repeats), not per line,
because a wrapped link spans lines. Hand-written: Markdown parsers (markdown-it, mistune) render to HTML and
drop source offsets, and do not read the broken links of a wrapped dump.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# a label of up to three lines without brackets; an address (and title) without brackets, whose line may be cut
# where it has no space (a wrapped address) over up to nine lines
_LABEL = r"[^\[\]\n]{0,300}(?:\n[^\[\]\n]{0,300}){0,2}"
_ADDRESS = r"[^()\n]{0,2000}(?:\n[^()\s]{1,2000}){0,8}"
_IMAGE = rf"!\[{_LABEL}\]\({_ADDRESS}\)"
_SYNTAX = re.compile(
    rf"(?P<whole>\[\s{{0,3}}{_IMAGE}\s{{0,3}}\]\({_ADDRESS}\)|{_IMAGE})"   # a linked image, an image: all markup
    rf"|\[(?P<label>{_LABEL})\]\({_ADDRESS}\)"                              # a link: its label is text
    r"|(?P<escape>\\)[!-/:-@\[-`{-~]")                                  # CommonMark's escapes of punctuation


class InlineMarkup:
    """The inline-markup spans of one document, sorted and disjoint: what is kept of any stretch of it."""

    __slots__ = ("_ends", "_starts", "spans")

    def __init__(self, source_text: str) -> None:
        spans: list[tuple[int, int]] = []
        for m in _SYNTAX.finditer(source_text):
            if m.group("whole") is not None:
                spans.append(m.span())
            elif m.group("escape") is not None:
                spans.append((m.start(), m.start() + 1))
            else:
                a, b = m.span("label")
                spans += [(m.start(), a), (b, m.end())]
        self.spans = [(a, b) for a, b in spans if a < b]
        self._starts = [a for a, _ in self.spans]
        self._ends = [b for _, b in self.spans]

    def pieces(self, s: int, e: int) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """[s, e) as ([kept slices], [markup slices]), both in order."""
        kept: list[tuple[int, int]] = []
        gone: list[tuple[int, int]] = []
        k = bisect_right(self._ends, s)   # the first span ending after s
        p = s
        spans = self.spans
        while k < len(spans) and spans[k][0] < e:
            a, b = max(spans[k][0], s), min(spans[k][1], e)
            if a > p:
                kept.append((p, a))
            gone.append((a, b))
            p = b
            k += 1
        if p < e:
            kept.append((p, e))
        return kept, gone

    def view(self, source_text: str, s: int, e: int) -> str:
        """[s, e) as it reads: labels for links, nothing for images and escaping backslashes, trimmed."""
        kept, gone = self.pieces(s, e)
        if not gone:
            return source_text[s:e]
        return "".join(source_text[a:b] for a, b in kept).strip()


def inline_markup(source_text: str) -> InlineMarkup | None:
    """The document's inline markup, or None when it has none (no "](" and no backslash: most plain text)."""
    if "](" not in source_text and "\\" not in source_text:
        return None
    found = InlineMarkup(source_text)
    return found if found.spans else None
