"""Read what stands around a number: its qualifier, its unit, its sentence and who the figure comes from.

Hand-written: no maintained library gives qualifiers or counted nouns (see numbers.py); these are
short anchored patterns run at the number's position, so each costs one bounded search.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from pipelines.core.claims.numbers import prev_word
from pipelines.core.claims.vocab import LISTS, QUALIFIER_PHRASES, alternatives

_H = r"[^\S\n]"   # a blank that is not a line break: claims never span lines
_ADVERB = rf"(?:(?:just|well|slightly|far|much|a{_H}+little|little){_H}+)?"
# qualifier phrases by what they mean (rules/claims.toml [qualifiers]), each an alternation
_QUAL_PHRASES = {norm: "|".join(phrases) for norm, phrases in QUALIFIER_PHRASES.items()}
_QUAL_OF = {}
for _norm, _alts in _QUAL_PHRASES.items():
    for _p in _alts.split("|"):
        _QUAL_OF[_p.replace("\\", "")] = _norm
_QUAL_ALT = "|".join(sorted((p.replace(" ", rf"{_H}+") for a in _QUAL_PHRASES.values() for p in a.split("|")),
                            key=len, reverse=True))
# The last word of every qualifier phrase: numbers after any other word skip the qualifier search.
_QUAL_LAST = frozenset(p.replace("\\", "").split()[-1] for a in _QUAL_PHRASES.values() for p in a.split("|"))
QUAL_BEFORE = re.compile(rf"(?i)(?<![\w-])(?P<adv>{_ADVERB})(?P<q>{_QUAL_ALT}){_H}+\Z")
_QUAL_SIGNS = {"~": "around", "≈": "around", ">": "more_than", "<": "less_than", "≥": "at_least", "≤": "at_most"}
_QUAL_AFTER = re.compile(rf"(?i)(?:{_H}+or{_H}+(?P<w>so|more|fewer|less|above|over)\b(?!{_H}+than)"
                         r"|(?P<s>-odd\b|\+(?!\d)|-plus\b))")
_QUAL_AFTER_OF = {"so": "around", "more": "at_least", "above": "at_least", "over": "at_least",
                  "fewer": "at_most", "less": "at_most", "-odd": "around", "+": "at_least", "-plus": "at_least"}
_WS = re.compile(r"\s+")


def qualifier_before(text: str, start: int) -> tuple[int, str] | None:
    """(start of qualifier words, normalised qualifier) for words just before start, or None."""
    if start and text[start - 1] in _QUAL_SIGNS:
        return start - 1, _QUAL_SIGNS[text[start - 1]]   # ~500, >100, ≤5
    if prev_word(text, start).lower() not in _QUAL_LAST:
        return None
    m = QUAL_BEFORE.search(text, max(0, start - 40), start)
    if not m:
        return None
    q = _WS.sub(" ", m.group("q").lower())
    return m.start(), _QUAL_OF.get(q, "around")


def qualifier_after(text: str, end: int) -> tuple[int, str] | None:
    """(end of trailing qualifier words, normalised qualifier) for '20 or so', '30-odd', '50+', else None."""
    m = _QUAL_AFTER.match(text, end)
    if not m:
        return None
    key = (m.group("w") or m.group("s")).lower()
    return m.end(), _QUAL_AFTER_OF[key]


_DOT_DIGIT = re.compile(r"\.\d")
_TOKEN = re.compile(rf"{_H}+([A-Za-z\u00C0-\u024F][\w’'.-]*)")
_OF = re.compile(rf"{_H}+(?:of|di|de|des|du)(?={_H})")
_UNIT_STOP = frozenset(LISTS["unit_stop"])
_UNIT_SKIP_FIRST = frozenset(LISTS["unit_skip_first"])
_NUMBER_WORDS = frozenset(LISTS["number_words"])
_HEAD_NOUNS = frozenset(LISTS["head_nouns"])
_CONTAINER_NOUNS = frozenset(LISTS["container_nouns"])   # '30 cases of foreign fighters' counts foreign fighters
# Participles that name people by what happened to them: '14 dead and over 200 injured'.
_NOMINAL = frozenset(LISTS["nominal"])
MAX_UNIT_WORDS = 3


def unit_after(text: str, end: int) -> str | None:
    """The counted thing after a number: '120 Albanians have' -> 'Albanians', '32,000 square meters.'."""
    pos = end
    m = _OF.match(text, pos)
    if m:
        pos = m.end()
    words: list[str] = []
    limit = MAX_UNIT_WORDS
    while len(words) < limit + 1:
        t = _TOKEN.match(text, pos)
        if not t:
            break
        w = t.group(1)
        cut = _DOT_DIGIT.search(w)
        if cut:
            w = w[:cut.start()]                     # "churches.3": a footnote marker follows
        if w.endswith(".") and w.count(".") == 1:
            w = w[:-1]
        low = w.lower()
        if not words and low in _UNIT_SKIP_FIRST:
            pos = t.end()
            continue
        if low == "of" and len(words) == 1 and words[0].lower() in _CONTAINER_NOUNS and limit == MAX_UNIT_WORDS:
            words.append(w)
            pos = t.end()
            limit += 2
            continue
        if (low in _UNIT_STOP and not (w.isupper() and len(w) > 1)) or low in _NUMBER_WORDS or low.endswith("ly"):
            break
        if words and w[:1].isupper() and not words[-1][:1].isupper() and not words[-1].endswith(("ed", "ing")):
            break                                   # "imams Genci Balla": a name starts
        if words and low.endswith(("ed", "ing")):
            break                                   # "two JM members detonated": the verb
        words.append(w)
        pos = t.end()
        if t.group(1) != w or (pos < len(text) and text[pos] in ",;:)(—–\"”"):
            break                                   # the phrase ends at punctuation
        if low in _CONTAINER_NOUNS and len(words) == 1 and _OF.match(text, pos):
            continue                                # '30 cases of foreign fighters'
        if low in _HEAD_NOUNS or (low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3):
            nxt = _TOKEN.match(text, pos)
            if not nxt or not nxt.group(1)[:1].isupper() or w[:1].isupper():
                break                               # a plural head noun ends the phrase: "people travel"
    while words and words[-1].lower().endswith(("ed", "ing")) and not (len(words) == 1 and words[0] in _NOMINAL):
        words.pop()                                 # "59 soldiers killed" -> soldiers
    if words and words[-1] == "of":
        words.pop()
    if not words or len(words) > limit:
        words = words[:limit]
    return " ".join(words) or None


# Sentence ends: terminal punctuation, closing quotes/brackets, space, then a capital, digit or opening mark.
_SENT_END = re.compile(r"[.!?…]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])|\n+")
_ABBREV = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b(?:" + alternatives("abbreviations") + r")\.)\Z")


def sentence_starts(text: str) -> list[int]:
    """Start offsets of the sentences of a passage (abbreviations like 'U.S.' and 'Dr.' do not end one)."""
    starts = [0]
    for m in _SENT_END.finditer(text):
        if m.group()[0] == "." and _ABBREV.search(text, max(0, m.start() - 12), m.start() + 1):
            continue
        starts.append(m.end())
    return starts


def sentence_index(starts: list[int], pos: int) -> int:
    """Which sentence of sentence_starts holds pos."""
    return bisect_right(starts, pos) - 1


def sentence_bounds(text: str, starts: list[int], i: int) -> tuple[int, int]:
    """(start, end) of sentence i, trimmed of surrounding blanks."""
    s = starts[i]
    e = starts[i + 1] if i + 1 < len(starts) else len(text)
    return _trim(text, s, e)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


MAX_SENTENCE = 1000   # a claim's stored sentence is at most this long (a line without full stops is no sentence)
_CLAUSE_ENDS = (", ", "; ", ": ", ") ", "] ", " — ", " – ", " - ")


def _inside(c: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    for span in spans:
        if span[0] < c < span[1]:
            return span
    return None


def _cut(text: str, lo: int, hi: int, spans: list[tuple[int, int]]) -> int:
    """The last clause end in [lo, hi], else the last blank, else hi; never inside a claim span."""
    for seps in (_CLAUSE_ENDS, (" ",)):
        h = hi
        while h > lo:
            best = max(text.rfind(sep, lo, h + len(sep) - 1) for sep in seps)
            if best < lo:
                break
            # the cut falls after the separator's punctuation, on its trailing blank
            sep = next(x for x in seps if text.startswith(x, best))
            c = best + len(sep) - 1 if sep[0] != " " else best
            blocker = _inside(c, spans)
            if blocker is None:
                return c
            h = blocker[0]
    blocker = _inside(hi, spans)
    return blocker[1] if blocker else hi


def clause_runs(text: str, s: int, e: int, spans: list[tuple[int, int]],
                limit: int = MAX_SENTENCE) -> list[tuple[int, int]]:
    """An overlong sentence [s, e) cut into runs of at most about `limit` characters, at clause ends or else
    between words, never inside one of the (sorted, disjoint) claim spans; each run trimmed of blanks.

    One pass left to right, each cut found by a bounded search backwards: linear in the sentence length.
    """
    runs: list[tuple[int, int]] = []
    p, k = s, 0
    while e - p > limit:
        lo, hi = p + limit // 2, p + limit
        while k < len(spans) and spans[k][1] <= lo:
            k += 1
        near = []
        for span in spans[k:]:
            if span[0] >= hi:
                break
            near.append(span)
        c = _cut(text, lo, hi, near)
        runs.append(_trim(text, p, c))
        p = c
    runs.append(_trim(text, p, e))
    return runs


_MONTHS = "(?:" + "|".join(LISTS["month_abbreviations"]) + ")"
_DATE = (rf"(?:{_MONTHS}[a-z]*\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?"
         rf"|\d{{1,2}}\s+{_MONTHS}[a-z]*\.?(?:\s+\d{{4}})?"
         rf"|{_MONTHS}[a-z]*\.?\s+\d{{4}}|\d{{4}})")
_PAREN = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CITE_PART = re.compile(rf"\s*(?:(?i:see)\s+)?(?P<src>[^,;]{{1,80}}?),\s*(?P<date>{_DATE})\s*\Z")
_NAME = r"(?<![\w.’'&-])[A-Z][\w.’'&-]*(?:\s+(?:[A-Z][\w.’'&-]*|of|for|de|and|the|al-\w+))*"
_ROLE = "(?:" + alternatives("attribution_roles") + ")"
_ROLE_NP = (rf"\b(?:(?i:the|a|an|local|some|news|official|police)\s+(?:(?!(?i:the|a|an)\b)[\w-]+\s+){{0,3}}?"
            rf"|[a-z][\w-]*\s+)?"
            rf"{_ROLE}\b")
_ACCORDING = re.compile(r"(?i:according\s+to)\s+(?P<x>[^,;:()]{2,120}?)(?=\s*(?:[,;:()]|\.(?:[\s)\"”’]|$)|$))")
_SAID_BY = re.compile(rf"\b(?:{alternatives('said_by_verbs')})\s+"
                      rf"(?P<x>{_ROLE_NP}|(?:the\s+)?{_NAME})")
_SUBJ_SAID = re.compile(
    rf"(?P<x>{_NAME}|{_ROLE_NP})\s+(?:has\s+|have\s+|had\s+)?(?:{alternatives('reporting_verbs')})\b")
# Who counted the figure: 'the police have identified 314 Kosovars', 'the ministry recorded 318 cases'.
_ROLE_COUNTED = re.compile(
    rf"(?P<x>{_ROLE_NP})\s+(?:has\s+|have\s+|had\s+)?(?:{alternatives('counting_verbs')})\b")
_LEAD_WORD = re.compile(r"^(?:" + "|".join(LISTS["lead_words"]) + r")(?:\s+|$)")
_LEAD_THE = re.compile(r"^(?:the|a|an)\s+(?=[A-Z])", re.I)
_PRONOUNS = frozenset(LISTS["pronouns"])


def attribution(sentence: str) -> str | None:
    """Who the sentence says a figure comes from: an inline citation, 'according to X', 'X said', 'said X'."""
    for m in _PAREN.finditer(sentence):
        body = _MD_LINK.sub(r"\1", m.group(1))
        parts = [_CITE_PART.match(p) for p in body.split(";")]
        if parts and all(parts):
            return "; ".join(f"{p.group('src').strip()}, {p.group('date')}" for p in parts)
    m = _ACCORDING.search(sentence)
    if m:
        x = _MD_LINK.sub(r"\1", m.group("x")).strip()
        if " by " in x:
            x = x.rsplit(" by ", 1)[1].strip()
        return _LEAD_THE.sub("", x) or None
    for rx in (_SUBJ_SAID, _SAID_BY, _ROLE_COUNTED):
        for m in rx.finditer(sentence):
            x = m.group("x").strip()
            if x.lower() in _PRONOUNS or x.endswith(("'s", "’s")):
                continue                            # "he said", "An estimated", "Iran's presence"
            if x.endswith(".") and x.count(".") == 1:
                x = x[:-1]                          # sentence full stop, not "U.S."
            x = _LEAD_WORD.sub("", x)               # "As Emily Feng reports", "But Reuters said"
            if x:
                return _LEAD_THE.sub("", x)
    return None
