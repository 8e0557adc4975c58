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
from pipelines.core.claims.groups import concept_of, subject_of
from pipelines.core.claims.kinds import classify
from pipelines.core.claims.numbers import MASTER, Atom, Passage, make_atom
from pipelines.core.claims.units import share_units
from pipelines.core.claims.vocab import LISTS, alternatives

QUALIFIERS = ("at_least", "more_than", "less_than", "at_most", "around", "nearly")
RECORD_FIELDS = ("char_start", "char_end", "surface", "value_low", "value_high", "qualifier", "unit",
                 "sentence", "attribution", "kind", "unit_normalized", "alt_value_low", "alt_value_high", "subject",
                 "concept")


@dataclass(slots=True)
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
    kind: str = "count"                  # count, money, percent, duration, age, measure, rate
    unit_normalized: str | None = None   # ISO currency, percent, unit symbol or the counted noun's lemma
    alt_value_low: float | None = None   # the other reading of an ambiguous separator ('2,873 million')
    alt_value_high: float | None = None
    age: bool = False                    # read as a person's age ('Hague, 44,', 'aged 15 to 24')
    subject: str | None = None           # the country the figure is about (groups.py)
    concept: str | None = None           # what it counts, one word for synonyms (groups.py)


# a passage with no digit and none of these words holds no number
_HAS_NUMBER = re.compile(r"\d|(?i:\b(?:" + "|".join((*LISTS["ones"][1:], *LISTS["tens"])) + r"|dozens?|hundred"
                         r"|thousand|million|billion|hundreds|thousands|millions|billions)\b)")
_H = r"[^\S\n]"   # a blank that is not a line break: claims never span lines
_GAP_DASH = re.compile(rf"{_H}?[-–−]{_H}?|—")      # a spaced em dash is an aside, not a range
_GAP_WORD = re.compile(rf"{_H}+(to|or|and|e|et|y|und){_H}+|-(to)-")   # '0-to-60-mph'
_SCORE_WORDS = re.compile(r"(?i)\b(?:" + alternatives("score_words") + r")\b")
_APPOSITION_NAME = re.compile(r"(?<![\w.’'-])[A-Z][\w’'-]+,[^\S\n]\Z")
_APPOSITION_AFTER = re.compile(r",[^\S\n]+(?=[a-z]|and\b|who\b)")
_GAP_LIST = re.compile(rf"{_H}*,{_H}*(?:and{_H}+|or{_H}+)?|{_H}+(?:and|or|&){_H}+|{_H}?[-–—]{_H}?|{_H}+to{_H}+")
_GAP_SHARE = re.compile(rf"{_H}+(?:to|and|or){_H}+")
_GAP_RATIO = re.compile(rf"{_H}+(?:in|out{_H}+of){_H}+")
_BETWEEN = re.compile(rf"(?i)\b(?:{'|'.join(LISTS['between'])}){_H}+\Z")
_CHANGE_BEFORE = re.compile(r"(?i)\b(?:" + alternatives("change_verbs") + r")\s+(?:\w+\s+){0,2}?from\s+\Z")
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
    glued = _SUFFIX.match(gap)
    if glued and glued.group().lower() in UNIT_SUFFIXES and text.startswith(glued.group(), b.end):
        gap = gap[glued.end():]                    # '15kHz and 21kHz', '5-10km' share the unit
    if _GAP_DASH.fullmatch(gap):
        ok = a.kind == b.kind == "dig" or (a.kind == "word" and b.kind == "word")
    else:
        m = _GAP_WORD.fullmatch(gap)
        if not m:
            return False
        word = (m.group(1) or m.group(2)).lower()
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


def _unit_follows(text: str, end: int) -> bool:
    """Whether a unit is glued to the number ending at end ('60mph', '60-mph')."""
    if end >= len(text):
        return False
    return text[end].isalpha() or text[end] in "%°" or (text[end] == "-" and text[end + 1:end + 2].isalpha())


def _is_score(text: str, a: Atom, b: Atom) -> bool:
    """Two small numbers joined by a tight dash read as a result ('2-1 win', '109-98', '2-2 on aggregate')."""
    if _unit_follows(text, b.end):
        return False                               # '0-60mph' is a range of speeds
    if a.low > b.low or a.low == 0 or a.low == b.low:
        return True
    return a.low <= 30 and b.low <= 30 and (_SCORE_WORDS.search(text, max(0, a.start - 40), a.start) is not None
                                            or _SCORE_WORDS.search(text, b.end, b.end + 30) is not None)


def _apposition_age(text: str, a: Atom) -> bool:
    """A small number between commas after a name reads as an age: 'Hague, 44, has spent'."""
    if text[a.start - 2:a.start] != ", " or text[a.end:a.end + 1] != ",":
        return False                               # the cheap test first: commas on both sides
    if not (a.kind == "dig" and a.raw.isdigit() and 0 < int(a.raw) < 120) or a.currency or a.percent:
        return False
    return (_APPOSITION_NAME.search(text, max(0, a.start - 40), a.start) is not None
            and _APPOSITION_AFTER.match(text, a.end) is not None)


def extract_claims(text: str, decimal_mark: str | None = None) -> list[Claim]:
    """Every numeric claim in one passage of text, in order.

    decimal_mark: the document's decimal mark ('.' or ',') when its other figures settle it; else the passage's own
    figures and language decide how '2,873' or '32.000' read.
    """
    if not _HAS_NUMBER.search(text):
        return []
    passage = Passage(text, decimal_mark)
    atoms: list[Atom] = []
    for m in MASTER.finditer(text):
        if m.group("skip") is None:
            a = make_atom(m, passage)
            if a is not None:
                atoms.append(a)
    if not atoms:
        return []
    quals = [qualifier_before(text, a.start) for a in atoms]
    status = [("denom" if denominator(text, a) else reject_reason(text, a, q, passage))
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
                and _TIGHT_DASH.fullmatch(text[a.end:b.start]) and _is_score(text, a, b):
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
        age = last is a and _apposition_age(text, a)
        unit, age = ("years", True) if age else _unit(text, last, end, a.start)
        alt_low = a.alt if a.alt is not None else (a.low if last.alt is not None else None)
        alt_high = last.alt if last.alt is not None else (last.high if a.alt is not None else None)
        claims.append(Claim(start, end, text[start:end], a.low, last.high, qualifier, unit, "", None,
                            alt_value_low=alt_low, alt_value_high=alt_high, age=age))
    claims = share_units(text, _with_sentences(text, claims))
    for c in claims:
        c.kind, c.unit_normalized = classify(c.unit, c.age)
        c.concept = concept_of(text, c.char_end, c.kind, c.unit_normalized)
        if c.concept is not None:
            c.subject = subject_of(text, c.char_start, c.char_end, c.unit)
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
            c.sentence, c.attribution = sentence, source
            out.append(c)
        j = k
    return out


def _unit(text: str, a: Atom, end: int, first: int) -> tuple[str | None, bool]:
    """(unit, is an age) of a number: its currency or percent, a glued suffix ('5km'), a compound ('15-year'), or
    the noun after it."""
    if a.percent:
        return a.percent, False
    if a.currency:
        return a.currency, False
    if a.metre:
        return "m", False
    if end < len(text):
        ch = text[end]
        if ch.isalpha() or ch == "°":
            m = _SUFFIX.match(text, end)
            if m and m.group().lower() in UNIT_SUFFIXES:
                return m.group(), False
        if ch == "-" and a.kind != "vague":
            m = _COMPOUND.match(text, end)
            if m:
                return m.group(1), m.group(1).lower().startswith(("year-old", "years-old"))
    if _AGE_BEFORE.search(text, max(0, first - 24), first):
        return "years", True                       # "aged 15 to 24", "at the age of 64"
    return unit_after(text, end), False


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
    c.unit = f"{c.unit} {rate}" if c.unit else rate
    return True


def claims_as_records(text: str) -> list[dict]:
    """The claims of one passage as dicts holding exactly the numeric_claims table fields."""
    return [{f: getattr(c, f) for f in RECORD_FIELDS} for c in extract_claims(text)]
