"""claim_groups on the published seeds: the same quantity from several documents, with where each says it."""

import duckdb
import pytest

from pipelines.core.claims.kinds import KINDS

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser


def test_foreign_fighter_figures_line_up_across_three_documents(seeds_warehouse):
    with duckdb.connect(str(seeds_warehouse), read_only=True) as con:
        rows = con.execute("""
            select group_key, documents, source_file, kind, value_low, value_high, sentence
            from claim_groups where concept = 'foreign fighter' order by documents desc, group_key
        """).fetchall()
        again = con.execute("select * from claim_groups").fetchall()
        assert again == con.execute("select * from claim_groups").fetchall()     # deterministic order
    assert rows and rows[0][1] >= 3
    top = [r for r in rows if r[0] == rows[0][0]]
    assert len({r[2] for r in top}) == rows[0][1]
    assert {r[3] for r in top} <= {"count", "rate"}
    assert all(r[6] and r[2] for r in top)


def test_published_claims_have_known_kinds(seeds_warehouse):
    with duckdb.connect(str(seeds_warehouse), read_only=True) as con:
        kinds = {k for (k,) in con.execute("select distinct kind from numeric_claims").fetchall()}
        durations = con.execute("select count(*) from numeric_claims where kind = 'duration'").fetchone()[0]
    assert kinds <= set(KINDS)
    assert durations > 0
