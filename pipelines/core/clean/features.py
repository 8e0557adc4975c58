"""Shallow features of every line of a document and of its neighbours, for the content/boilerplate model.

Pure and linear in the document's size: one pass over the lines for their own measures, then numpy
prefix sums for windows over neighbours. No feature names a site: only the shape of a line (length,
punctuation, case, stop words, digits), its place in the document, its repetition, the rule families'
verdicts and, for HTML, the markup it came from.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

import pipelines.core.clean.boilerplate as bp
from pipelines.core.clean.caseless import caseless
from pipelines.core.clean.lines import Line, char_classes, lower_words, token_counts
from pipelines.core.model.windows import block_stat as _block_stat
from pipelines.core.model.windows import blocks, window_mean
from pipelines.core.model.windows import shift as _shift

# the boilerplate families boilerplate.line_reason can name, one indicator each
FAMILIES = ("separator", "end_marker", "page_header_footer", "navigation", "cookie_banner", "comment_section",
            "related_link", "tags", "share_buttons", "newsletter", "footer", "caption", "table_of_contents",
            "advertisement")
_FAMILY_INDEX = {f: i for i, f in enumerate(FAMILIES)}
_YEAR = re.compile(r"\b(19|20)\d\d\b")
_ADDRESS = caseless(re.compile(r"@|https?:|www\.|\.(com|org|net)\b", re.I))

# own measures of a line (no neighbours): names in order, for the weights file and for reading importances
LINE_FEATURES = (
    "log_words", "log_chars", "word_len", "ends_terminal", "ends_soft", "ends_colon", "ends_question",
    "starts_lower", "starts_digit", "inner_sentence", "prose", "headinglike", "title_case", "is_url", "list_item",
    "markup", "stop_ratio", "digit_ratio", "upper_ratio", "cap_word_ratio", "punct_ratio", "comma_per_word",
    "pipes", "year", "address", "all_caps", "nonascii_ratio", "blank_before", "blank_after",
    *(f"family_{f}" for f in FAMILIES),
    "byline", "date_line", "comment_meta", "menu_word", "consent_button", "related_head", "name_line", "bio",
    "notes_head", "editor_note", "newsletter_part",
    "log_repeats", "repeat_earlier",
)
# measures of the neighbourhood and of the whole document
CONTEXT_FEATURES = (
    "pos", "words_before", "before_first_prose", "after_last_prose", "log_prose_dist_up", "log_prose_dist_down",
    "block_log_words", "block_log_lines", "block_first", "block_last", "block_prose", "block_terminal",
    "win2_words", "win5_words", "win10_words", "win3_prose", "win10_prose", "win3_family", "win10_family",
    "prev_words", "next_words", "prev_prose", "next_prose", "prev_heading", "next_heading", "prev_family",
    "next_family", "doc_log_lines", "doc_log_words", "doc_prose",
    "title_sim", "after_title_copy", "log_title_copy_dist", "log_prose_words_above", "log_prose_words_below",
    "starts_punct", "continues_prev",
)
TEXT_FEATURES = LINE_FEATURES + CONTEXT_FEATURES
_NL = len(LINE_FEATURES)
_COL = {name: i for i, name in enumerate(TEXT_FEATURES)}


def _char_tables() -> dict[str, np.ndarray]:
    """Per code point (below U+10000): is it a digit, a capital, a lower-case letter, a letter, punctuation,
    non-ASCII, a comma, a bar. The same classes as the regular expressions the measures are defined by."""
    n = 0x10000
    tables = {k: np.zeros(n + 1, dtype=np.float64) for k in _CLASSES}
    for cp in range(n):
        ch = chr(cp)
        word = ch.isalnum() or ch == "_"
        tables["digit"][cp] = ch.isdecimal()
        tables["upper"][cp] = 65 <= cp <= 90 or 192 <= cp <= 222
        tables["cased_upper"][cp] = ch.isupper()
        tables["lower"][cp] = ch.islower()
        tables["letter"][cp] = word and ch != "_" and not ch.isdecimal()
        tables["punct"][cp] = not word and not ch.isspace()
        tables["nonascii"][cp] = cp > 127
    # code points above U+FFFF (emoji, mostly): punctuation, non-ASCII
    tables["punct"][n] = tables["nonascii"][n] = 1.0
    tables["comma"][ord(",")] = 1.0
    tables["pipe"][ord("|")] = 1.0
    return tables


# the classes _char_tables makes, in the order lines.char_classes (compiled) counts them
_CLASSES = ("digit", "upper", "cased_upper", "lower", "letter", "punct", "nonascii", "comma", "pipe")
_TABLES: dict[str, np.ndarray] = {}
_CHARS_PER_PASS = 1 << 20  # characters counted per pass (memory: about 30 bytes each)


def _char_counts(cores: list[str]) -> dict[str, np.ndarray]:
    """Characters of each class in each line, from one pass over the joined lines.

    The joined text is taken in windows of _CHARS_PER_PASS characters, so memory stays a few MB whatever the
    document's size (one window's codes and running counts, not the whole text's at 8 bytes a character); the
    counts are exact integers, the same as in one go.
    """
    if not _TABLES:
        # 0/1 per code point as bytes, counted in whole numbers: the same counts as float sums, in a quarter
        # of the memory and time
        _TABLES.update((name, t.astype(np.uint8)) for name, t in _char_tables().items())
    joined = "\n".join(cores)
    lengths = np.fromiter((len(c) for c in cores), dtype=np.int64, count=len(cores))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    pos = np.empty(2 * len(cores), dtype=np.int64)   # every line's start and end, in order (non-decreasing)
    pos[0::2], pos[1::2] = starts, starts + lengths
    at = {name: np.zeros(len(pos), dtype=np.int64) for name in _TABLES}   # running count at each position
    carry = dict.fromkeys(_TABLES, 0)
    cum = np.zeros(min(len(joined), _CHARS_PER_PASS) + 1, dtype=np.int64)   # one running-sum buffer, reused
    lo = 0
    for w0 in range(0, len(joined), _CHARS_PER_PASS):
        # surrogatepass: a lone surrogate (a broken UTF-16 pair in scraped text) is a code point like any other,
        # as the compiled count takes it, not an error
        chunk = joined[w0:w0 + _CHARS_PER_PASS].encode("utf-32-le", "surrogatepass")
        codes = np.minimum(np.frombuffer(chunk, dtype=np.uint32), 0x10000)
        m = len(codes)
        hi = int(np.searchsorted(pos, w0 + m, side="right"))
        here = pos[lo:hi] - w0
        for name, table in _TABLES.items():
            np.cumsum(table[codes], out=cum[1:m + 1])
            at[name][lo:hi] = carry[name] + cum[here]
            carry[name] += int(cum[m])
        lo = hi
    out = {name: (a[1::2] - a[0::2]).astype(np.float64) for name, a in at.items()}
    out["length"] = lengths.astype(np.float64)
    return out


def _own(ln: Line) -> tuple:
    """The measures of a line that need its words or the rules (the character classes are counted apart), as
    numbers: [0:4] token counts, [4] the family's index (-1 for none), [5:21] flags, [21:32] detectors, and with the
    compiled scan [32:41] the counts of _CLASSES (else _char_counts counts them for the whole document)."""
    c = ln.core
    return (*token_counts(c), _FAMILY_INDEX.get(bp.line_reason(ln), -1),
            ln.ends_terminal, ln.ends_soft, c.endswith(":"), c.endswith(("?", "!")), ln.starts_lower,
            c[:1].isdigit(), ln.inner_sentence, ln.prose, ln.headinglike, ln.title_case, ln.is_url,
            ln.bullet or ln.numbered, bool(ln.md_level or ln.emphasis or ln.quote),
            _YEAR.search(c) is not None, _ADDRESS.search(c) is not None, ln.blank_before, *bp.detectors(ln),
            *(char_classes(c) if char_classes is not None else ()))


# own measures by (text, core, numbered), kept across documents: the furniture of a site's pages ("Home", "Share",
# "Privacy policy") repeats on every page of a crawl, and a tenth of the lines of one page per site already. Bounded:
# emptied when it holds more than _MEASURED_MAX lines (a few tens of MB)
_MEASURED: dict[tuple[str, str, bool], tuple[tuple, dict]] = {}
_MEASURED_MAX = 50_000


def forget() -> None:
    """Empty the measures kept across documents (a benchmark's runs each start from none)."""
    _MEASURED.clear()


def line_matrix(lines: list[Line]) -> np.ndarray:
    """LINE_FEATURES of every line, one row each."""
    n = len(lines)
    x = np.zeros((n, _NL))
    if n == 0:
        return x
    # a line repeated in the document or met before (menus, buttons, "Reply") is measured once: every own measure is a
    # function of its text as it reads (and its list numbering), except blank_before, set per copy; the text as it
    # reads is the line's own unless a Markdown link's address wrapped into it (then its core tells)
    memo = _MEASURED
    if len(memo) > _MEASURED_MAX:
        memo.clear()
    own = []
    for ln in lines:
        if ln.parts:
            own.append(_own(ln))
            continue
        key = (ln.text, ln.core, ln.numbered)
        got = memo.get(key)
        if got is None:
            o = _own(ln)
            memo[key] = (o, bp.verdicts(ln))   # the rules' verdicts too: the segmenter asks them again
        else:
            o, verdicts = got
            ln.__dict__.update(verdicts)
            if o[20] != ln.blank_before:
                o = (*o[:20], ln.blank_before, *o[21:])
        own.append(o)
    m = np.array(own, dtype=np.float64)   # every own measure of every line, one array
    if char_classes is not None:
        ch = {name: m[:, 32 + k] for k, name in enumerate(_CLASSES)}
        ch["length"] = np.fromiter((len(ln.core) for ln in lines), dtype=np.float64, count=n)
    else:
        ch = _char_counts([ln.core for ln in lines])
    nt = np.maximum(m[:, 0], 1.0)
    length = np.maximum(ch["length"], 1.0)
    words = np.fromiter((ln.words for ln in lines), dtype=np.float64, count=n)
    flags = m[:, 5:21]
    col = _COL
    x[:, col["log_words"]] = np.log1p(words)
    x[:, col["log_chars"]] = np.log1p(ch["length"])
    x[:, col["word_len"]] = np.minimum(m[:, 3] / nt, 20.0) / 10.0
    names = ("ends_terminal", "ends_soft", "ends_colon", "ends_question", "starts_lower", "starts_digit",
             "inner_sentence", "prose", "headinglike", "title_case", "is_url", "list_item", "markup", "year",
             "address", "blank_before")
    for j, name in enumerate(names):
        x[:, col[name]] = flags[:, j]
    x[:, col["stop_ratio"]] = m[:, 1] / nt
    x[:, col["cap_word_ratio"]] = m[:, 2] / nt
    x[:, col["digit_ratio"]] = ch["digit"] / length
    x[:, col["upper_ratio"]] = ch["upper"] / np.maximum(ch["letter"], 1.0)
    x[:, col["punct_ratio"]] = ch["punct"] / length
    x[:, col["comma_per_word"]] = ch["comma"] / np.maximum(words, 1.0)
    x[:, col["pipes"]] = np.minimum(ch["pipe"], 5.0) / 5.0
    x[:, col["all_caps"]] = (ch["cased_upper"] > 0) & (ch["lower"] == 0)
    x[:, col["nonascii_ratio"]] = ch["nonascii"] / length
    blank = flags[:, names.index("blank_before")]
    x[:, col["blank_after"]] = np.append(blank[1:], 1.0)
    f0 = col[f"family_{FAMILIES[0]}"]
    fam = m[:, 4].astype(np.int64)
    named = np.flatnonzero(fam >= 0)
    x[named, f0 + fam[named]] = 1.0
    det = col["byline"]
    x[:, det:det + 11] = m[:, 21:32]
    keys = [" ".join(lower_words(ln)) for ln in lines]
    counts = Counter(keys)
    seen: set[str] = set()
    earlier = []
    for k in keys:
        earlier.append(k in seen)
        seen.add(k)
    rep = col["log_repeats"]
    x[:, rep] = np.log1p(np.fromiter((counts[k] - 1 for k in keys), dtype=np.float64, count=n))
    x[:, rep + 1] = earlier
    return x


def _distance(mask: np.ndarray, up: bool) -> np.ndarray:
    """Lines to the nearest line where mask holds, above (up) or below; n+1 when there is none."""
    n = len(mask)
    idx = np.arange(n)
    if up:
        last = np.where(mask, idx, -1)
        last = np.maximum.accumulate(last)
        prev = _shift(last.astype(np.float64), 1, -1.0)
        return np.where(prev >= 0, idx - prev, n + 1)
    nxt = np.where(mask, idx, n * 3)
    nxt = np.minimum.accumulate(nxt[::-1])[::-1]
    after = _shift(nxt.astype(np.float64), -1, n * 3)
    return np.where(after < n * 3, after - idx, n + 1)


def title_similarity(lines: list[Line]) -> np.ndarray:
    """Share of words each line has in common with the document's first line (a dump's <title>, a file's
    headline): the headline shown again above the article has most of them."""
    if not lines:
        return np.zeros(0)
    head = set(lower_words(lines[0]))
    out = np.zeros(len(lines))
    if not head:
        return out
    for i, ln in enumerate(lines[1:], 1):
        if ln.words > 40:
            continue
        w = set(lower_words(ln))
        if w and not w.isdisjoint(head):
            out[i] = len(w & head) / len(w | head)
    return out


def context_matrix(x: np.ndarray, lines: list[Line] | None = None) -> np.ndarray:
    """CONTEXT_FEATURES from the LINE_FEATURES rows of one document (and its lines, for the title measures)."""
    n = len(x)
    out = np.zeros((n, len(CONTEXT_FEATURES)))
    if n == 0:
        return out
    col = _COL
    words = np.expm1(x[:, col["log_words"]])
    prose = x[:, col["prose"]]
    fam = x[:, _NL - 13 - len(FAMILIES):_NL - 13].sum(axis=1)
    heading = x[:, col["headinglike"]]
    idx = np.arange(n)
    total = words.sum() or 1.0
    p = [i for i in range(n) if prose[i]]
    first, last = (p[0], p[-1]) if p else (n, -1)
    block = blocks(x[:, col["blank_before"]])
    bwords = _block_stat(block, words)
    blines = _block_stat(block, np.ones(n))
    bprose = _block_stat(block, prose) / blines
    bterm = _block_stat(block, x[:, col["ends_terminal"]]) / blines
    lw = np.log1p(words)
    cols = [
        idx / n, (np.cumsum(words) - words) / total, idx < first, idx > last,
        np.log1p(_distance(prose > 0, True)), np.log1p(_distance(prose > 0, False)),
        np.log1p(bwords), np.log1p(blines), x[:, col["blank_before"]], x[:, col["blank_after"]], bprose, bterm,
        window_mean(lw, 2), window_mean(lw, 5), window_mean(lw, 10), window_mean(prose, 3), window_mean(prose, 10),
        window_mean(fam, 3), window_mean(fam, 10),
        _shift(lw, 1), _shift(lw, -1), _shift(prose, 1), _shift(prose, -1), _shift(heading, 1), _shift(heading, -1),
        _shift(fam, 1), _shift(fam, -1),
        np.full(n, np.log1p(n)), np.full(n, np.log1p(total)), np.full(n, prose.mean()),
    ]
    sim = title_similarity(lines) if lines is not None else np.zeros(n)
    copy = sim >= 0.5
    dist = _distance(copy, True)
    prose_words = words * prose
    above = np.cumsum(prose_words) - prose_words
    below = prose_words.sum() - above - prose_words
    starts_punct = np.array([ln.core[:1] in ",.;:)]!?" for ln in lines], dtype=np.float64) \
        if lines is not None else np.zeros(n)
    cont = (1 - x[:, col["blank_before"]]) * np.maximum(starts_punct, x[:, col["starts_lower"]])
    cols += [sim, dist <= n, np.where(dist <= n, np.log1p(dist), -1.0), np.log1p(above), np.log1p(below),
             starts_punct, cont]
    for j, c in enumerate(cols):
        out[:, j] = c
    return out


def text_features(lines: list[Line]) -> np.ndarray:
    """TEXT_FEATURES of every line of a plain-text document (n_lines x len(TEXT_FEATURES))."""
    x = line_matrix(lines)
    return np.hstack([x, context_matrix(x, lines)])


_FAMILY_COLS = slice(_COL[f"family_{FAMILIES[0]}"], _COL[f"family_{FAMILIES[-1]}"] + 1)


def family_of(row: np.ndarray) -> str | None:
    """The rule family a line's feature row records (boilerplate.line_reason), or None."""
    hits = np.flatnonzero(row[_FAMILY_COLS])
    return FAMILIES[int(hits[0])] if len(hits) else None


def families(x: np.ndarray) -> list[str | None]:
    """family_of every row of x, in one pass over the family columns."""
    cols = x[:, _FAMILY_COLS]
    hit = cols.any(axis=1)
    first = cols.argmax(axis=1)
    return [FAMILIES[int(f)] if h else None for h, f in zip(hit.tolist(), first.tolist(), strict=True)]
