"""One document's page: its source text with kept paragraphs, removed and metadata spans and claims marked.

Pure: it takes plain rows (mappings, as read from the published tables) and returns one self-contained HTML
string. No script, no external resource, and a Content-Security-Policy that forbids both, so that a page of a
hostile document stays inert offline. Written by hand with html.escape for the same reasons as the gate's
report (pipelines/quality/report.py): a template engine would be a dependency for a page of plain markup.

The source text is cut once at every span boundary (a sorted sweep): each piece is one element whose classes
say which spans cover it, so building the page is linear in the text plus n log n in the spans, however the
spans overlap. The text content of the source block is the source text itself, code point for code point
(headers and paragraph marks are CSS generated content), except that control characters are shown as their
Unicode control pictures.
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

Row = Mapping[str, object]

# C0 controls other than tab and newline, DEL, and lone surrogates: HTML parsers drop or rewrite them
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_BLANK = re.compile(r"\s+")
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#222;background:#fff}
header{padding:1em 1.5em;border-bottom:1px solid #ccc;background:#fafafa}
h1{font-size:1.3em;margin:0 0 .3em;word-break:break-all}h2{font-size:1.05em;margin:1.2em 0 .4em}
main{display:flex;gap:1.5em;padding:1em 1.5em;align-items:flex-start}
#source{flex:3;min-width:0;white-space:pre-wrap;overflow-wrap:anywhere;
font:13px/1.6 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;border:1px solid #ddd;padding:1em}
aside{flex:2;min-width:18em;max-width:40em}
table{border-collapse:collapse;width:100%;margin:.3em 0 1em;font-size:.92em}
th,td{border:1px solid #ddd;padding:.25em .45em;text-align:left;vertical-align:top}td{overflow-wrap:anywhere}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.sw{display:inline-block;width:1.6em;height:1em;vertical-align:middle;border:1px solid #999}
.k{color:#111}
.ps::before{content:"\\b6" attr(data-p) " ";color:#2b7a3d;font-size:.8em;font-weight:700}
.rm{color:#555}.md{font-weight:700;text-decoration:underline 2px #2457b3}
.u{outline:1px dotted #c00}.ov{outline:2px dashed #b00020}
mark.claim{background:#ffe14d;color:#000;border-bottom:2px solid #a07800;padding:0 1px}
.ah{display:block;margin:1.2em 0 .4em;padding:.2em .5em;background:#2457b3;color:#fff;
font:600 13px/1.4 system-ui,sans-serif;white-space:normal}.ah::before{content:attr(data-h)}
.cc{background:#fdd;color:#900}.banner{padding:.6em 1em;border-radius:4px;background:#fde7e9;margin:.6em 0}
.warn{background:#fff4d6}dl{display:grid;grid-template-columns:max-content auto;gap:.1em 1em;margin:.3em 0}
footer{padding:0 1.5em 1em}dt{color:#666}dd{margin:0;word-break:break-all}small{color:#666}
@media (max-width:900px){main{display:block}aside{max-width:none}}
"""


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    layer: str       # kept, removed, meta or claim
    key: int         # index of the span in its layer's list
    label: int = 0   # index of its reason or field in the legend (removed, meta)


@dataclass
class _Legend:
    """Span and character counts per label (a reason or a field), labels numbered in first-seen order."""

    index: dict[str, int] = field(default_factory=dict)
    spans: dict[str, int] = field(default_factory=dict)
    chars: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, length: int) -> int:
        if label not in self.index:
            self.index[label], self.spans[label], self.chars[label] = len(self.index), 0, 0
        self.spans[label] += 1
        self.chars[label] += length
        return self.index[label]


def _hue(label: str, vocabulary: Sequence[str] = ()) -> int:
    """A colour per label, the same in every page: spread by the golden angle over the vocabulary's order
    (so neighbours in it differ), hashed for labels outside it."""
    if label in vocabulary:
        return round(list(vocabulary).index(label) * 137.508) % 360
    return zlib.crc32(label.encode("utf-8", "surrogatepass")) % 360


def _text(value: str) -> str:
    """Escape document text for an element body, control characters shown as control pictures."""
    escaped = html.escape(value, quote=False)
    if _CONTROL.search(escaped) is None:
        return escaped
    return _CONTROL.sub(_control_picture, escaped)


def _control_picture(m: re.Match) -> str:
    code = ord(m.group())
    shown = chr(0x2400 + code) if code < 0x20 else ("\u2421" if code == 0x7F else "\ufffd")
    return f'<span class="cc" title="U+{code:04X}">{shown}</span>'


def _attr(value: object) -> str:
    return _CONTROL.sub("\ufffd", html.escape("" if value is None else str(value), quote=True))


def _cell(value: object) -> str:
    return "<small>null</small>" if value is None else _text(str(value))


def format_value(low: object, high: object) -> str:
    """A claim's value as people write it: 120, 4.5, 2,400,000, 180–200."""
    def one(v: object) -> str:
        if not isinstance(v, int | float):
            return "?"
        if isinstance(v, float) and not v.is_integer():
            return f"{v:,.6f}".rstrip("0").rstrip(".")  # no exponent: 2,450,000.5, not 2.45e+06
        return f"{int(v):,}"

    a, b = one(low), one(high)
    return a if a == b else f"{a}–{b}"


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _clamp(start: object, end: object, size: int) -> tuple[int, int] | None:
    """A span inside the text, or None when it has no valid extent."""
    s, e = _int(start), _int(end)
    if s is None or e is None:
        return None
    s, e = max(0, min(s, size)), max(0, min(e, size))
    return (s, e) if s < e else None


@dataclass
class _Layers:
    """Every span to draw, with the legend counts and the rows that could not be placed."""

    spans: list[_Span] = field(default_factory=list)
    removed: _Legend = field(default_factory=_Legend)
    meta: _Legend = field(default_factory=_Legend)
    paragraph_labels: list[str] = field(default_factory=list)
    paragraph_first: list[int] = field(default_factory=list)  # src_start of each paragraph's first piece
    claims: list[Row] = field(default_factory=list)
    invalid: int = 0


def _layers(size: int, paragraphs: Sequence[Row], removed: Sequence[Row], metadata: Sequence[Row],
            claims: Sequence[Row]) -> _Layers:
    out = _Layers()
    for p in paragraphs:
        key = len(out.paragraph_labels)
        out.paragraph_labels.append(f"{p.get('ordinal', key)}")
        pieces = p.get("pieces") or [{"src_start": p.get("char_start"),
                                      "length": (_int(p.get("char_end")) or 0) - (_int(p.get("char_start")) or 0)}]
        first = None
        for piece in pieces:
            start = _int(piece.get("src_start"))
            span = _clamp(start, (start or 0) + (_int(piece.get("length")) or 0), size)
            if span is None:
                out.invalid += 1
                continue
            first = span[0] if first is None else min(first, span[0])
            out.spans.append(_Span(*span, "kept", key))
        out.paragraph_first.append(-1 if first is None else first)
    for i, r in enumerate(removed):
        span = _clamp(r.get("char_start"), r.get("char_end"), size)
        if span is None:
            out.invalid += 1
            continue
        label = out.removed.add(str(r.get("reason") or "(no reason)"), span[1] - span[0])
        out.spans.append(_Span(*span, "removed", i, label))
    for i, m in enumerate(metadata):
        span = _clamp(m.get("char_start"), m.get("char_end"), size)
        if span is None:
            out.invalid += 1
            continue
        label = out.meta.add(str(m.get("field") or "(no field)"), span[1] - span[0])
        out.spans.append(_Span(*span, "meta", i, label))
    for c in claims:
        span = _clamp(c.get("char_start"), c.get("char_end"), size)
        if span is None:
            out.invalid += 1
            continue
        out.spans.append(_Span(*span, "claim", len(out.claims)))
        out.claims.append(c)
    return out


def _claim_title(c: Row) -> str:
    parts = [f"value {format_value(c.get('value_low'), c.get('value_high'))}"]
    for name in ("unit", "qualifier", "attribution", "kind", "unit_normalized"):
        if c.get(name) is not None:
            parts.append(f"{name}: {c[name]}")
    return " · ".join(parts)


def _source_html(text: str, layers: _Layers, articles: Sequence[Row], removed: Sequence[Row],
                 metadata: Sequence[Row]) -> tuple[str, int]:
    """The marked-up source text and the count of non-blank characters no span accounts for."""
    size = len(text)
    # (position, 0 = close before 1 = open at the same place, so touching spans do not overlap; 2 = header)
    events: list[tuple[int, int, int]] = []
    for i, s in enumerate(layers.spans):
        events.append((s.start, 1, i))
        events.append((s.end, 0, i))
    headers: dict[int, list[Row]] = {}
    for a in articles:
        start = _int(a.get("char_start"))
        if start is not None:
            headers.setdefault(max(0, min(start, size)), []).append(a)
    events.extend((pos, 2, -1) for pos in headers)
    events.sort()
    active: dict[str, dict[int, None]] = {"kept": {}, "removed": {}, "meta": {}, "claim": {}}
    starts = {(first, key) for key, first in enumerate(layers.paragraph_first) if first >= 0}
    marked_claims: set[int] = set()
    out: list[str] = []
    unaccounted = 0
    pos = 0

    def emit(end: int) -> None:
        nonlocal unaccounted
        piece = text[pos:end]
        kept, rm, md, cl = (active[k] for k in ("kept", "removed", "meta", "claim"))
        classes, titles, attrs = [], [], []
        if kept:
            key = layers.spans[next(reversed(kept))].key
            classes.append("k")
            titles.append(f"kept: paragraph {layers.paragraph_labels[key]}")
            if (pos, key) in starts:
                classes.append("ps")
                attrs.append(f'data-p="{_attr(layers.paragraph_labels[key])}"')
        if rm:
            span = layers.spans[next(reversed(rm))]
            reason = str(removed[span.key].get("reason") or "(no reason)")
            classes += ["rm", f"r{span.label}"]
            titles.append(f"removed: {reason}")
        if md:
            span = layers.spans[next(reversed(md))]
            classes += ["md", f"m{span.label}"]
            titles.append(f"metadata: {metadata[span.key].get('field')}")
        if len(kept) + len(rm) + len(md) > 1 or len(cl) > 1:
            classes.append("ov")
            titles.append("overlapping spans")
        if not (kept or rm or md):
            blank = len(_BLANK.sub("", piece))
            if blank:
                unaccounted += blank
                classes.append("u")
                titles.append("not accounted for by any span")
        title = f' title="{_attr("; ".join(titles))}"' if titles else ""
        cls = f' class="{" ".join(classes)}"' if classes else ""
        extra = (" " + " ".join(attrs)) if attrs else ""
        if cl:
            key = layers.spans[next(reversed(cl))].key
            c = layers.claims[key]
            anchor = "" if key in marked_claims else f' id="c{key}"'
            marked_claims.add(key)
            value = format_value(c.get("value_low"), c.get("value_high"))
            ctitle = _attr(_claim_title(c) + ("; " + "; ".join(titles) if titles else ""))
            out.append(f'<mark{anchor} class="claim{" " + " ".join(classes) if classes else ""}"{extra} '
                       f'data-claim="{key}" data-value="{_attr(value)}" title="{ctitle}">{_text(piece)}</mark>')
        elif classes or attrs:
            out.append(f"<span{cls}{extra}{title}>{_text(piece)}</span>")
        else:
            out.append(_text(piece))

    for at, kind, index in events:
        if at > pos:
            emit(at)
            pos = at
        if kind == 2:
            for a in headers[at]:
                out.append(f'<span class="ah" id="a{_attr(a.get("ordinal"))}" data-h="{_attr(_article_line(a))}">'
                           "</span>")
            continue
        span = layers.spans[index]
        if kind == 1:
            active[span.layer][index] = None
        else:
            active[span.layer].pop(index, None)
    if size > pos:
        emit(size)
    return "".join(out), unaccounted


def _article_line(a: Row) -> str:
    bits = [f"Article {a.get('ordinal')}", str(a.get("title") or "(untitled)")]
    extra = [str(a[k]) for k in ("language", "role") if a.get(k)]
    if a.get("translation_of"):
        extra.append(f"translation of {a['translation_of']}")
    return " — ".join(bits) + (f" ({', '.join(extra)})" if extra else "")


def _legend_rows(legend: _Legend) -> list[tuple[int, str, int, int]]:
    rows = [(i, label, legend.spans[label], legend.chars[label]) for label, i in legend.index.items()]
    return sorted(rows, key=lambda r: (-r[3], r[1]))  # the biggest first


def _colour_css(legend: _Legend, prefix: str, css: str, vocabulary: Sequence[str] = ()) -> str:
    return "".join(f".{prefix}{i}{{{css.format(h=_hue(label, vocabulary))}}}" for label, i in legend.index.items())


def _dl(pairs: Iterable[tuple[str, object]]) -> str:
    return "<dl>" + "".join(f"<dt>{html.escape(k)}</dt><dd>{_cell(v)}</dd>" for k, v in pairs) + "</dl>"


def render_document(document: Row, articles: Sequence[Row] = (), paragraphs: Sequence[Row] = (),
                    removed: Sequence[Row] = (), metadata: Sequence[Row] = (), claims: Sequence[Row] = (),
                    footer: str = "", reasons: Sequence[str] = ()) -> str:
    """The HTML page of one document: header, legend, marked source text, articles, metadata and claims.

    reasons: the removal vocabulary, in a fixed order, so that a reason has the same colour on every page.
    """
    text = document.get("source_text")
    text = text if isinstance(text, str) else ""
    layers = _layers(len(text), paragraphs, removed, metadata, claims)
    source, unaccounted = _source_html(text, layers, articles, removed, metadata)
    name = str(document.get("source_file") or document.get("doc_id") or "(unnamed)")
    status = str(document.get("status") or "")
    parts = [
        '<!doctype html><html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width">',
        f"<title>{_text(name)} — claimtrail</title>",
        f"<style>{_CSS}{_colour_css(layers.removed, 'r', 'background:hsl({h} 80% 82%)', reasons)}"
        f"{_colour_css(layers.meta, 'm', 'text-decoration-color:hsl({h} 70% 40%)')}</style></head><body>",
        f"<header><h1>{_text(name)}</h1>",
        _dl([("doc_id", document.get("doc_id")), ("status", status), ("media type", document.get("media_type")),
             ("encoding", document.get("encoding")), ("bytes", document.get("byte_size")),
             ("removed fraction", document.get("removed_fraction")), ("ingested", document.get("ingested_at")),
             ("characters", len(text))]),
    ]
    if status == "quarantined" or document.get("quarantine_reason"):
        parts.append(f'<p class="banner" id="quarantine"><b>Quarantined</b>: '
                     f'{_cell(document.get("quarantine_reason"))}. It has no articles, paragraphs or claims in the '
                     "published tables; its source text is shown as read.</p>")
    if not isinstance(document.get("source_text"), str):
        parts.append('<p class="banner">No source text: the file was not decoded (see its status).</p>')
    if layers.invalid:
        parts.append(f'<p class="banner warn">{layers.invalid} span(s) with offsets outside the text or empty '
                     "were not drawn.</p>")
    parts.append("</header><main>")
    parts.append(f'<div id="source">{source}</div>')
    parts.append("<aside>")
    parts.append(_legend(layers, paragraphs, unaccounted))
    parts.append(_articles_table(articles, paragraphs, layers.claims))
    parts.append(_metadata_table(metadata))
    parts.append(_claims_table(layers.claims))
    parts.append("</aside></main>")
    if footer:
        parts.append(f"<footer><p><small>{_text(footer)}</small></p></footer>")
    parts.append("</body></html>\n")
    return "".join(parts)


def _legend(layers: _Layers, paragraphs: Sequence[Row], unaccounted: int) -> str:
    kept_chars = sum(s.end - s.start for s in layers.spans if s.layer == "kept")
    rows = [f'<tr><td><span class="k ps" data-p="">Aa</span></td><td>kept paragraphs (plain text, ¶ at each '
            f'start)</td><td class="n">{len(paragraphs)}</td><td class="n">{kept_chars}</td></tr>']
    for i, label, spans, chars in _legend_rows(layers.removed):
        rows.append(f'<tr class="reason" data-reason="{_attr(label)}"><td><span class="sw r{i}"></span></td>'
                    f'<td>removed: <code>{_text(label)}</code></td><td class="n">{spans}</td>'
                    f'<td class="n">{chars}</td></tr>')
    for i, label, spans, chars in _legend_rows(layers.meta):
        rows.append(f'<tr class="field" data-field="{_attr(label)}"><td><span class="md m{i}">Aa</span></td>'
                    f'<td>metadata: <code>{_text(label)}</code></td><td class="n">{spans}</td>'
                    f'<td class="n">{chars}</td></tr>')
    rows.append(f'<tr><td><mark class="claim">12</mark></td><td>numeric claims</td>'
                f'<td class="n">{len(layers.claims)}</td><td class="n"></td></tr>')
    if unaccounted:
        rows.append(f'<tr><td><span class="u">abc</span></td><td>non-blank characters in no span</td>'
                    f'<td class="n"></td><td class="n">{unaccounted}</td></tr>')
    return ('<h2>Legend</h2><table id="legend"><tr><th></th><th>what</th><th>spans</th><th>characters</th></tr>'
            + "".join(rows) + "</table>")


def _articles_table(articles: Sequence[Row], paragraphs: Sequence[Row], claims: Sequence[Row]) -> str:
    if not articles:
        return ""
    per_article_p: dict[object, int] = {}
    for p in paragraphs:
        per_article_p[p.get("article_id")] = per_article_p.get(p.get("article_id"), 0) + 1
    per_article_c: dict[object, int] = {}
    for c in claims:
        per_article_c[c.get("article_id")] = per_article_c.get(c.get("article_id"), 0) + 1
    rows = []
    for a in articles:
        rows.append(
            f'<tr><td><a href="#a{_attr(a.get("ordinal"))}">{_cell(a.get("ordinal"))}</a></td>'
            f'<td>{_cell(a.get("title"))}{_byline(a)}</td><td>{_cell(a.get("language"))}</td>'
            f'<td>{_cell(a.get("role"))}</td>'
            f'<td class="n">{per_article_p.get(a.get("article_id"), 0)}</td>'
            f'<td class="n">{per_article_c.get(a.get("article_id"), 0)}</td>'
            f'<td class="n">{_cell(a.get("char_start"))}–{_cell(a.get("char_end"))}</td></tr>')
    return ('<h2>Articles</h2><table id="articles"><tr><th>#</th><th>title, byline, date</th><th>lang</th>'
            "<th>role</th><th>paragraphs</th><th>claims</th><th>extent</th></tr>" + "".join(rows) + "</table>")


def _byline(a: Row) -> str:
    bits = [str(a[k]) for k in ("subtitle", "byline", "published_date") if a.get(k)]
    return f"<br><small>{_text(' · '.join(bits))}</small>" if bits else ""


def _metadata_table(metadata: Sequence[Row]) -> str:
    if not metadata:
        return ""
    rows = "".join(f"<tr><td><code>{_cell(m.get('field'))}</code></td><td>{_cell(m.get('text'))}</td>"
                   f'<td class="n">{_cell(m.get("char_start"))}–{_cell(m.get("char_end"))}</td></tr>'
                   for m in metadata)
    return ('<h2>Metadata spans</h2><table id="metadata"><tr><th>field</th><th>text</th><th>extent</th></tr>'
            + rows + "</table>")


def _claims_table(claims: Sequence[Row]) -> str:
    if not claims:
        return "<h2>Claims</h2><p>No numeric claims.</p>"
    rows = "".join(
        f'<tr class="claim-row" data-claim="{i}"><td><a href="#c{i}">{_cell(c.get("surface"))}</a></td>'
        f'<td class="n">{_text(format_value(c.get("value_low"), c.get("value_high")))}</td>'
        f"<td>{_cell(c.get('unit'))}</td><td>{_cell(c.get('qualifier'))}</td><td>{_cell(c.get('attribution'))}"
        f"</td></tr>"
        for i, c in enumerate(claims))
    return ('<h2>Claims</h2><table id="claims"><tr><th>surface</th><th>value</th><th>unit</th><th>qualifier</th>'
            "<th>attribution</th></tr>" + rows + "</table>")
