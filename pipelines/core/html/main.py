"""Decide which lines of a rendered page are its main content.

trafilatura finds the article; its text is matched back to our lines by shared 4-word shingles (the
extractor returns text without offsets). claimtrail's own rules then take out what extractors are known
to leave in (titles, bylines, consent text, teasers, comments, captions, repeated paragraphs) and take
back paragraphs the extractor dropped from inside the article.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import pipelines.core.clean.boilerplate as bp
from pipelines.core import rules
from pipelines.core.clean.voice import speaks_to_reader
from pipelines.core.html.text import Line, TextLayout

_P = rules.patterns("html")   # the phrases and shapes of page lines: rules/html.toml

_TOKEN = re.compile(r"\w+")
_LETTERS_DIGITS = re.compile(r"[^\W_]+")
# link text that shows an address (a URL, a handle, a [source]) is content, not a teaser
_SHOWN_ADDRESS = re.compile(r"https?://|www\.|@\w|^\[|\.(?:com|org|net)\b")
# headings that open a block of links to other stories, in several languages
_ANNOUNCE = _P["announce"]
# picture credits that end or open a caption: (Image: Getty), [File: Reuters], Photo: ..., (AP Photo/...)
_CAPTION = _P["caption"]
# Chinese, Japanese and Korean write many words without spaces: count characters there instead
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_TERMINAL = re.compile(r"""[.!?…:;"”’»)\]。！？」』]\s*$""")
# a date or time written out the way bylines and datelines do
_DATELINE = _P["dateline"]
_BYLINE_START = _P["byline_start"]
# "By Jo Marsh", "von Anna Keller und Tom Berg": the prefix, then only capitalised names and joiners
_BYLINE_NAMES = _P["byline_names"]
# lines that announce furniture, in several languages; kept short so a sentence that merely mentions a
# newsletter in passing is untouched (the rules apply to short or link-heavy lines only)
_PHRASE_SOURCES = rules.phrase_sources()   # rules/html.toml phrase_order
# one pass per line: each family is a named group of a single pattern, tried in the order above
_PHRASES = re.compile("|".join(f"(?P<{reason}>{rx})" for reason, rx in _PHRASE_SOURCES), re.IGNORECASE)


@dataclass
class LineVerdict:
    """Whether a line is main content, and if not, why."""

    keep: bool
    reason: str | None = None


@dataclass
class _Info:
    text: str
    tokens: int
    link: float          # share of the line's characters inside links
    para: bool           # looks like running prose: long enough, ends like a sentence, few links


def _shingles(tokens: list[str], n: int = 4) -> list[tuple[str, ...]]:
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def match_extractor(layout: TextLayout, extracted: str) -> list[float]:
    """For each line, the share of its 4-word shingles found in the extractor's text (0..1).

    Shingles are consumed as lines claim them, so text the page repeats (captions, teasers that echo the
    lead paragraph) is credited only as often as the extractor kept it; lines in the region the extractor
    clearly took claim first, so a headline echoed in a menu above the article does not steal it.
    """
    text = layout.text
    ext_keys = [" ".join(toks) for raw in extracted.split("\n") if (toks := _TOKEN.findall(raw))]
    whole = Counter(ext_keys)
    keys = [" ".join(_TOKEN.findall(text[ln.start:ln.end])) for ln in layout.lines]
    n = len(keys)
    # where is the extractor's text? lines of eight words or more that it kept verbatim
    strong = [i for i, key in enumerate(keys) if key in whole and key.count(" ") >= 7]
    lo, hi = (strong[0], strong[-1]) if strong else (0, n - 1)
    order = [*range(lo, hi + 1), *range(hi + 1, n), *range(lo - 1, -1, -1)]
    scores = [0.0] * n
    rest: list[int] = []
    for i in order:
        key = keys[i]
        if not key:
            continue
        if whole[key] > 0:
            whole[key] -= 1
            scores[i] = 1.0
        else:
            rest.append(i)
    # what the extractor kept but not line for line (merged or split blocks): shingles, consumed as claimed
    pool: Counter[tuple[str, ...]] = Counter()
    for key, count in whole.items():
        if count > 0:
            for sh in _shingles(key.split(" ")):
                pool[sh] += count
    for i in rest:
        toks = keys[i].split(" ")
        if len(toks) < 4 or not pool:
            continue
        need = Counter(_shingles(toks))
        hit = sum(min(c, pool[sh]) for sh, c in need.items())
        scores[i] = hit / (len(toks) - 3)
        if scores[i] >= 0.5:
            pool.subtract(need)
    # a short fragment next to matched text that the extractor has inside a longer line: half credit,
    # the caller lets its neighbours decide
    joined = " " + " ".join(ext_keys) + " "
    for i in rest:
        key = keys[i]
        near = (i > 0 and scores[i - 1] > 0.5) or (i + 1 < n and scores[i + 1] > 0.5)
        if near and key.count(" ") < 3 and " " + key + " " in joined:
            scores[i] = 0.5
    return scores


def is_paragraph(layout: TextLayout, i: int) -> bool:
    """Line i reads as running prose: ten words or more, ending as a sentence ends, few links, no heading."""
    return _info(layout, i).para


def _info(layout: TextLayout, i: int) -> _Info:
    ln = layout.lines[i]
    text = layout.text[ln.start:ln.end]
    tokens = len(_TOKEN.findall(text))
    if _CJK.search(text):
        tokens = max(tokens, len(_CJK.findall(text)) // 2)
    link = ln.link_chars / max(1, len(text))
    para = tokens >= 10 and link < 0.3 and bool(_TERMINAL.search(text)) and not ln.heading
    return _Info(text, tokens, link, para)


class _Infos:
    """Line facts computed on first use: most lines of a page are never looked at twice."""

    def __init__(self, layout: TextLayout) -> None:
        self.layout = layout
        self.cache: dict[int, _Info] = {}

    def __getitem__(self, i: int) -> _Info:
        info = self.cache.get(i)
        if info is None:
            info = self.cache[i] = _info(self.layout, i)
        return info


def _ancestors(layout: TextLayout, block: int) -> list[int]:
    out = []
    while block >= 0:
        out.append(block)
        block = layout.block_parent[block]
    return out


def _norm(text: str) -> str:
    """Letters and digits only, lower case, single spaces: how repeats and title copies are compared."""
    return " ".join(_LETTERS_DIGITS.findall(text.lower()))


def _like_headline(text: str, heads: set[str]) -> bool:
    """Most of a headline's words, in a line of about its length (the <title> and the h1 often differ)."""
    words = set(_norm(text).split())
    if len(words) < 3:
        return False
    for head in heads:
        hw = set(head.split())
        if len(hw) >= 3 and len(words & hw) >= 0.7 * min(len(words), len(hw)) \
                and 0.5 <= len(words) / len(hw) <= 2:
            return True
    return False


# families whose words also stand in news sentences: a sentence of running prose that holds them is furniture
# only when it speaks to the reader or of the page ("we use cookies", "sign up for our newsletter")
_SPOKEN_TO_READER = frozenset({"cookie_banner", "newsletter", "share_buttons", "comment_section"})


def _phrase_reason(info: _Info) -> str | None:
    """The furniture a short or link-heavy line announces, if any."""
    if info.tokens > 30 and info.link < 0.5:
        return None
    m = _PHRASES.search(info.text)
    if not m:
        return None
    if info.para and info.link < 0.5 and info.tokens > bp.SHORT_LINE_WORDS and (
            (m.lastgroup in _SPOKEN_TO_READER and not speaks_to_reader(info.text))
            or (m.lastgroup == "footer" and not (bp.is_footer_text(info.text) or speaks_to_reader(info.text)))):
        return None   # news that reports on cookies, comments, a newsletter or rights
    # reporting credits, tags and source lines close an article: the vocabulary calls that footer
    return "footer" if m.lastgroup == "credits" else m.lastgroup


def select_main(layout: TextLayout, extracted: str, headlines: tuple[str, ...] = ()) -> list[LineVerdict]:
    """A verdict for every line of the layout."""
    scores = match_extractor(layout, extracted)
    lines = layout.lines
    n = len(lines)
    infos = _Infos(layout)
    keep = [s > 0.5 for s in scores]
    for i, s in enumerate(scores):
        if s == 0.5:
            keep[i] = (i > 0 and scores[i - 1] > 0.5) or (i + 1 < n and scores[i + 1] > 0.5)
    reason: list[str | None] = [None] * n
    if layout.title_line is not None:   # the <title> element is the browser tab, never the article
        keep[layout.title_line] = False
    if not any(keep):
        _fallback(layout, infos, keep)

    # the article's own containers: every ancestor of a line the extractor took whole
    # (prose only: a newsletter box's blurb may be matched verbatim too, and must not vouch for its box)
    strong = [i for i in range(n) if keep[i] and scores[i] == 1.0 and infos[i].para]
    if not strong:
        strong = [i for i in range(n) if keep[i]]
    article_blocks: set[int] = set()
    for i in strong:
        article_blocks.update(_ancestors(layout, lines[i].block))

    def furniture(i: int) -> str | None:
        ln = lines[i]
        if ln.furniture and ln.furniture_block not in article_blocks:
            return ln.furniture
        return None

    lca = _lowest_common(layout, strong)
    if strong:
        _take_back(layout, infos, keep, strong, lca, furniture)

    heads = {_norm(h) for h in headlines if h}
    first_body = next((i for i in range(n) if keep[i] and infos[i].para), n)
    last_body = next((i for i in range(n - 1, -1, -1) if keep[i] and infos[i].para), -1)
    teasers = _teaser_lines(infos, keep, first_body, last_body)
    seen: set[str] = set()     # kept paragraphs so far, compared in letters and digits
    for i in range(n):
        if not keep[i]:
            continue
        why = _verdict(lines[i], infos[i], furniture(i), i < first_body, heads)
        if not why and i in teasers:
            why = "related_link"
        key = _norm(infos[i].text)
        if not why and key in heads:
            why = "duplicate_title"      # the headline again inside the body (a sticky header, a print copy)
        # a paragraph of three words or more stands once in an article (the warehouse gate's rule too);
        # short lines such as "Yes." or a table's "Total" may repeat
        if not why and key in seen:
            why = "duplicate_paragraph"
        if why:
            keep[i] = False
            reason[i] = why
            continue
        if len(key) >= 20 and key.count(" ") >= 2:
            seen.add(key)
    core = _main_group(layout, infos, strong)
    _cut_after_announcement(layout, infos, keep, reason, core, _lowest_common(layout, core))
    for i in range(n):
        if not keep[i] and reason[i] is None:
            reason[i] = "caption" if lines[i].tag in ("figcaption", "caption") else furniture(i)
    return [LineVerdict(k, None if k else (r or "outside_main_content"))
            for k, r in zip(keep, reason, strict=True)]


def _verdict(line: Line, info: _Info, furniture: str | None, above_body: bool, heads: set[str]) -> str | None:
    """Why a line the extractor kept is not article body after all, or None to keep it."""
    if line.tag in ("figcaption", "caption") or furniture == "caption":
        return "caption"
    if furniture in ("comment_section", "cookie_banner", "newsletter"):
        return furniture          # prose in these boxes is still not the article: a comment is prose too
    if furniture in ("share_buttons", "footer") and not info.para:
        return furniture
    if furniture and not info.para and (line.heading or info.link >= 0.3):
        return furniture
    if above_body:
        if _norm(info.text) in heads or (not info.para and _like_headline(info.text, heads)):
            return "duplicate_title"
        if not info.para and (line.heading or _DATELINE.search(info.text) or _BYLINE_START.search(info.text)):
            return "masthead"    # title, standfirst, byline and dateline above the first paragraph
        if info.link >= 0.6 and not info.para:
            return "navigation"  # a link above the first paragraph: menu or breadcrumb
    if info.tokens <= 12 and (_BYLINE_NAMES.match(info.text)
                              or (_BYLINE_START.match(info.text) and _DATELINE.search(info.text))):
        return "footer"          # a byline or 'Updated ...' line below the article's start
    why = _phrase_reason(info)
    if why:
        return why
    if info.tokens <= bp.SHORT_LINE_WORDS:
        # a label or form line left standing ("Subscribe", "Share on Facebook", "Your email address will not be
        # published."), judged as the text cleaner judges it
        return bp.short_line_reason(info.text)
    return None


def _link_line(info: _Info) -> bool:
    """A line that is mostly one link's words: a headline pointing at another page."""
    return info.link >= 0.6 and 3 <= info.tokens <= 40 and not _SHOWN_ADDRESS.search(info.text)


def _shouted(text: str) -> bool:
    """Written in capitals, as promotional link lines inside articles often are."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 10 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _teaser_lines(infos: _Infos, keep: list[bool], first_body: int, last_body: int) -> set[int]:
    """Link headlines that are teasers: above the first or below the last paragraph of prose, in capitals,
    or three and more in a row; a linked product name or quote between paragraphs is the article's own."""
    kept = [i for i, k in enumerate(keep) if k]
    linky = {i for i in kept if _link_line(infos[i])}
    out = {i for i in linky if i < first_body or i > last_body or _shouted(infos[i].text)}
    run: list[int] = []
    for i in [*kept, -1]:
        if i in linky:
            run.append(i)
            continue
        if len(run) >= 3:
            out.update(run)
        run = []
    return out


def _fallback(layout: TextLayout, infos: _Infos, keep: list[bool]) -> None:
    """When the extractor finds nothing (tiny or odd pages): prose outside marked furniture, else any
    plain text line of a few words that is neither a link nor a heading."""
    lines = layout.lines
    candidates = [i for i in range(len(lines)) if i != layout.title_line and not lines[i].furniture
                  and lines[i].tag not in ("figcaption", "caption")]
    chosen = [i for i in candidates if infos[i].para]
    if not chosen:
        chosen = [i for i in candidates if infos[i].tokens >= 5 and infos[i].link < 0.3 and not lines[i].heading]
    for i in chosen:
        keep[i] = True


def _lowest_common(layout: TextLayout, strong: list[int]) -> int:
    """The innermost block holding every anchor line (-1 when there is none)."""
    if not strong:
        return -1
    common = set(_ancestors(layout, layout.lines[strong[0]].block))
    for i in strong[1:]:
        common &= set(_ancestors(layout, layout.lines[i].block))
    return max(common, key=lambda b: len(_ancestors(layout, b))) if common else -1


def _main_group(layout: TextLayout, infos: _Infos, strong: list[int]) -> list[int]:
    """The anchor lines inside the innermost container that holds most (70%) of the anchored words: the
    article itself, not a teaser box whose blurbs an over-eager extractor also kept."""
    weight: dict[int, int] = {}
    total = 0
    for i in strong:
        total += infos[i].tokens
        for b in _ancestors(layout, layout.lines[i].block):
            weight[b] = weight.get(b, 0) + infos[i].tokens
    if not weight:
        return strong
    best = max((b for b, w in weight.items() if w >= 0.7 * total), key=lambda b: len(_ancestors(layout, b)))
    return [i for i in strong if best in _ancestors(layout, layout.lines[i].block)]


def _cut_after_announcement(layout: TextLayout, infos: _Infos, keep: list[bool], reason: list[str | None],
                            strong: list[int], lca: int) -> None:
    """Below the article, a heading such as 'Our latest stories' or 'Most read' opens a teaser block:
    kept lines after it that live outside the article's container are teasers too."""
    if not strong or lca < 0:
        return
    n = len(keep)
    start = next((i for i in range(strong[-1] + 1, n) if infos[i].tokens <= 8 and _ANNOUNCE.search(infos[i].text)),
                 n)
    for i in range(start + 1, n):
        if keep[i] and lca not in _ancestors(layout, layout.lines[i].block):
            keep[i] = False
            reason[i] = "related_link"


def _take_back(layout: TextLayout, infos: _Infos, keep: list[bool], strong: list[int], lca: int,
               furniture) -> None:
    """Add prose the extractor dropped: gaps inside the article, and paragraphs just past its end that
    live in the same containers (the article body split by an advert or a widget)."""
    lines = layout.lines
    n = len(lines)
    lo, hi = strong[0], strong[-1]
    for i in range(lo, hi + 1):
        if keep[i] or not infos[i].para or furniture(i) or _CAPTION.search(infos[i].text):
            continue
        if lines[i].tag not in ("figcaption", "caption"):
            keep[i] = True
    # the zone: two levels above the lowest container holding every strong line (not <body>)
    if lca < 0:
        return
    zone = lca
    for _ in range(2):
        parent = layout.block_parent[zone]
        if parent < 0 or layout.block_tag[parent] in ("body", "html"):
            break
        zone = parent
    if layout.block_tag[zone] in ("body", "html"):
        return

    def in_zone(i: int) -> bool:
        return zone in _ancestors(layout, lines[i].block)

    # forward only: text above the article is its standfirst or a teaser far more often than lost body
    misses = 0
    short: list[int] = []     # short sentences, taken only if prose follows them
    for i in range(hi + 1, n):
        if keep[i]:
            misses = 0
            short = []
            continue
        info = infos[i]
        # an advert or share label inside the body is stepped over; what closes an article stops the walk
        if not in_zone(i) or _phrase_reason(info) not in (None, "advertisement", "share_buttons") \
                or (info.tokens <= 8 and _ANNOUNCE.search(info.text)):
            break
        plain = not furniture(i) and lines[i].tag not in ("figcaption", "caption") \
            and not _CAPTION.search(info.text)
        if info.para and plain:
            for j in [*short, i]:
                keep[j] = True
            misses = 0
            short = []
        elif plain and info.tokens >= 4 and info.link < 0.3 and not lines[i].heading \
                and _TERMINAL.search(info.text) and len(short) < 2:
            short.append(i)
        else:
            misses += 1
            if misses > 3:
                break
