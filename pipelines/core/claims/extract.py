"""Join the numbers numbers.py finds into claims: ranges ('180-200', 'between 8 and 14'), rates, Claim rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.core.claims.context import (
    MAX_SENTENCE,
    attribution,
    clause_runs,
    qualifier_after,
    qualifier_before,
    sentence_bounds,
    sentence_index,
    sentence_starts,
    unit_after,
)
from pipelines.core.claims.filters import UNIT_SUFFIXES, denominator, reject_reason
from pipelines.core.claims.numbers import MASTER, Atom, make_atom

QUALIFIERS = ("at_least", "more_than", "less_than", "at_most", "around", "nearly")
RECORD_FIELDS = ("char_start", "char_end", "surface", "value_low", "value_high", "qualifier", "unit",
                 "sentence", "attribution")


@dataclass(frozen=True, slots=True)
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


_HAS_NUMBER = re.compile(
    r"\d|(?i:\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozens?|hundred"
    r"|thousand|million|billion"
    r"|hundreds|thousands|millions|billions)\b)")
_H = r"[^\S\n]"   # a blank that is not a line break: claims never span lines
_GAP_DASH = re.compile(rf"{_H}?[-–−]{_H}?|—")      # a spaced em dash is an aside, not a range
_GAP_WORD = re.compile(rf"{_H}+(to|or|and|e|et|y|und){_H}+")
_GAP_LIST = re.compile(rf"{_H}*,{_H}*(?:and{_H}+|or{_H}+)?|{_H}+(?:and|or|&){_H}+|{_H}?[-–—]{_H}?|{_H}+to{_H}+")
_GAP_SHARE = re.compile(rf"{_H}+(?:to|and|or){_H}+")
_GAP_RATIO = re.compile(rf"{_H}+(?:in|out{_H}+of){_H}+")
_BETWEEN = re.compile(rf"(?i)\b(?:between|entre|tra|fra|zwischen){_H}+\Z")
_CHANGE_BEFORE = re.compile(
    r"(?i)\b(?:rose|rise|risen|rising|fell|fall|fallen|falling|increased?|increasing|decreased?|decreasing"
    r"|grew|grow|grown|growing|dropped|drop|climbed|climb|declined?|jumped|soared|surged|plunged|slumped|cut"
    r"|reduced|raised|boosted|went|gone|changed|up|down|doubled|tripled|halved)\s+(?:\w+\s+){0,2}?from\s+\Z")
_DENOM_PER = re.compile(r"(?i)\b(?:per|every|each)\s+\Z")
_SENT_BREAK = re.compile(r"[.!?]\s")
_RATE_GAP = 120   # a rate's base stands within this many characters of its figure
_CARRY = ("date", "year", "ident", "attached")
_TIGHT_DASH = re.compile(r"[-–]")
_COMPOUND = re.compile(r"-([A-Za-z]+(?:-[A-Za-z]+)*)")
_SUFFIX = re.compile(r"[A-Za-z°µ/]+")
_AGE_BEFORE = re.compile(r"(?i)\b(?:aged|ages?|age\s+of|ages\s+of)\s+(?:between\s+)?\Z")


def _is_small_int(a: Atom) -> bool:
    return a.kind == "dig" and a.raw.isdigit() and not (a.scaled or a.currency or a.percent)


def _propagate(a: Atom, b: Atom) -> None:
    """Share scale, currency and percent across a range: '2-3 million', '€2-3 million', '10-15%'."""
    if b.scaled and not a.scaled and a.kind == "dig" and a.low * b.scale <= b.low:
        a.low = a.high = round(a.low * b.scale, 6)
        a.scaled, a.scale = True, b.scale
    a.percent = a.percent or b.percent
    b.currency = b.currency or a.currency
    a.currency = a.currency or b.currency


def _range_link(text: str, a: Atom, b: Atom) -> bool:
    """Whether two neighbouring numbers form one range ('180-200', '15 to 24', 'between 8 and 14')."""
    gap = text[a.end:b.start]
    if _GAP_DASH.fullmatch(gap):
        ok = a.kind == b.kind == "dig" or (a.kind == "word" and b.kind == "word")
    else:
        m = _GAP_WORD.fullmatch(gap)
        if not m:
            return False
        word = m.group(1).lower()
        if word in ("and", "e", "et", "y", "und"):
            ok = _BETWEEN.search(text, max(0, a.start - 40), a.start) is not None
            if not ok:
                q = qualifier_before(text, a.start)
                ok = q is not None and _BETWEEN.search(text, max(0, q[0] - 12), q[0]) is not None
        elif word == "to":
            ok = not _CHANGE_BEFORE.search(text, max(0, a.start - 60), a.start)
        else:
            ok = True
    if not ok or a.kind == "vague" or b.kind == "vague":
        return False
    if (a.percent and a.percent != b.percent) or (a.currency and b.currency and a.currency != b.currency) \
            or (a.currency and b.percent) or (a.percent and b.currency):
        return False                               # '0.25 percent or $63.1 billion' are two claims
    lo = a.low * b.scale if b.scaled and not a.scaled and a.kind == "dig" else a.low
    return lo < b.low or (lo == b.low and gap.strip() != "or")


def extract_claims(text: str) -> list[Claim]:
    """Every numeric claim in one passage of text, in order."""
    if not _HAS_NUMBER.search(text):
        return []
    atoms: list[Atom] = []
    for m in MASTER.finditer(text):
        if m.group("skip") is None:
            a = make_atom(m, text)
            if a is not None:
                atoms.append(a)
    if not atoms:
        return []
    quals = [qualifier_before(text, a.start) for a in atoms]
    status = [("denom" if denominator(text, a) else reject_reason(text, a, q))
              for a, q in zip(atoms, quals, strict=True)]
    n = len(atoms)
    # A day or year joined to its neighbour ('9-10 May', '2014-16', 'district 13, 18 and 6') takes its status.
    for i in range(n - 2, -1, -1):
        b = atoms[i + 1]
        if status[i + 1] == "date" and status[i] is None and _is_small_int(atoms[i]) and int(atoms[i].raw) <= 31:
            gap = text[atoms[i].end:b.start]
            if _GAP_DASH.fullmatch(gap) or (_GAP_WORD.fullmatch(gap) and "or" not in gap):
                status[i] = "date"
    for i in range(n - 1):
        a, b = atoms[i], atoms[i + 1]
        if status[i] in _CARRY and status[i + 1] is None and _is_small_int(b) and quals[i + 1] is None:
            gap = text[a.end:b.start]
            if status[i] == "ident" and _GAP_LIST.fullmatch(gap):
                status[i + 1] = "ident"
            elif status[i] == "date" and int(b.raw) <= 31 and (
                    _GAP_DASH.fullmatch(gap) or (_GAP_WORD.fullmatch(gap) and "or" not in gap)):
                status[i + 1] = "date"
            elif status[i] in ("year", "attached") and _GAP_DASH.fullmatch(gap) and len(b.raw) in (2, 4):
                status[i + 1] = status[i]              # 2014-16, FY2020-22
    # Tight pairs that fall or start at zero are scores and tallies ('2-1 win', '109-98', '0-3'), not ranges.
    for i in range(n - 1):
        a, b = atoms[i], atoms[i + 1]
        if status[i] is None and status[i + 1] is None and _is_small_int(a) and _is_small_int(b) \
                and _TIGHT_DASH.fullmatch(text[a.end:b.start]) and (a.low > b.low or a.low == 0):
            status[i] = status[i + 1] = "score"
    claims: list[Claim] = []
    i = 0
    while i < n:
        a, st = atoms[i], status[i]
        if st == "denom" and claims and _attach_rate(text, claims, a):
            i += 1
            continue
        if st is not None and st != "denom":
            i += 1
            continue                               # a base with nothing before it ('every 10 minutes') stays
        last = a
        if i + 1 < n and status[i + 1] is None and _range_link(text, a, atoms[i + 1]):
            b = atoms[i + 1]
            _propagate(a, b)
            last = b
            i += 1
        elif i + 1 < n and status[i + 1] is None and a.low < atoms[i + 1].low \
                and _GAP_RATIO.fullmatch(text[a.end:atoms[i + 1].start]):
            status[i + 1] = "denom"                # "one in five adults", "20 out of 25 seats"
        i += 1
        start, end = a.start, last.end
        qual = quals[i - 1 - (last is not a)]
        qualifier = None
        if qual:
            start, qualifier = qual
        elif last is not a and a.kind != "vague":
            bq = _BETWEEN.search(text, max(0, a.start - 12), a.start)
            if bq and text[a.end:last.start].strip().lower() in ("and", "e", "et", "y", "und"):
                start = bq.start()
        post = qualifier_after(text, end)
        if post and last.kind != "vague":
            end, qualifier = post[0], qualifier or post[1]
        unit = _unit(text, last, end, a.start)
        claims.append(Claim(start, end, text[start:end], a.low, last.high, qualifier, unit, "", None))
    claims = _with_sentences(text, claims)
    # "300 and 400 fighters", "from 2,000 to 3,000 residents": the first number counts the same thing.
    for k in range(len(claims) - 2, -1, -1):
        c, d = claims[k], claims[k + 1]
        if c.unit is None and d.unit and _GAP_SHARE.fullmatch(text, c.char_end, d.char_start):
            claims[k] = Claim(c.char_start, c.char_end, c.surface, c.value_low, c.value_high, c.qualifier, d.unit,
                              c.sentence, c.attribution)
    return claims


def _with_sentences(text: str, claims: list[Claim]) -> list[Claim]:
    """Give each claim its sentence and attribution; a sentence longer than MAX_SENTENCE gives the run of
    clauses around the claim instead (a line without full stops is no sentence), so that stored text stays
    bounded. Each sentence or run is read once and its string shared by its claims."""
    if not claims:
        return claims
    starts = sentence_starts(text)
    out: list[Claim] = []
    j = 0
    while j < len(claims):
        si = sentence_index(starts, claims[j].char_start)
        k = j
        while k < len(claims) and sentence_index(starts, claims[k].char_start) == si:
            k += 1
        s0, s1 = sentence_bounds(text, starts, si)
        group = claims[j:k]
        if s1 - s0 <= MAX_SENTENCE:
            runs = [(s0, s1)]
        else:
            runs = clause_runs(text, s0, s1, [(c.char_start, c.char_end) for c in group])
        r = 0
        read: dict[int, tuple[str, str | None]] = {}
        for c in group:
            while r + 1 < len(runs) and runs[r][1] < c.char_end:
                r += 1
            lo, hi = runs[r]
            if lo > c.char_start or hi < c.char_end:   # a claim across a sentence end keeps its own words
                lo, hi = min(lo, c.char_start), max(hi, c.char_end)
                read.pop(r, None)
            if r not in read:
                sentence = text[lo:hi]
                read[r] = (sentence, attribution(sentence))
            sentence, source = read[r]
            out.append(Claim(c.char_start, c.char_end, c.surface, c.value_low, c.value_high, c.qualifier, c.unit,
                             sentence, source))
        j = k
    return out


def _unit(text: str, a: Atom, end: int, first: int) -> str | None:
    """The unit of a number: its currency or percent, a glued suffix ('5km'), a compound ('15-year'), or the noun."""
    if a.percent:
        return a.percent
    if a.currency:
        return a.currency
    if a.metre:
        return "m"
    if end < len(text):
        ch = text[end]
        if ch.isalpha() or ch == "°":
            m = _SUFFIX.match(text, end)
            if m and m.group().lower() in UNIT_SUFFIXES:
                return m.group()
        if ch == "-" and a.kind != "vague":
            m = _COMPOUND.match(text, end)
            if m:
                return m.group(1)
    unit = unit_after(text, end)
    if unit is None and _AGE_BEFORE.search(text, max(0, first - 24), first):
        return "years"                             # "aged 15 to 24", "at the age of 64"
    return unit


def _attach_rate(text: str, claims: list[Claim], d: Atom) -> bool:
    """Make a rate's base part of the previous claim's unit ('125 fighters ... per 1 million citizens')."""
    c = claims[-1]
    if d.start - c.char_end > _RATE_GAP or (c.unit and " per " in f" {c.unit} ") \
            or _SENT_BREAK.search(text, c.char_end, d.start):
        return False                               # too far, already a rate, or another sentence
    noun = unit_after(text, d.end)
    if _DENOM_PER.search(text, max(0, d.start - 20), d.start):
        word = "per"                               # 'for every 1 million' reads 'per 1 million'
    else:
        word = (text[c.char_end:d.start].split() or ["per"])[-1]   # 'in' five adults, out 'of' 25 seats
        word = "out of" if word == "of" else word
    rate = f"{word} {text[d.start:d.end]}" + (f" {noun}" if noun else "")
    claims[-1] = Claim(c.char_start, c.char_end, c.surface, c.value_low, c.value_high, c.qualifier,
                       f"{c.unit} {rate}" if c.unit else rate, c.sentence, c.attribution)
    return True


def claims_as_records(text: str) -> list[dict]:
    """The claims of one passage as dicts holding exactly the numeric_claims table fields."""
    return [{f: getattr(c, f) for f in RECORD_FIELDS} for c in extract_claims(text)]
