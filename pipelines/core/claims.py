"""Find numbers asserted as quantities in article text: value, range, qualifier, unit, sentence, source."""

from __future__ import annotations

import re
from dataclasses import dataclass

QUALIFIERS = ("at_least", "more_than", "less_than", "at_most", "around", "nearly")


@dataclass(frozen=True)
class Claim:
    """One numeric claim; offsets are into the text passed to extract_claims."""

    char_start: int
    char_end: int
    surface: str
    value_low: float
    value_high: float
    qualifier: str | None
    unit: str | None
    sentence: str
    attribution: str | None


_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\w,]\d)|(?<![\w.,])\d+(?:\.\d+)?(?![\w])")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


def extract_claims(text: str) -> list[Claim]:
    """Every numeric claim in one passage of text, in order."""
    claims = []
    for m in _NUMBER.finditer(text):
        surface = m.group()
        if _YEAR.match(surface):
            continue
        value = float(surface.replace(",", ""))
        claims.append(Claim(m.start(), m.end(), surface, value, value, None, None, text, None))
    return claims
