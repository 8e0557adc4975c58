"""Split source_text into trimmed lines and measure their shape (words, punctuation, case, markup)."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from operator import itemgetter

from pipelines.core.clean.inline import InlineMarkup, inline_markup
from pipelines.core.rules import words

_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+")
# Markdown/plain-text markup around a line's words: heading hashes, quote marks, bullets, emphasis.
_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_QUOTE_MARK = re.compile(r"^>\s?")
# the marks a list item opens on; text browsers draw nested levels with open glyphs (w3m: "□", "○", "☆")
_BULLET_GLYPHS = "-*+•·▪◦●■–□○☆"
# the character sets of the line measures, spelt once: the regular expressions below are built from them, and the
# compiled scan (_scan.c) is handed the same strings
_TERM_MARKS = ".!?…。！？"          # a sentence's end ...
_TERM_CLOSERS = "'\"”’»)]*_」』"    # ... and the closing quotes, brackets and emphasis after it
_SOFT_MARKS = ":;"
_SOFT_CLOSERS = "'\"”’»)]*_"
_INNER_MARKS = ".!?…"              # a sentence end inside a line, before another sentence's capital
_INNER_CLOSERS = "'\"”’»)"
_INNER_OPENERS = "'\"“‘«("
_CAPITAL_RANGES = "AZÀÞ"           # pairs: first and last code point
_CJK_MARKS = "。！？"
_CJK_CLOSERS = "」』"
# Scripts written without spaces (pairs, as above): two characters count as a word, so that line length still tells.
_CJK_RANGES = "\u3040\u30ff\u3400\u4dbf\u4e00\u9fff\uac00\ud7af\uf900\ufaff"
_ROMAN = "ivxIVX"


def _chars(chars: str) -> str:
    return "".join(map(re.escape, chars))


def _ranges(pairs: str) -> str:
    return "".join(f"{re.escape(a)}-{re.escape(b)}" for a, b in zip(pairs[::2], pairs[1::2], strict=True))


_BULLET = re.compile(rf"^([{_chars(_BULLET_GLYPHS)}]\s+)(?=\S)")
_NUMBERED = re.compile(rf"^(\d{{1,3}}|[a-zA-Z]|[{_ROMAN}]{{1,4}})[.)]\s+\S")
_BULLET_FIRST = frozenset(_BULLET_GLYPHS)   # the characters _BULLET opens on
_MARK_FIRST = _BULLET_FIRST | frozenset("#>*_")   # ... and every other mark (heading, quote, emphasis)
_EMPH = re.compile(r"^(\*{1,3}|_{1,3})(?=\S)(.*?)(?<=\S)\1$")
_TRAILING_HASHES = re.compile(r"\s+#+$")
# A sentence end: terminal punctuation, optionally followed by closing quotes or brackets.
_TERMINAL = re.compile(rf"[{_chars(_TERM_MARKS)}][{_chars(_TERM_CLOSERS)}]*$")
_SOFT_END = re.compile(rf"[{_chars(_SOFT_MARKS)}][{_chars(_SOFT_CLOSERS)}]*$")
_INNER_SENTENCE = re.compile(rf"\w\w[{_chars(_INNER_MARKS)}][{_chars(_INNER_CLOSERS)}]*\s+[{_chars(_INNER_OPENERS)}]?"
                             rf"[{_ranges(_CAPITAL_RANGES)}]|[{_chars(_CJK_MARKS)}][{_chars(_CJK_CLOSERS)}]?\s*\S")
_SENTENCE_PUNCT = re.compile(rf"[{_chars(_TERM_MARKS)}]")   # what every _INNER_SENTENCE match holds: a scan first
_CJK = re.compile(rf"[{_ranges(_CJK_RANGES)}]")
# the sets in the order _scan.c reads them
_SCAN_SETS = ("".join(sorted(_MARK_FIRST)), _BULLET_GLYPHS, _TERM_MARKS, _TERM_CLOSERS, _SOFT_MARKS, _SOFT_CLOSERS,
              _INNER_MARKS, _INNER_CLOSERS, _INNER_OPENERS, _CAPITAL_RANGES, _CJK_MARKS, _CJK_RANGES, _ROMAN)
_URL = re.compile(r"^(<)?(https?://|www\.)\S+(>)?$", re.I)
_MD_LINK_ONLY = re.compile(r"^\[[^\]]*\]\([^)]*\)$")


STOPWORDS = frozenset(words("boilerplate")["stopwords"])   # rules/boilerplate.toml


class cached_property:   # named as the functools one it stands for
    """functools.cached_property without its lock (Python 3.11 takes one per first read): a Line belongs to
    one thread, and its two measures are read once per line of every document."""

    def __init__(self, fn):
        self.fn = fn
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass
class Line:
    """One non-blank line of source_text, trimmed, with the measures the rules decide on."""

    idx: int
    start: int          # trimmed line span in source_text
    end: int
    text: str           # source_text[start:end]
    core_start: int     # span of the words once markup (#, >, bullets, emphasis) is taken off
    core_end: int
    core: str
    md_level: int       # 1..6 for a Markdown heading, else 0
    emphasis: bool      # the whole line is *emphasised* or **bold**
    bullet: bool
    numbered: bool
    quote: bool
    blank_before: bool  # a blank line separates it from the previous line
    words: int
    ends_terminal: bool
    ends_soft: bool
    inner_sentence: bool
    starts_lower: bool
    is_url: bool
    # for a paragraph that was hard-wrapped over several physical lines: (start, end, join) of each
    # physical line's words, join being None for the first, else 'space' or 'hyphen'
    parts: tuple[tuple[int, int, str | None], ...] | None = None
    marks: tuple[tuple[int, int], ...] = ()   # markup spans ("> ", "- ") of a merged line's physical lines
    title_case: bool = False   # Headline Case With Four Capitalised Words or more: a headline, even with a stop

    # cached: read many times by the rules, and fixed once split_lines has returned the line
    @cached_property
    def prose(self) -> bool:
        """Running text: long, or a full sentence of some length."""
        if self.md_level or self.is_url or self.title_case:
            return False
        if self.words >= 20:
            return True
        if self.words >= 8 and self.ends_terminal and not self.emphasis:
            return True
        return self.words >= 12 and self.inner_sentence

    @cached_property
    def headinglike(self) -> bool:
        """Short, no sentence end: a heading, title, link text or label."""
        if self.md_level:
            return True
        if self.prose or self.is_url or self.words == 0:
            return False
        if self.bullet or self.numbered or self.quote:
            return False
        c = self.core
        if c[:1] == "|" and c[-1:] == "|" and c.count("|") >= 3:
            return False   # a table's row ("| Screen | AMOLED |"), as Markdown and text dumps draw one
        return self.words <= 25 and (self.title_case or not self.core.endswith((".", ",", ";")))


def _strip_markup(text: str) -> tuple[int, int, int, bool, bool, bool]:
    """Offsets of the line's words inside `text` (trimmed) once Markdown-style markup is removed."""
    if text[:1] not in _MARK_FIRST:   # every mark opens the line: a line opening on none has none
        return 0, len(text), 0, False, False, False
    s, e = 0, len(text)
    emph = bullet = quote = False
    level = 0
    # each mark's regular expression runs only where the line opens on the mark's first character
    m = _MD_HEADING.match(text) if text[:1] == "#" else None
    if m:
        level = len(m.group(1))
        s = m.end()
        t = _TRAILING_HASHES.search(text, s)
        if t:
            e = t.start()
    else:
        m = _QUOTE_MARK.match(text) if text[:1] == ">" else None
        if m:
            quote = True
            s = m.end()
        m = _BULLET.match(text, s) if text[s:s + 1] in _BULLET_FIRST else None
        if m and not _EMPH.match(text[s:e]):
            bullet = True
            s = m.end()
    inner = text[s:e]
    m = _EMPH.match(inner) if inner[:1] in "*_" else None
    if m:
        emph = True
        n = len(m.group(1))
        s, e = s + n, e - n
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e, level, emph, bullet, quote


_OWN = object()


def _measures(core: str, level: int) -> tuple:
    """(numbered, words, ends_terminal, ends_soft, inner_sentence, starts_lower, lower-cased words of an ASCII
    line or None) of a line's core as it reads."""
    first = core[:1]   # starts lower: the first character is the first letter, and lower case
    low_words = _WORD.findall(core.lower()) if core.isascii() else None   # an ASCII line's words, counted once
    return (not level and _numbered(core), len(low_words) if low_words is not None else word_count(core),
            bool(_TERMINAL.search(core)), bool(_SOFT_END.search(core)), _inner_sentence(core),
            first.isalpha() and first.islower(), low_words)


def _scan_py(source_text: str) -> list[tuple]:
    """Every non-blank line of source_text, trimmed, as (start, end, text, core start, core end (in text), core,
    heading level, emphasis, bullet, quote, blank before, *_measures of the core): what _scan.c gives, in Python."""
    out = []
    prev_end = -1
    for m in _LINE.finditer(source_text):
        s, e = m.start(), m.end()
        while s < e and source_text[s].isspace():
            s += 1
        while e > s and source_text[e - 1].isspace():
            e -= 1
        if s >= e:
            continue
        text = source_text[s:e]
        cs, ce, level, emph, bullet, quote = _strip_markup(text)
        if cs >= ce:  # the line is markup only (e.g. "***"): keep it whole as its core
            cs, ce, level, emph, bullet, quote = 0, len(text), 0, False, False, False
        core = text[cs:ce]
        gap = source_text[prev_end:s] if prev_end >= 0 else "\n\n"
        out.append((s, e, text, cs, ce, core, level, emph, bullet, quote, gap.count("\n") >= 2,
                    *_measures(core, level)))
        prev_end = e
    return out


def _counts_py(text: str, stopwords: frozenset[str] = STOPWORDS) -> tuple[int, int, int, int]:
    """text's word tokens: (count, stop words once lower-cased, those opening on a capital, their characters)."""
    toks = _WORD.findall(text)
    # counted by C-level maps, not a loop per token: tokens are never empty, so t[0] is t[:1]
    return (len(toks), sum(map(stopwords.__contains__, map(str.lower, toks))),
            sum(map(str.isupper, map(itemgetter(0), toks))), sum(map(len, toks)))


try:   # the scan in C, built by pip install (setup.py); without a compiler the Python scan gives the same lines
    import pipelines.core.clean._scan as _compiled
except ImportError:
    _compiled = None
# each function on its own: a build older than this file (one that lacks a newer function) keeps what it has and
# says what it lacks, rather than every function falling back to Python unseen
_C_FUNCTIONS = ("scan", "counts", "case_style", "capitalised", "char_classes")
MISSING = tuple(f for f in _C_FUNCTIONS if getattr(_compiled, f, None) is None) if _compiled is not None else ()
if MISSING:
    warnings.warn(f"pipelines/core/clean/_scan is an older build without {', '.join(MISSING)}: those run in Python; "
                  "rebuild it with pip install -e .", RuntimeWarning, stacklevel=1)
_scan_c = getattr(_compiled, "scan", None)
_counts_c = getattr(_compiled, "counts", None)
_case_style_c = getattr(_compiled, "case_style", None)
_capitalised_c = getattr(_compiled, "capitalised", None)
char_classes = getattr(_compiled, "char_classes", None)
# which scan splits the lines: "c", "python", or "partial" for a stale build (MISSING names what runs in Python)
SCAN = "python" if _compiled is None else "partial" if MISSING else "c"


def scan(source_text: str) -> list[tuple]:
    """_scan_py's lines, from the compiled scan when it is built."""
    return _scan_c(source_text, _SCAN_SETS) if _scan_c is not None else _scan_py(source_text)


def token_counts(text: str) -> tuple[int, int, int, int]:
    """_counts_py of text, compiled when the scan is built."""
    return _counts_c(text, STOPWORDS) if _counts_c is not None else _counts_py(text)


def split_lines(source_text: str, merge_wrapped: bool = True, markup: InlineMarkup | object | None = _OWN,
                markup_only: list[tuple[int, int]] | None = None) -> list[Line]:
    """Non-blank lines of source_text with their measures, in order (hard-wrapped paragraphs merged).

    A line is measured as it reads once Markdown's inline syntax is taken out (`markup`, found in the text unless
    given); with `markup_only`, a line that reads as nothing (images, empty links, link definitions) is no line: its
    span goes there."""
    if markup is _OWN:
        markup = inline_markup(source_text)
    out: list[Line] = []
    for (s, e, text, cs, ce, core, level, emph, bullet, quote, blank, numbered, count, terminal, soft, inner,
         lower, low_words) in scan(source_text):
        raw = core
        if markup is not None:
            # links, images and escapes of a Markdown dump: the rules and the model read the line as it renders
            core = markup.view(source_text, s + cs, s + ce)
            if not core:
                if markup_only is not None:   # no line of text (the page as shown would not show it)
                    markup_only.append((s, e))
                    continue
                core = raw
            elif core != raw:
                numbered, count, terminal, soft, inner, lower, low_words = _measures(core, level)
        ln = Line(
            idx=len(out), start=s, end=e, text=text, core_start=s + cs, core_end=s + ce, core=core,
            md_level=level, emphasis=emph, bullet=bullet, numbered=numbered, quote=quote, blank_before=blank,
            words=count, ends_terminal=terminal, ends_soft=soft, inner_sentence=inner, starts_lower=lower,
            is_url=raw[:1] in _URL_OPEN and _is_url(raw),   # a line that is one link is the link, whatever its label
        )
        if low_words is not None:
            ln.__dict__["_lower_words"] = low_words
        out.append(ln)
    if merge_wrapped:
        out = _merge_wrapped(out, source_text, markup)
    for ln in out:
        if 4 <= ln.words <= 25 and not ln.parts:
            ln.title_case = case_style(ln.core) == "title" and _capitalised(ln.core) >= 4
    return out


def _numbered(core: str) -> bool:
    # _NUMBERED's "." or ")" stands within its first five characters
    head = core[:5]
    return ("." in head or ")" in head) and bool(_NUMBERED.match(core))


def _inner_sentence(text: str) -> bool:
    return bool(_SENTENCE_PUNCT.search(text)) and bool(_INNER_SENTENCE.search(text))


def _is_url(core: str) -> bool:
    # _URL opens on "<", "h" or "w" (either case; no other character folds to them), _MD_LINK_ONLY on "["
    first = core[:1]
    if first in _URL_FIRST:
        return bool(_URL.match(core))
    return first == "[" and bool(_MD_LINK_ONLY.match(core))


_URL_FIRST = frozenset("<hHwW")
_URL_OPEN = _URL_FIRST | {"["}   # the characters a line that is one link opens on


def _capitalised_py(text: str) -> int:
    return sum(1 for w in text.split() if w[:1].isupper() and w.lower() not in STOPWORDS)


# A hard-wrapped block: lines cut at a fixed width, most of them in mid-sentence.
_WRAP_MIN_WIDTH = 40
_WRAP_MAX_WIDTH = 120
_FULL_LINE = 0.65
_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_BYLINE_OPENING = re.compile(r"(Posted|Published|Updated|Last updated|Written by|By) \S")


def _blocks(lines: list[Line]) -> list[list[Line]]:
    blocks: list[list[Line]] = []
    for ln in lines:
        if ln.blank_before or not blocks:
            blocks.append([ln])
        else:
            blocks[-1].append(ln)
    return blocks


def _is_wrapped(block: list[Line]) -> bool:
    if len(block) < 2 or any(ln.md_level or ln.is_url for ln in block):
        return False
    if len(block) == 2 and (_BYLINE_OPENING.match(block[1].core)
                            or not (block[1].starts_lower or block[1].ends_terminal or block[1].ends_soft)):
        return False   # a headline over its byline, date or author's name, not one paragraph wrapped in two
    width = max(len(ln.text) for ln in block)
    if not _WRAP_MIN_WIDTH <= width <= _WRAP_MAX_WIDTH:
        return False
    body = block[:-1]
    full = sum(1 for ln in body if len(ln.text) >= _FULL_LINE * width)
    mid_sentence = sum(1 for ln in body if not ln.ends_terminal and not ln.ends_soft)
    return full >= 0.6 * len(body) and mid_sentence >= 0.5 * len(body)


def _merge_wrapped(lines: list[Line], source_text: str, markup: InlineMarkup | None = None) -> list[Line]:
    """Join the physical lines of hard-wrapped paragraphs (PDF or e-mail text) into one line each."""
    out: list[Line] = []
    for block in _blocks(lines):
        if not _is_wrapped(block):
            out.extend(block)
            continue
        width = max(len(ln.text) for ln in block)
        group = [block[0]]
        for ln in block[1:]:
            prev = group[-1]
            starts_item = ln.bullet or ln.numbered or ln.emphasis or ln.quote != prev.quote
            if len(prev.text) >= _FULL_LINE * width and not starts_item and not prev.bullet:
                group.append(ln)
            else:
                out.append(_join(group, source_text, markup))
                group = [ln]
        out.append(_join(group, source_text, markup))
    for i, ln in enumerate(out):
        ln.idx = i
        # "2. Methods" alone between blank lines is a numbered section heading, not a list item
        if ln.numbered and ln.blank_before and ln.words <= 8 and not ln.ends_terminal and not ln.parts and (
                i + 1 == len(out) or out[i + 1].blank_before):
            ln.numbered = False
    return out


def _join(group: list[Line], source_text: str, markup: InlineMarkup | None = None) -> Line:
    if len(group) == 1:
        return group[0]
    parts: list[tuple[int, int, str | None]] = []
    text = ""
    marks: list[tuple[int, int]] = []
    for k, ln in enumerate(group):
        s, e = ln.core_start, ln.core_end
        marks.extend((a, b) for a, b in ((ln.start, ln.core_start), (ln.core_end, ln.end)) if a < b)
        how = None
        if k:
            prev = group[k - 1].text
            how = "hyphen" if _HYPHEN_END.search(prev) and ln.starts_lower else "space"
        parts.append((s, e, how))   # the hyphen stays in the part: paragraph building removes it
        if k + 1 < len(group) and _HYPHEN_END.search(ln.text) and group[k + 1].starts_lower:
            e -= 1
        piece = source_text[s:e] if markup is None else markup.view(source_text, s, e)
        text += (" " if how == "space" else "") + piece
    first, last = group[0], group[-1]
    merged = Line(
        idx=first.idx, start=first.start, end=last.end, text=text, core_start=first.core_start,
        core_end=last.core_end,
        core=text, md_level=0, emphasis=False, bullet=first.bullet, numbered=first.numbered, quote=first.quote,
        blank_before=first.blank_before, words=word_count(text),
        ends_terminal=last.ends_terminal, ends_soft=last.ends_soft,
        inner_sentence=_inner_sentence(text), starts_lower=first.starts_lower,
        is_url=False, parts=tuple(parts), marks=tuple(marks),
    )
    return merged


def word_count(text: str) -> int:
    """Words of a line; in Chinese, Japanese and Korean text two characters count as one word."""
    n = len(_WORD.findall(text))
    if n and not text.isascii():
        cjk = len(_CJK.findall(text))
        if cjk:
            n += cjk // 2
    return n


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (the unit of comparisons between lines)."""
    if text.isascii():   # ASCII lower-casing maps letters to letters: the same tokens, one call
        return _WORD.findall(text.lower())
    return list(map(str.lower, _WORD.findall(text)))


def lower_words(line: Line) -> list[str]:
    """The words of a line's lower-cased core, remembered on the line (the model's repeat and title measures
    and, for an ASCII line, the repetition rules' tokens read them). Callers do not change the list."""
    d = line.__dict__
    words = d.get("_lower_words")
    if words is None:
        words = d["_lower_words"] = _WORD.findall(line.core.lower())
    return words


def line_tokens(line: Line) -> list[str]:
    """tokens(line.core), remembered on the line."""
    d = line.__dict__
    toks = d.get("_tokens")
    if toks is None:
        toks = d["_tokens"] = lower_words(line) if line.core.isascii() else tokens(line.core)
    return toks


def norm(text: str) -> str:
    """Words only, lower case, single spaces: text compared regardless of punctuation and markup."""
    return " ".join(tokens(text))


_NOT_ALNUM = re.compile(r"[\W_]+")


def line_key(line: Line) -> str:
    """A line's letters and digits, lower case, single spaces (how the gate compares repeats and title copies),
    remembered on the line: the segmenter and the line model both compare it."""
    d = line.__dict__
    key = d.get("_key")
    if key is None:
        # without an underscore the runs of \w are the runs of letters and digits: the words, joined (the line
        # model has most often split them already)
        key = d["_key"] = " ".join(lower_words(line)) if "_" not in line.core else \
            _NOT_ALNUM.sub(" ", line.core.lower()).strip()
    return key


_CASE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def case_style(text: str) -> str:
    """'title' when every content word after the first is capitalised (3 at least), 'sentence' when
    some is lower case, else 'unknown'."""
    return _case_style_c(text, STOPWORDS) if _case_style_c is not None else _case_style_py(text)


def _capitalised(text: str) -> int:
    """Words (split at spaces) that open on a capital and are no stop word."""
    return _capitalised_c(text, STOPWORDS) if _capitalised_c is not None else _capitalised_py(text)


def _case_style_py(text: str) -> str:
    """case_style in Python."""
    words = _CASE_WORD.findall(text)
    content = [w for w in words[1:] if w.lower() not in STOPWORDS and len(w) > 1]
    if not content:
        return "unknown"
    lower = sum(1 for w in content if w[0].islower())
    if lower:
        return "sentence"
    # a capitalised function word mid-line ("Talks On", "Change With") is the mark of Title Case
    cap_function = any(w.lower() in STOPWORDS and w[0].isupper() and len(w) > 1 for w in words[1:])
    return "title" if len(content) >= 3 or (cap_function and content) else "unknown"
