"""Recognise boilerplate lines by known phrases (several languages) and by shape.

Hand-written because no maintained library classifies *plain text* lines: trafilatura/jusText work
on HTML trees, and our inputs are often text already (scraped .txt/.md, PDF text). Each family is
a pattern (its phrases per language are data: rules/boilerplate.toml) plus a length limit (here), so
running text that merely mentions a word ("cookies" in a story about bakeries) is not taken for a banner.
A sentence needs more than the words: it speaks to the reader or of the page, or its phrase is the
sentence's own (pipelines/core/clean/voice.py); news that reports on cookies, comments or newsletters
does neither.
"""

from __future__ import annotations

import re
from itertools import pairwise

from pipelines.core.clean.caseless import caseless, union
from pipelines.core.clean.lines import Line, split_lines
from pipelines.core.clean.voice import first_sentence, phrase_sentence, reports, speaks_as_reader, speaks_to_reader
from pipelines.core.rules import patterns, words
from pipelines.core.rules.literals import KeyLists

_I = re.I


_UNSET = object()
_VERDICT = "_bp_"   # the prefix of the verdicts remembered on a line
_VERDICT_KEYS: set[str] = set()   # ... and every one of them (_per_line adds its predicate's)


def verdicts(line: Line) -> dict[str, bool | str | None]:
    """The verdicts the per-line predicates have remembered on a line, to give a line of the same text (lines.Line
    measures are functions of it) without asking again: line.__dict__.update(verdicts(other))."""
    d = line.__dict__
    return {k: d[k] for k in d.keys() & _VERDICT_KEYS}


def _per_line(fn):
    """Remember a predicate's verdict on the Line it read: the rules ask the same question of the same line
    many times (features, article starts, zones), and a Line's measures are fixed once split_lines returns it."""
    key = _VERDICT + fn.__name__
    _VERDICT_KEYS.add(key)

    def once(line: Line):
        # a lookup, not try/except KeyError: every line's first read would raise, and a raise costs more
        # than the predicate on most lines
        d = line.__dict__
        value = d.get(key, _UNSET)
        if value is _UNSET:
            value = d[key] = fn(line)
        return value

    once.__name__, once.__doc__, once.__wrapped__ = fn.__name__, fn.__doc__, fn
    return once

# the phrases and shapes of each family: rules/boilerplate.toml (the longest case-insensitive alternations, hot on
# every short line, behind caseless: the same answers, a faster "no" on ASCII lines)
_P = patterns("boilerplate")
_W = words("boilerplate")

# --- cookie and consent banners -------------------------------------------------------------
_COOKIE = _P["cookie"]
_COOKIE_CONTEXT = caseless(_P["cookie_context"])
_CONSENT_BUTTON = _P["consent_button"]

# Consent buttons that are never a line of an article, even away from their banner.
_CONSENT_LABEL = _P["consent_label"]

# --- navigation, breadcrumbs, menus, link lines ----------------------------------------------
_NAV_PHRASE = caseless(_P["nav_phrase"])
_BREADCRUMB_SEP = re.compile(r"\s(?:»|›|>|/|\||::|→|·|•)\s")
_MENU_WORDS = frozenset(_W["menu"])

# --- related links and teasers ---------------------------------------------------------------
_RELATED_HEAD = caseless(_P["related_head"])
_RELATED_INLINE = _P["related_inline"]
_CONTINUE = _P["continue"]

# --- share and follow bars -------------------------------------------------------------------
_SOCIAL = caseless(_P["social"])
_SHARE_PHRASE = _P["share_phrase"]

# --- comment sections and forms --------------------------------------------------------------
_COMMENT_HEAD = _P["comment_head"]
_COMMENT_FORM = caseless(_P["comment_form"])
_COMMENT_FIELD = _P["comment_field"]
_COMMENT_META = _P["comment_meta"]
_COMMENT_WORD = _P["comment_word"]

# --- newsletter boxes ------------------------------------------------------------------------
_NEWSLETTER = caseless(_P["newsletter"])
_NEWSLETTER_BUTTON = _P["newsletter_button"]

# --- captions and photo credits --------------------------------------------------------------
# agency initials match in capitals only: "(AP)" is a credit, "(ePA)" or "(Ap.)" are not
_CAPTION_END = _P["caption_end"]
_CAPTION = _P["caption"]

# A figure or table label ("Figure 3: Arrivals by month"), a credit standing alone ("Reuters/Jane Doe").
_FIGURE = _P["figure"]
_SOURCE_LINE = _P["source_line"]
_CREDIT_ONLY = _P["credit_only"]

# --- advertisements --------------------------------------------------------------------------
_AD = _P["ad"]

# --- tags ------------------------------------------------------------------------------------
_TAGS = _P["tags"]

# --- footers and copyright -------------------------------------------------------------------
# a copyright notice: the sign and a year wherever they stand ("... Dictionary copyright © 2002"), or a
# sentence opening with the sign and the holder ("© Harbour Review", the capital matched case-sensitively) or
# with the word and the sign or a year ("Copyright 2019 X Ltd"; "Copyright Office figures show" is news)
_COPYRIGHT_NOTICE = _P["copyright_notice"]
_RIGHTS = _P["rights"]
_SIGN = _P["sign"]
_FOOTER_LINK = _P["footer_link"]

# a newsletter pitch opens with what the reader should do
_PITCH = _P["pitch"]
_WORD = re.compile(r"[^\W_]+")
SHORT_LINE_WORDS = _SHORT = 12  # words: a line this short that is no sentence is furniture on its phrase alone
_LONGEST = 250   # words: a legal footer or consent text pasted as one paragraph, still furniture


def _footer(c: str, w: int, sentence: bool) -> bool:
    """A copyright notice or rights line: a notice opening a sentence, or a rights phrase most of its sentence;
    in a line of a dozen words that is no sentence, any of them."""
    if w <= 6 and _FOOTER_LINK.match(c):
        return True
    if _COPYRIGHT_NOTICE.search(c):
        return True
    # a sentence can hold the rights phrase only where the line does (plain phrases: no anchors, no \b)
    rights = _RIGHTS.search(c) is not None
    if rights and phrase_sentence(c, _RIGHTS):
        return True
    return w <= _SHORT and not sentence and (rights or _SIGN.search(c) is not None)


def is_footer_text(text: str) -> bool:
    """A sentence of prose that is a copyright notice or rights line, not news that mentions rights."""
    return _footer(text, len(_WORD.findall(text)), True)


def _cookie(c: str, keys: int) -> bool:
    """A cookie or consent phrase in its context; `keys`: _KEYS.mask of the line's lower case."""
    return bool(keys & _HAS_COOKIE) and bool(_COOKIE.search(c)) and bool(_COOKIE_CONTEXT.search(c))


# what a consent or sign-up form says before what the reader agrees to: "By clicking Accept, you ..."
_BY_ACTING = _P["by_acting"]


def _cookie_text(c: str) -> bool:
    """A consent text, also where it speaks of cookies in the third person ("Necessary cookies are essential
    for the website to function") or opens on what the reader does ("By submitting my information, I
    consent ..."): it reports nothing."""
    opening = " ".join(c.split()[:3])
    return bool(_COOKIE.search(opening) or _BY_ACTING.match(c)) and not reports(c)


def _long_reason(c: str, low: str) -> str | None:
    """Furniture pasted as one long paragraph (a consent text, a legal footer): told by its opening sentence
    or a sentence that is mostly a rights or comment-form phrase."""
    first = first_sentence(c)
    keys = _KEYS.mask(low)
    if _COPYRIGHT_NOTICE.match(c) or (keys & _HAS_FOOTER and phrase_sentence(c, _RIGHTS)):
        return "footer"
    if _cookie(first, _KEYS.mask(first.lower())) and (speaks_to_reader(first) or _cookie_text(first)):
        return "cookie_banner"
    if keys & _HAS_FORM and phrase_sentence(c, _COMMENT_FORM):
        return "comment_section"
    return None


# --- separators and end markers --------------------------------------------------------------
_SEPARATOR = re.compile(r"^[\s*\-_=~#•·.+◆◇❖§|/\\<>]{3,}$|^[*◆◇❖§•·~]$")
_END_MARKER = _P["end_marker"]

# --- PDF page furniture ----------------------------------------------------------------------
_PAGE_NUMBER = _P["page_number"]
# A running head or foot carrying the page number after a wide gap or a bar ("Annual Review   page 4").
_RUNNING_PAGE = _P["running_page"]
_TOC_HEAD = _P["toc_head"]
_TOC_ENTRY = re.compile(r"(\.{3,}|…{2,}|\s{3,})\s*\d{1,4}$")

# --- metadata: bylines, dates, notes, author bios, credits ------------------------------------
_BYLINE = _P["byline"]
_DATED_BYLINE = _P["dated_byline"]   # "Posted on March 3, 2024 by Jane Doe"
# Capitalised words that make a line a label or a headline rather than a person's name.
_NOT_NAME = frozenset(_W["not_name"])
_NAME_ONLY = _P["name_only"]
_DATE_RE = caseless(_P["date_re"])
_DATE_LINE = _P["date_line"]
_NOTES_HEAD = _P["notes_head"]
_BIO_HEAD = _P["bio_head"]
_EDITOR_NOTE = _P["editor_note"]
_CREDIT = _P["credit"]
_BIO = _P["bio"]


# Cheap substring tests that must pass before the costly unanchored patterns run on a line.
_COOKIE_KEYS = _W["cookie_keys"]
_NEWSLETTER_KEYS = _W["newsletter_keys"]
_CAPTION_KEYS = _W["caption_keys"]
_FOOTER_KEYS = _W["footer_keys"]
_FORM_KEYS = _W["form_keys"]
# the five key lists in one automaton: one pass over a line tells which lists it holds a key of (most lines none)
_KEYS = KeyLists(_COOKIE_KEYS, _NEWSLETTER_KEYS, _CAPTION_KEYS, _FOOTER_KEYS, _FORM_KEYS)
_HAS_COOKIE, _HAS_NEWSLETTER, _HAS_CAPTION, _HAS_FOOTER, _HAS_FORM = 1, 2, 4, 8, 16
# every branch of _RUNNING_PAGE holds a run of three spaces or a bar or bullet between spaces (\s{3}|\s[|·•]\s,
# its common first space taken out: half the time on a line that holds neither)
_WIDE_GAP = re.compile(r"\s(?:\s\s|[|·•]\s)")
_DIGIT = re.compile(r"\d")
_AGREES = re.compile(r"\b(this|our|the) (site|website|page)\b|\byou")
_ANY_WORD = re.compile(r"\w+")
_MENU_TOKEN = re.compile(r"[\w-]+")


@_per_line
def line_reason(line: Line) -> str | None:
    """The boilerplate family a line belongs to on its own evidence, or None."""
    # a hard-wrapped paragraph's words, joined as one line: "All rights\nreserved." is the phrase too
    c = line.core.replace("\n", " ") if "\n" in line.core else line.core
    w = line.words
    if w == 0 or (w <= 3 and _SEPARATOR.match(c)):
        return "separator"
    # the anchored patterns below, asked as one first: most lines open on none of them
    opens = _OPENS is None or _OPENS.match(c) is not None
    if w <= 3 and opens and _END_MARKER.match(c):
        return "end_marker"
    if w <= 6 and opens and _PAGE_NUMBER.match(c):
        return "page_header_footer"
    if w <= 14 and not line.prose and _WIDE_GAP.search(c) and _RUNNING_PAGE.search(c):
        return "page_header_footer"
    if line.is_url:
        return "navigation"
    low = c.lower()
    if w > 60:
        # running text: only furniture pasted as one paragraph, told by its sentences, fits a line this long
        return _long_reason(c, low) if w <= _LONGEST else None
    # a sentence that only mentions cookies, comments or a newsletter is news: furniture needs more (above);
    # a label, a button or a fragment of a box is furniture on its words alone
    sentence = line.prose or (line.ends_terminal and w >= 5)
    short = not sentence
    # every family's key words, asked as one first: most lines hold none of them
    keys = _KEYS.mask(low)
    if keys and _cookie(c, keys) and (short or speaks_to_reader(c) or _cookie_text(c)):
        return "cookie_banner"
    if w <= 40 and opens and _BY_ACTING.match(c) and _AGREES.search(low):
        return "cookie_banner"   # "By continuing to browse this site ...": what the reader agrees to
    if keys & _HAS_FORM and _COMMENT_FORM.search(c) and (
            short or phrase_sentence(c, _COMMENT_FORM) or speaks_as_reader(c)):
        return "comment_section"
    if w <= 30 and c[:1].isdigit() and _COMMENT_HEAD.match(c):
        return "comment_section"   # "3 responses to “<headline>”"
    if w <= 12:
        # a label behind arrows or quote marks (">> Read More:") is the label
        r = _short_line_reason(line, c.lstrip(">»›|→ ") or c)
        if r:
            return r
    if w <= 30 and opens and _RELATED_INLINE.match(c):
        return "related_link"
    if w <= 30 and opens and _TAGS.match(c):
        return "tags"
    if w <= 20 and opens and _SHARE_PHRASE.match(c) and (short or speaks_to_reader(c)):
        return "share_buttons"   # "Share prices rose 3% on Monday" is news
    if w <= 40 and keys & _HAS_NEWSLETTER and _NEWSLETTER.search(c) and (
            (short and w <= 35) or (_newsletter_sentence(c) and (speaks_to_reader(c) or _PITCH.match(c)))):
        return "newsletter"
    if (w <= 4 or keys & _HAS_FOOTER) and _footer(c, w, sentence):
        return "footer"
    # a credit closes a caption; a sentence that closes on "(AP)." is a reference in running text
    if (c.endswith(")") or (c.endswith(").") and not line.prose)) and _CAPTION_END.search(c):
        return "caption"
    if keys & _HAS_CAPTION and _CAPTION.search(c):
        return "caption"
    if w <= 40 and not line.prose and opens and _FIGURE.match(c):
        return "caption"
    if w <= 12 and not line.prose and opens and _SOURCE_LINE.match(c):
        return "caption"
    if w <= 6 and _CREDIT_ONLY.match(c):
        return "caption"
    if w <= 20 and c[-1:].isdigit() and _TOC_ENTRY.search(c):
        return "table_of_contents"
    if w <= 30 and not line.prose and _is_breadcrumb(c):
        return "navigation"
    if w >= 4 and _is_doubled(c):
        return "related_link"
    return None


def _short_line_reason(line: Line, c: str) -> str | None:
    """Families whose lines are a dozen words at most (anchored patterns, cheap to fail)."""
    w = line.words
    if _SHORT_ANY is not None and _SHORT_ANY.match(c) is None:
        # none of the anchored patterns below opens the line: only the social bar is left to ask
        return "share_buttons" if _is_social_bar(c) else None
    if _COMMENT_HEAD.match(c):
        return "comment_section"
    if w <= 4 and _COMMENT_FIELD.match(c):
        return "comment_section"
    if _NAV_PHRASE.match(c):
        return "navigation"
    if w <= 8 and _RELATED_HEAD.match(c):
        return "related_link"
    if _CONTINUE.match(c):
        return "related_link"
    if w <= 8 and _AD.match(c):
        return "advertisement"
    if w <= 6 and _CONSENT_LABEL.match(c):
        return "cookie_banner"
    if w <= 3 and _NEWSLETTER_BUTTON.match(c) and not c.lower().startswith(("email", "e-mail", "your")):
        return "newsletter"
    if _is_social_bar(c):
        return "share_buttons"
    if _TOC_HEAD.match(c):
        return "table_of_contents"
    return None


# line_reason's anchored patterns (with a caseless twin) in one
_OPENS = union(_END_MARKER, _PAGE_NUMBER, _BY_ACTING, _RELATED_INLINE, _TAGS, _SHARE_PHRASE, _FIGURE, _SOURCE_LINE)
# every anchored pattern of _short_line_reason in one: most short lines open on none of them
_SHORT_ANY = union(_COMMENT_HEAD, _COMMENT_FIELD, _NAV_PHRASE, _RELATED_HEAD, _CONTINUE, _AD, _CONSENT_LABEL,
                   _NEWSLETTER_BUTTON, _TOC_HEAD)


def wrapped_footers(lines: list[Line], reason: list[str | None]) -> None:
    """A rights line a page dump broke over two lines ("... All rights" / "reserved."): neither half holds the
    phrase, the two together do."""
    for a, b in pairwise(lines):
        if reason[a.idx] is not None or reason[b.idx] is not None or b.blank_before:
            continue
        if a.words + b.words > _SHORT:
            continue
        joined = f"{a.core} {b.core}"
        if _COPYRIGHT_NOTICE.search(joined) or phrase_sentence(joined, _RIGHTS):
            reason[a.idx] = reason[b.idx] = "footer"


# the families a short line of an HTML page is judged by as a text line would be; not page numbers, separators,
# end marks, captions or tags, whose shapes mean other things in markup (a table cell "7", a list's "—")
_MARKUP_SAFE = frozenset({"cookie_banner", "comment_section", "share_buttons", "newsletter", "footer",
                          "navigation", "related_link", "advertisement"})


def short_line_reason(text: str) -> str | None:
    """The furniture a line of a dozen words at most is on its own evidence ("Subscribe", "Share on Facebook",
    "Your email address will not be published."), for text whose lines markup split; None otherwise."""
    lines = split_lines(text, merge_wrapped=False)
    if len(lines) != 1 or lines[0].words > _SHORT or lines[0].is_url:
        return None   # a link shown as its address is content in a page (a source, a reference)
    reason = line_reason(lines[0])
    if reason == "navigation" and not _NAV_PHRASE.match(lines[0].core):
        return None   # cells joined by bars are a table row in markup, not a breadcrumb
    return reason if reason in _MARKUP_SAFE else None


def _newsletter_sentence(c: str) -> bool:
    low = c.lower()
    return any(k in low for k in _W["newsletter_sentence"])


def _is_social_bar(c: str) -> bool:
    """Two or more social network names and hardly any other word."""
    hits = _SOCIAL.findall(c)
    if len(hits) < 2:
        return False
    rest = _SOCIAL.sub(" ", c)
    return len(_ANY_WORD.findall(rest)) <= 3


def _is_breadcrumb(c: str) -> bool:
    """Short items joined by » › > | separators, or a run of menu words."""
    if _BREADCRUMB_SEP.search(c) is not None:   # without a separator the line is one part
        parts = [p.strip() for p in _BREADCRUMB_SEP.split(c)]
        if len(parts) >= 3 and all(0 < len(p.split()) <= 4 for p in parts) and not c.endswith("."):
            return True
    words = _MENU_TOKEN.findall(c.lower())
    return len(words) >= 4 and sum(map(_MENU_WORDS.__contains__, words)) >= max(3, int(0.7 * len(words)))


def _is_doubled(c: str) -> bool:
    """Link text captured twice back to back ("Title XTitle X"), a sign of a teaser card."""
    n = len(c)
    if n < 20:
        return False
    for cut in (n // 2, (n + 1) // 2):
        a, b = c[:cut].strip(), c[cut:].strip()
        if a and a == b:
            return True
    return False


@_per_line
def is_menu_word_line(line: Line) -> bool:
    """One to three words, one of them a usual menu entry."""
    return 0 < line.words <= 3 and any(w in _MENU_WORDS for w in _MENU_TOKEN.findall(line.core.lower()))


@_per_line
def is_consent_button(line: Line) -> bool:
    """Accept / Reject / Manage preferences: a button of a consent banner."""
    return line.words <= 6 and bool(_CONSENT_BUTTON.match(line.core))


@_per_line
def is_newsletter_part(line: Line) -> bool:
    """Subscribe / Sign up / Email address: a field or button of a newsletter box."""
    return line.words <= 6 and bool(_NEWSLETTER_BUTTON.match(line.core))


@_per_line
def is_comment_meta(line: Line) -> bool:
    """A comment's header or action line ("Anna says:", "March 3, 2021 at 9:14 pm", "Reply")."""
    c = line.core
    # its three forms need a colon, a digit (a time) or a line of one short word or phrase
    return line.words <= 16 and (":" in c or len(c) <= 22 or _DIGIT.search(c) is not None) and bool(
        _COMMENT_META.search(c))


@_per_line
def is_comment_head(line: Line) -> bool:
    """"Comments", "12 comments", "Leave a reply": the header over a comment thread or form."""
    return line.words <= 12 and bool(_COMMENT_HEAD.match(line.core))


@_per_line
def is_comment_specific(line: Line) -> bool:
    """A line only a comment section holds: its header, a comment form's notice or field ("Post comment", "Your
    email address will not be published"), a comment's meta line; not a field any form has ("Name", "Email")."""
    c = line.core
    return is_comment_head(line) or is_comment_meta(line) or bool(_COMMENT_FORM.search(c)) or (
        line.words <= 12 and bool(_COMMENT_WORD.search(c)))


@_per_line
def is_related_head(line: Line) -> bool:
    """"Also read:", "Related articles", "Leggi anche": a header over a list of links."""
    return line.words <= 8 and bool(_RELATED_HEAD.match(line.core))


@_per_line
def is_byline(line: Line) -> bool:
    """'By Jane Doe', 'Von Max Muster', or an emphasised name alone ("*Jane Doe*")."""
    c = line.core
    if line.words > 16:
        return False
    if _BYLINE.match(c) or _DATED_BYLINE.match(c):
        return True
    # a Markdown heading in bold ("### **Labor Costs**") is a heading, whatever its words
    return line.emphasis and not line.md_level and line.words <= 5 and bool(_NAME_ONLY.match(c))


@_per_line
def is_name_line(line: Line) -> bool:
    """Two to four capitalised words and nothing else ("Jane Doe", "Ana de la Cruz"): maybe a person."""
    c = line.core
    # the pattern first: it fails on most lines at their first character, the digit scan is a loop
    return 2 <= line.words <= 4 and bool(_NAME_ONLY.match(c)) and not c.isupper() and not any(
        ch.isdigit() for ch in c) and not any(w.lower() in _NOT_NAME for w in c.split())


def byline_name(line: Line) -> str:
    """The name(s) in a byline line, without "By" and without the trailing role or date."""
    c = line.core
    dated = _DATED_BYLINE.match(c)
    if dated:
        return dated.group("name").strip(" ,*_")
    m = _P["byline_prefix"].match(c)
    if m:
        c = c[m.end():]
    c = _P["byline_tail"].split(c, maxsplit=1)[0]
    return c.strip(" ,*_")


@_per_line
def is_date_line(line: Line) -> bool:
    """A line that is only a date ("Published: 3 May 2024", "2024-05-03 10:15")."""
    return line.words <= 12 and bool(_DATE_LINE.match(line.core))


def find_date(text: str) -> str | None:
    """The first date written in text, as ISO 8601 (YYYY-MM-DD), or None."""
    from pipelines.core.clean.dates import parse_date

    m = _DATE_RE.search(text)
    return parse_date(m.group(0)) if m else None


@_per_line
def is_bio_head(line: Line) -> bool:
    """"About the author": the lines under it are the author's bio."""
    return line.words <= 5 and bool(_BIO_HEAD.match(line.core))


@_per_line
def is_editor_note(line: Line) -> bool:
    """"Editor's note: ...", "Correction: ...": a note about the article, not part of its text."""
    return line.words <= 80 and bool(_EDITOR_NOTE.match(line.core))


@_per_line
def is_notes_head(line: Line) -> bool:
    return line.words <= 3 and bool(_NOTES_HEAD.match(line.core))


@_per_line
def is_credit(line: Line) -> bool:
    """A translation credit such as "(Translated by ...)": article metadata."""
    return line.words <= 14 and bool(_CREDIT.match(line.core))


@_per_line
def is_bio(line: Line) -> bool:
    """"Jane Doe is a senior fellow at ...": an author bio (when it stands at an article's end)."""
    return 8 <= line.words <= 120 and bool(_BIO.match(line.core))


@_per_line
def is_toc_head(line: Line) -> bool:
    """"Contents", "In this issue": the head of a table of contents."""
    return line.words <= 5 and bool(_TOC_HEAD.match(line.core))


@_per_line
def is_page_ref(line: Line) -> bool:
    """'p.4', 'Page 12', '7': a page number standing alone."""
    return line.words <= 6 and bool(_PAGE_NUMBER.match(line.core))


# the anchored patterns of the detectors above, as two unions (one with a caseless twin): on most lines neither
# matches, and every detector they stand for is "no" at once, remembered on the line as its own call would be
_HEADS_ANY = union(_CONSENT_BUTTON, _RELATED_HEAD, _NOTES_HEAD, _EDITOR_NOTE, _NEWSLETTER_BUTTON, _CREDIT, _BIO_HEAD)
_HEADS = ("_bp_is_consent_button", "_bp_is_related_head", "_bp_is_notes_head", "_bp_is_editor_note",
          "_bp_is_newsletter_part", "_bp_is_credit", "_bp_is_bio_head")
_BYLINE_ANY = union(_BYLINE, _DATED_BYLINE, _DATE_LINE)


def detectors(line: Line) -> tuple[bool, ...]:
    """The line detectors the line model reads, in its order: byline, date line and comment meta (lines of 16
    words at most), menu word, consent button, related head, name line, bio (over 16 words), notes head, editor's
    note, newsletter part."""
    d = line.__dict__
    c = line.core
    if _HEADS_ANY is not None and _HEADS[0] not in d and _HEADS_ANY.match(c) is None:
        for key in _HEADS:
            d.setdefault(key, False)
    short = line.words <= 16
    if short and _BYLINE_ANY is not None and "_bp_is_date_line" not in d and _BYLINE_ANY.match(c) is None:
        d.setdefault("_bp_is_date_line", False)
        if not line.emphasis:   # an emphasised name alone is a byline too (_NAME_ONLY, asked by is_byline)
            d.setdefault("_bp_is_byline", False)
    return (short and is_byline(line), short and is_date_line(line), short and is_comment_meta(line),
            is_menu_word_line(line), is_consent_button(line), is_related_head(line), is_name_line(line),
            not short and is_bio(line), is_notes_head(line), is_editor_note(line), is_newsletter_part(line))
