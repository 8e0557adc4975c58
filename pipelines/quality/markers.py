"""Boilerplate markers: phrases that no cleaned article body should still hold, in several languages.

A maintained list rather than a library: no maintained package ships "cookie consent / comment form /
share bar / copyright line" phrases across languages. Each phrase must be specific to page furniture —
a phrase that could stand in a news sentence ("privacy policy", "advertisement") would quarantine good
documents — and is written normalised (lower case, letters and digits separated by single spaces), which is
how the gate's SQL normalises article bodies before matching, so "All Rights Reserved." and "all rights
reserved" are the same.

A phrase is furniture only where it is most of its sentence ("All rights reserved.") or opens a short one
("Wir verwenden Cookies, um die Seite zu verbessern."): news that quotes or discusses it ("the lawyer argued
that the phrase all rights reserved on the 1998 sleeve covered streaming") holds it as a few words inside a
longer sentence. A label counts only as a
whole line, and not as a question ("Comments?" asks the reader something).
"""

from __future__ import annotations

import re
from functools import cache

# Phrases that mark page furniture wherever they stand in a body: long and specific enough that no news
# sentence says them.
MARKERS: dict[str, tuple[str, ...]] = {
    "cookie consent": (
        "we use cookies to", "this website uses cookies", "this site uses cookies", "accept all cookies",
        "reject all cookies", "by continuing to browse this site",
        "nous utilisons des cookies", "ce site utilise des cookies", "accepter tous les cookies",
        "wir verwenden cookies", "diese website verwendet cookies", "alle cookies akzeptieren",
        "utilizamos cookies propias", "este sitio web utiliza cookies", "aceptar todas las cookies",
        "questo sito utilizza cookie", "questo sito utilizza i cookie", "utilizziamo i cookie",
        "accetta tutti i cookie",
        "este site utiliza cookies", "aceitar todos os cookies",
        "wij gebruiken cookies", "deze website maakt gebruik van cookies", "alle cookies accepteren",
        "ta strona używa plików cookie", "мы используем файлы cookie",
    ),
    "comment form": (
        "your email address will not be published", "required fields are marked", "comments are closed",
        "you must be logged in to post a comment", "be the first to comment",
        "votre adresse e mail ne sera pas publiée", "ihre e mail adresse wird nicht veröffentlicht",
        "tu dirección de correo electrónico no será publicada", "il tuo indirizzo email non sarà pubblicato",
        "o seu endereço de email não será publicado", "je e mailadres wordt niet gepubliceerd",
    ),
    "share bar": (
        "share on facebook", "share on twitter", "share on linkedin", "share on whatsapp", "share via email",
        "click to share on", "partager sur facebook", "auf facebook teilen", "compartir en facebook",
        "condividi su facebook", "compartilhar no facebook", "partilhar no facebook", "delen op facebook",
    ),
    "copyright line": (
        "all rights reserved", "tous droits réservés", "alle rechte vorbehalten", "todos los derechos reservados",
        "tutti i diritti riservati", "todos os direitos reservados", "alle rechten voorbehouden",
        "të gjitha të drejtat e rezervuara", "sva prava pridržana", "sva prava zadržana",
        "wszelkie prawa zastrzeżone", "tüm hakları saklıdır", "все права защищены", "جميع الحقوق محفوظة",
    ),
    "newsletter and navigation": (
        "subscribe to our newsletter", "sign up for our newsletter", "sign up to our newsletter",
        "skip to main content", "toggle navigation", "click here to subscribe",
        "abonnez vous à notre newsletter", "inscrivez vous à notre newsletter", "aller au contenu principal",
        "zum hauptinhalt springen", "das könnte sie auch interessieren", "suscríbete a nuestro boletín",
        "iscriviti alla nostra newsletter", "assine a nossa newsletter", "schrijf je in voor onze nieuwsbrief",
    ),
}

# Labels that are page furniture when they are a whole line of a body (a button, a link, a section head),
# though the same words are fine inside a sentence ("he declined to leave a comment").
LABELS: dict[str, tuple[str, ...]] = {
    "cookie consent": (
        "accept", "accept all", "reject all", "accept cookies", "manage cookies", "cookie settings",
        "cookie policy", "tout accepter", "alle akzeptieren", "aceptar todo", "accetta tutto", "aceitar todos",
    ),
    "comment form": (
        "leave a comment", "leave a reply", "post a comment", "add a comment", "comments", "show comments",
        "load more comments", "laisser un commentaire", "commentaires", "kommentar schreiben", "kommentare",
        "deja un comentario", "comentarios", "lascia un commento", "commenti", "deixe um comentário",
        "comentários", "laat een reactie achter", "reacties", "lini një koment", "komente", "ostavite komentar",
        "komentari", "zostaw komentarz", "komentarze", "оставить комментарий", "комментарии",
    ),
    "share bar": (
        "share", "share this", "share this article", "share this story", "tweet", "print", "email",
        "partager", "teilen", "compartir", "condividi", "compartilhe", "partilhar", "delen", "shpërndaje",
        "поделиться",
    ),
    "advertising": (
        "advertisement", "advertisements", "sponsored content", "publicité", "anzeige", "publicidad",
        "pubblicità", "publicidade", "advertentie", "реклама",
    ),
    "newsletter and navigation": (
        "read more", "continue reading", "load more", "related articles", "related posts", "related stories",
        "most read", "most popular", "trending now", "back to top", "skip to content", "you may also like",
        "you might also like", "recommended for you", "follow us", "subscribe", "sign up", "log in", "sign in",
        "privacy policy", "terms of use", "contact us", "lire aussi", "à lire aussi", "lire la suite",
        "weiterlesen", "mehr zum thema", "leer más", "lee también", "leggi anche", "continua a leggere",
        "leia também", "leia mais", "lees ook", "lees meer", "lexo më shumë", "lexo edhe", "pročitajte još",
        "читайте также",
    ),
}

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


def find_marker(body: str) -> str | None:
    """The first marker phrase that makes its sentence furniture, else a line that is only a label; else None."""
    text = body.lower()
    phrases = re.compile(phrase_pattern("python"))
    if phrases.search(text):
        for sentence in re.split(sentence_end("python"), text):
            found = phrases.search(sentence)
            if found and is_furniture_sentence(sentence[:found.start(1)], found.group(1), sentence):
                return found.group(1)
    found = re.search(label_pattern("python"), text)
    return found.group(1) if found else None
