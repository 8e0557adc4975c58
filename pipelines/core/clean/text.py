"""A plain-text document's CleanResult: the rules plan every line, the line model overturns what it is sure of.

The rules live beside this module, one per concern: lines (shape of a line, hard-wrapped paragraphs),
boilerplate (phrase families in several languages, from pipelines/core/rules), context (boilerplate that
needs its neighbours), duplicates (repetition), pdf (page furniture, broken paragraphs), segment (articles and
their zones), language (py3langid), translation (which article translates which), dates; learned (the line
model over them).
"""

from __future__ import annotations

import pipelines.core.clean.boilerplate as bp
import pipelines.core.clean.learned as learned
from pipelines.core.clean.accounting import settle
from pipelines.core.clean.dates import bio_name, dateline_date
from pipelines.core.clean.inline import InlineMarkup, inline_markup
from pipelines.core.clean.language import detect_language
from pipelines.core.clean.lines import Line, split_lines
from pipelines.core.clean.model import Article, CleanResult, MetadataSpan, Paragraph, Piece, RemovedSpan
from pipelines.core.clean.pdf import join_kind
from pipelines.core.clean.segment import Segment, plan
from pipelines.core.clean.translation import link_translations


def clean_text(source_text: str, *, language_hint: str | None = None) -> CleanResult:
    """Articles with kept paragraphs of one plain-text document, and every removed span with its reason."""
    markup = inline_markup(source_text)   # a Markdown dump's links, images and escapes
    markup_only: list[tuple[int, int]] = []   # lines of nothing but markup (images): removed, no line of text
    lines = split_lines(source_text, markup=markup, markup_only=markup_only)
    reason: list[str | None] = [None] * len(lines)
    # the learned line model over the rules' plan: it decides what is kept, the rules' families stay the reasons
    scored = learned.text_scores(lines, learned.text_form(markup))
    if scored is not None:
        learned.preset_text(lines, reason, *scored)
    p = plan(lines, reason, checked=scored is not None)
    if scored is not None:
        learned.overlay_text(lines, reason, p.segments, *scored)
    removed: list[RemovedSpan] = []
    articles: list[Article] = []
    in_meta: set[int] = set()
    in_body: set[int] = set()
    for seg in p.segments:
        art = _build_article(source_text, lines, reason, seg, removed, len(articles), language_hint, in_body, markup)
        if art is not None:
            in_meta.update(seg.meta)
            if seg.only is not None and articles:
                # paragraphs alternating with the article's own, in another language: its translation
                art.role, art.translation_of = "translation", articles[-1].ordinal
            articles.append(art)
        elif seg.only is None:
            # a headline with no text under it: nothing of it is kept
            for k in range(seg.first, seg.end):
                if reason[k] is None and k not in in_body:
                    reason[k] = "masthead"
    if scored is not None:
        articles = learned.settle_articles(articles, removed, source_text)
    for ln in lines:
        r = reason[ln.idx]
        if r is None and ln.idx not in in_meta and ln.idx not in in_body:
            # not placed by any rule (should not happen): account for it rather than lose it
            r = reason[ln.idx] = "masthead" if not articles or ln.start < articles[0].char_start else "footer"
        if r is not None:
            removed.append(RemovedSpan(ln.start, ln.end, r, source_text[ln.start:ln.end]))
    removed.extend(RemovedSpan(s, e, "markup", source_text[s:e]) for s, e in markup_only)
    removed.sort(key=lambda s: (s.char_start, s.char_end))
    link_translations(articles)
    return settle(CleanResult(articles, removed), source_text,
                  no_article="no article text: nothing but boilerplate" if lines else "no text")


DATELINE_LINES = 12   # how many opening lines of an article may hold its dateline


def _kind(ln: Line) -> str:
    if ln.bullet or ln.numbered:
        return "list_item"
    if ln.quote:
        return "quote"
    if ln.md_level or (ln.headinglike and not ln.ends_terminal and not ln.ends_soft):
        return "heading"
    return "paragraph"


def _markup_spans(source_text: str, ln: Line) -> list[RemovedSpan]:
    """Markdown marks around a kept line's words ("## ", "**", "- ") as removed spans."""
    out = []
    for s, e in ln.marks or ((ln.start, ln.core_start), (ln.core_end, ln.end)):
        if s < e:
            out.append(RemovedSpan(s, e, "markup", source_text[s:e]))
    return out


def _line_parts(ln: Line) -> tuple[tuple[int, int, str | None], ...]:
    return ln.parts or ((ln.core_start, ln.core_end, None),)


def _build_article(source_text: str, lines: list[Line], reason: list[str | None], seg: Segment,
                   removed: list[RemovedSpan], ordinal: int, hint: str | None,
                   in_body: set[int], markup: InlineMarkup | None = None) -> Article | None:
    """Paragraphs (joined across breaks) and metadata of one segment."""
    meta = seg.meta
    paragraphs: list[Paragraph] = []
    current: list[tuple[Line, str | None]] = []   # lines of the paragraph being built, with join kind

    def flush() -> None:
        if not current:
            return
        # every physical piece with the join that precedes it; a hyphen join drops the hyphen
        flat: list[list] = []
        for ln, how in current:
            for k, (s, e, inner) in enumerate(_line_parts(ln)):
                flat.append([s, e, how if k == 0 else inner])
        text = ""
        pieces: list[Piece] = []
        for n_, (s, e, how) in enumerate(flat):
            if n_ + 1 < len(flat) and flat[n_ + 1][2] == "hyphen" and source_text[e - 1:e] == "-":
                e -= 1   # hyphenation undone: the hyphen becomes a removed span of its own
                removed.append(RemovedSpan(e, e + 1, "hyphenation", "-"))
            if how == "space":
                text += " "
            # Markdown links read as their labels; images and escapes are markup
            kept, gone = markup.pieces(s, e) if markup is not None else ([(s, e)] if s < e else [], [])
            for ks, ke in kept:
                pieces.append(Piece(len(text), ks, ke - ks))
                text += source_text[ks:ke]
            removed.extend(RemovedSpan(gs, ge, "markup", source_text[gs:ge]) for gs, ge in gone)
        if not pieces:   # nothing but link syntax
            for ln, _how in current:
                removed.extend(_markup_spans(source_text, ln))
                in_body.add(ln.idx)
            current.clear()
            return
        kind = _kind(current[0][0]) if len(current) == 1 else "paragraph"
        last = pieces[-1]
        paragraphs.append(Paragraph(kind, text, pieces[0].src_start, last.src_start + last.length, pieces))
        for ln, _how in current:
            removed.extend(_markup_spans(source_text, ln))
            in_body.add(ln.idx)
        current.clear()

    last_body: Line | None = None
    blocked = False   # metadata or a heading stands between the last body line and the next
    for k in range(seg.body_start, seg.end):
        ln = lines[k]
        if k in meta:
            blocked = True
            continue
        if reason[k] is not None:
            continue
        if k in seg.exclude or (seg.only is not None and k not in seg.only):
            blocked = True   # a paragraph of the other language stands between: no join across it
            continue
        how = None
        if last_body is not None and not blocked and current:
            how = join_kind(last_body, ln)
        if how is None:
            flush()
        current.append((ln, how))
        last_body = ln
        blocked = False
    flush()
    if not paragraphs:
        return None
    spans: list[MetadataSpan] = []
    title = subtitle = byline = date = None
    for k in sorted(meta):
        f = meta[k]
        ln = lines[k]
        spans.append(MetadataSpan(f, ln.start, ln.end))
        if f == "title" and title is None:
            title = ln.core
        elif f == "subtitle" and subtitle is None:
            subtitle = ln.core
        elif f == "byline" and byline is None:
            byline = bp.byline_name(ln)
            date = date or bp.find_date(ln.core)
        elif f == "published_date" and date is None:
            date = bp.find_date(ln.core)
        elif f == "author_bio" and byline is None:
            byline = bio_name(ln.core)         # 'Jane Roe is a reporter ...' names the author
    # a dateline ('Tirana, Albania, January 01 2020: ...') among the segment's first lines, kept or not (a page
    # that repeats its opening keeps the dateline only in the removed copy)
    for k in range(seg.first, min(seg.end, seg.first + DATELINE_LINES)):
        if date is not None:
            break
        date = dateline_date(lines[k].core)
    body_text = "\n".join(p.text for p in paragraphs if p.kind != "heading") or \
        "\n".join(p.text for p in paragraphs)
    language = detect_language(body_text, hint)
    return Article(
        ordinal=ordinal, language=language, paragraphs=paragraphs,
        char_start=lines[seg.first].start, char_end=lines[seg.end - 1].end,
        title=title, subtitle=subtitle, byline=byline, published_date=date, metadata_spans=spans,
    )
