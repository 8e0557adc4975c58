"""Without the compiled scan, or with an older build of it, cleaning gives the same result in Python, and says so."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.core.clean import clean_text, features, lines

# our own short documents, with the characters scraped text breaks on: a lone surrogate of a broken UTF-16 pair,
# emoji, a NUL, a soft hyphen, a right-to-left mark, full-width punctuation
DOCUMENTS = [
    "Harbour works resume after a delay\n\nBy Mara Velt\n\nThe council said on Monday that 120 workers \ud800 will "
    "return to the harbour after a delay of three weeks.\n\nShare \udfff this\nFacebook\nTwitter\n",
    "Menu\nHome\nNews\nSport\n\nFlood barrier 😀 opens\n\nThe barrier, built over six years for 40 million euros, "
    "closed for the first time\x00 on Tuesday night as the river rose.\n\nAccept all cookies\n",
    "Rapporto annuale\u200f\n\nLa regione ha registrato 1.200 arrivi nel 2019，secondo i dati ufficiali.\n\n"
    "Il governo ha pro\u00admesso nuovi fondi per i porti del sud entro la fine dell'anno.\n",
]
_COMPILED = ("_scan_c", "_counts_c", "_case_style_c", "_capitalised_c", "char_classes")


def _digest(result) -> list:
    return [[(a.title, a.byline, a.body) for a in result.articles], [(r.char_start, r.char_end, r.reason)
                                                                      for r in result.removed]]


@pytest.mark.skipif(lines.SCAN != "c", reason="the compiled scan is not built")
def test_python_fallback_cleans_the_same(monkeypatch):
    compiled = [_digest(clean_text(d)) for d in DOCUMENTS]
    for name in _COMPILED:
        monkeypatch.setattr(lines, name, None)
    monkeypatch.setattr(features, "char_classes", None)
    features.forget()   # measures kept from the compiled run would hide the Python one
    try:
        assert [_digest(clean_text(d)) for d in DOCUMENTS] == compiled
    finally:
        features.forget()


@pytest.mark.skipif(lines.SCAN != "c", reason="the compiled scan is not built")
def test_an_older_build_keeps_what_it_has_and_warns():
    # a stand-in for a build made before char_classes existed: the real module, one function short
    built = Path(lines.__file__).with_name(Path(lines._compiled.__file__).name)
    probe = (
        "import importlib.machinery, importlib.util, json, sys, types, warnings\n"
        f"loader = importlib.machinery.ExtensionFileLoader('pipelines.core.clean._scan', {str(built)!r})\n"
        "real = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))\n"
        "loader.exec_module(real)\n"
        "old = types.ModuleType('pipelines.core.clean._scan')\n"
        "for f in ('scan', 'counts', 'case_style', 'capitalised'): setattr(old, f, getattr(real, f))\n"
        "sys.modules['pipelines.core.clean._scan'] = old\n"
        "with warnings.catch_warnings(record=True) as got:\n"
        "    warnings.simplefilter('always')\n"
        "    from pipelines.core.clean import lines\n"
        "print(json.dumps([lines.SCAN, list(lines.MISSING), lines._scan_c is not None,\n"
        "                  [str(w.message) for w in got if w.category is RuntimeWarning]]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    scan, missing, scan_kept, warned = json.loads(out.stdout)
    assert (scan, missing, scan_kept) == ("partial", ["char_classes"], True)
    assert len(warned) == 1 and "char_classes" in warned[0] and "pip install -e ." in warned[0]
