"""Progress of the long stages: the formatter (rate, time left) with an injected clock, the sinks' pacing, and a
real run's lines on a pipe and in Dagster's log."""

import io
import re

import dagster as dg
import pytest

from pipelines import cli, progress
from pipelines.progress import LogSink, Snapshot, TerminalSink, Tracker, duration, format_line
from pipelines.quality.suites import load_suites


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_rate_and_time_left_come_from_the_count_so_far():
    s = Snapshot("documents cleaned", 120, 2000, 4.0, "documents")
    assert s.rate == 30.0 and s.eta == pytest.approx(1880 / 30)
    assert format_line(s) == "documents cleaned: 120/2,000 documents (6%), 30 documents/s, 1 min 03 s left"


def test_nothing_done_yet_has_no_rate_nor_time_left():
    s = Snapshot("claims", 0, 500, 0.0, "paragraphs")
    assert s.rate is None and s.eta is None
    assert format_line(s) == "claims: 0/500 paragraphs (0%)"


def test_the_last_line_says_how_many_in_how_long():
    assert format_line(Snapshot("files read", 2000, 2000, 80.0, "files", final=True)) == \
        "files read: 2,000 files in 1 min 20 s, 25 files/s"
    assert format_line(Snapshot("publish", 1, 1, 0.4, final=True)) == "publish: done in 400 ms"
    assert format_line(Snapshot("gate", 3, 10, 2.0, "suites", note="stopped", final=True)) == \
        "gate: stopped at 3/10 suites after 2.0 s"


def test_slow_items_show_the_time_each():
    assert format_line(Snapshot("gate", 2, 10, 22.0, "suites")) == "gate: 2/10 suites (20%), 11 s each, 1 min 28 s left"


def test_a_suite_name_is_shown_as_the_last_done():
    assert format_line(Snapshot("gate", 2, 10, 1.0, "suites", note="articles")).endswith(", last articles")


@pytest.mark.parametrize("seconds, text", [(0.25, "250 ms"), (3.25, "3.2 s"), (42, "42 s"), (185, "3 min 05 s"),
                                           (3720, "1 h 02 min")])
def test_durations_read_as_people_say_them(seconds, text):
    assert duration(seconds) == text


def test_a_log_gets_the_start_a_line_per_interval_and_the_end():
    clock, lines = Clock(), []
    t = Tracker("documents cleaned", 100, [LogSink(lines.append, interval=10)], unit="documents", clock=clock)
    for _ in range(100):
        clock.now += 0.5   # 50 s in all: a line at the start, one every 10 s until all is done, and the last
        t.advance()
    t.finish()
    assert len(lines) == 1 + 4 + 1
    assert lines[0] == "documents cleaned: 0/100 documents (0%)"
    assert lines[1].startswith("documents cleaned: 20/100 documents (20%), 2.0 documents/s, 40 s left")
    assert lines[-1] == "documents cleaned: 100 documents in 50 s, 2.0 documents/s"


def test_a_terminal_redraws_one_line_and_ends_it():
    clock, out = Clock(), io.StringIO()
    t = Tracker("claims", 10, [TerminalSink(out, tty=True)], unit="paragraphs", clock=clock)
    for _ in range(10):
        clock.now += 0.05   # redrawn at most every 0.1 s
        t.advance()
    t.finish()
    text = out.getvalue()
    assert text.count("\n") == 1 and text.endswith("claims: 10 paragraphs in 500 ms, 20 paragraphs/s\n")
    assert 5 <= text.count("\r\x1b[K") <= 7


def test_a_pipe_gets_plain_lines():
    out = io.StringIO()
    with progress.showing(TerminalSink(out)), progress.track("files read", 3, unit="files", clock=Clock()) as t:
        t.advance(3)
    assert "\r" not in out.getvalue() and out.getvalue().splitlines() == [
        "files read: 0/3 files (0%)", "files read: 3 files in 0 ms"]


def test_a_failed_stage_ends_its_line_as_stopped():
    lines = []
    with pytest.raises(ValueError), progress.showing(LogSink(lines.append)), \
            progress.track("gate", 4, unit="suites", clock=Clock()) as t:
        t.advance()
        raise ValueError("boom")
    assert lines[-1] == "gate: stopped at 1/4 suites after 0 ms"


STAGES = ("input files hashed", "files read", "documents cleaned", "claims", "gate", "publish")


@pytest.mark.e2e  # a whole run of the seeds
def test_a_run_shows_each_stage_with_counts_on_a_pipe_and_in_dagsters_log(seeds_copy, tmp_path, capsys,
                                                                           monkeypatch):
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))  # the command binds its own; put back after
    assert cli.main(["run", "--input", str(seeds_copy), "--warehouse", str(tmp_path / "w.duckdb")]) == 0
    out = capsys.readouterr()
    lines = out.err.splitlines()
    assert "\r" not in out.err  # not a terminal: plain lines
    for stage in STAGES:
        assert any(line.startswith(f"{stage}: ") for line in lines), (stage, lines)
        first = next(line for line in lines if line.startswith(f"{stage}: "))
        assert re.match(rf"{stage}: (0/|started|working)", first), first  # said before its first result
    assert "input files hashed: 0/5 files (0%)" in lines and "documents cleaned: 0/5 documents (0%)" in lines
    assert any(re.fullmatch(r"files read: 5 files in \S+ m?s, [\d.,]+ files/s", line) for line in lines)
    assert any(re.fullmatch(rf"gate: {len(load_suites())} suites in .+", line) for line in lines), lines
    assert any(re.fullmatch(r"claims: \d+ paragraphs in .+", line) for line in lines)
    run_id = re.search(r"claimtrail run (\S+)", out.out).group(1)
    logged = [e.user_message for e in dg.DagsterInstance.get().all_logs(run_id)]
    for stage in STAGES:
        assert any(m.startswith(f"{stage}: ") for m in logged), stage
