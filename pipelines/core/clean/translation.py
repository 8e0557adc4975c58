"""Link an article to the earlier one it translates: same numbers and names, another language."""

from __future__ import annotations

import re

from pipelines.core.clean.model import Article

# Tokens that survive translation: numbers and capitalised names.
_ANCHOR = re.compile(r"\d[\d.,]*\d|\d|[A-ZÀ-Þ][\w'’-]{3,}")
MIN_SHARE = 0.3


def _anchors(article: Article) -> set[str]:
    out = set()
    for p in article.paragraphs:
        for m in _ANCHOR.finditer(p.text):
            tok = m.group(0)
            out.add(re.sub(r"[.,]", "", tok) if tok[0].isdigit() else tok.lower())
    return out


def link_translations(articles: list[Article]) -> None:
    """Mark an article as `translation` of an earlier one in another language sharing its anchors."""
    if len(articles) < 2:
        return   # nothing to pair (most pages): no anchors read
    anchors = [_anchors(a) for a in articles]
    for i, art in enumerate(articles):
        if art.role == "translation":
            continue   # already linked by the segmentation
        best, best_share = None, 0.0
        for j in range(i):
            other = articles[j]
            if other.language == art.language or other.role == "translation":
                continue
            a, b = anchors[i], anchors[j]
            if not a or not b:
                continue
            share = len(a & b) / min(len(a), len(b))
            if share > best_share:
                best, best_share = j, share
        if best is not None and best_share >= MIN_SHARE:
            art.role = "translation"
            art.translation_of = articles[best].ordinal
