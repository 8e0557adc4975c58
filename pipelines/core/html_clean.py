"""An HTML page's CleanResult straight from its extraction (page_meta), for the shell to use instead of
the plain-text cleaner on HTML documents.

The HTML path has already decided every line: kept lines are paragraphs (their kind from the markup),
titles are metadata, every other line was removed with a reason. Running the plain-text rules again on
the kept lines only second-guesses the markup (headline-like list items read as titles, tables as menus).
"""

from __future__ import annotations

import re

from pipelines.core.clean.translation import link_translations
from pipelines.core.cleaning import (
    Article,
    CleanResult,
    MetadataSpan,
    Paragraph,
    Piece,
    RemovedSpan,
)

_WORDS = re.compile(r"[^\W_]+")


def clean_html(source_text: str, page_meta: dict) -> CleanResult:
    """Articles, paragraphs, metadata spans and removed spans of an HTML document from its page_meta."""
    kept = [(int(s), int(e), str(k)) for s, e, k in page_meta.get("paragraphs") or []]
    spans = [(int(s), int(e)) for s, e in page_meta.get("article_spans") or []]
    titles = list(page_meta.get("article_titles") or [])
    title_spans = [tuple(t) if t else None for t in page_meta.get("title_spans") or []]
    if not spans and kept:
        spans = [(kept[0][0], kept[-1][1])]
    language = page_meta.get("language") or "und"
    languages = list(page_meta.get("article_languages") or [])
    articles: list[Article] = []
    kept_spans = {(s, e) for s, e, _ in kept}
    # a title line the body also kept stays body: one place for each character
    title_spans = [t if t and t not in kept_spans else None for t in title_spans]
    meta_spans = {t for t in title_spans if t}
    copies: list[RemovedSpan] = []
    placed: set[tuple[int, int]] = set()   # one article for each kept line, even when <article>s nest
    for n, (a_start, a_end) in enumerate(spans):
        single = len(spans) == 1
        title = titles[n] if n < len(titles) else None
        heading = _norm(title or (page_meta.get("title") if single else None) or "")
        paragraphs = []
        for s, e, kind in kept:
            if not (a_start <= s and e <= a_end) or (s, e) in placed:
                continue   # outside this article, or already in an article that encloses this one
            placed.add((s, e))
            if heading and _norm(source_text[s:e]) == heading:
                # the headline again inside the body: the gate's rule (article_title_not_in_body) as cleaning
                copies.append(RemovedSpan(s, e, "duplicate_title", source_text[s:e]))
                continue
            paragraphs.append(Paragraph(kind, source_text[s:e], s, e, [Piece(0, s, e - s)]))
        if not paragraphs:
            continue
        title_span = title_spans[n] if n < len(title_spans) else None
        article = Article(
            ordinal=len(articles), language=(languages[n] if n < len(languages) else None) or language,
            paragraphs=paragraphs,
            char_start=min(a_start, title_span[0]) if title_span else a_start, char_end=a_end,
            title=title or (page_meta.get("title") if single else None),
            byline=page_meta.get("byline") if single else None,
            published_date=page_meta.get("published_date") if single else None,
            metadata_spans=[MetadataSpan("title", *title_span)] if title_span else [],
        )
        articles.append(article)
    if len(articles) > 1:
        link_translations(articles)   # one story in several languages: the later ones are translations
    removed = [RemovedSpan(int(s), int(e), str(r), source_text[int(s):int(e)])
               for s, e, r in page_meta.get("removed_hints") or [] if (int(s), int(e)) not in meta_spans] + copies
    result = CleanResult(articles, removed, removed_fraction=_removed_fraction(source_text, articles, removed))
    if not articles:
        result.quarantine_reason = page_meta.get("quarantine_reason") or "no main content found in HTML page"
    return result


def _norm(text: str) -> str:
    """Letters and digits only, lower case, single spaces: how the gate compares a title with a paragraph."""
    return " ".join(_WORDS.findall(text.lower()))


def _removed_fraction(source_text: str, articles: list, removed: list[RemovedSpan]) -> float:
    """Share of the article extents' non-blank text that cleaning removed. Menus, headers and footers
    around the articles are a page's normal furniture (they routinely outweigh the article), not a sign
    of over-cleaning, so only what was cut from between an article's first and last line counts."""
    extents = [(a.char_start, a.char_end) for a in articles]
    if not extents:
        return 1.0
    total = sum(len(source_text[s:e].replace(" ", "").replace("\n", "").replace("\t", "")) for s, e in extents)
    gone = sum(len("".join(r.text.split())) for r in removed
               if any(s <= r.char_start and r.char_end <= e for s, e in extents))
    return round(gone / total, 4) if total else 0.0
