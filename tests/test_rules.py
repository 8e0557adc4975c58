"""rules/: the one source of the cleaner's and the gate's vocabularies, read and checked by one loader."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from pipelines.core import rules
from pipelines.core.clean import clean
from pipelines.core.ingest import read_document
from tests.cleaning_fate import fate

ROOT = Path(__file__).resolve().parent.parent
_WORDY = re.compile(r"^[^\W\d_][\w' .-]*$")


def _vocabulary_literals(path: Path) -> list[str]:
    """Lists of ten or more words that are not identifiers, and regexes of ten or more word alternatives."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            strs = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
                    and _WORDY.match(e.value)]
            if len(strs) >= 10 and not any("_" in s for s in strs):   # identifiers (reasons, features) have "_"
                found.append(f"{path.name}:{node.lineno} list {strs[:3]}")
        elif isinstance(node, ast.Dict):   # {"en": "the of and to in ..."}: word lists written as strings
            for v in node.values:
                if isinstance(v, ast.Constant) and isinstance(v.value, str) and len(v.value.split()) >= 10 \
                        and all(w.isalpha() for w in v.value.split()):
                    found.append(f"{path.name}:{node.lineno} words {v.value[:40]!r}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            words = [a for a in node.value.split("|") if re.search(r"[^\W\d_]{3,}", a)]
            if len(words) >= 10:
                found.append(f"{path.name}:{node.lineno} pattern {node.value[:40]!r}")
    return found


# what the rules move has moved: these modules hold logic, their words are in rules/
MOVED = ["clean/boilerplate.py", "clean/dates.py", "clean/voice.py", "clean/lines.py", "clean/language.py",
         "html/main.py", "html/text.py", "html/features.py",
         *(f"claims/{m}.py" for m in ("numbers", "context", "filters", "kinds", "units", "extract", "groups",
                                      "vocab"))]


@pytest.mark.parametrize("module", MOVED)
def test_no_phrase_list_left_as_a_literal(module: str) -> None:
    path = ROOT / "pipelines" / "core" / module
    # HTML tag names are the markup's vocabulary, not a language's
    found = [f for f in _vocabulary_literals(path) if not re.search(r"list \['(address|script|br)'", f)]
    assert found == []


def test_the_gate_markers_have_no_literal_phrases() -> None:
    assert _vocabulary_literals(ROOT / "pipelines" / "quality" / "markers.py") == []


def test_the_vocabularies_in_use_are_the_loaders() -> None:
    import pipelines.core.clean.boilerplate as bp
    import pipelines.core.clean.dates as dates
    import pipelines.core.html.main as html_main
    import pipelines.core.html.text as html_text
    import pipelines.quality.markers as markers

    assert bp._COOKIE is rules.patterns("boilerplate")["cookie"]
    assert frozenset(rules.words("boilerplate")["menu"]) == bp._MENU_WORDS
    assert rules.phrase_sources() == html_main._PHRASE_SOURCES
    assert html_text._FURNITURE_WORDS is rules.furniture_words()
    assert dates._MONTH_NUM is rules.month_numbers()
    assert rules.families("markers", "markers") == markers.MARKERS
    assert rules.families("markers", "labels") == markers.LABELS
    assert "cookie consent" in markers.MARKERS and rules.month_numbers()["gennaio"] == 1


def test_the_claim_grammars_vocabularies_are_the_loaders() -> None:
    from pipelines.core.claims import context, extract, filters, groups, kinds, numbers, units, vocab

    words = rules.words("claims")
    assert {**words, **rules.claims_months()} == vocab.LISTS
    assert rules.families("claims", "qualifiers") == vocab.QUALIFIER_PHRASES
    assert frozenset(words["unit_stop"]) == context._UNIT_STOP and frozenset(words["id_words"]) == filters._ID_WORDS
    assert frozenset(words["anaphora"]) == units._ANAPHORA and rules.values("claims", "scales") == numbers.SCALES
    assert rules.values("claims", "rate_bases") == kinds._BASES
    assert rules.strings("claims_units", "currency_codes") == numbers.CURRENCY_CODES
    for phrase in rules.families("claims", "qualifiers")["at_least"]:
        assert phrase.replace("\\", "") in context._QUAL_OF
    assert "|".join(rules.parts("claims", "attribution_roles")) in context._ROLE
    assert "|".join(rules.parts("claims", "score_words")) in extract._SCORE_WORDS.pattern
    assert groups.COUNTRY_OF["Albanians"] == "Albania"
    assert rules.table("claims_places", "countries")["Albania"] == ["Albanian"]
    # no vocabulary file is left beside the grammar: every one is in rules/
    assert sorted(p.name for p in (ROOT / "pipelines" / "core" / "claims").iterdir()
                  if p.suffix in (".json", ".toml", ".txt")) == []


def test_the_claim_grammar_reads_its_month_words_from_the_dates_rules() -> None:
    from pipelines.core.claims import context, filters

    dates = rules.load("dates")
    months, spec = dates["months"], dates["claims"]
    found = rules.claims_months()
    assert not any("month" in key for key in rules.words("claims")) and "english_months" not in rules.sources("claims")
    english = months[spec["english"]]
    pattern = re.compile("|".join(found["english_months"]))
    assert all(pattern.fullmatch(w.capitalize()) for w in english) and not pattern.fullmatch("january")
    assert found["month_abbreviations"] == ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Sept",
                                            "Oct", "Nov", "Dec")
    foreign = {w for lang in spec["other_languages"] for w in months[lang]} - set(english)
    assert set(found["foreign_months"]) == foreign and len(found["foreign_months"]) == len(foreign)
    assert "juin" in foreign and "april" not in foreign   # a German name that is English stays case-sensitive
    # a language the claims grammar does not list (Portuguese: only in the page lines' fragment) changes no claim
    assert filters._MONTH_BEFORE.search("le 3 juin ") and filters._MONTH_BEFORE.search("dia 3 janeiro ") is None
    assert "(?:" + "|".join(found["month_abbreviations"]) + ")" == context._MONTHS


def test_a_claims_vocabulary_of_the_wrong_shape_is_named(tmp_path, monkeypatch) -> None:
    (tmp_path / "claims_bad.toml").write_text("[values.scales]\nmillion = 'many'\n[countries]\nx = 3\n"
                                              "[patterns.p]\nany = ['(open']\n")
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    for cached in (rules.load, rules.values, rules.table, rules.parts):
        cached.cache_clear()
    try:
        with pytest.raises(rules.RulesError, match=r"claims_bad\.toml values\.scales"):
            rules.values("claims_bad", "scales")
        with pytest.raises(rules.RulesError, match=r"claims_bad\.toml \[countries\]"):
            rules.table("claims_bad", "countries")
        with pytest.raises(rules.RulesError, match=r"claims_bad\.toml patterns\.p"):
            rules.parts("claims_bad", "p")
    finally:
        monkeypatch.undo()
        for cached in (rules.load, rules.values, rules.table, rules.parts):
            cached.cache_clear()


def test_only_the_loader_reads_rules() -> None:
    readers = [p.relative_to(ROOT).as_posix() for p in (ROOT / "pipelines").rglob("*.py")
               if "tomllib" in p.read_text(encoding="utf-8") or "RULES_DIR /" in p.read_text(encoding="utf-8")]
    assert readers == ["pipelines/core/rules/__init__.py"] or set(readers) == {
        "pipelines/core/rules/__init__.py", "pipelines/stages/versions.py"}   # hashes markers.toml for the gate


def test_every_rules_file_loads_and_compiles() -> None:
    files = {p.name for p in rules.rule_files()}
    assert {"boilerplate.toml", "html.toml", "dates.toml", "language.toml", "markers.toml",
            "example.org.toml", "claims.toml", "claims_units.toml", "claims_places.toml",
            "claims_concepts.toml"} <= files
    for key in rules.load("claims")["patterns"]:
        assert rules.parts("claims", key)
    for name in ("boilerplate", "html"):
        assert rules.patterns(name)
    assert len(rules.phrase_sources()) == len(rules.load("html")["phrase_order"])


def test_rules_ship_in_the_package() -> None:
    assert (ROOT / "pipelines" / "core" / "rules" / "data").resolve() == (ROOT / "rules").resolve()
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert "data/*.toml" in data["pipelines.core.rules"] and "data/sites/*.toml" in data["pipelines.core.rules"]


def test_a_bad_rules_file_is_named(tmp_path, monkeypatch) -> None:
    (tmp_path / "broken.toml").write_text("[patterns.x]\nany = ['(unclosed']\n")
    (tmp_path / "shape.toml").write_text("[patterns.y]\nregex = 'a|b'\n")
    (tmp_path / "frag.toml").write_text("[patterns.z]\nany = ['<<nowhere>>']\n")
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    for cached in (rules.load, rules.sources, rules.patterns):
        cached.cache_clear()
    try:
        with pytest.raises(rules.RulesError, match=r"broken\.toml patterns\.x"):
            rules.patterns("broken")
        with pytest.raises(rules.RulesError, match=r"shape\.toml patterns\.y"):
            rules.patterns("shape")
        with pytest.raises(rules.RulesError, match="unknown fragment <<nowhere>>"):
            rules.patterns("frag")
    finally:
        monkeypatch.undo()
        for cached in (rules.load, rules.sources, rules.patterns):
            cached.cache_clear()


def test_a_site_profile_with_an_unknown_reason_is_refused(tmp_path, monkeypatch) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "bad.toml").write_text('host = "bad.example"\n[phrases]\nwhatever = ["x"]\n')
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path)
    rules.site_profiles.cache_clear()
    try:
        with pytest.raises(rules.RulesError, match=r"sites/bad\.toml"):
            rules.site_profiles()
    finally:
        monkeypatch.undo()
        rules.site_profiles.cache_clear()


_PAGE = """<html lang="en"><head><title>Harbour cranes return</title>
<link rel="canonical" href="https://{host}/news/cranes"></head><body>
<article><h1>Harbour cranes return</h1>
<p>The two harbour cranes that were taken down for repairs in spring are back at work on the east quay.</p>
<p>Get the Example Briefing every morning in one short letter from the desk that keeps the quay in view.</p>
<div class="story-rail"><p>The port authority has repainted the old customs house beside the fish market.</p></div>
<p>Dock workers said the cranes lift twice as fast as before, which should shorten the waits for ships.</p>
<div class="article-sharetools"><p>Send this article to a friend who loves harbours and cranes alike.</p></div>
<p>The authority expects the busiest month of the year in August, with cruise ships calling every day.</p>
</article></body></html>"""


def _page(host: str, source_file: str = "cranes.html"):
    doc = read_document(_PAGE.format(host=host).encode(), source_file)
    return doc.source_text or "", clean(doc)


def test_a_site_profile_drops_its_phrases_selectors_and_classes() -> None:
    text, result = _page("www.example.org")
    assert fate(text, result, "Get the Example Briefing") == "removed:newsletter"
    assert fate(text, result, "The port authority has repainted") == "removed:related_link"
    assert fate(text, result, "Send this article to a friend") == "removed:share_buttons"
    assert fate(text, result, "Dock workers said") == "body"


def test_a_page_of_another_site_is_read_without_the_profile() -> None:
    text, result = _page("news.example.net")
    assert fate(text, result, "The port authority has repainted") == "body"
    assert fate(text, result, "Dock workers said") == "body"


def test_a_mirrored_page_finds_its_profile_by_folder() -> None:
    page = _PAGE.replace('<link rel="canonical" href="https://{host}/news/cranes">', "")
    doc = read_document(page.encode(), "mirror/www.example.org/news/cranes.html")
    text, result = doc.source_text or "", clean(doc)
    assert fate(text, result, "The port authority has repainted") == "removed:related_link"
    doc = read_document(page.encode(), "mirror/example.net/news/cranes.html")
    assert fate(doc.source_text or "", clean(doc), "The port authority has repainted") == "body"
