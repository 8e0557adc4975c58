"""Language of a text (py3langid, whose model ships inside the package) and of single lines.

Per-line guesses use function-word counts: cheap enough to run on every paragraph to find where a
file switches language; the article's language is then decided by py3langid on its whole body.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from pipelines.core import rules

_WORD = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = rules.families("language", "function_words")   # rules/language.toml
_LOOKUP: dict[str, list[str]] = {}
for _lang, _words in _FUNCTION_WORDS.items():
    for _w in _words:
        _LOOKUP.setdefault(_w, []).append(_lang)


def guess_line_language(text: str) -> str | None:
    """A cheap guess from function words; None when the evidence is thin or split."""
    counts: dict[str, float] = {}
    # only function words count: the others are passed over in C, the sums add in the same order
    for w in filter(_LOOKUP.__contains__, _WORD.findall(text.lower())):
        langs = _LOOKUP[w]
        for lang in langs:
            # a word several languages share is weak evidence for each of them
            counts[lang] = counts.get(lang, 0.0) + 1.0 / len(langs)
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    best, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if n >= 2.5 and n >= 1.5 * second:
        return best
    return None


def line_language(line) -> str | None:
    """guess_line_language of a Line's words, remembered on the line (the segmenter asks it more than once)."""
    d = line.__dict__
    if "_language" not in d:
        d["_language"] = guess_line_language(line.core)
    return d["_language"]


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def detect_language(text: str, hint: str | None = None) -> str:
    """ISO 639-1 code of text; the hint (or 'en') when the text is too short to tell."""
    sample = text[:1200]
    if len(_WORD.findall(sample)) < 4:
        return hint or "en"
    lang, prob = _classify(sample)
    if prob < 0.5 and hint:
        return hint
    return lang


def identify(text: str) -> str:
    """py3langid's most likely language for the whole of a text, however short (no hint)."""
    return _classify(text)[0]


def _classify(text: str) -> tuple[str, float]:
    """py3langid's naive Bayes, computed over the features present only (a few hundred of 7,480 rows):
    the same ranking as LanguageIdentifier.classify at a fraction of its cost."""
    ident = _identifier()
    fv = ident.instance2fv(text)
    nz = np.flatnonzero(fv)
    scores = fv[nz].astype(np.float64) @ ident.nb_ptc[nz].astype(np.float64) + ident.nb_pc
    best = int(np.argmax(scores))
    probs = np.exp(scores - scores[best])
    return str(ident.nb_classes[best]), float(1.0 / probs.sum())
