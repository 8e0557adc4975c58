"""An HTML page's CleanResult straight from its Page: the markup has already decided every line.

Kept lines are paragraphs (their kind from the markup), titles are metadata, every other line was removed with
a reason. Running the plain-text rules again on the kept lines only second-guesses the markup (headline-like list
items read as titles, tables as menus). The page's own title, byline and date stand for every article that
shows none of its own.
"""

from __future__ import annotations

import re

from pipelines.core.clean.accounting import settle
from pipelines.core.clean.model import Article, CleanResult, MetadataSpan, Paragraph, Piece, RemovedSpan
from pipelines.core.clean.translation import link_translations
from pipelines.core.document import Page

_WORDS = re.compile(r"[^\W_]+")


def clean_html(page: Page) -> CleanResult:
    """Articles, paragraphs, metadata spans and removed spans of an HTML document from its Page."""
    source_text = page.source_text
    kept = page.paragraphs
    spans = list(page.article_spans)
    titles = page.article_titles
    if not spans and kept:
        spans = [(kept[0][0], kept[-1][1])]
    language = page.language or "und"
    languages = page.article_languages
    articles: list[Article] = []
    kept_spans = {(s, e) for s, e, _ in kept}
    # a title line the body also kept stays body: one place for each character
    title_spans = [t if t and t not in kept_spans else None for t in page.title_spans]
    meta_spans = {t for t in title_spans if t}
    copies: list[RemovedSpan] = []
    placed: set[tuple[int, int]] = set()   # one article for each kept line, even when <article>s nest
    for n, (a_start, a_end) in enumerate(spans):
        single = len(spans) == 1
        title = titles[n] if n < len(titles) else None
        heading = _norm(title or (page.title if single else None) or "")
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
            # what the markup declares for the page stands for an article that shows none of its own
            title=title or page.title, byline=page.byline, published_date=page.published_date,
            metadata_spans=[MetadataSpan("title", *title_span)] if title_span else [],
        )
        articles.append(article)
    if len(articles) > 1:
        link_translations(articles)   # one story in several languages: the later ones are translations
    removed = [RemovedSpan(s, e, r, source_text[s:e]) for s, e, r in page.removed_hints
               if (s, e) not in meta_spans] + copies
    return settle(CleanResult(articles, removed), source_text, [(a.char_start, a.char_end) for a in articles],
                  no_article=page.quarantine_reason or "no main content found in HTML page")


def _norm(text: str) -> str:
    """Letters and digits only, lower case, single spaces: how the gate compares a title with a paragraph."""
    return " ".join(_WORDS.findall(text.lower()))
