"""HTML pages to text: decode by BOM, meta charset, then detection; block elements on their own lines."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from pipelines.core.ingest import decode_text, normalise_newlines

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)
_BLOCKS = {"p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "h1", "h2", "h3",
           "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre", "table", "tr", "td", "th", "figure",
           "figcaption", "br", "hr", "form", "title", "dd", "dt", "dl", "address"}
_DROP = {"script", "style", "noscript", "template", "svg", "iframe", "head"}
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n\s*(\n\s*)+")


def declared_charset(payload: bytes) -> str | None:
    """The charset a page declares in a meta tag, if any."""
    m = _META_CHARSET.search(payload[:4096])
    return m.group(1).decode("ascii", "replace").lower() if m else None


def html_to_text(payload: bytes) -> tuple[str, str] | None:
    """The page's visible text with block elements on their own lines, and the encoding used."""
    decoded = decode_text(payload, declared_charset(payload))
    if decoded is None:
        return None
    markup, encoding = decoded
    try:
        root = lxml_html.document_fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):
        return None
    out: list[str] = []
    title = root.findtext(".//title")

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _DROP:
            return
        block = tag in _BLOCKS
        if block:
            out.append("\n")
        if el.text:
            out.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(child.tail)
        if block:
            out.append("\n")

    body = root.find("body")
    walk(body if body is not None else root)
    text = normalise_newlines("".join(out))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _BLANKS.sub("\n\n", text).strip()
    if title and title.strip() and not text.startswith(title.strip()):
        text = title.strip() + "\n\n" + text
    return text, encoding
