"""The quality gate over the staged tables: document rules on the changed documents, quarantine those that break
one (the gate's verdicts: their rows publish into the quarantine schema), check the rest again, then the run rules
over the whole warehouse."""

from __future__ import annotations

import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from pipelines import tables
from pipelines.engine import each
from pipelines.quality.gate import (
    Outcome,
    audit_frame,
    in_suite_order,
    merge_outcomes,
    record_gate,
    run_run_rules,
    validate,
)
from pipelines.quality.scope import Scope, candidates, open_scope, parts, record_checks
from pipelines.quality.suites import Suite
from pipelines.warehouse import content_fingerprint, quarantine_documents, row_counts, sql

PREFIX = "gate: "
DETAILS_PER_RULE = 2    # what failed, shown per rule in a quarantine reason; the rest is counted
REASON_CHARS = 500


@dataclass(frozen=True)
class Hold:
    """One document the gate quarantines, and why."""

    doc_id: str
    source_file: str
    failures: tuple[tuple[str, str, tuple[str, ...]], ...]   # (suite, rule, what failed in each failing row)

    @property
    def reason(self) -> str:
        """'gate: <rule> (<what failed>); <rule> (...)': the documents row's quarantine_reason."""
        parts = []
        for _suite, rule, details in self.failures:
            shown = ", ".join(details[:DETAILS_PER_RULE])
            more = len(details) - DETAILS_PER_RULE
            parts.append(f"{rule} ({shown}{f' and {more} more' if more > 0 else ''})")
        text = PREFIX + "; ".join(parts)
        return text if len(text) <= REASON_CHARS else text[:REASON_CHARS - 1] + "…"


@dataclass
class Verdict:
    """What the gate decided for a run."""

    outcomes: list[Outcome]                       # every rule, on the set left to publish
    fingerprint: str                              # that set's content fingerprint
    quarantined: list[tuple[str, str, str]] = field(default_factory=list)   # (source_file, doc_id, reason)
    input_quarantined: list[tuple[str, str]] = field(default_factory=list)  # (source_file, reason), read this run
    documents_checked: int = 0    # documents the document rules validated in this run
    documents_carried: int = 0    # documents not validated again: passed before under the same suites and code
    seconds: dict[str, float] = field(default_factory=dict)   # where the gate's time went, phase by phase

    @property
    def blocking(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.blocks]

    @property
    def passed(self) -> bool:
        return not self.blocking


def is_gate_reason(reason: str | None) -> bool:
    """Whether a quarantine_reason is the gate's (rather than one given when the file was read or cleaned)."""
    return bool(reason) and reason.startswith(PREFIX)


def holds(outcomes: list[Outcome], suites: tuple[Suite, ...], candidates: Mapping[str, str]) -> list[Hold]:
    """The documents to quarantine: those named by a failing ERROR document rule, among `candidates` (doc_id ->
    source_file of the documents still ok). A row naming no candidate is left where it is: it still fails."""
    rules = {(s.name, r.name): r for s in suites for r in s.rules}
    found: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for o in outcomes:
        rule = rules.get((o.suite, o.rule))
        if rule is None or not rule.quarantines or o.success:
            continue
        for doc_id, details in o.failures.items():
            if doc_id in candidates:
                found.setdefault(doc_id, []).append((o.suite, o.rule, tuple(details)))
    return [Hold(d, candidates[d], tuple(f)) for d, f in sorted(found.items(), key=lambda x: candidates[x[0]])]


def _tables(held: list[Hold], owner: str) -> tuple[pa.Table, pa.Table]:
    now = datetime.now(UTC)
    docs = tables.to_table("gate_verdicts", [{"doc_id": h.doc_id, "source_file": h.source_file, "run_id": owner,
                                              "quarantine_reason": h.reason} for h in held])
    rows = [{"run_id": owner, "quarantined_at": now, "doc_id": h.doc_id, "source_file": h.source_file,
             "suite": suite, "rule": rule, "detail": "; ".join(details[:3])[:300], "failing_rows": len(details)}
            for h in held for suite, rule, details in h.failures]
    return docs, tables.to_table("quarantine.failures", rows)


def _document_outcomes(con: duckdb.DuckDBPyConnection, suites: tuple[Suite, ...], scope: Scope,
                       published: Mapping[str, int] | None, context: Mapping[str, object],
                       stage: str = "gate") -> list[Outcome]:
    found = []  # per part of the checked documents: every document rule's outcome on it
    ruled = [s for s in suites if s.document_rules]
    for _ in parts(con, scope):
        # the next suites' frames are read while GX validates this one's: DuckDB leaves Python's lock while it
        # reads, GX holds it. One reader thread, in suite order: the connection is used by one thread at a time
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gate-frames")
        try:
            frames = {s.name: pool.submit(audit_frame, con, s, published, context) for s in ruled}
            outcomes = []
            for s in each(suites, stage, "suites", lambda s: s.name):
                if s.name in frames:
                    outcomes += validate(s, frames[s.name].result(), s.document_rules)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)   # no read may outlive the part's scope
        found.append(outcomes)
    outcomes = merge_outcomes(found)
    for o in outcomes:
        o.documents_checked, o.documents_carried = scope.checked, scope.carried
    return outcomes


def run_gate(con: duckdb.DuckDBPyConnection, suites: tuple[Suite, ...], run_id: str, owner: str, *,
             published: Mapping[str, int] | None = None, all_checked: bool = False,
             suites_version: str | None = None, engine_version: str | None = None) -> Verdict:
    """Check the staged tables, quarantine what document rules name, check what is left again and record it.

    Document rules read only the documents not carried over (pipelines/quality/scope.py: read afresh, or not
    passed under these suites_version and engine_version); run rules are set-based over the whole warehouse, once
    the quarantines are made. owner: the run that owns this staging work (a re-executed step keeps it), so that
    the ceiling counts the documents quarantined by every attempt. all_checked: the suites changed since the last
    publish (the ceiling's share is then of every staged document when no scope is known).
    """
    clock, seconds = time.perf_counter(), {}

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[phase] = round(seconds.get(phase, 0.0) + now - clock, 3)
        clock = now

    scope = open_scope(con, suites_version, engine_version, owner)
    context = {"run_id": owner, "all_checked": all_checked, "documents_checked": scope.checked}
    lap("scope")
    outcomes = _document_outcomes(con, suites, scope, published, context)
    lap("document_rules")
    held = holds(outcomes, suites, candidates(con))
    if held:
        quarantine_documents(con, *_tables(held, owner))
        lap("quarantine")
        outcomes = _document_outcomes(con, suites, scope, published, context, "gate, after quarantine")
        lap("document_rules")
    counts = row_counts(con)
    outcomes = in_suite_order(suites, outcomes + [o for s in suites
                                                  for o in run_run_rules(con, s, published, context, counts)])
    lap("run_rules")
    by_rule: dict[tuple[str, str], list[dict]] = {}
    for suite, rule, doc_id, source_file, what in con.execute(sql("staging.sql", "run_failures"),
                                                              [owner]).fetchall():
        by_rule.setdefault((suite, rule), []).append({"doc_id": doc_id, "source_file": source_file, "detail": what})
    for o in outcomes:
        o.quarantined = by_rule.get((o.suite, o.rule), [])
    fingerprint = content_fingerprint(con)
    lap("fingerprint")
    record_gate(con, run_id, outcomes, fingerprint, suites_version)
    verdict = Verdict(
        outcomes, fingerprint,
        [tuple(r) for r in con.execute(sql("staging.sql", "gate_quarantines"), [owner]).fetchall()],
        [tuple(r) for r in con.execute(sql("staging.sql", "input_quarantines")).fetchall()],
        scope.checked, scope.carried, seconds,
    )
    if verdict.passed:  # the checked documents passed as they are now: a later run need not read them again
        record_checks(con, run_id, suites_version, engine_version)
    lap("record")
    return verdict
