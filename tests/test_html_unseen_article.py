"""An <article> the markup rules keep and the extractor never read stays, whatever the line model says of it; the
article the extractor read is still the model's to trim."""

from pathlib import Path

import numpy as np

import pipelines.core.html.learned as learned
from pipelines.core.ingest import read_page

DOCS = Path(__file__).parent / "docs" / "html"

# two stories on one page of our own: the extractor reads the first <article>, the rules keep both
PAGE = (DOCS / "two_articles.html").read_bytes()


class _Doubting:
    """A model that reads every line as furniture (below the drop threshold)."""

    threshold = 0.5
    features = ()

    def probabilities(self, x, blank):
        return np.full(len(x), 0.05)


def _main(monkeypatch) -> str:
    monkeypatch.setattr(learned.loader, "load", lambda form: _Doubting())
    page = read_page(PAGE)
    return "\n".join(page.source_text[s:e] for s, e in page.main_spans)


def test_second_article_the_extractor_never_read_stays(monkeypatch):
    main = _main(monkeypatch)
    assert "regional hospital opened its rebuilt maternity ward" in main


def test_the_article_the_extractor_read_is_still_trimmed_by_the_model(monkeypatch):
    main = _main(monkeypatch)
    assert "ferry service to the northern islands resumed" not in main


def test_no_article_is_spared_when_the_extractor_read_none():
    layout_lines = [type("L", (), {"in_article": a})() for a in (0, 0, 1)]
    layout = type("Layout", (), {"lines": layout_lines})()
    assert learned._unseen_articles(layout, [0.0, 0.0, 0.0]) == set()
    assert learned._unseen_articles(layout, [1.0, 0.0, 0.0]) == {1}
