"""A publish says how far it is: its count moves after each statement of its one transaction (a table copied),
up to the total it announced, for a full and an incremental publish."""

from __future__ import annotations

import duckdb
import pytest

from pipelines import warehouse
from tests import gate_corpus as c
from tests import gate_world as w

pytestmark = pytest.mark.e2e  # stages a warehouse and publishes it


def _publish(staged, target, incremental: bool) -> list[tuple[int, str]]:
    seen: list[tuple[int, str]] = []
    with duckdb.connect(str(target)) as con:
        warehouse.publish(con, str(staged.path), "run-1", incremental=incremental,
                          progress=lambda total, note: seen.append((total, note)))
    return seen


@pytest.mark.parametrize("incremental", [False, True], ids=["full", "incremental"])
def test_every_statement_of_a_publish_is_counted(tmp_path, incremental):
    staged = c.stage(w.world(), tmp_path / "w.staging.duckdb")
    seen = _publish(staged, tmp_path / "w.duckdb", incremental)
    total = warehouse.publish_statements(incremental)
    assert len(seen) == total and {t for t, _ in seen} == {total}  # counted to the total it said, no further
    notes = [n for _, n in seen]
    assert notes[0] == "content fingerprint" and notes[-1] == "publish_log"
    assert "main.numeric_claims" in notes and "quarantine.articles" in notes  # a copy names the table it writes


def test_a_counted_publish_publishes_what_an_uncounted_one_does(tmp_path):
    staged = c.stage(w.world(), tmp_path / "w.staging.duckdb")
    _publish(staged, tmp_path / "a.duckdb", False)
    with duckdb.connect(str(tmp_path / "b.duckdb")) as con:
        warehouse.publish(con, str(staged.path), "run-1")
    for name in ("a", "b"):
        with duckdb.connect(str(tmp_path / f"{name}.duckdb"), read_only=True) as con:
            counts = con.execute("select (select count(*) from articles), (select count(*) from numeric_claims), "
                                 "(select count(*) from paragraphs)").fetchall()
        if name == "a":
            first = counts
    assert counts == first and counts[0][1] > 0
