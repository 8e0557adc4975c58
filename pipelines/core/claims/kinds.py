"""What sort of quantity a claim is (count, money, percent, duration, age, measure, rate) and its unit in a normal
form (ISO currency code, 'percent', a unit symbol, or the counted noun's lemma), so that sources compare."""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines.core.claims.vocab import (
    CURRENCY_CODES,
    CURRENCY_LETTERS,
    CURRENCY_PREFIXES,
    CURRENCY_WORDS,
    GLUED,
    IRREGULAR_PLURALS,
    WORDS,
    values,
)

KINDS = ("count", "money", "percent", "duration", "age", "measure", "rate")
_RATE = re.compile(r"^(?P<num>.*?)\s*\b(?P<word>per|in|out of)\s+"
                   r"(?P<base>[\d.,\s]+?(?:\s*(?:thousand|million|billion))?|[a-z-]+)(?:\s+(?P<bunit>.+))?$")
_CONTAINERS = ("cases of ", "instances of ", "numbers of ", "a total of ")
_BASES = values("rate_bases")
_KEEP = ("ss", "us", "is", "ous", "news")
_CURRENCIES = frozenset([*CURRENCY_CODES, *CURRENCY_PREFIXES.values(), *CURRENCY_LETTERS.values(),
                         *CURRENCY_WORDS.values()])


def singular(word: str) -> str:
    """The singular of an English plural noun ('fighters' fighter, 'people' person, 'bodies' body); others as given."""
    low = word.lower()
    if low in IRREGULAR_PLURALS:
        lemma = IRREGULAR_PLURALS[low]
        return lemma.capitalize() if word[:1].isupper() else lemma
    if not low.endswith("s") or len(low) < 4 or low.endswith(_KEEP) or not low.isalpha():
        return word
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def lemma(unit: str) -> str:
    """The counted noun phrase with its head noun singular ('foreign fighters' foreign fighter); 'cases of X' is X."""
    low = unit.lower()
    for c in _CONTAINERS:
        if low.startswith(c) and len(unit) > len(c):
            unit = unit[len(c):]
            break
    words = unit.split()
    words[-1] = singular(words[-1])
    return " ".join(words)


def _base_value(base: str) -> str:
    """A rate's base as plain digits: '1 million' 1000000, '100,000' 100000, 'five' 5."""
    total, current = 0.0, None
    for tok in base.replace(",", "").split():
        low = tok.lower()
        if low in ("thousand", "million", "billion"):
            total += (current if current is not None else 1) * _BASES[low]
            current = None
        elif low in _BASES:
            current = float(_BASES[low])
        else:
            try:
                current = float(tok)
            except ValueError:
                return base
    total += current or 0
    return f"{total:.0f}" if total == int(total) else f"{total:g}"


def unit_kind(unit: str) -> tuple[str, str] | None:
    """(normal form, kind) of a unit written as a symbol or word ('kHz', 'kilometres', 'weeks'), else None."""
    low = unit.lower()
    if low in GLUED:
        return GLUED[low]
    if low in WORDS:
        return WORDS[low]
    return None


@lru_cache(maxsize=4096)   # units repeat across a corpus; the answer depends on the unit alone
def classify(unit: str | None, age: bool = False) -> tuple[str, str | None]:
    """(kind, unit_normalized) of a claim from its unit (an ISO code for money, 'percent', a word) and whether the
    grammar read it as an age."""
    if age:
        return "age", "yr"
    if not unit:
        return "count", None
    if unit in ("percent", "percentage points"):
        return "percent", "percentage point" if "point" in unit else "percent"
    if unit in _CURRENCIES:
        return "money", unit
    m = _RATE.match(unit)
    if m:
        num = m.group("num")
        head = classify(num)[1] if num else None
        base = _base_value(m.group("base").strip())
        bunit = m.group("bunit")
        bnorm = (unit_kind(bunit) or (lemma(bunit), ""))[0] if bunit else None
        word = "out of" if m.group("word") == "out of" else "per"
        parts = [p for p in (head, word, base, bnorm) if p]
        return "rate", " ".join(parts)
    known = unit_kind(unit)
    if known:
        return known[1], known[0]
    if unit.lower().endswith(("year-old", "years-old", "year-olds")):
        return "age", "yr"
    return "count", lemma(unit)
