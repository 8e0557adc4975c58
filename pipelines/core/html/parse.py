"""Markup to an lxml tree: one parse per page, flattened first when it nests deeper than browsers keep."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from pipelines.core.html.text import BLOCK_TAGS
from pipelines.core.limits import MAX_HTML_DEPTH

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
# huge_tree: unclosed <div>/<font> soup nests deeper than libxml2's default limit, which would drop the text
_PARSER = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True,
                               remove_pis=True, huge_tree=True)
# lxml.html picks each element's class in Python, once per element touched, and trafilatura and the walker
# touch every element several times; every element as a plain HtmlElement is decided in C instead
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity))

def parse_html(markup: str) -> etree._Element | None:
    """Parse decoded markup into an lxml tree, or None when there is no document in it.

    A tree nested deeper than MAX_HTML_DEPTH is flattened below that depth (flatten_deep) and parsed again:
    libxml2 stops at 2,048 levels even with huge_tree and drops everything deeper, and trafilatura looks at
    every element's ancestors (elements x depth). Linear in the markup.
    """
    return parse(markup)[0]


def parse(markup: str) -> tuple[etree._Element | None, bool]:
    """(tree, whether the markup had to be flattened)."""
    markup = _XML_DECL.sub("", markup, count=1)   # lxml refuses str input that declares an encoding
    if not markup.strip():
        return None, False
    try:
        root = lxml_html.document_fromstring(markup, parser=_PARSER)
    except (ValueError, etree.ParserError):
        return None, False
    # an element below the depth limit, found by one XPath step per level (each step a linear pass in C)
    if not _TOO_DEEP(root) and not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in _PARSER.error_log):
        return root, False
    try:
        return lxml_html.document_fromstring(flatten_deep(markup), parser=_PARSER), True
    except (ValueError, etree.ParserError):
        return root, False


_TOO_DEEP = etree.XPath("boolean(/" + "/*" * MAX_HTML_DEPTH + ")")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})
_SELF_NESTING_NOT = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})  # <p><p> closes the first


def flatten_deep(markup: str, limit: int = MAX_HTML_DEPTH - 8) -> str:
    """The markup with every element nested below `limit` levels unwrapped: its tags dropped (a block's replaced
    by a newline, an inline one's by a space), its text and children's text kept in the element at the limit,
    as browsers cap their trees (Blink attaches deeper elements at its limit). A scan of the tags with a stack,
    not a parse; linear in the markup (a closing tag looks at most `limit` entries down the stack)."""
    out: list[str] = []
    stack: list[str] = []
    dropped: dict[str, int] = {}
    last = 0
    for m in _TAG.finditer(markup):
        closing, name = m.group(1), m.group(2).lower()
        if name in _VOID or m.group(0).endswith("/>"):
            continue
        if not closing:
            if name in _SELF_NESTING_NOT and stack and stack[-1] == name:
                stack.pop()
            if len(stack) < limit:
                stack.append(name)
                continue
            dropped[name] = dropped.get(name, 0) + 1
        elif dropped.get(name):
            dropped[name] -= 1
        else:
            if name in stack:
                while stack.pop() != name:
                    pass
            continue
        out.append(markup[last:m.start()])
        out.append("\n" if name in BLOCK_TAGS else " ")
        last = m.end()
    out.append(markup[last:])
    return "".join(out)
