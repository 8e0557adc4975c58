"""The gate's report: one self-contained HTML page per run (no scripts, no CDN), plus latest.html.

Written by hand with html.escape rather than a template engine or GX Data Docs: the page is one small
table per suite, GX Data Docs would need a file-backed GX context and pull in its own assets, and a
template engine would be a dependency for forty lines of markup.
"""

from __future__ import annotations

import html
import json
import os
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.quality.suites import ERROR, Suite
from pipelines.warehouse import sql

LATEST = "latest.html"
RECENT_RUNS = 20
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")
_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2em auto;max-width:1100px;color:#222;
padding:0 1em}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #ddd;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#176b2c;font-weight:600}.fail{color:#b00020;font-weight:700}.warn{color:#9a5b00;font-weight:700}
.skip{color:#777}.verdict{padding:.6em 1em;border-radius:4px;display:inline-block}
.verdict.ok{background:#e6f4ea}.verdict.blocked{background:#fde7e9}
details table{font-size:.92em}code{font-size:.95em}small{color:#666}
"""


@dataclass
class Result:
    """One expectation's latest result in a run, as read back from quality_runs."""

    suite: str
    expectation: str
    severity: str
    success: bool
    unexpected_count: int
    checked_at: object = None
    details: dict = field(default_factory=dict)
    scope: str | None = None
    quarantined: int = 0    # documents this rule sent to quarantine (success is about the rest)


def run_results(con: duckdb.DuckDBPyConnection, run_id: str) -> list[Result]:
    """A run's rows of quality_runs (the latest per expectation when a check ran twice)."""
    latest: dict[tuple[str, str], Result] = {}
    for table, name, severity, success, unexpected, details, checked_at, scope, quarantined in con.execute(
            sql("audit.sql", "quality_of_run"), [run_id]).fetchall():
        parsed = json.loads(details) if isinstance(details, str) else (details or {})
        latest[(table, name)] = Result(table, name, severity, bool(success), int(unexpected or 0), checked_at,
                                       parsed, scope, int(quarantined or 0))
    return list(latest.values())


@dataclass
class Quarantines:
    """The documents of a run set aside: by the gate (document rules) and, apart, when read or cleaned."""

    gate: list[tuple[str, str, str]] = field(default_factory=list)   # (source_file, doc_id, reason)
    input: list[tuple[str, str]] = field(default_factory=list)       # (source_file, reason)


@dataclass
class Summary:
    """What the run holds and how it ended, for the head of its page."""

    counts: Mapping[str, int] = field(default_factory=dict)  # documents, articles, numeric_claims, quarantined, ...
    counts_of: str = "staged"     # staged (what the gate checked) or published (the warehouse after the run)
    outcome: str | None = None    # published, blocked, failed, stopped; None: written by the gate, before publishing
    warehouse: str | None = None  # named in the `claimtrail show` command of a document without a page
    pages: Mapping[str, str] = field(default_factory=dict)  # source_file -> its page, relative to the report
    mostly_removed: Sequence[tuple[str, float]] = ()        # (source_file, removed_fraction), kept documents


@dataclass
class RunLine:
    """One earlier (or the current) run, for the list of runs at the foot of a page."""

    run_id: str
    started: object
    checks: int
    failed: int
    warned: int
    published: bool
    gate_quarantined: int | None = None
    outcome: str | None = None   # from gate_runs, when the run recorded its end


def recent_runs(con: duckdb.DuckDBPyConnection, limit: int = RECENT_RUNS) -> list[RunLine]:
    """The latest runs that have rows in quality_runs, newest first, with their outcome where gate_runs has it."""
    from pipelines import gate_runs

    runs = [RunLine(*row) for row in con.execute(sql("audit.sql", "recent_runs"), [limit]).fetchall()]
    ended = gate_runs.published_runs(con, [r.run_id for r in runs]) if runs else {}
    for r in runs:
        if r.run_id in ended:
            r.published = r.published or ended[r.run_id][0]
            r.outcome = ended[r.run_id][1]
    return runs


def page_name(run_id: str) -> str:
    """The file name of a run's page."""
    return f"{_UNSAFE.sub('_', run_id)}.html"


def _count(n: int, css: str) -> str:
    """A count of failures or warnings: coloured only when there is something to see (a zero is not alarming)."""
    return f'<span class="{css}">{n}</span>' if n else str(n)


def _run_state(r: RunLine, current: str, current_state: str | None) -> str:
    if r.run_id == current and current_state:
        return current_state
    if r.published:
        return "published"
    if r.outcome:
        return "not published" if r.outcome in ("nothing changed", "failed") else r.outcome
    return "blocked" if r.failed else "not published"


def _runs_table(runs: Sequence[RunLine], current: str, current_state: str | None = None) -> str:
    rows = []
    for r in runs:
        name = html.escape(r.run_id)
        link = f"<b>{name}</b> (this run)" if r.run_id == current else \
            f'<a href="{html.escape(page_name(r.run_id))}">{name}</a>'
        state = _run_state(r, current, current_state)
        held = "" if r.gate_quarantined is None else str(r.gate_quarantined)
        rows.append(f'<tr><td><code>{link}</code></td><td>{html.escape(str(r.started))}</td>'
                    f'<td class="n">{r.checks}</td><td class="n">{_count(r.failed, "fail")}</td>'
                    f'<td class="n">{_count(r.warned, "warn")}</td>'
                    f'<td class="n">{held}</td><td>{html.escape(state)}</td></tr>')
    return ("<h2>Recent runs</h2><table><tr><th>run</th><th>checked</th><th>checks</th><th>failed (blocking)</th>"
            "<th>warnings</th><th>quarantined by the gate</th><th>published</th></tr>" + "".join(rows) + "</table>")


def _page_link(source_file: str, summary: Summary | None) -> str:
    """The document's page when one was written, else the command that writes it."""
    page = summary.pages.get(source_file) if summary else None
    if page:
        return f'<a href="{html.escape(page)}">page</a>'
    where = f" --warehouse {shlex.quote(summary.warehouse)}" if summary and summary.warehouse else ""
    return f"<code>claimtrail show {html.escape(shlex.quote(source_file) + where)}</code>"


def _mostly_removed_section(summary: Summary, limit: int = 200) -> str:
    rows = summary.mostly_removed
    return (f"<h2>Mostly removed documents <small>{len(rows)} kept although cleaning removed most of their text"
            "</small></h2><table><tr><th>file</th><th>removed</th><th>what cleaning did</th></tr>" + "".join(
                f'<tr><td><code>{html.escape(f)}</code></td><td class="n">{fraction:.0%}</td>'
                f"<td>{_page_link(f, summary)}</td></tr>" for f, fraction in rows[:limit]) + "</table>")


def _quarantine_section(q: Quarantines, limit: int = 200, summary: Summary | None = None) -> str:
    """The run's quarantined documents: the gate's with their reasons, then those set aside when read; each with
    a link to its page (or the command that writes it)."""
    parts = [f"<h2>Quarantined documents <small>{len(q.gate)} by the gate, {len(q.input)} when read or "
             "cleaned</small></h2>"]
    if q.gate:
        parts.append("<p>Each broke a document rule: its <code>documents</code> row is published as quarantined "
                     "with this reason, its other rows are kept in the <code>quarantine</code> schema.</p>")
        parts.append("<table><tr><th>file</th><th>doc_id</th><th>reason</th><th>document</th></tr>" + "".join(
            f"<tr><td><code>{html.escape(f)}</code></td><td><code>{html.escape(d)}</code></td>"
            f"<td>{html.escape(r)}</td><td>{_page_link(f, summary)}</td></tr>" for f, d, r in q.gate[:limit])
            + "</table>")
        if len(q.gate) > limit:
            parts.append(f"<p>… and {len(q.gate) - limit} more (quarantine.failures).</p>")
    if q.input:
        parts.append("<details open><summary>quarantined when read or cleaned</summary><table><tr><th>file</th>"
                     "<th>reason</th><th>document</th></tr>" + "".join(
                         f"<tr><td><code>{html.escape(f)}</code></td><td>{html.escape(r or '')}</td>"
                         f"<td>{_page_link(f, summary)}</td></tr>" for f, r in q.input[:limit]) + "</table></details>")
    return "".join(parts)


def _cell(value: object) -> str:
    if value is None:
        return "<small>null</small>"
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False)
    return html.escape(value)


def _sample_table(sample: Sequence[Mapping]) -> str:
    columns = list(dict.fromkeys(k for row in sample for k in row))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(row.get(c))}</td>" for c in columns) + "</tr>" for row in sample)
    return f"<table><tr>{head}</tr>{body}</table>"


def _status(result: Result | None) -> tuple[str, str]:
    if result is None:
        return "skip", "not run"
    if result.success and result.quarantined:
        return "warn", "quarantined"
    if result.success:
        return "pass", "pass"
    return ("fail", "FAIL") if result.severity == ERROR else ("warn", "warn")


def _counts_line(summary: Summary, quarantines: Quarantines | None) -> str:
    c = summary.counts
    of = "published" if summary.counts_of == "published" else "staged by this run"
    held = f" ({len(quarantines.gate)} by the gate in this run, {len(quarantines.input)} when read or cleaned)" \
        if quarantines else ""
    return (f'<p class="counts">{of}: documents <b>{c.get("documents", 0):,}</b>, articles '
            f'<b>{c.get("articles", 0):,}</b>, claims <b>{c.get("numeric_claims", 0):,}</b>, quarantined '
            f'<b>{c.get("quarantined", 0):,}</b>{held}</p>')


def _outcome(summary: Summary | None, blocking: bool) -> str | None:
    """This run's state in the list of runs: its end when known, else what the gate decided."""
    if summary and summary.outcome:
        return "not published" if summary.outcome in ("nothing changed", "failed") else summary.outcome
    return "blocked" if blocking else "checked; the publish step follows"


def render(run_id: str, results: Iterable[Result], suites: Sequence[Suite], runs: Sequence[RunLine] = (),
           quarantines: Quarantines | None = None, summary: Summary | None = None) -> str:
    """The HTML page of one run: its outcome and counts, the quarantined and mostly removed documents (linked to
    their pages), then every suite and its expectations, then the recent runs."""
    by_key = {(r.suite, r.expectation): r for r in results}
    checked = list(by_key.values())
    blocking = [r for r in checked if not r.success and r.severity == ERROR]
    warned = [r for r in checked if not r.success and r.severity != ERROR]
    expected = sum(len(s.rules) for s in suites)
    when = max((str(r.checked_at) for r in checked if r.checked_at is not None), default="")
    held = len(quarantines.gate) if quarantines else 0
    if blocking:
        verdict = (f'<p class="verdict blocked"><b>Blocked</b>: {len(blocking)} blocking expectation(s) failed '
                   f'({", ".join(html.escape(r.expectation) for r in blocking)}); this run is not published.</p>')
    elif len(checked) < expected:
        verdict = f'<p class="verdict">{len(checked)} of {expected} expectations checked so far.</p>'
    elif held:
        verdict = (f'<p class="verdict ok">Every blocking expectation passed on the documents left to publish, '
                   f'after the gate quarantined {held} document(s) (listed below).</p>')
    else:
        verdict = '<p class="verdict ok">Every blocking expectation passed.</p>'
    parts = [
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>claimtrail quality gate — run {html.escape(run_id)}</title><style>{_CSS}</style></head><body>",
        "<h1>claimtrail quality gate</h1>",
        f"<p>run <code>{html.escape(run_id)}</code> <small>{html.escape(when)}</small></p>",
        f"<p>{len(checked)} checked: {len(checked) - len(blocking) - len(warned)} passed, "
        f'{_count(len(blocking), "fail")} failed (blocking), {_count(len(warned), "warn")} warnings'
        + (f", {expected - len(checked)} not run" if expected > len(checked) else "") + "</p>",
        verdict,
    ]
    if summary and summary.outcome:
        parts.append(f"<p>Outcome: <b>{html.escape(summary.outcome)}</b></p>")
    if summary and summary.counts:
        parts.append(_counts_line(summary, quarantines))
    if quarantines and (quarantines.gate or quarantines.input):
        parts.append(_quarantine_section(quarantines, summary=summary))
    if summary and summary.mostly_removed:
        parts.append(_mostly_removed_section(summary))
    for suite in suites:
        parts.append(f"<h2>{html.escape(suite.name)} <small>on {html.escape(suite.table)}</small></h2>")
        parts.append("<table><tr><th>expectation</th><th>severity</th><th>result</th><th>scope</th>"
                     "<th>unexpected</th><th>of</th><th>quarantined</th><th>description and offending rows</th></tr>")
        for rule in suite.rules:
            result = by_key.get((suite.name, rule.name))
            css, label = _status(result)
            details = result.details if result else {}
            cell = html.escape(rule.description)
            if details.get("error"):
                cell += f"<br><small>error: {html.escape(str(details['error']))}</small>"
            sample = details.get("sample") or []
            if result and not result.success and sample:
                cell += (f"<details><summary>{len(sample)} of {result.unexpected_count} offending rows"
                         f"</summary>{_sample_table(sample)}</details>")
            held_docs = details.get("quarantined_documents") or []
            if result and result.quarantined and held_docs:
                cell += (f"<details><summary>{len(held_docs)} of {result.quarantined} quarantined documents"
                         f"</summary>{_sample_table(held_docs)}</details>")
            parts.append(
                f"<tr><td><code>{html.escape(rule.name)}</code></td><td>{html.escape(rule.severity)}</td>"
                f'<td class="{css}">{label}</td><td>{html.escape(rule.scope)}</td>'
                f'<td class="n">{result.unexpected_count if result else ""}</td>'
                f'<td class="n">{details.get("element_count", "") if result else ""}</td>'
                f'<td class="n">{result.quarantined if result and result.quarantined else ""}</td><td>{cell}</td></tr>')
        parts.append("</table>")
    if runs:
        parts.append(_runs_table(runs, run_id, _outcome(summary, bool(blocking))))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _write(path: Path, text: str) -> None:
    # write then rename: a reader (a browser on latest.html) never sees half a page
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def write_report(folder: Path, run_id: str, results: Iterable[Result], suites: Sequence[Suite],
                 runs: Sequence[RunLine] = (), quarantines: Quarantines | None = None,
                 summary: Summary | None = None) -> Path:
    """Write <run_id>.html and latest.html into folder; returns the run's page."""
    folder.mkdir(parents=True, exist_ok=True)
    page = render(run_id, results, suites, runs, quarantines, summary)
    path = folder / page_name(run_id)
    _write(path, page)
    _write(folder / LATEST, page)
    return path


def reports_folder(warehouse_file: str) -> Path:
    """Where a warehouse's reports go: reports/ next to the warehouse file."""
    return Path(warehouse_file).resolve().parent / "reports"


def markdown_sample(sample: Sequence[Mapping]) -> str:
    """Offending rows as a Markdown table, for the Dagster UI."""
    if not sample:
        return "(none)"
    columns = list(dict.fromkeys(k for row in sample for k in row))

    def cell(v: object) -> str:
        text = "null" if v is None else (v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in columns) + " |" for row in sample]
    return "\n".join(lines)


MAX_PAGES = 20  # document pages written at the end of a run (about 0.2 s each on a large warehouse): the rest
# are linked by the command that writes them
MOSTLY_RULE = "document_mostly_kept"


def mostly_removed_share(suites: Sequence[Suite], default: float = 0.5) -> float:
    """The removed share above which a kept document counts as mostly removed: the document_mostly_kept rule's."""
    for suite in suites:
        for rule in suite.rules:
            if rule.name == MOSTLY_RULE:
                return float(rule.config.get("kwargs", {}).get("max_value", default))
    return default


def gate_summary(con: duckdb.DuckDBPyConnection, warehouse_file: str, suites: Sequence[Suite],
                 limit: int = 200) -> Summary:
    """The counts and mostly removed documents of the staged tables (con: the staging file), as the gate sees them."""
    from pipelines.warehouse import row_counts

    share = mostly_removed_share(suites)
    mostly = [(f, float(x)) for f, x in con.execute(sql("report.sql", "mostly_removed"), [share, limit]).fetchall()]
    return Summary(row_counts(con), "staged", None, str(warehouse_file), mostly_removed=mostly)


def finish_report(warehouse_file: str, staging_file: str, run_id: str, outcome: str, suites: Sequence[Suite],
                  wait: float = 10.0, owner: str | None = None) -> Path | None:
    """Write the run's page again when the run has ended: its outcome, the counts it ended with, and a page
    (claimtrail show) for each quarantined or mostly removed document, linked. None when the gate wrote no page."""
    from pipelines.pages.load import write_pages_on
    from pipelines.warehouse import connect

    folder = reports_folder(warehouse_file)
    if not (folder / page_name(run_id)).exists():
        return None
    with connect(staging_file, read_only=True, wait=wait) as con:
        summary = gate_summary(con, warehouse_file, suites)
        held = Quarantines([tuple(r) for r in con.execute(sql("staging.sql", "gate_quarantines"),
                                                          [owner or run_id]).fetchall()],
                           [tuple(r) for r in con.execute(sql("staging.sql", "input_quarantines")).fetchall()])
        wanted = list(dict.fromkeys([f for f, _, _ in held.gate] + [f for f, _ in held.input]
                                    + [f for f, _ in summary.mostly_removed]))[:MAX_PAGES]
        # the staged rows: the same as the published ones after a publish, and what the gate judged otherwise
        written = write_pages_on(con, staging_file, wanted, folder / "pages")
    with connect(warehouse_file, read_only=True, wait=wait) as con:
        results, runs = run_results(con, run_id), recent_runs(con)
    summary.outcome = outcome
    summary.counts_of = "published" if outcome == "published" else "staged"
    summary.pages = {f: f"pages/{p.name}" for f, p in written.items()}
    return write_report(folder, run_id, results, suites, runs, held, summary)
