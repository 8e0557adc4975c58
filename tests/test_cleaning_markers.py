"""Cross-check with the warehouse gate: a line holding any boilerplate marker of pipelines/quality/markers.py
never stays in a cleaned body."""

from __future__ import annotations

import pytest

from pipelines.core.clean import clean_text
from pipelines.quality.markers import LABELS, MARKERS, find_marker

ARTICLE = ("Valley road reopens after landslide\n\n"
           "The road through the valley reopened on Monday, three weeks after a landslide buried it under rocks "
           "and mud. Engineers say the slope is now stable.\n\n"
           "{line}\n\n"
           "Traffic will be limited to one lane until the retaining wall is finished in the spring, and heavy "
           "lorries must use the longer route through the pass.\n")

PHRASES = sorted({p for group in MARKERS.values() for p in group})
LABEL_LINES = sorted({p for group in LABELS.values() for p in group})


def _sentence(phrase: str) -> str:
    """The marker as page furniture writes it: a capitalised line, a full stop at the end."""
    return phrase[:1].upper() + phrase[1:] + "."


@pytest.mark.parametrize("phrase", PHRASES)
def test_marker_line_leaves_the_body(phrase: str) -> None:
    result = clean_text(ARTICLE.format(line=_sentence(phrase)))
    (art,) = result.articles
    assert find_marker(art.body) is None
    assert "Traffic will be limited" in art.body


@pytest.mark.parametrize("label", LABEL_LINES)
def test_label_line_leaves_the_body(label: str) -> None:
    result = clean_text(ARTICLE.format(line=label[:1].upper() + label[1:]))
    (art,) = result.articles
    assert find_marker(art.body) is None
    assert "Traffic will be limited" in art.body
