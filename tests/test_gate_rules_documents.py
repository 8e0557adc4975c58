"""The documents suite's cases (run by tests/test_gate_rules.py); in a real run a document quarantined without a
reason blocks."""

import pyarrow as pa
import pytest

from pipelines import stages
from tests import gate_world as w
from tests.gate_e2e import assert_blocked, copy_published

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

DOC, QUARANTINED = 0, 1


def _set(table, index, **changes):
    def change(rows):
        rows[table][index].update(changes)
    return change


CASES = [
    ("doc_id_not_null", _set("documents", DOC, doc_id=None), {"doc_id_not_null"}),
    ("doc_id_unique", _set("documents", QUARANTINED, doc_id=w.DOC), {"doc_id_unique"}),
    ("document_has_source_file", _set("documents", DOC, source_file=None), {"document_has_source_file"}),
    ("ok_without_text", _set("documents", DOC, source_text=None), {"document_text_or_quarantine_reason"}),
    ("ok_with_blank_text", _set("documents", DOC, source_text="  \n\t \n"), {"document_text_or_quarantine_reason"}),
    ("quarantined_without_reason", _set("documents", QUARANTINED, quarantine_reason=None),
     {"document_text_or_quarantine_reason"}),
    ("quarantined_with_empty_reason", _set("documents", QUARANTINED, quarantine_reason=""),
     {"document_text_or_quarantine_reason"}),
    ("unknown_status", _set("documents", DOC, status="pending"), {"document_text_or_quarantine_reason"}),
]


def text_lost(original):
    """Wrap document_rows so that the first document is 'ok' but has no source_text."""
    def bad(docs, *args, **kwargs):
        table = original(docs, *args, **kwargs)
        rows = table.to_pylist()
        rows[0]["source_text"] = None
        return pa.Table.from_pylist(rows, schema=table.schema)
    return bad


def text_never_cleaned(original):
    """Wrap clean_documents so that a document without text is passed over (cleaning would quarantine it itself):
    it reaches the gate 'ok', with no text and no rows."""
    def skip(docs, *args, **kwargs):
        table = docs if isinstance(docs, pa.Table) else pa.Table.from_pylist(docs)
        keep = [i for i, text in enumerate(table.column("source_text").to_pylist()) if text is not None]
        return original(table.take(pa.array(keep, pa.int64())), *args, **kwargs)
    return skip


@pytest.fixture
def published_copy(seeds_warehouse, tmp_path):
    return copy_published(seeds_warehouse, tmp_path)


def test_document_quarantined_without_a_reason_blocks_publishing(published_copy, instance, monkeypatch):
    """A file set aside when read but with no reason: no quarantine can mend that, so the run blocks."""
    def no_reason(original):
        def bad(docs, *args, **kwargs):
            table = original(docs, *args, **kwargs)
            rows = table.to_pylist()
            rows[0].update(status="quarantined", quarantine_reason="")
            return pa.Table.from_pylist(rows, schema=table.schema)
        return bad

    monkeypatch.setattr(stages, "document_rows", no_reason(stages.document_rows))
    assert_blocked(published_copy, instance,
                   {"document_text_or_quarantine_reason", "cleaned_document_kept_or_quarantined"})
