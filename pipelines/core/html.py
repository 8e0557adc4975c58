"""HTML pages to a document: decoded text with blocks on their own lines, main-content spans and metadata.

One lxml parse per page is shared by the text walker, the metadata reader and trafilatura (which copies
the tree before it prunes it). Nothing on the page is executed: scripts are skipped, JSON-LD is read as data.
"""

from __future__ import annotations

import codecs
import re
import zlib
from bisect import bisect_left
from dataclasses import dataclass, field

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from pipelines.core.decoding import Decoded, GzipTooLarge, decode, gunzip
from pipelines.core.html_main import select_main
from pipelines.core.html_meta import BYLINE_PREFIX, normalise_byline, read_meta
from pipelines.core.html_text import BLOCK_TAGS, TextLayout, render
from pipelines.core.limits import MAX_EXTRACTOR_CHARS, MAX_FILE_BYTES, MAX_HTML_DEPTH, MAX_TEXT_CHARS
from pipelines.core.model.decide import overlay_html

# <meta charset=x> and <meta http-equiv="Content-Type" content="text/html; charset=x"> both carry "charset="
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
# labels browsers treat as another encoding (WHATWG Encoding Standard): Latin-1 and ASCII mean windows-1252,
# and a UTF-16 label in a page that decodes as bytes is a lie (it would not be readable as ASCII at all)
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
                  "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "windows-1252": "cp1252",
                  "x-sjis": "shift_jis", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
                  "unicode": "utf-8", "x-user-defined": "cp1252"}
# huge_tree: unclosed <div>/<font> soup nests deeper than libxml2's default limit, which would drop the text
_PARSER = lxml_html.HTMLParser(collect_ids=False, default_doctype=False, remove_comments=True,
                               remove_pis=True, huge_tree=True)
# lxml.html picks each element's class in Python, once per element touched, and trafilatura and the walker
# touch every element several times; every element as a plain HtmlElement is decided in C instead
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment, pi=lxml_html.HtmlProcessingInstruction,
    entity=lxml_html.HtmlEntity))
_SPACES = re.compile(r"\s+")
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class HtmlPage:
    """One HTML page as claimtrail reads it."""

    source_text: str
    encoding: str
    main_spans: list[tuple[int, int]]                  # char ranges of source_text that are main content
    title: str | None = None
    byline: str | None = None
    published_date: str | None = None                  # ISO 8601 date
    language: str | None = None                        # ISO 639-1
    canonical_url: str | None = None
    article_spans: list[tuple[int, int]] = field(default_factory=list)  # one extent per article found
    article_titles: list[str | None] = field(default_factory=list)      # each article's title
    article_languages: list[str | None] = field(default_factory=list)   # each article's language
    title_spans: list[tuple[int, int] | None] = field(default_factory=list)  # each title's place, if shown
    title_span: tuple[int, int] | None = None          # where the page title stands in source_text
    # (start, end, reason) for every line left out of main content
    removed_hints: list[tuple[int, int, str]] = field(default_factory=list)
    # (start, end, kind) for every kept line: heading, paragraph, quote or list_item
    paragraphs: list[tuple[int, int, str]] = field(default_factory=list)
    quarantine_reason: str | None = None
    encoding_confidence: float = 1.0                   # how sure the decoding is (pipelines.core.decoding)
    flattened: bool = False                            # nested deeper than the parser allows: flattened first

    def as_meta(self) -> dict:
        """The page's findings as plain JSON-ready data (what the shell stores as page_meta)."""
        return {
            "main_spans": [list(s) for s in self.main_spans], "title": self.title, "byline": self.byline,
            "published_date": self.published_date, "language": self.language,
            "canonical_url": self.canonical_url, "article_spans": [list(s) for s in self.article_spans],
            "article_titles": list(self.article_titles),
            "article_languages": list(self.article_languages),
            "title_spans": [list(s) if s else None for s in self.title_spans],
            "removed_hints": [list(h) for h in self.removed_hints],
            "paragraphs": [list(p) for p in self.paragraphs],
            "quarantine_reason": self.quarantine_reason,
            **({"flattened_below_depth": MAX_HTML_DEPTH} if self.flattened else {}),
        }


def _refused(reason: str, decoded: Decoded | None = None) -> HtmlPage:
    """A page not read at all (too large, or a corrupt gzip stream): no text, only the reason."""
    return HtmlPage("", decoded.encoding if decoded else "", [], quarantine_reason=reason,
                    encoding_confidence=decoded.confidence if decoded else 0.0)


def declared_charset(payload: bytes) -> str | None:
    """The charset a page declares (XML declaration or meta tag), as a Python codec name, or None."""
    head = payload[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    label = m.group(1).decode("ascii", "replace").lower()
    label = _LABEL_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_page(payload: bytes) -> Decoded | None:
    """Decode page bytes: BOM, UTF-16/32, valid UTF-8, the declared charset unless it reads as mojibake, then
    detection weighed by plausibility (pipelines.core.decoding); None if hopeless."""
    return decode(payload, declared_charset(payload))


def decode_html(payload: bytes) -> tuple[str, str] | None:
    """(markup, codec) of page bytes, as decode_page decides; None if hopeless."""
    decoded = decode_page(payload)
    return (decoded.text, decoded.encoding) if decoded else None


def parse_html(markup: str) -> etree._Element | None:
    """Parse decoded markup into an lxml tree, or None when there is no document in it.

    A tree nested deeper than MAX_HTML_DEPTH is flattened below that depth (flatten_deep) and parsed again:
    libxml2 stops at 2,048 levels even with huge_tree and drops everything deeper, and trafilatura looks at
    every element's ancestors (elements x depth). Linear in the markup.
    """
    return _parse(markup)[0]


def _parse(markup: str) -> tuple[etree._Element | None, bool]:
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


def _extract_main_text(root: etree._Element) -> str:
    """trafilatura's article text for the tree (it copies the tree before pruning it)."""
    try:
        return trafilatura.extract(root, fast=True, favor_recall=True, include_comments=False,
                                   include_tables=True) or ""
    except (RecursionError, ValueError, TypeError, AttributeError, IndexError):
        return ""   # the extractor choking on odd markup leaves the page to the fallback, not a crash


def extract_page(payload: bytes, *, max_bytes: int = MAX_FILE_BYTES,
                 max_chars: int = MAX_TEXT_CHARS) -> HtmlPage | None:
    """Read one HTML page; None when the bytes cannot be decoded or parsed as HTML.

    A page too large to read (over max_bytes once gunzipped, over max_chars of decoded markup) or a corrupt gzip
    stream comes back as a page with no text and that quarantine reason. Linear in the page: decoding, one
    parse, one walk of the tree, and trafilatura's own pass, whose memory is a few times the markup's.
    """
    if payload[:2] == _GZIP_MAGIC:
        try:
            payload = gunzip(payload, max_bytes)
        except GzipTooLarge as exc:
            return _refused(f"file too large once decompressed: more than {exc.cap} bytes (stopped at "
                            f"{exc.reached}; CLAIMTRAIL_MAX_FILE_BYTES)")
        except (OSError, EOFError, zlib.error) as exc:
            return _refused(f"corrupt gzip: {exc}")
    decoded = decode_page(payload)
    if decoded is None:
        return None
    if len(decoded.text) > max_chars:
        return _refused(f"page too large: {len(decoded.text)} characters of markup > {max_chars} "
                        "(CLAIMTRAIL_MAX_DOCUMENT_CHARS)", decoded)
    root, flattened = _parse(decoded.text)
    if root is None:
        return None
    meta = read_meta(root)
    layout = render(root)
    text = layout.text
    page = HtmlPage(text, decoded.encoding, [], meta.title, meta.byline, meta.published_date, meta.language,
                    meta.canonical_url, encoding_confidence=decoded.confidence, flattened=flattened)
    if not text.strip() or (layout.title_line is not None and len(layout.lines) == 1):
        page.quarantine_reason = "no visible text in HTML page (only scripts, styles or markup)"
        return page
    # trafilatura copies the tree and works on the copy (about 13x the markup in memory): a page over
    # MAX_EXTRACTOR_CHARS is read by the selection's own signals alone, so memory stays a few times the page
    extracted = _extract_main_text(root) if len(decoded.text) <= MAX_EXTRACTOR_CHARS else ""
    verdicts = select_main(layout, extracted, meta.headline_refs)
    # the learned line model over the markup rules' verdicts (the rules' reasons stay for what it drops)
    keep, reasons = overlay_html(layout, extracted, [v.keep for v in verdicts], [v.reason for v in verdicts],
                                 (meta.title, *meta.headline_refs))
    page.main_spans = _merge_runs(layout, keep)
    page.removed_hints = [(ln.start, ln.end, r or "outside_main_content")
                          for ln, k, r in zip(layout.lines, keep, reasons, strict=True) if not k]
    page.paragraphs = [(ln.start, ln.end, ln.kind) for ln, k in zip(layout.lines, keep, strict=True) if k]
    if not page.main_spans:
        page.quarantine_reason = "no main content found in HTML page (navigation, links or boilerplate only)"
        return page
    _articles(page, layout, keep)
    page.language = _language(page, meta.language)
    page.article_languages = [page.language] * len(page.article_spans)
    if len(page.article_spans) > 1:
        # several articles may be one story in several languages: each is read for its own
        for n, (s, e) in enumerate(page.article_spans):
            body = " ".join(text[a:b] for a, b in page.main_spans if s <= a and b <= e)
            if len(body) >= 200:
                page.article_languages[n] = detect_language(body[:2000])
    if page.byline is None:
        # no author in the markup: the visible 'By ...' line above the article, if there is one
        page.byline = next((normalise_byline(text[s:e]) for s, e, why in page.removed_hints
                            if why == "masthead" and e - s < 120 and BYLINE_PREFIX.match(text[s:e])), None)
    return page


def _articles(page: HtmlPage, layout: TextLayout, keep: list[bool]) -> None:
    """Article extents and titles: one per <article> element when several hold real prose, else one."""
    lines = layout.lines
    kept = [i for i, k in enumerate(keep) if k]
    groups: dict[int, list[int]] = {}
    for i in kept:
        groups.setdefault(lines[i].in_article, []).append(i)
    text = page.source_text
    substantial = [g for a, g in groups.items()
                   if a >= 0 and len(g) >= 2 and sum(len(text[lines[i].start:lines[i].end].split()) for i in g) >= 40]
    if len(substantial) >= 2 and sum(len(g) for g in substantial) >= 0.8 * len(kept):
        ordered = sorted(substantial)
        for n, g in enumerate(ordered):
            heading = _heading_before(layout, g[0], lines[g[0]].in_article, keep)
            # kept lines between two <article> elements belong to the one before: every kept line is in one
            first = kept[0] if n == 0 else g[0]
            nxt = ordered[n + 1][0] if n + 1 < len(ordered) else None
            last = kept[-1] if nxt is None else kept[bisect_left(kept, nxt) - 1]  # kept is sorted: no scan
            page.article_spans.append((lines[first].start, lines[last].end))
            page.article_titles.append(text[lines[heading].start:lines[heading].end] if heading is not None
                                       else None)
            page.title_spans.append((lines[heading].start, lines[heading].end) if heading is not None else None)
        return
    page.article_spans.append((lines[kept[0]].start, lines[kept[-1]].end))
    span = _title_line(layout, page.title, kept[0])
    page.title_span = span
    page.article_titles.append(page.title)
    page.title_spans.append(span)


def _heading_before(layout: TextLayout, first: int, article: int, keep: list[bool]) -> int | None:
    """The heading line of the same <article> element just before its first kept line, if any."""
    for i in range(first - 1, -1, -1):
        ln = layout.lines[i]
        if ln.in_article != article or keep[i]:
            return None
        if ln.heading:
            return i
    return None


def _title_line(layout: TextLayout, title: str | None, first_kept: int) -> tuple[int, int] | None:
    """Where the title stands in source_text: the matching line nearest above the article, else any."""
    if not title:
        return None
    want = _SPACES.sub(" ", title).strip().lower()
    found = [i for i, ln in enumerate(layout.lines)
             if i != layout.title_line and layout.text[ln.start:ln.end].lower() == want]
    if not found:
        return None
    above = [i for i in found if i < first_kept]
    i = above[-1] if above else found[0]
    return layout.lines[i].start, layout.lines[i].end


def _language(page: HtmlPage, declared: str | None) -> str | None:
    """The language the page declares (<html lang>, Content-Language, og:locale); detected when none."""
    if declared:
        return declared
    body = " ".join(page.source_text[s:e] for s, e in page.main_spans)[:2000]
    return detect_language(body) if body.strip() else None


def detect_language(text: str) -> str:
    """py3langid's most likely language for a text.

    Scored over the features the text actually has (elementwise, not the model's dense dot product):
    the same argmax, without waking OpenBLAS's thread pool, which on a busy machine burns more CPU
    spinning than the arithmetic costs.
    """
    import numpy as np
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    global _IDENTIFIER
    if _IDENTIFIER is None:
        _IDENTIFIER = LanguageIdentifier.from_pickled_model(MODEL_FILE)
    ident = _IDENTIFIER
    fv = ident.instance2fv(text)
    idx = np.flatnonzero(fv)
    scores = (ident.nb_ptc[idx] * fv[idx, None]).sum(axis=0) + ident.nb_pc
    return str(ident.nb_classes[int(np.argmax(scores))])


_IDENTIFIER = None


def _merge_runs(layout: TextLayout, keep: list[bool]) -> list[tuple[int, int]]:
    """Consecutive kept lines become one span (the separators between them included)."""
    spans: list[tuple[int, int]] = []
    prev_kept = False
    for line, k in zip(layout.lines, keep, strict=True):
        if k and prev_kept:
            spans[-1] = (spans[-1][0], line.end)
        elif k:
            spans.append((line.start, line.end))
        prev_kept = k
    return spans
