"""Recover a claim's counted noun from its neighbours when the number stands without one.

'killed 69 and wounded over 120 civilians', 'at least 14 of the 25 attacks', 'Bosnia with 85, Belgium with 42 and
Albania with 30 cases', 'more than 20 of them', 'four others', and 'some 200 members' after 'the MEK members'.
Each rule looks at the gap between two claims or a bounded window before one, so a passage costs one pass.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from pipelines.core.claims.kinds import classify
from pipelines.core.claims.numbers import prev_word
from pipelines.core.claims.vocab import LISTS

if TYPE_CHECKING:
    from pipelines.core.claims.extract import Claim

_H = r"[^\S\n]"
_GAP_SHARE = re.compile(rf"{_H}+(?:to|and|or){_H}+")                                  # 300 and 400 fighters
_GAP_VERB = re.compile(rf"(?:{_H}+(?:and|or)|,){_H}+[a-z]+(?:ed|ing){_H}+")            # killed 69 and wounded 120 X
_GAP_PARTITIVE = re.compile(rf"{_H}+of{_H}+(?:the|these|those|its|their|all|our){_H}+")  # 14 of the 25 attacks
_GAP_PARALLEL = re.compile(rf",?{_H}*(?:(?:and|or){_H}+)?(?:[A-Z][\w'’.-]*{_H}+){{1,3}}(\w+){_H}+")
_OF_THEM = re.compile(rf"{_H}+of{_H}+(?:them|those|these|whom)\b")
_ANAPHORA = frozenset(LISTS["anaphora"])
_FUNCTION_CAPS = frozenset(LISTS["function_caps"])
LOOK_BACK = 400   # how far before a claim an earlier mention of its noun is looked for


def _noun(c: Claim) -> bool:
    return bool(c.unit) and not c.age and c.unit.lower() not in _ANAPHORA and classify(c.unit)[0] == "count"


@lru_cache(maxsize=1024)
def _mention(unit: str) -> re.Pattern:
    return re.compile(rf"\b([A-Z]{{2,}}|[A-Z][a-z]+)\s+{re.escape(unit)}\b")


def _modifier(text: str, c: Claim) -> str | None:
    """The proper modifier of an earlier mention of the same plain plural noun ('the MEK members' -> MEK)."""
    unit = c.unit
    if not unit or " " in unit or not unit.islower() or not unit.endswith("s") or not unit.isalpha():
        return None
    lo = max(0, c.char_start - LOOK_BACK)
    if text.find(" " + unit, lo, c.char_start) < 0:
        return None                                 # no earlier mention at all: the usual case, found in C
    found = None
    for m in _mention(unit).finditer(text, lo, c.char_start):
        mod = m.group(1)
        if mod in _FUNCTION_CAPS:
            continue
        before = text[m.start(1) - 2:m.start(1)] if m.start(1) >= 2 else ""
        if mod.isupper() or (len(before) == 2 and before[0].islower() and before[1] == " "):
            found = mod
    return found


def share_units(text: str, claims: list[Claim]) -> list[Claim]:
    """The claims, their units recovered from their neighbours in the same sentence (see the module docstring)."""
    for k in range(len(claims) - 2, -1, -1):
        c, d = claims[k], claims[k + 1]
        if c.unit is not None or not d.unit or c.age or c.sentence != d.sentence:
            continue
        gap = text[c.char_end:d.char_start]
        par = _GAP_PARALLEL.fullmatch(gap) if len(gap) <= 60 else None
        if _GAP_SHARE.fullmatch(gap) or _GAP_VERB.fullmatch(gap) or _GAP_PARTITIVE.fullmatch(gap) or (
                par and par.group(1).lower() == prev_word(text, c.char_start).lower()):
            c.unit = d.unit
    for k, c in enumerate(claims):
        if (c.unit is None and _OF_THEM.match(text, c.char_end)) or (c.unit and c.unit.lower() in _ANAPHORA):
            prev = next((p for p in reversed(claims[:k]) if p.sentence == c.sentence and _noun(p)), None)
            if prev is not None:
                c.unit = prev.unit
        mod = _modifier(text, c)
        if mod:
            c.unit = f"{mod} {c.unit}"
    return claims
