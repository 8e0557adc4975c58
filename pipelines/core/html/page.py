"""An HTML page to its Page: text with blocks on their own lines, kept and removed lines, articles, metadata.

One lxml parse per page is shared by the text walker, the metadata reader and trafilatura (which copies
the tree before it prunes it). Nothing on the page is executed: scripts are skipped, JSON-LD is read as data.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

import trafilatura
from lxml import etree

from pipelines.core.clean.language import identify
from pipelines.core.document import Page
from pipelines.core.html.learned import overlay_html
from pipelines.core.html.main import match_extractor, select_main
from pipelines.core.html.meta import BYLINE_PREFIX, normalise_byline, read_meta
from pipelines.core.html.parse import parse
from pipelines.core.html.site import drop_lines, mark_elements, profile_for
from pipelines.core.html.text import TextLayout, render
from pipelines.core.limits import MAX_EXTRACTOR_CHARS

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# the extractor's words that the visible rendering must hold before hidden elements are looked into: below
# this share the article is in the markup but hidden (sent for a script to swap in), not absent
_SEEN_SHARE = 0.5
_SEEN_MIN_WORDS = 100
# fewer words than this from the extractor's fast mode: its full mode is tried too
_FULL_EXTRACTION_BELOW = 300
# ...on a page that shows at least this many times the fast mode's words
_SHOWN_OVER_FAST = 3
# the full mode's text replaces the fast mode's only when it holds this many times its words
_FULL_OVER_FAST = 2
# the full mode's text spread over this many <article> elements is a listing, not one article's body
_SEPARATE_ARTICLES = 3


def _extract(root: etree._Element, fast: bool, favor_recall: bool = True) -> str:
    try:
        return trafilatura.extract(root, fast=fast, favor_recall=favor_recall, include_comments=False,
                                   include_tables=True) or ""
    except (RecursionError, ValueError, TypeError, AttributeError, IndexError):
        return ""   # the extractor choking on odd markup leaves the page to the fallback, not a crash


def _extract_main_text(root: etree._Element) -> str:
    """trafilatura's article text for the tree in its fast mode (it copies the tree before pruning it)."""
    return _extract(root, fast=True)


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _articles_matched(layout: TextLayout, extracted: str) -> int:
    """How many separate <article> elements hold lines the extracted text matches."""
    scores = match_extractor(layout, extracted)
    return len({ln.in_article for ln, s in zip(layout.lines, scores, strict=True) if s > 0.5 and ln.in_article >= 0})


def extract_and_render(root: etree._Element, use_extractor: bool = True) -> tuple[str, TextLayout]:
    """The extractor's article text and the page's rendering.

    trafilatura's fast mode first. When that finds less than a short article on a page that shows far more, its
    full mode too, whose fallback extractors (readability, jusText) find bodies cut into many small boxes, leaning
    to recall first, then to precision (which keeps boxes the recall setting prunes as boilerplate). The first
    text that holds at least twice the words is taken, unless it runs over several separate <article> elements
    (a list of other posts)."""
    fast = _extract_main_text(root) if use_extractor else ""
    layout = visible_layout(root, fast)
    n_fast = _words(fast)
    if not use_extractor or n_fast >= _FULL_EXTRACTION_BELOW or _words(layout.text) < _SHOWN_OVER_FAST * n_fast:
        return fast, layout
    for favor_recall in (True, False):
        full = _extract(root, fast=False, favor_recall=favor_recall)
        if _words(full) < _FULL_OVER_FAST * n_fast:
            continue   # about the same article: the fast mode's cut stands
        layout_full = visible_layout(root, full)
        if _articles_matched(layout_full, full) < _SEPARATE_ARTICLES:
            return full, layout_full
    return fast, layout


def _seen_share(layout: TextLayout, extracted_words: Counter) -> float:
    """The share of the extractor's words (counted with repeats) that the rendered text holds."""
    have = Counter(_WORD.findall(layout.text.lower()))
    return sum((extracted_words & have).values()) / max(1, sum(extracted_words.values()))


def visible_layout(root: etree._Element, extracted: str) -> TextLayout:
    """The page's rendering; with its `hidden` elements shown when the extractor's article is mostly in them."""
    layout = render(root)
    words = Counter(_WORD.findall(extracted.lower()))
    if sum(words.values()) < _SEEN_MIN_WORDS or _seen_share(layout, words) >= _SEEN_SHARE \
            or not any(el.get("hidden") is not None for el in root.iter(tag=etree.Element)):
        return layout
    revealed = render(root, reveal_hidden=True)
    return revealed if _seen_share(revealed, words) > _seen_share(layout, words) else layout


def extract_page(markup: str, *, source_file: str = "") -> Page | None:
    """Read one decoded HTML page into its Page (its text, kept and removed lines, articles, metadata); None when
    the markup holds no document.

    Linear in the page: one parse, one walk of the tree, and trafilatura's own pass, whose memory is a few times
    the markup's. Decoding and size limits are the reader's (pipelines.core.ingest).
    """
    root, flattened = parse(markup)
    if root is None:
        return None
    meta = read_meta(root)
    # a user's rules/sites/<host>.toml, if one names the page's site
    profile = profile_for(meta.canonical_url, source_file)
    if profile is not None:
        mark_elements(root, profile)
    # trafilatura copies the tree and works on the copy (about 13x the markup in memory): a page over
    # MAX_EXTRACTOR_CHARS is read by the selection's own signals alone, so memory stays a few times the page
    extracted, layout = extract_and_render(root, len(markup) <= MAX_EXTRACTOR_CHARS)
    text = layout.text
    page = Page(text, [], meta.title, meta.byline, meta.published_date, meta.language, meta.canonical_url,
                flattened=flattened)
    if not text.strip() or (layout.title_line is not None and len(layout.lines) == 1):
        page.quarantine_reason = "no visible text in HTML page (only scripts, styles or markup)"
        return page
    verdicts = select_main(layout, extracted, meta.headline_refs)
    # the learned line model over the markup rules' verdicts (the rules' reasons stay for what it drops)
    followers: set[int] = set()
    keep, reasons = overlay_html(layout, extracted, [v.keep for v in verdicts], [v.reason for v in verdicts],
                                 (meta.title, *meta.headline_refs), followers)
    if profile is not None:
        drop_lines(layout, profile, keep, reasons)
    page.main_spans = _merge_runs(layout, keep)
    page.removed_hints = [(ln.start, ln.end, r or "outside_main_content")
                          for ln, k, r in zip(layout.lines, keep, reasons, strict=True) if not k]
    page.paragraphs = [(ln.start, ln.end, ln.kind) for ln, k in zip(layout.lines, keep, strict=True) if k]
    if not page.main_spans:
        page.quarantine_reason = "no main content found in HTML page (navigation, links or boilerplate only)"
        return page
    _articles(page, layout, keep, followers)
    page.language = _language(page, meta.language)
    page.article_languages = [page.language] * len(page.article_spans)
    if len(page.article_spans) > 1:
        # several articles may be one story in several languages: each is read for its own
        for n, (s, e) in enumerate(page.article_spans):
            body = " ".join(text[a:b] for a, b in page.main_spans if s <= a and b <= e)
            if len(body) >= 200:
                page.article_languages[n] = identify(body[:2000])
    if page.byline is None:
        # no author in the markup: the visible 'By ...' line above the article, if there is one
        page.byline = next((normalise_byline(text[s:e]) for s, e, why in page.removed_hints
                            if why == "masthead" and e - s < 120 and BYLINE_PREFIX.match(text[s:e])), None)
    return page


def _articles(page: Page, layout: TextLayout, keep: list[bool], followers: set[int] = frozenset()) -> None:
    """Article extents and titles: one per <article> element when several hold real prose, else one.

    `followers` (kept lines that belong to the article before them whatever element holds them) start none."""
    lines = layout.lines
    kept = [i for i, k in enumerate(keep) if k]
    groups: dict[int, list[int]] = {}
    for i in kept:
        if i not in followers:
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


def _language(page: Page, declared: str | None) -> str | None:
    """The language the page declares (<html lang>, Content-Language, og:locale); detected when none."""
    if declared:
        return declared
    body = " ".join(page.source_text[s:e] for s, e in page.main_spans)[:2000]
    return identify(body) if body.strip() else None


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
