"""Bad input: boilerplate only is quarantined, mostly boilerplate is kept but flagged, odd text does not crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.core.clean import SUSPECT_REMOVED_FRACTION, clean_text

DOCS = Path(__file__).parent / "docs" / "cleaning"


def test_only_a_cookie_banner_is_quarantined_not_an_empty_article() -> None:
    result = clean_text((DOCS / "only_cookies.txt").read_text(encoding="utf-8"))
    assert result.articles == []
    assert result.quarantine_reason
    assert {r.reason for r in result.removed} == {"cookie_banner"}


def test_mostly_boilerplate_is_kept_and_flagged() -> None:
    result = clean_text((DOCS / "mostly_boilerplate.txt").read_text(encoding="utf-8"))
    assert result.quarantine_reason is None
    assert [a.title for a in result.articles] == ["Storm closes mountain pass"]
    assert result.removed_fraction > SUSPECT_REMOVED_FRACTION
    assert result.suspect


def test_a_clean_article_is_not_flagged() -> None:
    result = clean_text((DOCS / "short_lines.txt").read_text(encoding="utf-8"))
    assert result.removed_fraction < 0.1
    assert not result.suspect


@pytest.mark.parametrize("text", ["", "   \n\n\t ", "***\n\n---\n", "\n".join(["Home", "News", "Contact"])])
def test_no_article_text(text: str) -> None:
    result = clean_text(text)
    assert result.articles == []
    assert result.quarantine_reason


@pytest.mark.parametrize("text", [
    "x" * 5000,
    "word " * 3000,
    "\n".join(f"line {i}" for i in range(2000)),
    "Title\n\n" + "A sentence that repeats. " * 400,
    "\u200b\ufeff\u00a0 mixed white space \u2028 and a paragraph separator\u2029 end.",
])
def test_odd_text_does_not_crash(text: str) -> None:
    result = clean_text(text)
    assert result.removed_fraction >= 0.0
