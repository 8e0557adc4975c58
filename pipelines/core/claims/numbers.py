"""Find number tokens in text and read their values: digits, number words, scales, money, percentages.

Hand-written on purpose: quantulum3 reads ranges as midpoints, years as counts and has no qualifiers;
recognizers-text has no range model in Python and pins emoji<2; no spaCy English model installs from
the package index. One compiled regex finds every candidate in a single pass; the small parsers below
turn its groups into values. Which candidates are claims is decided in filters.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.core.claims.vocab import (
    CURRENCY_CODES,
    CURRENCY_LETTERS,
    CURRENCY_PREFIXES,
    CURRENCY_WORDS,
    LISTS,
    alternatives,
    parts,
    values,
)


def wordset(words: str) -> frozenset[str]:
    """A frozen set of the blank-separated words of a literal."""
    return frozenset(words.split())


_ONES = LISTS["ones"]   # zero to nineteen, by value
_TENS = LISTS["tens"]   # twenty to ninety
WORD_VALUES = {w: i for i, w in enumerate(_ONES)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
BIG_VALUES = values("big")



def prev_word(text: str, start: int) -> str:
    """The blank-separated token just before start ('' when none or when nothing but a blank separates)."""
    j = start
    while j > 0 and text[j - 1] in " \t\u00a0":
        j -= 1
    if j == start:
        return ""
    i = j
    while i > 0 and not text[i - 1].isspace():
        i -= 1
    return text[i:j]


def _trie(words: tuple[str, ...]) -> str:
    """A regex alternation of words factored by shared prefixes (the engine then tries one branch per letter)."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 and "" not in node else "(?:" + "|".join(alts) + ")"
        return body + ("?" if "" in node else "")
    return emit(tree)


_ONES_ALT = _trie(_ONES[1:])
_DIGIT19 = _trie(_ONES[1:10])
_TENS_ALT = _trie(_TENS)
_H = r"[^\S\n]"   # a blank that is not a line break: claims never span lines
_W1 = rf"(?:(?:{_TENS_ALT})(?:(?:-|{_H})(?:{_DIGIT19})\b)?|(?:{_ONES_ALT}))"
_WBIG = "(?:" + "|".join(BIG_VALUES) + ")"
# "two hundred and fifty", "three thousand five hundred", "a dozen", "half a million"; "and" only after a big word
# so that "between eight and fourteen" stays two numbers.
_WORDNUM = (rf"(?:half{_H}+an?{_H}+(?:{'|'.join(LISTS['half_scales'])})"
            rf"|(?:an?|{_W1}){_H}+and{_H}+a{_H}+half(?:{_H}+(?:{'|'.join(LISTS['and_a_half_scales'])}))?"
            rf"|(?:an?|{_W1}){_H}+{_WBIG}(?:{_H}+(?:and{_H}+)?(?:{_W1}{_H}+{_WBIG}|{_WBIG}|{_W1}(?!{_H}+{_WBIG}))){{0,8}}"
            rf"|{_W1})")
_VAGUE_PLURALS = LISTS["vague_plurals"]   # dozens, hundreds, thousands, ...
_VAGUE = (rf"(?:(?:tens|hundreds){_H}+of{_H}+(?:{'|'.join(_VAGUE_PLURALS[2:])})"
          rf"|(?:a{_H}+few|several){_H}+(?:{'|'.join(LISTS['half_scales'])})"
          rf"|{'|'.join(_VAGUE_PLURALS)})")
# English grouping, continental grouping, thin-space grouping, plain with optional decimal.
_DIG = (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d])"
        r"|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)|\d+(?:[.,]\d+)?")
_SYMBOLS = "".join(sorted({k for k in CURRENCY_PREFIXES if len(k) == 1 and k != "$"}))
_DOLLAR_HEADS = "|".join(sorted({k[:-1].upper() for k in CURRENCY_PREFIXES if k.endswith("$") and len(k) > 1}
                                | {"NT", "Mex"}, key=len, reverse=True))
_LETTER_PREFIXES = _trie((*CURRENCY_CODES, *CURRENCY_LETTERS, "Rs"))
_CUR_PRE = rf"(?:(?:{_DOLLAR_HEADS})?\$|[{_SYMBOLS}]|\b{_LETTER_PREFIXES}\.?(?={_H}?\d)){_H}?"
# Scale words, and scale letters glued to the digits ('$13.6M', '€4.2bn', '$450K'); 'm' alone may be metres.
_SCALE = (rf"(?:{_H}?(?i:{alternatives('scale_words')})\b|(?:bn|mn|tn|Bn|BN|Mn|MN|m|k|b|M|K|B)\b)")
_PERCENT_WORDS = alternatives("percent_words")
_SUF = (rf"(?:{_H}?%|{_H}?(?i:{_PERCENT_WORDS})\b"
        rf"|{_H}(?i:(?:di|de|of){_H}+|d['’])?(?i:{alternatives('currency_words_after')})\b"
        rf"|{_H}?(?:{'|'.join(CURRENCY_CODES)})\b)")
# Spans never read as numbers: links, numeric dates, clock times, footnote markers, 'apostrophe years.
_SKIP = (r"(?:https?://|www\.)[^\s)\]>]+|\]\([^)\s]*\)"
         r"|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b"
         r"|\b\d{1,2}(?:[:.h]\d{2})?\s?(?i:[ap]\.m\.|[ap]m\b|o['’]clock\b|h\b|hrs\b)"
         r"|\b\d{1,2}:\d{2}(?::\d{2})?|\b\d{3,4}\s?(?:GMT|UTC|CET|EST|Zulu)\b"
         r"|\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]|\(\d{1,3}(?:\s?[,–-]\s?\d{1,3})+\)|\^\d+|['’]\d{2}s?\b")

# Each branch starts with a lookahead on its possible first characters, so most positions fail at once.
_CUR_FIRST = "".join(sorted({w[0] for w in (*CURRENCY_CODES, *CURRENCY_LETTERS, *_DOLLAR_HEADS.split("|"), "R")}))
_CUR_SIGNS = _SYMBOLS + "$"
MASTER = re.compile(
    rf"(?=[hw\]\d\[(^'’])(?P<skip>{_SKIP})"
    rf"|(?=\d|[{re.escape(_CUR_SIGNS)}]|[{_CUR_FIRST}][A-Za-z]{{0,3}}[$.]?{_H}?\d)(?P<cur>{_CUR_PRE})?(?P<dig>{_DIG})(?P<scale>{_SCALE})?(?P<suf>{_SUF})?"
    rf"|\b(?=[thasdmbTHASDMB])(?P<vague>(?i:{_VAGUE}))\b(?P<vsuf>{_SUF})?"
    rf"|\b(?=[otfsenahOTFSENAH])(?P<word>(?i:{_WORDNUM}))\b(?P<wsuf>{_SUF})?"
)

SCALES = values("scales")
_CUR_CODES = CURRENCY_PREFIXES | CURRENCY_WORDS | {k.lower(): v for k, v in CURRENCY_LETTERS.items()}
# the percent words of _SUF but for percentage points (read as such), any blank between their words
_PERCENT = re.compile(r"(?i)\s?(?:%|" + "|".join(w.replace(_H, r"\s") for w in parts("percent_words")
                                                 if not w.startswith("percentage")) + ")$")
_WORD_AFTER = re.compile(r"\s+([a-z]+)\b")
_METRE_CONTEXT = frozenset(LISTS["metre_context"])
_MILLION_NOUNS = frozenset(LISTS["million_nouns"])
_RACE_WORDS = frozenset(LISTS["race_words"])
_VAGUE_BASE = values("vague")
_SPACE_SEP = re.compile(r"[\u00a0\u202f\u2009]")
_WS = re.compile(r"\s+")
# Function words: more of them than of English ones marks a continental-format passage ("32.000" = 32000).
_EN_WORDS = re.compile(r"\b(?:" + "|".join(LISTS["english_function_words"]) + r")\b", re.I)
_EU_WORDS = re.compile(r"\b(?:" + "|".join(LISTS["continental_function_words"]) + r")\b", re.I)


MAX_DIGITS = 40


@dataclass(slots=True)
class Atom:
    """One number found in text, before deciding whether it is a claim."""

    start: int          # first char of the number's own words (currency symbol included)
    end: int            # end of number, scale, percent or currency word
    low: float
    high: float
    kind: str           # dig | word | vague
    raw: str            # the digits or words alone
    scaled: bool = False
    currency: str | None = None
    percent: str | None = None
    metre: bool = False  # "5m" without a currency: metres, not millions
    scale: int = 1       # the multiplier read from a scale word ('million' 10^6)
    alt: float | None = None  # the other reading of an ambiguous separator ('2,873 million')


# Unambiguous number formats, as evidence of a document's decimal mark. Written without look-arounds so that
# the same patterns run in Python and in Arrow's RE2 (the pipeline counts them per document there).
POINT_EVIDENCE = r"\d,\d{3}\.\d|\d,\d{3},\d{3}|\d\.\d{1,2}(?:[^\d.]|\.\s|$)|\d\.\d{4,}"
COMMA_EVIDENCE = r"\d\.\d{3},\d|\d\.\d{3}\.\d{3}|\d,\d{1,2}(?:[^\d,\]]|$)|\d,\d{4,}"
EN_WORDS = _EN_WORDS.pattern
EU_WORDS = _EU_WORDS.pattern
_POINT_RX = re.compile(POINT_EVIDENCE)
_COMMA_RX = re.compile(COMMA_EVIDENCE)


def decimal_mark(point: int, comma: int) -> str | None:
    """The decimal mark that counts of unambiguous figures settle ('.' or ','), None when they do not."""
    if point and point >= 2 * comma:
        return "."
    if comma and comma >= 2 * point:
        return ","
    return None


class Passage:
    """The text being read and what is known of its number format, worked out once and only when needed."""

    __slots__ = ("_continental", "_mark", "mark_hint", "text")

    def __init__(self, text: str, mark_hint: str | None = None):
        self.text = text
        self.mark_hint = mark_hint    # the document's decimal mark, when the caller knows it
        self._continental: bool | None = None
        self._mark: str | bool | None = False

    @property
    def continental(self) -> bool:
        if self._continental is None:
            self._continental = is_continental(self.text)
        return self._continental

    @property
    def mark(self) -> str | None:
        """The decimal mark: the document's when given, else what this passage's own figures show."""
        if self.mark_hint:
            return self.mark_hint
        if self._mark is False:
            self._mark = decimal_mark(len(_POINT_RX.findall(self.text)), len(_COMMA_RX.findall(self.text)))
        return self._mark


def is_continental(text: str) -> bool:
    """Whether a passage reads as Italian/German/French/Spanish rather than English (number formats)."""
    return len(_EU_WORDS.findall(text)) > len(_EN_WORDS.findall(text))


def parse_digits(s: str, scaled: bool, passage: Passage | str, currency: bool = False) -> tuple[float, float | None]:
    """(value, other reading) of a digit string with thousands separators or a decimal mark.

    Both marks, or more than one group, settle the reading. One mark before exactly three digits ('2,873',
    '32.000') is read by the document's decimal mark when its other figures show it, else by the passage's
    language (comma groups in English, dot groups in Italian or German). Before a scale word the language's
    grouping reading is unusual ('2,873 million' most often means 2.873 million): then both readings are
    kept, the decimal one first (the grouping one first with a currency, as accounts write '$2,873 million').
    """
    if isinstance(passage, str):
        passage = Passage(passage)
    s = _SPACE_SEP.sub("", s)
    alt = None
    if "," in s and "." in s:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        grp = "," if dec == "." else "."
        s = s.replace(grp, "").replace(dec, ".")
    elif "," in s or "." in s:
        sep = "," if "," in s else "."
        head, *groups = s.split(sep)
        if head == "0" or not all(len(g) == 3 for g in groups):
            s = s.replace(sep, ".") if len(groups) == 1 else s.replace(sep, "")
        elif len(groups) > 1:
            s = s.replace(sep, "")                      # 1,234,567 / 1.234.567
        else:
            mark = passage.mark
            if mark is None:
                mark = "," if passage.continental else "."
            grouping, decimal = s.replace(sep, ""), s.replace(sep, ".")
            if mark != sep and scaled:                 # '2,873 million' in English, '2.873 milioni' in Italian
                first, other = (grouping, decimal) if currency else (decimal, grouping)
                s, alt = first, _exact(other)
            else:
                s = decimal if mark == sep else grouping
    return _exact(s), alt


def _exact(s: str) -> float:
    """Float of a plain decimal string, through integers so that 2.4 x 10^6 is exactly 2400000."""
    if "." in s:
        whole, frac = s.split(".", 1)
        return int(whole + frac) / 10 ** len(frac)
    return float(int(s))
def parse_words(s: str) -> float:
    """Value of number words: 'twenty-three' 23, 'a dozen' 12, 'two hundred and fifty' 250."""
    low = s.lower()
    if " and a half" in low:                        # "one and a half million", "three and a half"
        head, big = low.split(" and a half")
        return (parse_words(head) + 0.5) * BIG_VALUES.get(big.strip(), 1)
    toks = _WS.sub(" ", low.replace("-", " ")).split(" ")
    half = toks[0] == "half"
    total, current = 0, 0
    for t in toks[half:]:
        if t in ("a", "an"):
            current = 1
        elif t in WORD_VALUES:
            current += WORD_VALUES[t]
        elif t in ("hundred", "dozen"):
            current = (current or 1) * BIG_VALUES[t]
        elif t in BIG_VALUES:
            total += (current or 1) * BIG_VALUES[t]
            current = 0
    value = total + current
    return value / 2 if half else float(value)


def parse_vague(s: str) -> tuple[float, float]:
    """A range for plural round numbers: 'hundreds' 200-999, 'tens of thousands' 20,000-99,999."""
    toks = _WS.sub(" ", s.lower()).split(" ")
    base = _VAGUE_BASE[toks[-1].rstrip("s")]
    if len(toks) > 1 and toks[0] in ("tens", "hundreds"):
        base *= 10 if toks[0] == "tens" else 100
    if toks[0] in ("a", "several"):
        return float(2 * base), float(9 * base)
    return float(2 * base), float(10 * base - 1)


def make_atom(m: re.Match, passage: Passage | str) -> Atom | None:
    """Build an Atom from a MASTER match (not a skip), or None when the match is not a number."""
    if isinstance(passage, str):
        passage = Passage(passage)
    text = passage.text
    cur = m.group("cur")
    currency = None
    if cur:
        currency = _CUR_CODES.get(cur.strip().lower(), cur.strip().upper())
    suf = m.group("suf") or m.group("vsuf") or m.group("wsuf")
    percent = None
    if suf:
        if _PERCENT.search(suf):
            percent = "percent"
        elif "point" in suf.lower():
            percent = "percentage points"
        else:
            word = _WS.sub(" ", suf.strip().lower())
            for prefix in ("di ", "de ", "of ", "d'", "d’"):
                word = word.removeprefix(prefix)
            currency = currency or _CUR_CODES.get(word, word.upper())
    dig = m.group("dig")
    if dig is not None:
        if len(dig) > MAX_DIGITS:
            return None                            # a run of digits that long is no quantity (and no float)
        scale_txt = m.group("scale")
        scale, metre = 1, False
        if scale_txt:
            raw_key = scale_txt.strip()
            key = _WS.sub(" ", raw_key.lower())
            if key in ("m", "b", "k") and not currency:
                after = _WORD_AFTER.match(text, m.end("scale"))
                noun = after.group(1) if after else ""
                if key == "b" and not (raw_key == "B" and noun.endswith("s")):
                    return None                    # '5b' is no figure; '5B users' is five billion
                if key == "k" and noun in _RACE_WORDS:
                    return None                    # a '10K run' is a distance, named
                if raw_key == "m":
                    # "1.5m people" and "3m barrels" are millions; "a 10m wall" and "1.5m tall" are metres.
                    metre = not (after and noun not in _METRE_CONTEXT
                                 and ("." in dig or noun.endswith("s") or noun in _MILLION_NOUNS))
            if not metre:
                scale = SCALES[key]
        value, alt = parse_digits(dig, bool(scale_txt) and not metre, passage, currency is not None)
        if scale != 1:
            value = round(value * scale, 6)   # 2.4 x 10^6 without binary noise
            alt = round(alt * scale, 6) if alt is not None else None
        return Atom(m.start(), m.end(), value, value, "dig", dig, scale != 1, currency, percent, metre, scale, alt)
    word = m.group("word")
    if word is not None:
        value = parse_words(word)
        return Atom(m.start(), m.end(), value, value, "word", word, False, currency, percent)
    low, high = parse_vague(m.group("vague"))
    return Atom(m.start(), m.end(), low, high, "vague", m.group("vague"), False, currency, percent)
