"""Markdown's inline syntax over a whole document: links read as their labels, images and escapes are markup.

Scrapers often dump pages as Markdown ("[Home](/) / [Blog](/blog)", "![logo](logo.png)", "26\\. Surrealism"), and
some wrap it at a fixed width, which cuts a link's address over several lines; text browsers number the links
("[12]Home", the addresses listed at the end). A line is judged as it reads (its labels, its bold words without
their stars), and every character of link syntax, every image, every emphasis mark and every escaping backslash is
a removed span of its own ("markup"), so kept text maps back to its place in the file character by character.

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
_IMAGE_RE = re.compile(_IMAGE)
_SYNTAX = re.compile(
    # a link, its label text and images ("[![logo](l.png) Home](/)"): the label's text is kept, the rest is markup
    # (a block inside a link is rendered as a label of several paragraphs: "[Jane Doe\n\nSenior editor](/jane)")
    rf"\[(?P<label>(?:{_IMAGE}|[^\[\]]){{0,600}})\]\({_ADDRESS}\)"
    rf"|(?P<image>{_IMAGE})"                                            # an image: all markup
    r"|(?P<escape>\\)[!-/:-@\[-`{-~]"                                 # CommonMark's escapes of punctuation
    # strong and emphasised text: "**Best for:** a date", "*sic*" (the marks only, neither inside a word)
    r"|(?<![\w*\\])(?P<mark>\*\*|__|\*)(?=[^\s*_])(?P<marked>[^\n]{0,300}?[^\s*_\\])(?P=mark)(?![\w*])")


# a text browser's dump (lynx -dump) numbers each link, "[12]Home", and lists the addresses at the end, "12. https://…"
_REFERENCE = re.compile(r"^[ \t]*(\d{1,5})\.[ \t]+[a-zA-Z][a-zA-Z0-9+.-]{0,20}:\S*[ \t]*$", re.M)
_LINK_NUMBER = re.compile(r"\[(\d{1,5})\](?=\S)")
_REFERENCES_MIN = 3   # listed addresses that make the bracketed numbers link marks, not citations


def _link_numbers(source_text: str) -> list[tuple[int, int]]:
    """The "[n]" link marks of a text browser's dump: bracketed numbers glued to the text they mark, whose number the
    dump's address list at the end holds (a citation "[12]" of a text with no such list is left alone)."""
    listed = {m.group(1) for m in _REFERENCE.finditer(source_text)}
    if len(listed) < _REFERENCES_MIN:
        return []
    return [m.span() for m in _LINK_NUMBER.finditer(source_text) if m.group(1) in listed]


# reference-style links: "[Home][1]", "![logo][2]" and their definitions, "[1]: https://…", lines of their own
_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?P<ref>[^\[\]\n]{1,100})\]:[ \t]*\S+[^\n]{0,300}$", re.M)
_REF_IMAGE = r"!\[[^\[\]\n]{0,300}\]\[[^\[\]\n]{1,100}\]"
_REF_IMAGE_RE = re.compile(_REF_IMAGE)
_REF_USE = re.compile(rf"(?P<image>{_REF_IMAGE})"
                      rf"|\[(?P<label>(?:{_REF_IMAGE}|[^\[\]]){{0,600}})\]\[(?P<ref>[^\[\]\n]{{1,100}})\]")
_REF_OF_IMAGE = re.compile(r"\]\[([^\[\]\n]{1,100})\]$")


def _reference_links(source_text: str) -> list[tuple[int, int]]:
    """The markup of reference-style links whose reference the document defines: the definition lines whole, an
    image whole, a link's brackets and reference (its label is text)."""
    defined = {}
    for m in _DEFINITION.finditer(source_text):
        defined[m.group("ref").lower()] = m.span()
    if not defined:
        return []
    spans = list(defined.values())
    for m in _REF_USE.finditer(source_text):
        if m.group("image") is not None:
            ref = _REF_OF_IMAGE.search(m.group("image"))
            if ref and ref.group(1).lower() in defined:
                spans.append(m.span())
        elif m.group("ref").lower() in defined:
            a, b = m.span("label")
            spans.append((m.start(), a))
            spans += [i.span() for i in _REF_IMAGE_RE.finditer(source_text, a, b)]
            spans.append((b, m.end()))
    return spans


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted, those that overlap joined into one."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


class InlineMarkup:
    """The inline-markup spans of one document, sorted and disjoint: what is kept of any stretch of it."""

    __slots__ = ("_ends", "spans")

    def __init__(self, source_text: str) -> None:
        spans: list[tuple[int, int]] = []
        for m in _SYNTAX.finditer(source_text):
            if m.group("image") is not None:
                spans.append(m.span())
            elif m.group("escape") is not None:
                spans.append((m.start(), m.start() + 1))
            elif m.group("mark") is not None:
                a, b = m.span("marked")
                spans += [(m.start(), a), (b, m.end())]
            else:
                a, b = m.span("label")
                spans.append((m.start(), a))
                if "![" in m.group("label"):
                    spans += [i.span() for i in _IMAGE_RE.finditer(source_text, a, b)]
                spans.append((b, m.end()))
        if "[" in source_text:
            # a link mark may stand where a Markdown link is read ("[9](919) 277"): overlaps are merged below
            spans += _link_numbers(source_text)
            if "]:" in source_text:
                spans += _reference_links(source_text)
        self.spans = [(a, b) for a, b in _merged(spans) if a < b]
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
    """The document's inline markup, or None when it has none (most plain text holds none of the characters any
    of it needs: "](", a backslash, a star, "__", "]:" or a text browser's address list)."""
    if "](" not in source_text and "\\" not in source_text and "*" not in source_text and "__" not in source_text \
            and "]:" not in source_text and not ("[" in source_text and _REFERENCE.search(source_text)):
        return None
    found = InlineMarkup(source_text)
    return found if found.spans else None
