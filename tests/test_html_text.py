"""source_text of HTML pages: visible text only, one block per line, nothing from scripts or styles."""

from pathlib import Path

import pytest

from pipelines.core.ingest import read_page

DOCS = Path(__file__).parent / "docs" / "html"


def _text(markup: str) -> str:
    page = read_page(markup.encode("utf-8"))
    assert page is not None
    return page.source_text


@pytest.mark.parametrize(("markup", "lines"), [
    ("<html><body><p>One para.</p><p>Two <b>bold</b> words.</p></body></html>", ["One para.", "Two bold words."]),
    ("<html><body><div>Outer <p>inner</p> tail</div></body></html>", ["Outer", "inner", "tail"]),
    ("<html><body><p>Line one<br>line two</p></body></html>", ["Line one", "line two"]),
    ("<html><body><ul><li>alpha</li><li>beta</li></ul></body></html>", ["alpha", "beta"]),
    ("<html><body><table><tr><td>Goals</td><td>12</td></tr><tr><td>Shots</td><td>30</td></tr></table>"
     "</body></html>", ["Goals | 12", "Shots | 30"]),
    ("<html><body><h2>Heading</h2>\n\n   <p>  spaced \t out  </p></body></html>", ["Heading", "spaced out"]),
])
def test_blocks_on_their_own_lines(markup, lines):
    text = _text(markup)
    assert [ln for ln in text.split("\n") if ln] == lines


def test_blocks_separated_by_blank_line_and_br_by_newline():
    text = _text("<html><body><p>First block<br>same block</p><p>Second block</p></body></html>")
    assert text == "First block\nsame block\n\nSecond block"


@pytest.mark.parametrize("hidden", [
    "<script>var leak = 'SCRIPT-LEAK';</script>",
    "<style>.x { content: 'STYLE-LEAK' }</style>",
    '<script type="application/ld+json">{"articleBody": "JSONLD-LEAK"}</script>',
    "<noscript>NOSCRIPT-LEAK</noscript>",
    "<template><p>TEMPLATE-LEAK</p></template>",
    '<div style="display:none">HIDDEN-LEAK</div>',
    "<div hidden>HIDDEN-ATTR-LEAK</div>",
    "<!-- COMMENT-LEAK -->",
])
def test_non_visible_content_never_in_text(hidden):
    text = _text(f"<html><body><p>Visible words here.</p>{hidden}<p>More visible words.</p></body></html>")
    assert "LEAK" not in text
    assert "Visible words here." in text and "More visible words." in text


def test_jsonld_and_scripts_never_reach_article():
    page = read_page((DOCS / "jsonld_meta.html").read_bytes())
    assert "SECRET-JSON-LD-BODY" not in page.source_text
    assert "SCRIPT-TEXT" not in page.source_text


def test_entities_and_nbsp_decoded():
    text = _text("<html><body><p>Caf&eacute;&nbsp;prices rose &amp; fell &#8211; twice.</p></body></html>")
    assert text == "Café prices rose & fell – twice."


def test_preformatted_text_keeps_its_lines():
    text = _text("<html><body><pre>total   12\nmean     4\n\nmax      9</pre></body></html>")
    assert text.split("\n") == ["total 12", "mean 4", "max 9"]


@pytest.mark.parametrize("depth", [300, 1000])
def test_deeply_nested_soup_keeps_its_text(depth):
    markup = "<div>" * depth + "<p>Words at the bottom of unclosed markup.</p>" + "</div>" * depth
    assert "Words at the bottom of unclosed markup." in _text(f"<html><body>{markup}</body></html>")
