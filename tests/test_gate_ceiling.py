"""The quarantine ceiling: when the gate would quarantine more than CLAIMTRAIL_MAX_QUARANTINE (5 %) of the
documents read in a run, the run blocks with a clear message and nothing is published. One document is always
allowed: one bad file among the handful a daily run reads is no sign of a systematic fault."""

from __future__ import annotations

import pytest

from pipelines import cli, settings, stages
from tests import gate_corpus as c
from tests import test_gate_rules_articles as arts
from tests.gate_e2e import copy_published, edit_cleaned, snapshot

pytestmark = pytest.mark.e2e  # runs the pipeline, Dagster, the DuckDB warehouse, the gate or a browser

RIGHTS = arts._body_plus("\nAll rights reserved.")


def _ok(rows):
    """No change: a good document."""


# (good documents, bad documents, CLAIMTRAIL_MAX_QUARANTINE, blocked); the corpus also holds one good document
# and one file quarantined when read, so that documents read = good + bad + 2
CASES = [
    (18, 1, None, False),     # 1 of 20: within 5 %
    (18, 2, None, True),      # 2 of 20: more than 5 % (1)
    (18, 2, "10%", False),    # 2 of 20: within 10 %
    (1, 1, None, False),      # 1 of 4: one document is always allowed
    (1, 2, None, True),       # 2 of 5
    (18, 1, "0", True),       # a ceiling of 0 allows none
    (18, 19, "1", False),     # a ceiling of 1 allows all
]


@pytest.mark.parametrize(("good", "bad", "ceiling", "blocked"), CASES,
                         ids=[f"{b}_of_{g + b + 2}_at_{cap or 'default'}" for g, b, cap, _ in CASES])
def test_the_ceiling_blocks_more_quarantines_than_it_allows(tmp_path, monkeypatch, good, bad, ceiling, blocked):
    if ceiling is None:
        monkeypatch.delenv("CLAIMTRAIL_MAX_QUARANTINE", raising=False)
    else:
        monkeypatch.setenv("CLAIMTRAIL_MAX_QUARANTINE", ceiling)
    rows, _ = c.corpus({**{f"ok{i}": _ok for i in range(good)}, **{f"bad{i}": RIGHTS for i in range(bad)}})
    verdict = c.gate(c.stage(rows, tmp_path / "w.staging.duckdb"))
    assert len(verdict.quarantined) == bad
    assert {o.rule for o in verdict.blocking} == ({"gate_quarantine_within_ceiling"} if blocked else set())
    [ceiling_rule] = [o for o in verdict.outcomes if o.rule == "gate_quarantine_within_ceiling"]
    row = ceiling_rule.sample[0] if ceiling_rule.sample else None
    if blocked:
        assert row["gate_quarantined"] == bad and row["documents_checked"] == good + bad + 2


@pytest.mark.parametrize(("value", "share"), [("", 0.05), ("0.1", 0.1), ("5%", 0.05), (" 12.5% ", 0.125),
                                              ("0", 0.0), ("1", 1.0)])
def test_the_ceiling_is_a_share_or_a_percentage(monkeypatch, value, share):
    monkeypatch.setenv("CLAIMTRAIL_MAX_QUARANTINE", value)
    assert settings.max_quarantine() == pytest.approx(share)


@pytest.mark.parametrize("value", ["five", "2", "-0.1", "150%"])
def test_a_ceiling_that_is_no_share_is_refused(monkeypatch, value):
    monkeypatch.setenv("CLAIMTRAIL_MAX_QUARANTINE", value)
    with pytest.raises(ValueError, match="CLAIMTRAIL_MAX_QUARANTINE"):
        settings.max_quarantine()


def boilerplate_in_two_documents(rows):
    """Two documents' first articles end on a rights line: the gate would quarantine both."""
    seen = []
    for article in rows["articles"]:
        if article["doc_id"] not in seen and len(seen) < 2:
            seen.append(article["doc_id"])
            article["body"] += "\nAll rights reserved."


def test_a_run_over_the_ceiling_is_blocked_and_says_why(seeds_warehouse, tmp_path, monkeypatch, capsys):
    path = copy_published(seeds_warehouse, tmp_path)
    before = snapshot(path)
    monkeypatch.delenv("CLAIMTRAIL_MAX_QUARANTINE", raising=False)
    monkeypatch.setattr(stages, "clean_documents", edit_cleaned(stages.clean_documents, boilerplate_in_two_documents))
    from tests.conftest import SEEDS

    code = cli.main(["run", "--input", str(SEEDS), "--warehouse", str(path), "--full"])
    out = capsys.readouterr()
    assert code == 1 and "NOT published" in out.err
    assert "FAILED documents.gate_quarantine_within_ceiling" in out.out
    assert "the gate quarantined 2 of the 5 documents checked in this run, more than the ceiling allows (1: " \
           "CLAIMTRAIL_MAX_QUARANTINE=0.05); something systematic is wrong" in out.out
    assert "2 by the gate" in out.out   # the would-be quarantines are listed, with their reasons
    assert out.out.count('article_body_free_of_boilerplate ("all rights reserved" in article 0)') == 2
    assert snapshot(path) == before

    monkeypatch.setenv("CLAIMTRAIL_MAX_QUARANTINE", "50%")
    code = cli.main(["run", "--input", str(SEEDS), "--warehouse", str(path), "--full"])
    out = capsys.readouterr()
    assert code == 0 and "published, 2 documents quarantined by the gate" in out.out
