"""Who a sentence speaks to: page furniture or news that mentions it.

The same words stand in a cookie banner and in a story about a regulator fining a publisher over cookies. What
tells them apart is not the words but the voice: a banner, form or pitch speaks to its reader or of the page
itself ("we use cookies", "your email address", "sign up for our newsletter", "this site"), or its phrase is
the whole of its short sentence ("All rights reserved."); a news sentence on the same subject speaks of others
and reports ("the regulator fined the publisher", "comments are closed on posts about the flood because ...").
Hand-written: no maintained library classifies this, and the cues are a handful of pronouns per language.
"""

from __future__ import annotations

import re

from pipelines.core.rules import patterns

_I = re.I
_P = patterns("boilerplate")   # the voice patterns: rules/boilerplate.toml
SHORT_SENTENCE = 12   # words: a phrase that opens a sentence this short is that sentence's subject

# pronouns of the second person and the first person plural, and the page naming itself, in the languages the
# families know
_READER_VOICE = _P["reader_voice"]
# a form speaks in its reader's first person too: "Save my name", "Notify me", "I consent"
_FORM_VOICE = _P["form_voice"]
# words that report: a sentence holding one is news about its subject, even when the subject is cookies
_REPORTING = _P["reporting"]
# what the sentence quotes is someone else's voice
_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|«[^»\n]*»|„[^“”\n]*[“”]')
SENTENCE_END = re.compile(r"[.!?…]+(?:\s+|$)")
WORD = re.compile(r"[^\W_]+")


def reports(text: str) -> bool:
    """The text reports what someone said or did ("said", "according to", "fined", in several languages)."""
    return bool(_REPORTING.search(text))


def speaks_to_reader(text: str) -> bool:
    """The text addresses its reader or names the page it is on ("we use", "your email", "this site"), outside
    what it quotes, and reports nothing: 'Campaigners said the banner read "we use cookies"' is news."""
    return bool(_READER_VOICE.search(_QUOTED.sub(" ", text))) and not reports(text)


def speaks_as_reader(text: str) -> bool:
    """A form's voice: to the reader, or as the reader ("Save my name", "I consent"), reporting nothing."""
    unquoted = _QUOTED.sub(" ", text)
    return bool(_READER_VOICE.search(unquoted) or _FORM_VOICE.search(unquoted)) and not reports(text)


def first_sentence(text: str) -> str:
    return SENTENCE_END.split(text, maxsplit=1)[0]


def phrase_sentence(text: str, pattern: re.Pattern) -> bool:
    """Some sentence of the text is the phrase's own: the match's words outnumber the sentence's other words, or
    the match opens a sentence of a dozen words at most (the gate's marker rule, pipelines/quality/markers.py)."""
    for sentence in SENTENCE_END.split(text):
        found = pattern.search(sentence)
        if not found:
            continue
        n = len(WORD.findall(sentence))
        if 2 * len(WORD.findall(found.group(0))) > n or (
                not WORD.search(sentence[:found.start()]) and n <= SHORT_SENTENCE):
            return True
    return False
