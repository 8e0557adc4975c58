"""Offsets are exact: every surface is the text between char_start and char_end; records hold table fields."""

import dataclasses
import itertools

import pytest

from pipelines.core.claims import RECORD_FIELDS, Claim, claims_as_records, extract_claims

PASSAGES = [
    "Over the past decade at least 2,700 families, about 40% of them from the north, moved to 12 towns.",
    "La regione conta 2,3 milioni di abitanti e circa 180-200 comuni.",
    "Between 8 and 14 wards — roughly twenty-three in all — were shut (Gazette, June 4).",
    "“We counted 1,100 children,” said Amal. Nearly one in five had no shoes.",
    "Il comune ha speso 1,5 milioni di euro.\nThe fund paid €2.4 million to 3,000 farmers.",
    "",
    "No numbers here at all.",
]


@pytest.mark.parametrize("text", PASSAGES)
def test_surface_is_the_exact_slice(text):
    for c in extract_claims(text):
        assert text[c.char_start:c.char_end] == c.surface
        assert c.surface in c.sentence
        assert text.find(c.sentence) <= c.char_start < c.char_end <= text.find(c.sentence) + len(c.sentence)


@pytest.mark.parametrize("text", PASSAGES)
def test_claims_are_in_order_and_disjoint(text):
    claims = extract_claims(text)
    for a, b in itertools.pairwise(claims):
        assert a.char_end <= b.char_start


@pytest.mark.parametrize("text", PASSAGES)
def test_deterministic(text):
    assert extract_claims(text) == extract_claims(text)


def test_records_hold_exactly_the_table_fields():
    text = "The agency counted at least 314 returnees, the ministry said."
    records = claims_as_records(text)
    assert len(records) == 1
    assert tuple(records[0]) == RECORD_FIELDS
    assert records[0] == {f: getattr(extract_claims(text)[0], f) for f in RECORD_FIELDS}
    assert records[0]["surface"] == "at least 314"
    assert set(RECORD_FIELDS) <= {f.name for f in dataclasses.fields(Claim)}


def test_offsets_follow_leading_whitespace_and_unicode():
    text = "   Ça coûte 3\u202f000 euros — 12 élèves ont payé."
    claims = extract_claims(text)
    assert [(c.surface, c.value_low) for c in claims] == [("3\u202f000 euros", 3000), ("12", 12)]
    assert [text[c.char_start:c.char_end] for c in claims] == [c.surface for c in claims]


def test_spaced_em_dash_is_no_range():
    assert [c.surface for c in extract_claims("They had 40 — perhaps 50 — boats.")] == ["40", "50"]
