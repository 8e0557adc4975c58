"""The dump styles the text cleaner is measured on: a headless browser's innerText among them."""

from __future__ import annotations

import pytest

from bench.eval_dump_styles import STYLES
from tests import browser

pytestmark = pytest.mark.e2e  # starts a real browser

PAGE = """<html><head><title>Harbour notes</title><style>.gone{display:none}</style></head><body>
<nav><a href="/a">Home</a> <a href="/b">Tides</a></nav>
<article><h1>Ferries return to the north pier</h1>
<p>After <a href="/c">three weeks</a> of repairs, the ferries call at the north pier again — café open.</p>
<p class="gone">A hidden line the page never shows.</p>
<table><tr><td>Mon</td><td>07:10</td></tr></table></article></body></html>"""


@pytest.mark.skipif(browser.missing_reason() is not None, reason=str(browser.missing_reason()))
def test_the_innertext_dump_is_the_text_a_browser_shows():
    text, ext = STYLES["chromium-innertext"](None)(PAGE)
    assert ext == ".txt"
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    # links stay inside their sentence, hidden text is left out, table cells share a row, UTF-8 survives
    assert "After three weeks of repairs, the ferries call at the north pier again — café open." in lines
    assert "Ferries return to the north pier" in lines
    assert not any("hidden line" in ln for ln in lines)
    assert any(ln.startswith("Mon") and "07:10" in ln for ln in lines)
