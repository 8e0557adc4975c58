"""The per-line character counts of the line features: exact, and the same whatever the window they are taken in."""

from __future__ import annotations

import random

import pytest

from pipelines.core.clean import features


def _naive(cores: list[str], name: str) -> list[float]:
    table = features._TABLES
    return [float(sum(int(table[name][min(ord(ch), 0x10000)]) for ch in c)) for c in cores]


@pytest.mark.parametrize("window", [1, 3, 17, 1 << 20])
def test_counts_do_not_depend_on_the_window(monkeypatch, window):
    rng = random.Random(window)
    alphabet = "abcXYZ 019,.|!éß漢😀\t\ud800\udfff"
    cores = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(60)] + ["", "x" * 50]
    features._char_counts(["warm the tables"])
    monkeypatch.setattr(features, "_CHARS_PER_PASS", window)
    out = features._char_counts(cores)
    for name in ("digit", "upper", "letter", "punct", "nonascii", "comma", "pipe"):
        assert out[name].tolist() == _naive(cores, name), name
    assert out["length"].tolist() == [float(len(c)) for c in cores]


def test_no_lines_gives_empty_counts():
    out = features._char_counts([])
    assert all(len(v) == 0 for v in out.values())


def test_a_lone_surrogate_is_counted_not_an_error():
    out = features._char_counts(["ab\ud83d", "\udc00,"])
    assert out["length"].tolist() == [3.0, 2.0]
    assert out["punct"].tolist() == [1.0, 2.0]
    assert out["nonascii"].tolist() == [1.0, 1.0]
