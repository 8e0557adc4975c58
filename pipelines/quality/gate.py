"""Run a suite with Great Expectations on the frame its audit query reads, and report each rule's outcome."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import duckdb
import pandas as pd
import pyarrow as pa

from pipelines.quality import markers
from pipelines.quality.suites import ERROR, Suite
from pipelines.warehouse import execute_many, fingerprint, sql

SAMPLE_ROWS = 5


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

    @property
    def blocks(self) -> bool:
        return self.severity == ERROR and not self.success


def audit_params(suite: Suite, published: Mapping[str, int] | None = None) -> list:
    """The values for a suite's audit query placeholders, by the names its meta.params gives them."""
    values = []
    for name in suite.params:
        if name == "boilerplate_phrases":
            values.append(markers.phrase_pattern())
        elif name == "boilerplate_labels":
            values.append(markers.label_pattern())
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


def audit_frame(con: duckdb.DuckDBPyConnection, suite: Suite,
                published: Mapping[str, int] | None = None) -> pd.DataFrame:
    """The DataFrame a suite validates, read from the (staging) database."""
    return con.execute(sql("audit.sql", suite.audit_query), audit_params(suite, published)).df()


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
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = context.data_sources.add_pandas("claimtrail")
        batch_definition = source.add_dataframe_asset("audit").add_batch_definition_whole_dataframe("frame")
        _GX = _Context(context, batch_definition)
    return _GX


def _expectation_suite(suite: Suite):
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    expectations = [ExpectationConfiguration(**r.config).to_domain_obj() for r in suite.rules]
    return gx.ExpectationSuite(name=suite.name, expectations=expectations)


def _jsonable(value):
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, str) and len(value) > 160:
        return value[:157] + "..."
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def validate(suite: Suite, frame: pd.DataFrame) -> list[Outcome]:
    """Validate a frame against a suite; one Outcome per rule, in suite order."""
    gx_ctx = _gx()
    batch = gx_ctx.batch_definition.get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(_expectation_suite(suite), result_format={"result_format": "COMPLETE"})
    by_id = {r.expectation_config.meta["id"]: r for r in result.results}
    outcomes = []
    for rule in suite.rules:
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
        outcomes.append(Outcome(
            suite.name, rule.name, rule.description, rule.severity, bool(r.success) and error is None,
            int(res.get("unexpected_count") or 0), int(res.get("element_count") or len(frame)), sample, error,
        ))
    return outcomes


def run_suite(con: duckdb.DuckDBPyConnection, suite: Suite,
              published: Mapping[str, int] | None = None) -> list[Outcome]:
    """Read a suite's audit frame and validate it."""
    return validate(suite, audit_frame(con, suite, published))


def quality_rows(run_id: str, checked_at: datetime, outcomes: list[Outcome]) -> pa.Table:
    """Outcomes as quality_runs rows."""
    return pa.Table.from_pylist([{
        "run_id": run_id, "checked_at": checked_at, "table_name": o.suite, "expectation": o.rule,
        "severity": o.severity, "success": o.success, "unexpected_count": o.unexpected_count,
        "details": json.dumps({"description": o.description, "element_count": o.element_count,
                               "sample": o.sample, "error": o.error}, ensure_ascii=False),
    } for o in outcomes], schema=pa.schema([
        ("run_id", pa.string()), ("checked_at", pa.timestamp("us", tz="UTC")), ("table_name", pa.string()),
        ("expectation", pa.string()), ("severity", pa.string()), ("success", pa.bool_()),
        ("unexpected_count", pa.int64()), ("details", pa.string()),
    ]))


def record_gate(con: duckdb.DuckDBPyConnection, run_id: str, suite: Suite, outcomes: list[Outcome]) -> None:
    """Remember in the staging database which staged versions each rule passed or failed on."""
    print_ = fingerprint(con, suite.reads)
    execute_many(con, sql("staging.sql", "record_gate_result"), [
        [run_id, suite.name, o.rule, o.severity, o.success, print_] for o in outcomes
    ])


def publish_blockers(con: duckdb.DuckDBPyConnection, suites: tuple[Suite, ...]) -> list[str]:
    """Why the staged tables may not be published: failed, stale or missing ERROR rules (empty if none)."""
    problems = []
    for suite in suites:
        current = fingerprint(con, suite.reads)
        latest = {r[0]: r for r in con.execute(sql("staging.sql", "latest_gate_results"), [suite.name]).fetchall()}
        for rule in suite.rules:
            if rule.severity != ERROR:
                continue
            found = latest.get(rule.name)
            if found is None:
                problems.append(f"{suite.name}.{rule.name}: never checked")
            elif found[3] != current:
                problems.append(f"{suite.name}.{rule.name}: checked on older staged data")
            elif not found[2]:
                problems.append(f"{suite.name}.{rule.name}: failed")
    return problems
