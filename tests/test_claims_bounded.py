"""A claim's stored sentence stays bounded on lines without sentence ends; memory follows the input size."""

import json
import subprocess
import sys

import pytest

from pipelines.core.claims import extract_claims
from pipelines.core.claims.context import MAX_SENTENCE, clause_runs

_CLAUSE = "the relief column carried 17 crates of vaccine, around 250 blankets and 6 generators to the valley "


def _line(size: int) -> str:
    return (_CLAUSE * (size // len(_CLAUSE) + 1))[:size]


def test_normal_sentence_is_stored_whole():
    text = "Volunteers packed 340 boxes on Monday. The depot shipped 90 of them to the coast the same night."
    claims = extract_claims(text)
    assert [c.sentence for c in claims] == ["Volunteers packed 340 boxes on Monday.",
                                            "The depot shipped 90 of them to the coast the same night."]


def test_long_line_gives_clause_runs_around_each_claim():
    text = _line(60_000)
    claims = extract_claims(text)
    assert len(claims) > 1000
    for c in claims:
        assert len(c.sentence) <= MAX_SENTENCE
        assert c.surface in c.sentence
        assert not c.sentence[0].isspace() and not c.sentence[-1].isspace()
    # cut at clause ends or between words, never inside a word
    for c in claims[:200]:
        start = text.find(c.sentence)
        assert start == 0 or text[start - 1] == " "
        end = start + len(c.sentence)
        assert end == len(text) or text[end] == " "


def test_clause_runs_prefer_clause_ends_and_spare_claims():
    text = ("word " * 150 + "a list of things, ") * 10
    runs = clause_runs(text, 0, len(text), [], limit=1000)
    assert all(e - s <= 1000 for s, e in runs)
    assert all(text[s:e].endswith(",") for s, e in runs[:-1])
    # a claim span on the would-be cut point moves the cut before it
    spans = [(text.find(",", 500) - 10, text.find(",", 500) + 5)]
    runs = clause_runs(text, 0, len(text), spans, limit=1000)
    assert all(not (s0 < e <= s1 - 1) for s0, s1 in spans for _, e in runs)


def test_attribution_found_inside_a_long_line():
    text = _line(20_000) + " and 45 trucks, the ministry said, then " + _line(20_000)
    claim = next(c for c in extract_claims(text) if c.surface == "45")
    assert len(claim.sentence) <= MAX_SENTENCE
    assert claim.attribution == "ministry"


_CHILD = """
import json, resource, sys
from pipelines.core.claims import extract_claims
size = int(sys.argv[1])
clause = sys.argv[2]
text = (clause * (size // len(clause) + 1))[:size]
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
claims = extract_claims(text)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
distinct = {id(c.sentence): len(c.sentence) for c in claims}
print(json.dumps({"claims": len(claims), "grown_kb": after - before, "longest": max(len(c.sentence) for c in claims),
                  "held": all(c.surface in c.sentence for c in claims), "distinct_chars": sum(distinct.values())}))
"""


@pytest.mark.e2e  # a 5 MB input in a child process: half a minute, so out of the fast tier
def test_five_megabyte_line_without_full_stops_stays_bounded():
    """Before: every claim stored the whole line (a 5 MB line ran out of memory). Measured in a child process."""
    size = 5_000_000
    out = subprocess.run([sys.executable, "-c", _CHILD, str(size), _CLAUSE], capture_output=True, text=True,
                         check=True, timeout=600)
    got = json.loads(out.stdout)
    assert got["claims"] > 100_000
    assert got["held"] and got["longest"] <= MAX_SENTENCE
    assert got["distinct_chars"] <= size            # sentences are shared slices of the line, not copies per claim
    assert got["grown_kb"] < 60 * size / 1000       # linear: well under 60 bytes per input character
