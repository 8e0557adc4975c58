"""The claim grammar's unit vocabulary (units.json): currencies, glued and written units, plurals."""

from __future__ import annotations

import json
from pathlib import Path

_DATA = json.loads((Path(__file__).with_name("units.json")).read_text(encoding="utf-8"))

CURRENCY_PREFIXES: dict[str, str] = _DATA["currency_prefixes"]            # lowercase symbol forms
CURRENCY_LETTERS: dict[str, str] = _DATA["currency_prefix_letters"]       # case-sensitive letter prefixes
CURRENCY_CODES: tuple[str, ...] = tuple(_DATA["currency_codes"])
CURRENCY_WORDS: dict[str, str] = _DATA["currency_words"]
GLUED: dict[str, tuple[str, str]] = {k: tuple(v) for k, v in _DATA["glued"].items() if not k.startswith("_")}
WORDS: dict[str, tuple[str, str]] = {k: tuple(v) for k, v in _DATA["words"].items() if not k.startswith("_")}
IRREGULAR_PLURALS: dict[str, str] = _DATA["irregular_plurals"]
