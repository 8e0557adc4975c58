"""Markup features of the lines of a rendered HTML page, beside the text features of the same lines.

The page's lines (pipelines.core.html.text.render) carry their block element, its ancestors' tags and
class/id words, the link share of their text, the furniture an enclosing element implies, and what the
extractor and the markup rules (pipelines.core.html.main) made of them. Linear in the page's size: block
depths and subtree extents come from one pass over the blocks in document order.
"""

from __future__ import annotations

import numpy as np

from pipelines.core import rules
from pipelines.core.clean.features import text_features
from pipelines.core.clean.lines import Line
from pipelines.core.html.text import TextLayout
from pipelines.core.model.windows import window_mean

_TAG_GROUPS = {
    "p": 0, "div": 1, "li": 2, "dd": 2, "dt": 2, "h1": 3, "h2": 4, "h3": 4, "h4": 4, "h5": 4, "h6": 4,
    "td": 5, "th": 5, "tr": 5, "table": 5, "tbody": 5, "thead": 5, "tfoot": 5, "blockquote": 6, "pre": 7,
    "figcaption": 8, "caption": 8, "figure": 8, "title": 9, "section": 10, "article": 10, "main": 10,
    "header": 11, "footer": 11, "nav": 11, "aside": 11, "form": 11, "ul": 12, "ol": 12, "dl": 12,
}
_N_TAGS = 14   # 13 is every other block element (body, span-less wrappers, address, ...)
FURNITURE = ("navigation", "footer", "related_link", "share_buttons", "comment_section", "cookie_banner",
             "newsletter", "advertisement", "caption", "masthead")
VERDICTS = ("keep", "outside_main_content", "caption", "related_link", "duplicate_title", "duplicate_paragraph",
            "masthead", "navigation", "footer", "comment_section", "other")
_POSITIVE = rules.patterns("html")["content_class"]   # rules/html.toml
_NEGATIVE = rules.patterns("html")["furniture_class"]
HTML_ONLY_FEATURES = (
    *(f"tag_{i}" for i in range(_N_TAGS)), "link_density", *(f"furniture_{f}" for f in FURNITURE),
    "in_article", "log_depth", "pos_words", "neg_words", "pos_words_near", "neg_words_near",
    "extractor", "extractor_win3", "extractor_win10", *(f"verdict_{v}" for v in VERDICTS), "title_element",
    "in_core", "log_core_distance", "link_win3", "heading_element",
)


def _block_depths(layout: TextLayout) -> tuple[np.ndarray, np.ndarray]:
    """Depth of every block and the end (exclusive) of its subtree in block order (blocks are preorder)."""
    parent = layout.block_parent
    nb = len(parent)
    depth = np.zeros(nb, dtype=np.int64)
    for b in range(nb):
        if parent[b] >= 0:
            depth[b] = depth[parent[b]] + 1
    size = np.ones(nb, dtype=np.int64)
    for b in range(nb - 1, -1, -1):
        if parent[b] >= 0:
            size[parent[b]] += size[b]
    return depth, np.arange(nb) + size


def _attr_hits(layout: TextLayout) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Positive and negative class/id words over every block's ancestor chain, and over its nearest three."""
    parent = layout.block_parent
    attrs = layout.block_attr or [""] * len(parent)
    nb = len(parent)
    own_p = np.array([len(_POSITIVE.findall(a)) for a in attrs], dtype=np.float64)
    own_n = np.array([len(_NEGATIVE.findall(a)) for a in attrs], dtype=np.float64)
    chain_p, chain_n = own_p.copy(), own_n.copy()
    near_p, near_n = own_p.copy(), own_n.copy()
    for b in range(nb):
        q = parent[b]
        if q >= 0:
            chain_p[b] += chain_p[q]
            chain_n[b] += chain_n[q]
            r = parent[q]
            near_p[b] += own_p[q] + (own_p[r] if r >= 0 else 0)
            near_n[b] += own_n[q] + (own_n[r] if r >= 0 else 0)
    return chain_p, chain_n, near_p, near_n


def html_features(layout: TextLayout, lines: list[Line], extractor: list[float],
                  verdicts: list[str | None]) -> np.ndarray:
    """Text features and HTML_ONLY_FEATURES of every layout line (lines: split_lines of layout.text, 1:1).

    `extractor`: how much of each line the extractor kept (0..1); `verdicts`: None for a line the markup
    rules keep, else their removal reason.
    """
    n = len(layout.lines)
    x_text = text_features(lines)
    x = np.zeros((n, len(HTML_ONLY_FEATURES)))
    if n == 0:
        return np.hstack([x_text.reshape(0, -1), x])
    depth, sub_end = _block_depths(layout)
    chain_p, chain_n, near_p, near_n = _attr_hits(layout)
    ext = np.asarray(extractor, dtype=np.float64)
    text = layout.text
    link = np.zeros(n)
    vidx = {v: i for i, v in enumerate(VERDICTS)}
    fidx = {f: i for i, f in enumerate(FURNITURE)}
    col = {name: i for i, name in enumerate(HTML_ONLY_FEATURES)}
    t0, f0, v0 = col["tag_0"], col["furniture_navigation"], col["verdict_keep"]
    blocks = np.zeros(n, dtype=np.int64)
    for i, ln in enumerate(layout.lines):
        b = ln.block
        blocks[i] = b
        x[i, t0 + _TAG_GROUPS.get(ln.tag, _N_TAGS - 1)] = 1.0
        link[i] = ln.link_chars / max(1, ln.end - ln.start)
        if ln.furniture in fidx:
            x[i, f0 + fidx[ln.furniture]] = 1.0
        x[i, col["in_article"]] = ln.in_article >= 0
        if b >= 0:
            x[i, col["log_depth"]] = np.log1p(depth[b])
            x[i, col["pos_words"]] = min(chain_p[b], 5.0)
            x[i, col["neg_words"]] = min(chain_n[b], 5.0)
            x[i, col["pos_words_near"]] = min(near_p[b], 3.0)
            x[i, col["neg_words_near"]] = min(near_n[b], 3.0)
        v = verdicts[i]
        x[i, v0 + vidx.get("keep" if v is None else v, vidx["other"])] = 1.0
        x[i, col["heading_element"]] = ln.heading
    x[:, col["link_density"]] = link
    x[:, col["link_win3"]] = window_mean(link, 3)
    x[:, col["extractor"]] = ext
    x[:, col["extractor_win3"]] = window_mean(ext, 3)
    x[:, col["extractor_win10"]] = window_mean(ext, 10)
    if layout.title_line is not None:
        x[layout.title_line, col["title_element"]] = 1.0
    # the extractor's core: the innermost block holding every line it took whole that reads as a paragraph
    strong = [i for i in range(n) if ext[i] >= 1.0 and len(text[layout.lines[i].start:layout.lines[i].end]) >= 60]
    core = _lowest_common(layout, [int(blocks[i]) for i in strong if blocks[i] >= 0])
    if core >= 0:
        inside = (blocks >= core) & (blocks < sub_end[core])
        x[:, col["in_core"]] = inside
        d = np.where(blocks >= 0, depth[np.maximum(blocks, 0)] - depth[core], 0)
        x[:, col["log_core_distance"]] = np.where(inside, np.log1p(np.maximum(d, 0)), -1.0)
    return np.hstack([x_text, x])


def _lowest_common(layout: TextLayout, blocks: list[int]) -> int:
    """The innermost block that is an ancestor (or self) of every given block; -1 when none."""
    if not blocks:
        return -1
    parent = layout.block_parent

    def chain(b: int) -> list[int]:
        out = []
        while b >= 0:
            out.append(b)
            b = parent[b]
        return out[::-1]

    common = chain(blocks[0])
    for b in set(blocks[1:]):
        c = chain(b)
        k = 0
        while k < len(common) and k < len(c) and common[k] == c[k]:
            k += 1
        common = common[:k]
        if not common:
            return -1
    return common[-1]
