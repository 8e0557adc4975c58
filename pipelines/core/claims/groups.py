"""What a claim counts and whom it is about, so that the same figure lines up across sources (claim_groups).

A claim's `subject` is the country its figure is about: the people its unit names ('120 Albanians' Albania), else
the first country named in its clause before the number ('Albania has contributed ... with around 180-200'),
else the first one after it ('2,700 MEK members were resettled in Albania'). Its `concept` is what it counts:
the lemma of the counted noun (the numerator of a rate), put in one word for synonyms ('jihadist fighters',
'foreign terrorist fighters' -> foreign fighter), and people counted by what the clause says they did
('120 Albanians have joined the so-called Islamic State' -> foreign fighter). Only counts and rates get a concept:
money, percentages and measures say how much, not of what. Vocabularies: rules/claims_places.toml and
claims_concepts.toml.
The warehouse view claim_groups then lines up claims of the same subject and concept from different documents.
"""

from __future__ import annotations

import re

from pipelines.core import rules
from pipelines.core.claims.numbers import _trie

_PLACES = {key: rules.table("claims_places", key) for key in ("countries", "aliases")}
_CONCEPTS = {"concepts": rules.table("claims_concepts", "concepts"),
             "people": rules.strings("claims_concepts", "people")}

COUNTRY_OF: dict[str, str] = {}
for _country, _adjs in _PLACES["countries"].items():
    COUNTRY_OF[_country] = _country
    for _adj in _adjs:
        COUNTRY_OF[_adj] = _country
        if not _adj.endswith(("ese", "ish", "ch", "ss", "i", "s")):
            COUNTRY_OF[_adj + "s"] = _country          # Albanians, Kosovars
        if _adj.endswith("i"):
            COUNTRY_OF[_adj + "s"] = _country          # Iraqis, Israelis
COUNTRY_OF.update(_PLACES["aliases"])
# one prefix-factored alternation (see numbers._trie), tried only where a capital letter starts a word
_PLACE = re.compile(r"(?<![\w.-])(?=[A-Z])" + _trie(tuple(COUNTRY_OF)) + r"(?![\w-])")
_NOUN_CONCEPT = {n: c for c, spec in _CONCEPTS["concepts"].items() for n in spec["nouns"]}
_PEOPLE_WHO = [(c, re.compile(spec["people_who"], re.I)) for c, spec in _CONCEPTS["concepts"].items()
               if "people_who" in spec]
_PEOPLE = frozenset(_CONCEPTS["people"])
_CLAUSE_BREAK = re.compile(r"[,;:—–(“\"\n]|[.!?]\s")
REACH = 200   # characters looked at either side of a claim for its clause


def _clause_before(text: str, start: int) -> str:
    window = text[max(0, start - REACH):start]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(window):
        cut = m.end()
    return window[cut:]


def _clause_after(text: str, end: int) -> str:
    window = text[end:end + REACH]
    m = _CLAUSE_BREAK.search(window)
    return window[:m.start()] if m else window


def subject_of(text: str, start: int, end: int, unit: str | None) -> str | None:
    """The country a claim at [start, end) of text is about (see the module docstring), or None."""
    if unit:
        for word in unit.split():
            if word in COUNTRY_OF:
                return COUNTRY_OF[word]
    m = _PLACE.search(_clause_before(text, start))
    if m is None:
        m = _PLACE.search(_clause_after(text, end))
    return COUNTRY_OF[m.group()] if m else None


def concept_of(text: str, end: int, kind: str, unit_normalized: str | None) -> str | None:
    """What a count or rate counts, in one word for its synonyms (see the module docstring), or None."""
    if kind not in ("count", "rate") or not unit_normalized:
        return None
    noun = re.split(r"\bper\b|\bout of\b", unit_normalized)[0].strip() if kind == "rate" else unit_normalized
    if not noun:
        return None
    low = noun.lower()
    if low in _NOUN_CONCEPT:
        return _NOUN_CONCEPT[low]
    head = low.split()[-1]
    if head in _PEOPLE or noun.split()[-1] in COUNTRY_OF:
        after = _clause_after(text, end)
        for concept, rx in _PEOPLE_WHO:
            if rx.search(after):
                return concept
    return low
