"""Decide which numbers are not claims: years, dates, times, ordinals, identifiers, footnotes, list numbers.

Hand-written: the libraries checked (quantulum3, recognizers-text) count years and identifiers as
quantities. Every rule looks only at the number's own shape and a few characters around it, using the
compiled patterns below, so one passage costs one short search per number.
"""

from __future__ import annotations

import re

from pipelines.core.claims.numbers import Atom, Passage, prev_word
from pipelines.core.claims.vocab import GLUED, LISTS, alternatives

_MONTH = "(?:" + "|".join(LISTS["english_months"]) + ")"
_MONTH_FOREIGN = "(?:" + "|".join(LISTS["foreign_months"]) + ")"
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTH}\.?|(?i:{_MONTH_FOREIGN}))\s+(?:of\s+)?\Z")
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTH}\b|(?i:{_MONTH_FOREIGN})\b)")
_ERA_AFTER = re.compile(r"\s?(?:AD|BC|BCE|CE|A\.D\.|B\.C\.)(?!\w)")
_YEAR_PREP_BEFORE = re.compile(r"(?i)\b(?:" + alternatives("year_prepositions") + r")\s+\Z")
_DET_BEFORE = re.compile(r"(?i)(?:\b(?:" + "|".join(LISTS["determiners"]) + r")|[-–(])\s*\Z")
_COUNT_AFTER = re.compile(r"\s+(?:" + "|".join(LISTS["count_after"]) + r")\b")
_NATION_PLURAL_AFTER = re.compile(r"\s+[A-Z][a-z]{2,}(?:ans|ars|ers|ese|is|ites|ists)\b")   # "Syria 300 Albanians"
_PLURAL_AFTER = re.compile(r"\s+(?!(?:" + "|".join(LISTS["not_plurals"]) + r")\b)[a-z][a-z-]*[a-rt-z]s\b")
# Words that name a thing by number: "district 13", "Resolution 2178", "Issue 19", "Channel 4".
_ID_WORDS = frozenset(LISTS["id_words"])
_ID_BEFORE = re.compile(rf"(?i)\b(?:{'|'.join(sorted(_ID_WORDS))})\.?\s*(?:no\.?\s*|#\s*)?\Z")
_CAP_BEFORE = re.compile(r"(?<![\w.’'-])([A-Z][\w’'&-]*|[a-z]+[A-Z][\w’'&-]*)\s+\Z")   # Boeing, iPhone
_ACRONYM = re.compile(r"[A-Z][A-Z&]{2,}|[A-Z]&[A-Z]")        # FTSE 100, S&P 500: a name even before a plural
# A capitalised singular word after a plain number names a thing ('787 Dreamliner', '221 Baker Street', '11 Pro'),
# unless a plural noun follows it ('20 Syrian refugees', '5 Iraqi police').
_NAME_AFTER = re.compile(
    r"[^\S\n]+(?:[A-Z][a-z]+[a-rt-z]|[A-Z][a-z]|[A-Z]{2,})\b(?![-’'])"
    r"(?![^\S\n]+(?:(?!(?:" + "|".join(LISTS["name_after_function_words"]) + r")\b)[a-z][\w-]*"
    r"[^\S\n]+)?(?:[a-z][a-z-]*[a-rt-z]s|" + alternatives("collective_plurals") + r")\b)")
# 'Ortega: 7, solid at the back': a player's rating out of ten, not a count.
_RATING_BEFORE = re.compile(r"(?<![\w.’'-])([A-Z][\w’'-]+):[^\S\n]*\Z")
_RATING_AFTER = re.compile(r"(?:/10\b|[^\S\n]*(?:[,;)]|[-–—]|$|\.(?:\s|$)))")
_STAT_WORDS = frozenset(LISTS["stat_words"])
_SENT_START_BEFORE = re.compile(r"(?:^|[.!?:;]\s+|[(\[“\"‘—–]\s*|\n\s*)\Z")
# Capitalised words that stand before counts ("Some 200", "With 85", "About 20") and are no name.
_FUNCTION = frozenset(LISTS["function"])
_LETTERS = re.compile(r"[^\W\d_]+|°[CF]?")
UNIT_SUFFIXES = frozenset(GLUED)   # units written against the digits (5km, 15kHz, 640bhp, 164p)
_VIDEO_LINES = frozenset(LISTS["video_lines"])   # '1080p' names a video format
_FRACTIONS = frozenset(LISTS["fractions"])
_FRACTION_AFTER = re.compile(r"(?i)\s+(?:halves|thirds?|quarters?|fifths?|sixths?|tenths?)\b")
_ORDINAL_WORDS = frozenset(LISTS["ordinal_words"])
_UNITISH = frozenset(LISTS["unitish"])
# "one" is the pronoun when a verb, "of", "another" or punctuation follows, or a determiner precedes.
_ONE_AFTER_STOP = re.compile(
    r"(?i)\s*(?:[-,.;:!?)\]”\"’]|$|(?:" + "|".join(LISTS["one_after_pronoun"]) + r")(?![\w-])|['’]s\b)")
_ONE_RANGE_AFTER = re.compile(r"(?i)\s+(?:or|to|in|out\s+of)\s+(?:\d|" + "|".join(LISTS["ones"][2:11]) + ")")
_ONE_BEFORE_STOP = re.compile(r"(?i)\b(?:" + alternatives("one_before_pronoun") + r")\s+\Z")
_ONE_COUNT_BEFORE = frozenset(LISTS["one_count_before"])
_ONE_COUNTED_AFTER = re.compile(
    r"(?i)(?:\s+[\w.’'-]+){1,3}?\s+(?:(?:was|were|is|has\s+been|had\s+been)\s+)?(?:"
    + alternatives("one_counted_after") + r")\b")
_NAME_PAREN_BEFORE = re.compile(r"\b[A-Z][\w’'-]*\s?\(\Z")   # "Albania (42)": a count after a name
_DENOM_LAST = frozenset(LISTS["denominator_last"])
_DENOM_BEFORE = re.compile(r"(?i)\b(?:per|for\s+every|in\s+every|out\s+of\s+every|every|for\s+each|out\s+of)\s+\Z")


def denominator(text: str, a: Atom) -> bool:
    """Whether the number is the base of a rate ('per 100,000', 'for every 1 million')."""
    if prev_word(text, a.start).lower() not in _DENOM_LAST:
        return False
    return _DENOM_BEFORE.search(text, max(0, a.start - 20), a.start) is not None


def is_year(text: str, a: Atom, qual: tuple[int, str] | None) -> bool:
    """Whether a plain four-digit number is a calendar year rather than a count."""
    raw = a.raw
    if a.kind != "dig" or len(raw) != 4 or not raw.isdigit() or a.scaled or a.currency or a.percent:
        return False
    n = int(raw)
    if _ERA_AFTER.match(text, a.end):
        return True
    if qual is not None:
        # "around 2010" and "up to 2020" are years; "about 2000 were killed", "over 1900 people" counts.
        return 1800 <= n <= 2100 and not (_PLURAL_AFTER.match(text, a.end) or _COUNT_AFTER.match(text, a.end))
    if 1800 <= n <= 2100:
        return not (_PLURAL_AFTER.match(text, a.end)
                    and not _DET_BEFORE.search(text, max(0, a.start - 12), a.start))
    if 1000 <= n < 1800:
        return (_YEAR_PREP_BEFORE.search(text, max(0, a.start - 10), a.start) is not None
                or _MONTH_BEFORE.search(text, max(0, a.start - 12), a.start) is not None)
    return False


def is_day(text: str, a: Atom) -> bool:
    """Whether a small number is the day of a date ('May 9', '9 May', '21st of September')."""
    if a.kind != "dig" or not a.raw.isdigit() or a.currency or a.percent or a.scaled or int(a.raw) > 31:
        return False
    return (_MONTH_BEFORE.search(text, max(0, a.start - 12), a.start) is not None
            or _MONTH_AFTER.match(text, a.end) is not None)


def _pronoun_one(text: str, a: Atom, qualified: bool) -> bool:
    """Whether a lone 'one' is the pronoun or an article-like 'one' ('one of', 'the Balkan one', 'in one speech')."""
    if qualified or a.raw.lower() != "one" or a.currency or a.percent:
        return False
    if _ONE_RANGE_AFTER.match(text, a.end):
        return False
    if a.end < len(text) and text[a.end] == "-":
        word = _LETTERS.match(text, a.end + 1)
        return not (word and word.group().lower() in _UNITISH)
    if _ONE_AFTER_STOP.match(text, a.end):
        return True
    if _ONE_BEFORE_STOP.search(text, max(0, a.start - 16), a.start) is not None:
        return True
    # Otherwise "one" is mostly the indefinite "one study found", "one night": a count only where
    # something is counted off ("only one", "killed one civilian", "one soldier was killed").
    return not (prev_word(text, a.start).lower() in _ONE_COUNT_BEFORE or _ONE_COUNTED_AFTER.match(text, a.end))


def _line_head(text: str, s: int) -> bool:
    """Whether s starts its line but for blanks, or follows a lone bullet or bracket at the passage start.

    Looked at backwards over the blanks before s, so the cost is not the length of the line.
    """
    j = s
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j == 0 or text[j - 1] == "\n" or (j <= 4 and text[:j] in "-*•(")


def reject_reason(text: str, a: Atom, qual: tuple[int, str] | None, passage: Passage | None = None) -> str | None:
    """Why this number is not a claim (year, date, ident, ...), or None when it is one.

    passage: the text's Passage, asked whether the text is English where capitals carry meaning.
    """
    qualified = qual is not None
    s, e, n = a.start, a.end, len(text)
    prev = text[s - 1] if s else ""
    prev2 = text[s - 2] if s > 1 else ""
    nxt = text[e] if e < n else ""
    nxt2 = text[e + 1] if e + 1 < n else ""
    if a.kind == "dig":
        if prev.isalnum():
            return "attached"                      # K5, G7, H5N1
        if prev == "#":
            return "ident"                         # #5, #12
        if prev in "-‐/@_\\+^=" and prev2.isalpha() and not (
                text.startswith("-to-", s - 4) and text[s - 5:s - 4].isdigit()):
            return "attached"                      # COVID-19, AK-47, status/123 (not '0-to-60')
        if prev in ".,:/" and prev2.isdigit():
            return "attached"                      # 1.2.3, 10:30
        if prev in ".,;:)\"”’'" and prev2.isalpha() and not a.currency:
            return "footnote"                      # 'attacks.12', 'said”3'
        if nxt.isalpha() or nxt == "°":
            letters = _LETTERS.match(text, e).group().lower()
            if letters in ("st", "nd", "rd", "th"):
                return "ordinal"
            if letters == "p" and a.raw in _VIDEO_LINES:
                return "ident"
            if letters not in UNIT_SUFFIXES and not (a.percent or a.currency):
                return "attached"                  # 5G, 1990s, 10am
        if (nxt in "/:.,‐" and nxt2.isdigit()) or nxt == "@":
            return "attached"                      # 1.2.3, 24/7, desk42@example.org
        if nxt == "-" and (nxt2.isdigit() is False) and prev == "-" and prev2.isdigit():
            return "attached"                      # 2018-09-...
        if (len(a.raw) >= 8 and a.raw.isdigit()) or (a.raw[0] == "0" and a.raw[1:2].isdigit()):
            return "ident"                         # long bare digit strings and 007 are ids, phone numbers
        if a.raw.isdigit() and len(a.raw) <= 2 and not (a.currency or a.percent):
            if nxt in ".)" and nxt2 in " \t" and _line_head(text, s):
                return "list"                      # "1. See ..." / "2) ..."
            named = prev == "(" and _NAME_PAREN_BEFORE.search(text, max(0, s - 64), s) is not None
            if nxt == ")" and not qualified and ((prev == "(" and not named)
                                                 or not prev or (prev in " \n" and (s < 2 or prev2 in ":;,.\n"))):
                return "list"                      # "eating (19).", "(1)", "demands: 1) pay, 2) leave"
    if a.kind != "dig" and prev in "-‐" and prev2.isalpha():
        return "attached"                          # Take-Two, one-on-one
    if nxt == "-" and nxt2.isalpha():
        word = _LETTERS.match(text, e + 1).group().lower()
        if word in _FRACTIONS or word in _ORDINAL_WORDS:
            return "fraction"                      # two-thirds, twenty-first
        if a.kind == "word" and word not in _UNITISH:
            return "compound"                      # two-state solution, one-sided
    if a.kind == "word" and _FRACTION_AFTER.match(text, e):
        return "fraction"                          # one quarter, two thirds
    if is_day(text, a):
        return "date"
    if is_year(text, a, qual):
        return "year"
    pw = prev_word(text, s)
    plain = not (qualified or a.scaled or a.currency or a.percent or "," in a.raw)
    if plain and pw and pw.lower().rstrip(".#") in _ID_WORDS and _ID_BEFORE.search(text, max(0, s - 24), s):
        return "ident"
    if a.kind == "dig" and not qualified and not (a.scaled or a.currency or a.percent) and "," not in a.raw:
        if a.low <= 10 and ":" in text[max(0, s - 2):s]:
            rating = _RATING_BEFORE.search(text, max(0, s - 30), s)
            if rating and rating.group(1).lower() not in _STAT_WORDS and _RATING_AFTER.match(text, e):
                return "rating"
        if a.low != 1 and text[e + 1:e + 2].isupper() and _NAME_AFTER.match(text, e) \
                and not _MONTH_AFTER.match(text, e) and not (
                (passage or Passage(text)).continental):   # German capitalises every noun: '480 Einwohner'
            return "ident"                         # 787 Dreamliner, 221 Baker Street
        cap = _CAP_BEFORE.search(text, max(0, s - 30), s)
        if cap and _ACRONYM.fullmatch(cap.group(1)) and len(cap.group(1)) >= 3:
            return "ident"                         # FTSE 100 futures, S&P 500 companies
        if cap and cap.group(1).lower() not in _FUNCTION and not cap.group(1).endswith(("'s", "’s", "s'", "s’")) \
                and not _SENT_START_BEFORE.search(text, max(0, cap.start(1) - 3), cap.start(1)) \
                and not _PLURAL_AFTER.match(text, e) and not _NATION_PLURAL_AFTER.match(text, e):
            return "ident"                         # Boeing 737, Windows 10, Apollo 11
    if a.kind == "word" and a.raw[:1].isupper():
        cap = _CAP_BEFORE.search(text, max(0, s - 30), s)
        if cap and cap.group(1).lower() not in _FUNCTION \
                and not _SENT_START_BEFORE.search(text, max(0, cap.start(1) - 3), cap.start(1)):
            return "ident"                         # World War Two, Channel Four
    if a.kind == "word" and _pronoun_one(text, a, qualified):
        return "pronoun"
    return None
