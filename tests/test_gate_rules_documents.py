"""The documents suite: each ERROR rule fails on a crafted bad row (audit SQL + GX), and blocks a real run."""

import pyarrow as pa
import pytest

from pipelines import stages
from tests import gate_world as w
from tests.gate_e2e import assert_blocked, copy_published

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


def test_good_rows_pass():
    assert w.failing(w.world(), "documents") == set()


@pytest.mark.parametrize(("change", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_row_fails_its_rule(change, expected):
    rows = w.world()
    change(rows)
    outcomes = w.outcomes(rows, "documents")
    assert {o.rule for o in outcomes if not o.success} == expected
    for o in outcomes:
        if not o.success:
            assert o.severity == "error" and o.unexpected_count >= 1 and o.sample


def text_lost(original):
    """Wrap document_rows so that the first document is 'ok' but has no source_text."""
    def bad(docs, *args, **kwargs):
        table = original(docs, *args, **kwargs)
        rows = table.to_pylist()
        rows[0]["source_text"] = None
        return pa.Table.from_pylist(rows, schema=table.schema)
    return bad


@pytest.fixture
def published_copy(seeds_warehouse, tmp_path):
    return copy_published(seeds_warehouse, tmp_path)


def test_document_without_text_blocks_publishing(published_copy, instance, monkeypatch):
    monkeypatch.setattr(stages, "document_rows", text_lost(stages.document_rows))
    assert_blocked(published_copy, instance, {"document_text_or_quarantine_reason"})
