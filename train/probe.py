"""A digest of what the HTML line model reads on pages of our own (tests/docs/html): shipped in the weights' meta.

train.fit writes it beside the weights; tests/test_model_reproducible.py computes it again from the current code.
When the markup walk, the extractor's use, the rules' verdicts or the features change what the model reads, the
digest moves and the test fails until `make train` refits the weights on what the code now makes (the shipped
weights must stay what `make train` gives). Needs no development data: a few milliseconds per page.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parents[1] / "tests" / "docs" / "html"
# a fixed list, so a page added to the tests' documents does not call for a refit
NAMES = ("bilingual.html", "captions.html", "comments.html", "consent.html", "cp1252.html", "jsonld_meta.html",
         "layout_table_it.html", "nav.html", "related_aside.html", "repeated.html", "scripts_only.html",
         "teasers.html", "two_articles.html", "wordpress_comments.html")
# features rounded to this many decimals before hashing: last-bit differences of a platform's libm do not count
DECIMALS = 5


def rows(path: Path) -> np.ndarray | None:
    """The HTML model's feature rows of one page, as train.build computes them (None when it yields no lines)."""
    from pipelines.core.html.features import html_features
    from train.build import analyse_html

    got = analyse_html(path.read_bytes())
    if got is None:
        return None
    layout, lines, scores, reasons, _meta = got
    return html_features(layout, lines, scores, reasons).astype(np.float32)


def digest() -> str:
    """sha256 (16 hex digits) over every probe page's name, shape and rounded feature rows, in NAMES' order."""
    h = hashlib.sha256()
    for name in NAMES:
        path = HERE / name
        x = rows(path)
        h.update(path.name.encode())
        if x is None:
            h.update(b"none")
            continue
        h.update(repr(x.shape).encode())
        h.update(np.round(x.astype(np.float64), DECIMALS).tobytes())
    return h.hexdigest()[:16]
