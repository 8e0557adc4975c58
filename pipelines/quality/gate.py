"""Run a suite with Great Expectations on the frame its audit query reads, and report each rule's outcome."""

from __future__ import annotations

import json
import os
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from pipelines import preload, settings
from pipelines.core.dedup.minhash import PARAMS as MINHASH
from pipelines.quality import markers
from pipelines.quality.scope import Scope, scoped
from pipelines.quality.suites import DOCUMENT, ERROR, Rule, Suite
from pipelines.warehouse import row_counts, sql

SAMPLE_ROWS = 5
DETAIL_VALUE_CHARS = 60   # a value quoted in a quarantine reason is cut here


@dataclass
class Outcome:
    """What one rule found."""

    suite: str
    rule: str
    description: str
    severity: str
    success: bool
    unexpected_count: int
    element_count: int
    sample: list[dict] = field(default_factory=list)
    error: str | None = None
    scope: str = "run"
    # document rules: what failed in each document it names (doc_id -> one detail per failing row)
    failures: dict[str, list[str]] = field(default_factory=dict)
    # set by the gate: the documents this rule quarantined in the run ({doc_id, source_file, detail})
    quarantined: list[dict] = field(default_factory=list)
    skipped: str | None = None   # why GX did not run: its frame had no row (it passes on nothing)
    # document rules, set by the gate: documents validated this run, and carried over (passed before, unchanged)
    documents_checked: int | None = None
    documents_carried: int | None = None

    @property
    def blocks(self) -> bool:
        return self.severity == ERROR and not self.success


def audit_params(suite: Suite, published: Mapping[str, int] | None = None,
                 context: Mapping[str, object] | None = None) -> list:
    """The values for a suite's audit query placeholders, by the names its meta.params gives them.

    context: the run's values (run_id, all_checked, documents_checked) for the gate's own suite; the ceiling comes
    from settings, the minhash sizes from pipelines/core/dedup.
    """
    values = []
    for name in suite.params:
        if name == "boilerplate_phrases":
            values.append(markers.phrase_pattern())
        elif name == "boilerplate_labels":
            values.append(markers.label_pattern())
        elif name == "boilerplate_sentence_end":
            values.append(markers.sentence_end())
        elif name == "max_quarantine":
            values.append(settings.max_quarantine())
        elif name in ("run_id", "all_checked", "documents_checked"):
            values.append((context or {}).get(name))
        elif name == "minhash_signature_bytes":
            values.append(MINHASH.num_perm * 4)
        elif name == "minhash_min_shingles":
            values.append(MINHASH.min_shingles)
        elif name == "near_duplicate_threshold":
            values.append(MINHASH.threshold)
        elif name.startswith("published_"):
            values.append((published or {}).get(name.removeprefix("published_")))
        else:
            raise ValueError(f"suite {suite.name}: unknown audit parameter {name!r}")
    return values


def needs_published_counts(suite: Suite) -> bool:
    """Whether a suite compares the staged tables with the last published run."""
    return any(p.startswith("published_") for p in suite.params)


def published_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int] | None:
    """Row counts of the last published run, from the published warehouse's publish_log (None if none yet)."""
    try:
        cur = con.execute(sql("audit.sql", "last_published_counts"))
    except duckdb.CatalogException:
        return None  # a warehouse that never published has no publish_log yet
    row = cur.fetchone()
    return dict(zip([d[0] for d in cur.description], row, strict=True)) if row else None


def audit_frame(con: duckdb.DuckDBPyConnection, suite: Suite, published: Mapping[str, int] | None = None,
                context: Mapping[str, object] | None = None, query: str | None = None) -> pd.DataFrame:
    """The DataFrame a suite validates, read from the (staging) database (`query`: another audit query of it)."""
    query = query or suite.audit_query
    params = audit_params(suite, published, context) if query == suite.audit_query else []
    return con.execute(sql("audit.sql", query), params).df()


@dataclass
class _Context:
    context: object
    batch_definition: object


_GX: _Context | None = None


def _gx() -> _Context:
    """One ephemeral GX context per process; GX is imported here because its import takes seconds."""
    global _GX
    if _GX is None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        preload.finish("great_expectations")   # never import it beside its preload (pipelines/preload.py)
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = context.data_sources.add_pandas("claimtrail")
        batch_definition = source.add_dataframe_asset("audit").add_batch_definition_whole_dataframe("frame")
        _GX = _Context(context, batch_definition)
    return _GX


def _expectation_suite(suite: Suite, rules: tuple[Rule, ...]):
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    expectations = [ExpectationConfiguration(**r.config).to_domain_obj() for r in rules]
    return gx.ExpectationSuite(name=suite.name, expectations=expectations)


def _jsonable(value):
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, str) and len(value) > 160:
        return value[:157] + "..."
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


class _Row(dict):
    """A failing row's values for a detail template: short, and 'null' for what is missing."""

    def __missing__(self, key: str) -> str:
        return "null"


def _short(value) -> str:
    value = _jsonable(value)
    text = "null" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= DETAIL_VALUE_CHARS else text[:DETAIL_VALUE_CHARS - 1] + "…"


def detail(rule: Rule, row: Mapping[str, object]) -> str:
    """What failed in one row, in words: the rule's meta.detail template over the row, else its first column."""
    values = _Row({k: _short(v) for k, v in row.items()})
    if rule.detail:
        return string.Formatter().vformat(rule.detail, (), values)
    column = rule.columns[0] if rule.columns else None
    value = row.get(column) if column else None
    where = values.get("at") or values.get("doc_id")
    if value is None or isinstance(value, (bool, np.bool_)):
        return str(where)
    return f'"{_short(value)}" in {where}'


def _failures(rule: Rule, frame: pd.DataFrame, index: list) -> dict[str, list[str]]:
    """doc_id -> what failed, for every failing row of a document rule (rows naming no document are left out:
    no quarantine can fix them, so the rule still fails once the others are quarantined)."""
    rows = frame.loc[[i for i in index if i in frame.index]]
    out: dict[str, list[str]] = {}
    for row in rows.to_dict("records"):
        doc_id = row.get("doc_id")
        if isinstance(doc_id, str) and doc_id:
            out.setdefault(doc_id, []).append(detail(rule, row))
    return out


def _skipped(suite: Suite, rules: tuple[Rule, ...], frame: pd.DataFrame, element_count: int) -> list[Outcome]:
    """Outcomes of rules over a frame with no row: each passes on nothing, unless a column it reads is missing."""
    out = []
    for rule in rules:
        kwargs = rule.config.get("kwargs", {})
        read = [kwargs.get(k) for k in ("column", "column_A", "column_B")] + list(kwargs.get("column_list", []))
        missing = [c for c in read if c and c not in frame.columns]
        error = f"the audit frame has no column {', '.join(missing)}" if missing else None
        out.append(Outcome(suite.name, rule.name, rule.description, rule.severity, error is None, 0, element_count,
                           [], error, rule.scope, skipped=None if error else "no row to check"))
    return out


def validate(suite: Suite, frame: pd.DataFrame, rules: tuple[Rule, ...] | None = None,
             element_count: int | None = None) -> list[Outcome]:
    """Validate a frame against a suite's rules (all of them unless `rules`) with GX; one Outcome per rule, in suite
    order. element_count: the rows the rules speak for when the frame holds only suspects (run rules); an empty
    frame is not handed to GX: every rule passes on nothing."""
    rules = suite.rules if rules is None else rules
    if not rules:
        return []
    if frame.empty:
        return _skipped(suite, rules, frame, element_count or 0)
    batch = _gx().batch_definition.get_batch(batch_parameters={"dataframe": frame})
    # a pass that only says which rules fail (about half GX's time per rule), then the failing ones and those
    # that may pass with some rows unexpected (`mostly`) again with every unexpected row: most rules pass
    detailed = {r.name for r in rules if "mostly" in r.config.get("kwargs", {})}
    by_id = _results(batch, suite, tuple(r for r in rules if r.name not in detailed), "BOOLEAN_ONLY")
    detailed |= {name for name, r in by_id.items() if not r.success}
    by_id |= _results(batch, suite, tuple(r for r in rules if r.name in detailed), "COMPLETE")
    outcomes = []
    for rule in rules:
        ids = [c for c in dict.fromkeys(suite.id_columns + rule.columns) if c in frame.columns]
        r = by_id[rule.name]
        res = r.result or {}
        error = None
        if r.exception_info and r.exception_info.get("raised_exception"):
            error = r.exception_info.get("exception_message")
        index = res.get("unexpected_index_list") or []
        sample = [
            {c: _jsonable(v) for c, v in frame.loc[i, ids].items()} for i in index[:SAMPLE_ROWS] if i in frame.index
        ]
        success = bool(r.success) and error is None
        failures = _failures(rule, frame, index) if rule.scope == DOCUMENT and not success else {}
        count = element_count if element_count is not None else int(res.get("element_count") or len(frame))
        outcomes.append(Outcome(
            suite.name, rule.name, rule.description, rule.severity, success,
            int(res.get("unexpected_count") or 0), count, sample, error, rule.scope, failures,
        ))
    return outcomes


def _results(batch, suite: Suite, rules: tuple[Rule, ...], result_format: str) -> dict:
    """GX's result per rule name of one validation of the batch (none for no rule)."""
    if not rules:
        return {}
    result = batch.validate(_expectation_suite(suite, rules), result_format={"result_format": result_format})
    return {r.expectation_config.meta["id"]: r for r in result.results}


def merge_outcomes(parts: list[list[Outcome]]) -> list[Outcome]:
    """The outcomes of the same rules over parts of the checked documents as one outcome per rule (document rules
    are row by row: a rule passes when it passes on every part; counts add up, samples and failures join)."""
    if len(parts) == 1:
        return parts[0]
    merged = []
    for same in zip(*parts, strict=True):
        first = same[0]
        ran = [o for o in same if o.skipped is None]
        merged.append(Outcome(
            first.suite, first.rule, first.description, first.severity, all(o.success for o in same),
            sum(o.unexpected_count for o in same), sum(o.element_count for o in same),
            [row for o in same for row in o.sample][:SAMPLE_ROWS], next((o.error for o in same if o.error), None),
            first.scope, {d: f for o in same for d, f in o.failures.items()},
            skipped=None if ran else first.skipped))
    return merged


def run_document_rules(con: duckdb.DuckDBPyConnection, suite: Suite, published: Mapping[str, int] | None = None,
                       context: Mapping[str, object] | None = None) -> list[Outcome]:
    """A suite's document rules on its audit frame: of the changed documents when the connection is scoped
    (pipelines/quality/scope.py), else of every staged document."""
    if not suite.document_rules:
        return []
    return validate(suite, audit_frame(con, suite, published, context), suite.document_rules)


def run_run_rules(con: duckdb.DuckDBPyConnection, suite: Suite, published: Mapping[str, int] | None = None,
                  context: Mapping[str, object] | None = None,
                  counts: Mapping[str, int] | None = None) -> list[Outcome]:
    """A suite's run rules, set-based over the whole warehouse: GX validates only the rows its run_query finds
    suspect (never the whole warehouse in pandas). counts: staged rows per table (the element counts)."""
    if not suite.run_rules:
        return []
    if suite.run_query is None:
        return validate(suite, audit_frame(con, suite, published, context), suite.run_rules)
    counts = counts if counts is not None else row_counts(con)
    frame = audit_frame(con, suite, published, context, suite.run_query)
    return validate(suite, frame, suite.run_rules, counts.get(suite.table))


def in_suite_order(suites: tuple[Suite, ...] | list[Suite], outcomes: list[Outcome]) -> list[Outcome]:
    """Outcomes sorted as their suites and rules are listed."""
    order = {(s.name, r.name): (i, j) for i, s in enumerate(suites) for j, r in enumerate(s.rules)}
    return sorted(outcomes, key=lambda o: order.get((o.suite, o.rule), (len(order), 0)))


def run_suite(con: duckdb.DuckDBPyConnection, suite: Suite, published: Mapping[str, int] | None = None,
              context: Mapping[str, object] | None = None) -> list[Outcome]:
    """Every rule of a suite on the staged tables as published (every document, the gate's holds left out), in
    suite order."""
    with scoped(con, Scope(checked=0, carried=0)):  # nothing carried: every document
        found = run_document_rules(con, suite, published, context)
    return in_suite_order([suite], found + run_run_rules(con, suite, published, context))


QUALITY_SCHEMA = pa.schema([
    ("run_id", pa.string()), ("checked_at", pa.timestamp("us", tz="UTC")), ("table_name", pa.string()),
    ("expectation", pa.string()), ("severity", pa.string()), ("success", pa.bool_()),
    ("unexpected_count", pa.int64()), ("details", pa.string()), ("scope", pa.string()), ("quarantined", pa.int64()),
    ("documents_checked", pa.int64()), ("documents_carried", pa.int64()),
])


def quality_rows(run_id: str, checked_at: datetime, outcomes: list[Outcome]) -> pa.Table:
    """Outcomes as quality_runs rows."""
    return pa.Table.from_pylist([{
        "run_id": run_id, "checked_at": checked_at, "table_name": o.suite, "expectation": o.rule,
        "severity": o.severity, "success": o.success, "unexpected_count": o.unexpected_count,
        "details": json.dumps({"description": o.description, "element_count": o.element_count,
                               "sample": o.sample, "error": o.error,
                               "quarantined_documents": o.quarantined[:SAMPLE_ROWS * 4],
                               **({"skipped": o.skipped} if o.skipped else {})}, ensure_ascii=False),
        "scope": o.scope, "quarantined": len(o.quarantined),
        "documents_checked": o.documents_checked, "documents_carried": o.documents_carried,
    } for o in outcomes], schema=QUALITY_SCHEMA)


CEILING_RULE = "gate_quarantine_within_ceiling"


def failure_message(o: Outcome) -> str:
    """What a failed rule found, in one line (the publish step's refusal and the logs say it)."""
    if o.error:
        return f"could not be checked: {o.error}"
    if o.rule == CEILING_RULE and o.sample:
        row = o.sample[0]
        return (f"the gate quarantined {row.get('gate_quarantined')} of the {row.get('documents_checked')} documents "
                f"checked in this run, more than the ceiling allows ({row.get('allowed')}: "
                f"CLAIMTRAIL_MAX_QUARANTINE={row.get('ceiling')}); something systematic is wrong, so nothing is "
                "published (raise the ceiling only if these quarantines are expected)")
    where = ""
    if o.scope == DOCUMENT and o.failures:
        where = f", in documents no quarantine could take ({len(o.failures)})"
    return f"failed on {o.unexpected_count} of {o.element_count} rows{where}"


def record_gate(con: duckdb.DuckDBPyConnection, run_id: str, outcomes: list[Outcome], fingerprint: str,
                suites_version: str | None) -> None:
    """Remember in the staging database which content (fingerprint) each rule passed or failed on (one insert:
    a statement per rule costs more than the rules on a small change)."""
    rows = pa.table({
        "run_id": pa.array([run_id] * len(outcomes), pa.string()),
        "suite": pa.array([o.suite for o in outcomes], pa.string()),
        "expectation": pa.array([o.rule for o in outcomes], pa.string()),
        "severity": pa.array([o.severity for o in outcomes], pa.string()),
        "success": pa.array([o.success for o in outcomes], pa.bool_()),
        "fingerprint": pa.array([fingerprint] * len(outcomes), pa.string()),
        "suites_version": pa.array([suites_version] * len(outcomes), pa.string()),
        "message": pa.array([None if o.success else failure_message(o) for o in outcomes], pa.string()),
    })
    cur = con.cursor()   # its own connection: a caller's unfinished result (fetchone) does not stand in the way
    try:
        cur.register("gate_outcomes", rows)
        cur.execute(sql("gate.sql", "record_gate_results"))
    finally:
        cur.close()


@dataclass(frozen=True)
class Clearance:
    """What the publish step needs to know: whether the staged content may go out, and which content that is."""

    blockers: list[str]
    fingerprint: str | None


def clearance(con: duckdb.DuckDBPyConnection, suites: tuple[Suite, ...],
              suites_version: str | None = None) -> Clearance:
    """Whether the staged content may be published: every ERROR rule of the current suites passed, all on the same
    content (one fingerprint) and with these suites; else why not. The fingerprint is not recomputed here: the
    publish compares it with the staged file inside its transaction (pipelines.warehouse.publish), the one check
    that no later write can outrun, and a pass over every staged row is the largest fixed cost of a small run."""
    latest = {(r[0], r[1]): r for r in con.execute(sql("staging.sql", "latest_gate_results")).fetchall()}
    newest = con.execute(sql("staging.sql", "newest_gate_fingerprint")).fetchall()
    current = newest[0][0] if newest else None
    never, stale, other_suites, failed = [], [], [], []
    for suite in suites:
        for rule in suite.rules:
            if rule.severity != ERROR:
                continue
            found = latest.get((suite.name, rule.name))
            name = f"{suite.name}.{rule.name}"
            if found is None:
                never.append(name)
            elif found[4] != current:
                stale.append(name)
            elif suites_version is not None and found[5] != suites_version:
                other_suites.append(name)
            elif not found[3]:
                failed.append(f"{name}: {found[6] or 'failed'}")
    problems = []
    if stale:
        problems.append("the staged tables changed after the quality gate checked them (their content "
                        f"fingerprint is not the one {len(stale)} blocking rules passed on)")
    if other_suites:
        problems.append(f"{len(other_suites)} blocking rules were checked with other suites than the current ones")
    problems += [f"{name}: never checked" for name in never] + failed
    return Clearance(problems, None if problems else current)


def publish_blockers(con: duckdb.DuckDBPyConnection, suites: tuple[Suite, ...],
                     suites_version: str | None = None) -> list[str]:
    """Why the staged tables may not be published: failed, stale or missing ERROR rules (empty if none)."""
    return clearance(con, suites, suites_version).blockers
