"""Boilerplate markers: phrases that no cleaned article body should still hold, in several languages.

A maintained list (data: rules/markers.toml) rather than a library: no maintained package ships "cookie
consent / comment form / share bar / copyright line" phrases across languages. Each phrase must be specific
to page furniture — a phrase that could stand in a news sentence ("privacy policy", "advertisement") would
quarantine good documents — and is written normalised (lower case, letters and digits separated by single
spaces), which is how the gate's SQL normalises article bodies before matching, so "All Rights Reserved."
and "all rights reserved" are the same.

A phrase is furniture only where it is most of its sentence ("All rights reserved.") or opens a short one
("Wir verwenden Cookies, um die Seite zu verbessern."): news that quotes or discusses it ("the lawyer argued
that the phrase all rights reserved on the 1998 sleeve covered streaming") holds it as a few words inside a
longer sentence. A label counts only as a
whole line, and not as a question ("Comments?" asks the reader something).
"""

from __future__ import annotations

import re
from functools import cache

from pipelines.core import rules
from pipelines.core.rules import factor

# Phrases that mark page furniture wherever they stand in a body, long and specific enough that no news
# sentence says them; and labels that are furniture as a whole line of a body: rules/markers.toml.
MARKERS: dict[str, tuple[str, ...]] = rules.families("markers", "markers")
LABELS: dict[str, tuple[str, ...]] = rules.families("markers", "labels")

_NOT_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
# Punctuation and spaces between (and around) a phrase's words, in the two regex dialects the markers are
# matched in: python's re (find_marker, tests) and re2 (duckdb, in the gate's audit SQL). An explicit
# class, not "not a letter or digit": re2 turns an alternation over huge unicode classes into a slow NFA
# (40 s instead of 1 s on 10,000 documents).
_PUNCT = r"!-/:-@\[-`{-~’‘“”«»–—…·•|"
_LABEL_PUNCT = r"!-/:->@\[-`{-~’‘“”«»–—…·•|"  # without "?": a label followed by a question mark is a question
_DIALECTS = {
    "python": {"gap": rf"[\s{_PUNCT}]+", "edge": rf"[\s{_PUNCT}]",
               "line_gap": rf"(?:[^\S\n]|[{_LABEL_PUNCT}])+", "line_edge": rf"(?:[^\S\n]|[{_LABEL_PUNCT}])*",
               "sentence_end": r"[.!?…]+(?:\s+|$)|\n"},
    "re2": {"gap": rf"[\s\p{{Z}}{_PUNCT}]+", "edge": rf"[\s\p{{Z}}{_PUNCT}]",
            "line_gap": rf"[ \t\r\f\v\p{{Z}}{_LABEL_PUNCT}]+", "line_edge": rf"[ \t\r\f\v\p{{Z}}{_LABEL_PUNCT}]*",
            "sentence_end": r"[.!?…]+(?:[\s\p{Z}]+|$)|\n"},
}


def normalise(text: str) -> str:
    """Lower case, every run of non-letters/digits one space: the form the phrases are written in."""
    return _NOT_WORD.sub(" ", text.lower()).strip()


def _flat(groups: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    # longest first, so that a longer phrase is reported rather than a shorter one it starts with
    return tuple(sorted({p for group in groups.values() for p in group}, key=lambda p: (-len(p), p)))


def _alternation(phrases: tuple[str, ...], gap: str) -> str:
    # words joined by "any run of punctuation and spaces", so "All rights  reserved." matches as written
    return "|".join(gap.join(re.escape(w) for w in p.split()) for p in phrases)


@cache
def phrase_pattern(dialect: str = "re2") -> str:
    """MARKERS as one pattern over lower-cased text; group 1 is the phrase as written."""
    d = _DIALECTS[dialect]
    return f"(?:^|{d['edge']})({_alternation(_flat(MARKERS), d['gap'])})(?:{d['edge']}|$)"


@cache
def label_pattern(dialect: str = "re2") -> str:
    """LABELS as one multi-line pattern over lower-cased text: a label alone on its line; group 1 is it."""
    d = _DIALECTS[dialect]
    return f"(?m)^{d['line_edge']}({_alternation(_flat(LABELS), d['line_gap'])}){d['line_edge']}$"


def sentence_end(dialect: str = "re2") -> str:
    """Where the gate splits a body into sentences: terminal punctuation and a space, or a line end."""
    return _DIALECTS[dialect]["sentence_end"]


def words(text: str) -> int:
    """Runs of letters and digits: how the gate measures a phrase against its sentence."""
    return len(_WORD.findall(text))


SHORT_SENTENCE = 12   # words: a sentence this short that opens with a phrase is the furniture's own


def is_furniture_sentence(before: str, phrase: str, sentence: str) -> bool:
    """The phrase is most of its sentence (its words outnumber the others), or opens a short one (`before`, the
    sentence's text ahead of the phrase, has no word)."""
    n = words(sentence)
    return 2 * words(phrase) > n or (words(before) == 0 and n <= SHORT_SENTENCE)


@cache
def _compiled() -> tuple[re.Pattern, re.Pattern]:
    """The phrase and label patterns for Python's re, factored (a third faster: asked of every article body)."""
    return factor.compile(phrase_pattern("python")), factor.compile(label_pattern("python"))


def find_marker(body: str) -> str | None:
    """The first marker phrase that makes its sentence furniture, else a line that is only a label; else None."""
    text = body.lower()
    phrases, labels = _compiled()
    if phrases.search(text):
        for sentence in re.split(sentence_end("python"), text):
            found = phrases.search(sentence)
            if found and is_furniture_sentence(sentence[:found.start(1)], found.group(1), sentence):
                return found.group(1)
    found = labels.search(text)
    return found.group(1) if found else None
