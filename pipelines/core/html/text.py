"""Walk a parsed HTML tree once: the page's visible text, one line per block, and facts about every line.

Hand-written because no maintained library renders text while recording where each block's text lands
(html2text, inscriptis and trafilatura all return text without offsets back into the rendering).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from pipelines.core import rules

# elements that start a new line of text
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "option", "p",
    "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "title", "tr", "ul",
})
# never text: code, styling, embedded documents, form widgets' internals; JSON-LD lives in <script>
DROP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "select", "textarea", "button", "input", "meta", "link", "base", "video", "audio", "map",
})
# table cells stay on their row's line, set apart by a visible separator
CELL_TAGS = frozenset({"td", "th"})
CELL_SEPARATOR = " | "
_KINDS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
          "h6": "heading", "li": "list_item", "dd": "list_item", "dt": "list_item"}
_LAYOUT_CELL_CONTENT = ("br", "p", "div", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6",
                        "blockquote", "section", "article", "form")
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# a <button> holding paragraphs or headings is not a widget: an unclosed button that the parser let swallow the
# page (a menu toggle left open), so its content is walked like any other block's
_BUTTON_CONTENT = tuple(HEADING_TAGS | {"p", "article", "main", "section", "table", "blockquote"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# class/id words that mark an element as page furniture, with the removal reason they imply. An attribute
# is split into words (CamelCase, - _ : / . and spaces), and each word and each pair of neighbours joined
# ("read-more" -> "readmore") is looked up whole, so "header" never reads as "ad" nor "shadow" as "ad"
_FURNITURE_WORDS: dict[str, str] = rules.furniture_words()   # rules/html.toml [furniture]
# the attribute pipelines.core.html.site sets on the elements a site profile drops (value: the reason)
SITE_MARK = "data-claimtrail-site-drop"
_ENCLOSING = frozenset({"comment_section", "cookie_banner", "newsletter"})
_EMBED_WORDS = frozenset(rules.words("html")["embed"])
_ATTR_SPLIT = re.compile(r"[\s_\-:/.]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_ROLE_REASON = {"navigation": "navigation", "banner": "masthead", "contentinfo": "footer",
                "complementary": "related_link", "search": "navigation", "menu": "navigation",
                "menubar": "navigation", "dialog": "cookie_banner", "alertdialog": "cookie_banner"}
_TAG_REASON = {"nav": "navigation", "footer": "footer", "aside": "related_link", "figcaption": "caption",
               "form": "navigation", "menu": "navigation", "dialog": "cookie_banner", "caption": "caption"}


@dataclass
class Line:
    """One line of source_text: its extent, the block it came from and what surrounds it."""

    start: int
    end: int
    tag: str                 # tag of the innermost block element holding the line
    block: int               # index of that block element in TextLayout.blocks
    link_chars: int          # characters of the line inside <a>
    furniture: str | None    # removal reason implied by an enclosing element's tag/class/id, if any
    furniture_block: int     # the block element that implied it (-1 when none)
    heading: bool = False
    in_article: int = -1     # index of the enclosing <article> element, -1 when none
    kind: str = "paragraph"  # heading, list_item, quote or paragraph, from the enclosing elements


@dataclass
class TextLayout:
    """The rendered page: text, its lines, and the block elements (parent links for container logic)."""

    text: str
    lines: list[Line] = field(default_factory=list)
    block_parent: list[int] = field(default_factory=list)
    block_tag: list[str] = field(default_factory=list)
    title_line: int | None = None   # the <title> element's line, if any
    block_attr: list[str] = field(default_factory=list)   # each block's class and id words (for the model)
    site_blocks: dict[int, str] = field(default_factory=dict)  # block -> reason, for blocks a site profile drops


def _words_reason(value: str) -> str | None:
    """Removal reason a class or id value implies (memoised: sites repeat the same class strings)."""
    reason = _ATTR_CACHE.get(value, "")
    if reason != "":
        return reason
    reason = None
    words = words_of(value)
    if _EMBED_WORDS.intersection(words):
        words = []     # an embedded post (tweet, video) is quoted content, whatever else its box says
    for i, word in enumerate(words):
        reason = _FURNITURE_WORDS.get(word)
        if reason is None and i + 1 < len(words):
            reason = _FURNITURE_WORDS.get(word + words[i + 1])
        if reason:
            break
    if len(_ATTR_CACHE) < 100_000:
        _ATTR_CACHE[value] = reason
    return reason


_ATTR_CACHE: dict[str, str | None] = {}


def words_of(value: str) -> list[str]:
    """The lower-case words of a class or id value (split at CamelCase, - _ : / . and spaces)."""
    return _ATTR_SPLIT.split(_CAMEL.sub(" ", value).lower())


def furniture_reason(el: etree._Element) -> str | None:
    """Removal reason implied by an element's own tag, role, class or id; None for ordinary elements."""
    reason = _TAG_REASON.get(el.tag)
    if reason:
        return reason
    get = el.get
    role = get("role")
    if role and role in _ROLE_REASON:
        return _ROLE_REASON[role]
    value = get("class")
    if value and (reason := _words_reason(value)):
        return reason
    value = get("id")
    return _words_reason(value) if value else None


def render(root: etree._Element, *, reveal_hidden: bool = False) -> TextLayout:
    """Render the tree's visible text with blocks on their own lines, blank lines between blocks.

    `reveal_hidden`: render elements with the `hidden` attribute too, for pages whose server sends the article in
    a hidden element that a script swaps in (streamed rendering); styles that hide stay hidden."""
    parts: list[str] = []     # finished text
    pos = 0                   # length of finished text
    buf: list[str] = []       # current line's fragments
    buf_link = 0
    lines: list[Line] = []
    block_parent: list[int] = []
    block_tag: list[str] = []
    block_attr: list[str] = []
    site_blocks: dict[int, str] = {}
    # stacks, one entry per open block element
    block_stack: list[int] = [-1]
    furn_stack: list[tuple[str | None, int]] = [(None, -1)]
    article_stack: list[int] = [-1]
    quote_depth = 0
    pre_depth = 0
    layout_cells: list[etree._Element] = []    # open table cells rendered as blocks
    link_depth = 0
    pending = ""              # separator owed before the next line: "\n" after <br>, "\n\n" after a block
    title_line: int | None = None
    blocks, drops, cells, search_hidden = BLOCK_TAGS, DROP_TAGS, CELL_TAGS, _HIDDEN_STYLE.search

    def flush() -> None:
        nonlocal pos, buf_link, pending, title_line
        text = " ".join("".join(buf).split())
        buf.clear()
        link = min(buf_link, len(text))
        buf_link = 0
        if not text:
            return
        if lines:
            sep = pending or "\n"
            parts.append(sep)
            pos += len(sep)
        pending = ""
        block = block_stack[-1]
        tag = block_tag[block] if block >= 0 else "body"
        lines.append(Line(pos, pos + len(text), tag, block, link, *furn_stack[-1],
                          heading=tag in HEADING_TAGS, in_article=article_stack[-1],
                          kind=_KINDS.get(tag) or ("quote" if quote_depth else "paragraph")))
        if tag == "title" and title_line is None:
            title_line = len(lines) - 1
        parts.append(text)
        pos += len(text)

    skipping: etree._Element | None = None
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if type(tag) is not str:      # comments, processing instructions
            if event == "end" and el.tail and (buf or not el.tail.isspace()):
                buf.append(el.tail)
            continue
        if event == "start":
            get = el.get
            if (tag in drops and not (tag == "button" and next(el.iterdescendants(*_BUTTON_CONTENT), None)
                                      is not None)) \
                    or (get("hidden") is not None and not reveal_hidden) or get("aria-hidden") == "true" \
                    or ((style := get("style")) and search_hidden(style)):
                walker.skip_subtree()
                skipping = el
                continue
            # a table cell holding paragraphs, lists or line breaks is page layout, not data: a block
            if tag in blocks or (tag in cells and next(el.iterdescendants(*_LAYOUT_CELL_CONTENT), None) is not None
                                 and not layout_cells.append(el)):
                if buf:
                    flush()
                if tag == "br":
                    if not pending:
                        pending = "\n"
                    continue
                pending = "\n\n"
                idx = len(block_tag)
                block_tag.append(tag)
                block_attr.append(f"{get('class') or ''} {get('id') or ''}")
                if (site := get(SITE_MARK)) is not None:
                    site_blocks[idx] = site
                block_parent.append(block_stack[-1])
                block_stack.append(idx)
                # the innermost marked element counts: a whole-page wrapper with class "nav-open" must not
                # hide a comment box inside it (the selection step ignores marks on article ancestors)
                own = furniture_reason(el)
                # ...except a bare <footer>/<form>/<nav> inside a comment, consent or newsletter box, which
                # names everything in it (a comment's footer, the reply form)
                if own and not (tag in _TAG_REASON and furn_stack[-1][0] in _ENCLOSING):
                    furn_stack.append((own, idx))
                else:
                    furn_stack.append(furn_stack[-1])
                article_stack.append(idx if tag == "article" else article_stack[-1])
                if tag == "blockquote":
                    quote_depth += 1
                elif tag == "pre":
                    pre_depth += 1
            elif tag == "a":
                link_depth += 1
            elif tag in cells and buf and "".join(buf).strip():
                buf.append(CELL_SEPARATOR)
            text = el.text
        else:
            if skipping is el:
                skipping = None
            elif tag in blocks or (layout_cells and layout_cells[-1] is el and layout_cells.pop() is el):
                if tag != "br":
                    if buf:
                        flush()
                    pending = "\n\n"
                    block_stack.pop()
                    furn_stack.pop()
                    article_stack.pop()
                    if tag == "blockquote":
                        quote_depth -= 1
                    elif tag == "pre":
                        pre_depth -= 1
            elif tag == "a":
                link_depth -= 1
            text = el.tail
        if pre_depth and text and "\n" in text:
            # preformatted text keeps its line breaks: each of its lines is a line of source_text
            first, *rest = text.split("\n")
            if first.strip():
                buf.append(first)
            for piece in rest:
                if buf:
                    flush()
                if not pending:
                    pending = "\n"
                if piece.strip():
                    buf.append(piece)
            continue
        # leading white space of a line is dropped anyway: do not collect it
        if text and (buf or not text.isspace()):
            buf.append(text)
            if link_depth:
                buf_link += len(text.strip())
    if buf:
        flush()
    return TextLayout("".join(parts), lines, block_parent, block_tag, title_line, block_attr, site_blocks)
