"""The line model's verdicts combined with the rules: the model chooses what is kept, the rules say why not.

Every line the model drops keeps a reason: the family the rules found for it, else `low_content` (a line
that reads as page furniture by its shape and neighbours, though no family names it). The rules that guard
the warehouse's invariants stay hard whatever the model says: repeated paragraphs and title copies, and
lines held as article metadata (title, byline, date).
"""

from __future__ import annotations

import re
from itertools import pairwise

import numpy as np

from pipelines.core.clean.features import TEXT_FEATURES, families, family_of, text_features
from pipelines.core.clean.inline import InlineMarkup
from pipelines.core.clean.language import line_language
from pipelines.core.clean.lines import Line, case_style, line_key
from pipelines.core.clean.model import RemovedSpan
from pipelines.core.model import loader

LOW_CONTENT = "low_content"


# removals the model may overturn in text: the families that short lines of running text trip (inline links,
# table cells and list items read as menus, related links or a masthead). A related link that reads as a
# headline comes back only inside the text and not where it reads as another story's headline (_place_allows):
# headlines of other stories between paragraphs look like subheadings to the model, and our own documents and
# the seeds say they are not. Nor a comment, a caption or a banner
SOFT = frozenset({"navigation", "related_link", "masthead", "table_of_contents"})
# tuned on the tuning sites' dumps (bench.eval_text --sites train; the held-out sites checked after): a line the
# rules keep goes when the model is fairly sure it is furniture; one they removed comes back at this confidence
# (0.5 takes back promo boxes above the headline)
DROP = 0.35
TAKE_BACK = 0.6
# removals made from a line's place rather than its words, and the model's confidence that overturns them: a
# heading read as a related link, a line read as a copy of the headline (never when it is part of an article's
# title). A running page header stays out: it repeats on every page, which the model reads as a heading of text
TAKE_BACK_FROM = {"related_link": 0.5, "duplicate_title": 0.8}
# a callout label ("Note:", "Tip:") opens a notes zone that holds the rest of the article: the lines under it the
# model reads as running text at this confidence go back to the body (the label stays a note)
RELEASE_NOTE = 0.7
# on a page of one article: a body line goes below this confidence, and after the article's end (its last line
# the model reads as text at ARTICLE_END) below TAIL_KEEP: menus, shop widgets and footers under the article
DROP_ONE = 0.4
# ...of a whole page at least: on a short document (a brief, a note; a tenth of the dev dumps has fewer than 124
# lines, 1 % fewer than 60) the model's middling scores say little, and only its firm verdicts count
CUT_MIN_LINES = 80
ARTICLE_END = 0.7
TAIL_KEEP = 0.6
# the model learnt from whole pages: on a document of a few lines its neighbourhood measures say little, and
# the rules decide alone
MIN_LINES = 12
BLANK_COLUMN = TEXT_FEATURES.index("blank_before")  # blank_before: the first column the second pass reads
_COLS = {name: i for i, name in enumerate(TEXT_FEATURES)}
_NOT_ALNUM = re.compile(r"[\W_]+")


def norm_key(text: str) -> str:
    """Letters and digits only, lower case, single spaces: how the gate compares repeats and title copies."""
    return _NOT_ALNUM.sub(" ", text.lower()).strip()


def counts_as_repeat(key: str) -> bool:
    return len(key) >= 20 and key.count(" ") >= 2


def has_marker(text: str) -> bool:
    """A phrase the gate's boilerplate markers name: a line the model may not take back."""
    from pipelines.quality.markers import find_marker

    return find_marker(text) is not None


# a dump with this many inline markup spans (Markdown links, images, emphasis marks and escapes, a text browser's
# link marks) is read by the model that learnt from such dumps too ("md"); a text dump holds none or a few (on the
# dev pages: 790 of 793 text dumps under 5; 791 of 793 markdownify dumps 20 or more)
MARKUP_SPANS = 20


def text_form(markup: InlineMarkup | None) -> str:
    """Which text model reads a document: "md" for a dump full of inline markup (its InlineMarkup), else "txt"."""
    return "md" if markup is not None and len(markup.spans) >= MARKUP_SPANS else "txt"


def text_scores(lines: list[Line], form: str = "txt") -> tuple[np.ndarray, np.ndarray, float] | None:
    """(P(content), feature rows, keep threshold) of every line of a plain-text document, by the model of its
    form ("txt" when no "md" model ships); None when no model ships."""
    model = loader.load(form) or loader.load("txt")
    if model is None or len(lines) < MIN_LINES:
        return None
    x = text_features(lines)
    return model.probabilities(x, x[:, BLANK_COLUMN]), x, model.threshold


# a line the model is this sure is furniture is out before the rules plan the rest: the rules then read the
# article and its header only (faster on pages that are mostly furniture, and fewer false article starts)
PRESET = 0.05


def preset_text(lines: list[Line], reason: list[str | None], p: np.ndarray, x: np.ndarray,
                threshold: float) -> None:
    """Before the rules plan a document: every line's own family (from its features, so the plan need not
    look again), and lines the model is sure are furniture a reason too (the eight lines above the first
    kept line stay open: headline, byline, date)."""
    keep = p >= threshold
    first = int(np.argmax(keep)) if keep.any() else len(lines)
    n = len(lines)
    sure = p < PRESET
    fams = families(x)
    for k in range(n):
        if reason[k] is not None:
            continue
        # every line's own family, as the rules' plan would set it first (the features hold it already)
        why = fams[k]
        if why is None and sure[k] and not first - 8 <= k < first:
            # above the article, what no family names is the page's masthead (as the rules call it)
            why = _box_part(x, k, n) or ("masthead" if k < first else LOW_CONTENT)
        reason[k] = why


def _box_part(x: np.ndarray, k: int, n: int) -> str | None:
    """A consent button or newsletter field beside its banner takes the banner's family (as the rules do)."""
    for name, family in (("consent_button", "cookie_banner"), ("newsletter_part", "newsletter")):
        if x[k, _COLS[name]]:
            for j in range(max(0, k - 3), min(n, k + 4)):
                if x[j, _COLS[f"family_{family}"]]:
                    return family
    return None


def overlay_text(lines: list[Line], reason: list[str | None], segments: list, p: np.ndarray, x: np.ndarray,
                 threshold: float) -> None:
    """Apply the model to a planned document in place: drop body lines it reads as furniture, take back lines
    the rules removed that it reads as text (into the article that holds them), and join an article to the one
    before when the model reads its headline as a heading inside the text."""
    if not segments:
        # the rules found no article (no running text left to them): what the model keeps is one
        kept = np.flatnonzero(p >= max(threshold, TAKE_BACK))
        if not len(kept):
            return
        from pipelines.core.clean.segment import Segment

        segments.append(Segment(int(kept[0]), len(lines), None, int(kept[0])))
    for seg in segments:
        _release_notes(lines, seg, p)
    meta = set()
    for seg in segments:
        meta.update(seg.meta)
    firsts = [seg.first for seg in segments]
    other_stories = _title_case_among_sentence_case(lines, reason, meta)
    titles = [line_key(lines[seg.title]) for seg in segments if seg.title is not None]
    dropped = []
    for k in range(len(lines)):
        if k in meta:
            continue
        r = reason[k]
        if p[k] >= threshold:
            # only a removal made from context or shape: a line a phrase rule names on its own stays out
            seg = _holder(segments, firsts, k)
            if _may_take_back(lines[k], r, p[k], x[k]) and _place_allows(lines, reason, seg, k, r, other_stories,
                                                                         titles):
                reason[k] = None
                if k < seg.body_start:
                    seg.body_start = k
                    seg.first = min(seg.first, k)
        elif r is None and p[k] < min(threshold, DROP):
            reason[k] = family_of(x[k]) or LOW_CONTENT
            dropped.append(k)
    if dropped and all(reason[k] is not None or k in meta for k in range(len(lines))):
        # the model would leave nothing: a document of furniture only is the rules' call (kept and flagged)
        for k in dropped:
            reason[k] = None
    _merge_segments(lines, segments, reason, p, x, threshold)
    if len(segments) == 1 and len(lines) >= CUT_MIN_LINES:
        _cut_single_article(lines, reason, segments[0], p, x)
    for seg in segments:
        _no_repeats(lines, reason, seg)


def _cut_single_article(lines: list[Line], reason: list[str | None], seg, p: np.ndarray, x: np.ndarray) -> None:
    """On a page of one article (what the model learnt from) its verdicts count in full: a body line it reads as
    furniture goes, and after the article's end (its last line the model is sure of) a line goes unless the model
    reads it as text with some confidence. On a page of several articles (bulletins, digests) the model is less
    sure of each, and only its firm verdicts count (overlay_text's DROP)."""
    body = [k for k in range(seg.body_start, seg.end) if reason[k] is None and k not in seg.meta
            and k not in seg.exclude]
    ends = [k for k in body if p[k] >= ARTICLE_END]
    end = ends[-1] if ends else len(lines)
    cut = [k for k in body if p[k] < DROP_ONE or (k > end and p[k] < TAIL_KEEP)]
    if len(cut) < len(body):   # never the whole article: that is the rules' call
        for k in cut:
            reason[k] = family_of(x[k]) or LOW_CONTENT


def _release_notes(lines: list[Line], seg, p: np.ndarray) -> None:
    """Lines of a notes zone the model reads as running text go back to the body (in place): a callout label
    opened the zone, not a list of notes. The label itself, numbered notes, credits and editor's notes stay."""
    import pipelines.core.clean.boilerplate as bp

    for k, f in list(seg.meta.items()):
        ln = lines[k]
        if f == "note" and k >= seg.body_start and p[k] >= RELEASE_NOTE and not (
                ln.numbered or bp.is_notes_head(ln) or bp.is_editor_note(ln) or bp.is_credit(ln)):
            del seg.meta[k]


def _title_case_among_sentence_case(lines: list[Line], reason: list[str | None], meta: set[int]) -> set[int]:
    """Removed headings in Title Case on a page whose kept headings with text under them are in sentence case:
    headlines of other stories dropped between the paragraphs, which read as subheadings to the model."""
    live = [k for k in range(len(lines)) if reason[k] is None and k not in meta]
    under = {a: lines[b].prose for a, b in pairwise(live)}   # as segment._body_headings: text under a heading
    styles = [(case_style(lines[k].core), under.get(k, False)) for k in live if lines[k].headinglike]
    kept = [style for style, text_under in styles if style != "sentence" or text_under]
    if kept.count("sentence") < 2 or kept.count("title") > kept.count("sentence"):
        return set()
    return {k for k in range(len(lines)) if reason[k] == "related_link" and lines[k].headinglike
            and case_style(lines[k].core) == "title"}


def _place_allows(lines: list[Line], reason: list[str | None], seg, k: int, r: str, other_stories: set[int],
                  titles: list[str]) -> bool:
    """Where a removed heading stands may keep it out whatever the model says: a related link above the text
    (between the headline and the first paragraph stand metadata and teasers), another story's headline among
    subheadings, a headline copy that is part of an article's title."""
    if r == "related_link" and lines[k].headinglike:
        return k >= seg.body_start and k not in other_stories and not _heading_over_heading(lines, reason, k)
    if r == "duplicate_title":
        key = line_key(lines[k])
        return not any(key in t or t in key for t in titles)
    return True


def _heading_over_heading(lines: list[Line], reason: list[str | None], k: int) -> bool:
    """A headline of six words or more right above a kept heading that has text under it: another story's
    headline dropped above a section's subheading, as the rules read it (a label, a list item or a broken
    fragment of a sentence under it says the line belongs to the text)."""
    ln = lines[k]
    if ln.words < 6 or ln.ends_soft or not ln.core[:1].isupper():
        return False
    kept = [j for j in range(k + 1, min(len(lines), k + 6)) if reason[j] is None][:2]
    if len(kept) < 2:
        return False
    nxt, after = lines[kept[0]], lines[kept[1]]
    return nxt.headinglike and nxt.words >= 3 and nxt.core[:1].isupper() and not nxt.ends_soft \
        and not nxt.bullet and not nxt.numbered and after.prose


def _may_take_back(ln: Line, r: str | None, pk: float, row: np.ndarray) -> bool:
    """A removal the model overturns: made from context or shape (a line a phrase rule names on its own, or one
    holding a gate marker, stays out), at the confidence its family asks."""
    if r is None or family_of(row) is not None:
        return False
    if r in SOFT and not (r == "related_link" and ln.headinglike):
        need = TAKE_BACK
    elif r in TAKE_BACK_FROM:
        need = TAKE_BACK_FROM[r]
    else:
        return False
    return pk >= need and not has_marker(ln.core)


def _no_repeats(lines: list[Line], reason: list[str | None], seg) -> None:
    """What the model took back may repeat a kept paragraph or the title: the gate's invariants hold."""
    title = line_key(lines[seg.title]) if seg.title is not None else None
    seen: set[str] = set()
    for k in range(seg.body_start, seg.end):
        if reason[k] is not None or k in seg.meta or (seg.only is not None and k not in seg.only):
            continue
        key = line_key(lines[k])
        if title and key == title:
            reason[k] = "duplicate_title"
        elif counts_as_repeat(key):
            if key in seen:
                reason[k] = "duplicate_paragraph"
            seen.add(key)


def _holder(segments: list, firsts: list[int], k: int):
    """The segment a line belongs to: the last that starts at or before it, else the first."""
    import bisect

    i = bisect.bisect_right(firsts, k) - 1
    return segments[max(i, 0)]


def _switch(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a != b


def _sibling_heading(lines: list[Line], prev, seg) -> bool:
    """The later headline marked up at the level of the earlier or above ("## A" ... "## B"): two articles."""
    level = lines[seg.title].md_level
    return bool(level) and prev.title is not None and level <= lines[prev.title].md_level


def _merge_segments(lines: list[Line], segments: list, reason: list[str | None], p: np.ndarray, x: np.ndarray,
                    threshold: float) -> None:
    """A later article with no byline or date of its own, not a sibling of the earlier headline's markup level
    and in the same language, is the same article (its headline a heading of the body, or furniture when the
    model reads it so): one article per page unless the page really holds several."""
    import pipelines.core.clean.boilerplate as bp

    def own_meta(seg) -> bool:
        # a date, or a byline that says so ("By Jane Doe"): a bare capitalised pair under a heading ("Personal
        # Plan", "Hello Fresh") is the byline only beside a date
        fields = set(seg.meta.values())
        return "published_date" in fields or any(
            f == "byline" and bp.is_byline(lines[k]) for k, f in seg.meta.items())

    def language(seg) -> str | None:
        k = next((k for k in range(seg.body_start, seg.end) if reason[k] is None and k not in seg.meta
                  and lines[k].prose and lines[k].words >= 8), None)
        return line_language(lines[k]) if k is not None else None

    k = 1
    while k < len(segments):
        prev, seg = segments[k - 1], segments[k]
        if seg.only is not None or prev.only is not None or seg.title is None \
                or own_meta(seg) or _sibling_heading(lines, prev, seg) or _switch(language(prev), language(seg)):
            k += 1
            continue
        # the headline becomes a heading of the body before, or furniture inside it when the model reads it so;
        # so do the lines under it read as its subtitle or bare-name byline: they were the body's own lines
        for t, f in list(seg.meta.items()):
            if t == seg.title or f == "subtitle" or f == "byline":
                del seg.meta[t]
                reason[t] = None if p[t] >= threshold else (family_of(x[t]) or LOW_CONTENT)
        prev.meta.update(seg.meta)
        prev.end = seg.end
        prev.exclude = prev.exclude | seg.exclude
        del segments[k]
    from pipelines.core.model.fold import fold_slivers

    fold_slivers(lines, segments, reason, p, threshold, lambda t: family_of(x[t]) or LOW_CONTENT)


_MARKER_REASON = {"cookie consent": "cookie_banner", "comment form": "comment_section", "share bar": "share_buttons",
                  "copyright line": "footer", "advertising": "advertisement", "newsletter and navigation": "newsletter"}


def marker_reason(text: str) -> str | None:
    """The removal reason for a line holding one of the gate's boilerplate markers, or None."""
    from pipelines.quality.markers import LABELS, MARKERS, find_marker

    found = find_marker(text)
    if found is None:
        return None
    for groups in (MARKERS, LABELS):
        for group, phrases in groups.items():
            if found in phrases:
                return _MARKER_REASON.get(group, LOW_CONTENT)
    return LOW_CONTENT


def settle_articles(articles: list, removed: list, source_text: str) -> list:
    """After the model took lines back: no paragraph repeats another of its article or the title, and none
    holds a boilerplate marker (the gate's invariants, compared as the gate compares them); what goes out
    becomes removed spans with their reason. Articles left without paragraphs go, their metadata removed."""
    from pipelines.quality.markers import find_marker

    out = []
    for art in articles:
        title = norm_key(art.title) if art.title else None
        # the markers' patterns are long: one look at the whole body, each paragraph only when it hits
        marked = find_marker("\n".join(p.text for p in art.paragraphs)) is not None
        seen: set[str] = set()
        kept = []
        for para in art.paragraphs:
            key = norm_key(para.text)
            why = None
            if title and key == title:
                why = "duplicate_title"
            elif counts_as_repeat(key) and key in seen:
                why = "duplicate_paragraph"
            elif marked:
                why = marker_reason(para.text)
            if why is None:
                kept.append(para)
                if counts_as_repeat(key):
                    seen.add(key)
                continue
            for pc in para.pieces:
                removed.append(RemovedSpan(pc.src_start, pc.src_start + pc.length, why,
                                           para.text[pc.text_start:pc.text_start + pc.length]))
        art.paragraphs = kept
        if kept:
            out.append(art)
        else:
            removed.extend(RemovedSpan(m.char_start, m.char_end, "masthead", source_text[m.char_start:m.char_end])
                           for m in art.metadata_spans)
    if len(out) < len(articles):
        renumber = {art.ordinal: n for n, art in enumerate(out)}
        for art in out:
            art.ordinal = renumber[art.ordinal]
            if art.translation_of is not None:
                art.translation_of = renumber.get(art.translation_of)
                if art.translation_of is None:
                    art.role = "primary"
    return out
