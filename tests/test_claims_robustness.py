"""Invariants on arbitrary text: no crash, exact slices, ordered values, known qualifiers."""

import random

import pytest

from pipelines.core.claims import QUALIFIERS, extract_claims

_TOKENS = ["at least", "more than", "about", "some", "nearly", "up to", "between", "and", "to", "or", "per",
           "for every", "one", "two", "twenty-three", "a dozen", "hundreds", "of", "1,200", "2.5", "3,5", "€",
           "$", "million", "bn", "m", "%", "percent", "per cent", "-", "–", "—", "(", ")", "[1]", ".", ",", ";",
           "May", "9", "2016", "1990s", "K5", "COVID-19", "Resolution", "2178", "district", "13", "people",
           "Albanians", "said", "according to", "the", "Police", "\n", "10:30", "p.m.", "https://x.org/2019/5",
           "~", ">", "N=40", "0", "007", "12345678901", "’", "“", "”", "é", "milioni", "di", "euro", "1.234.567"]


def _passages(n, seed):
    rng = random.Random(seed)
    for _ in range(n):
        words = [rng.choice(_TOKENS) for _ in range(rng.randrange(1, 30))]
        yield "".join(w + rng.choice([" ", " ", "", "  "]) for w in words)


@pytest.mark.parametrize("seed", range(8))
def test_invariants_on_random_text(seed):
    for text in _passages(300, seed):
        claims = extract_claims(text)
        last_end = 0
        for c in claims:
            assert text[c.char_start:c.char_end] == c.surface
            assert c.char_start >= last_end
            last_end = c.char_end
            assert c.value_low <= c.value_high
            assert c.qualifier is None or c.qualifier in QUALIFIERS
            assert c.surface in c.sentence
            assert any(ch.isdigit() for ch in c.surface) or any(
                w in c.surface.lower() for w in ("one", "two", "three", "twenty", "dozen", "hundred", "thousand",
                                                 "million"))
