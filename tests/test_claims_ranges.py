"""Ranges become one claim with value_low and value_high; changes and lists do not."""

import pytest

from pipelines.core.claims import extract_claims


@pytest.mark.parametrize(("text", "surface", "low", "high"), [
    ("Each cell held 180-200 prisoners.", "180-200", 180, 200),
    ("The militia counts 500-2,000 fighters.", "500-2,000", 500, 2000),
    ("The festival drew 40–60 bands.", "40–60", 40, 60),
    ("Officials expect between 8 and 14 new wards.", "between 8 and 14", 8, 14),
    ("The survey covered people aged 15 to 24.", "15 to 24", 15, 24),
    ("Two or three suspects fled on foot.", "Two or three", 2, 3),
    ("Repairs will cost 2-3 million this year.", "2-3 million", 2_000_000, 3_000_000),
    ("Bids of €4-6 million were received.", "€4-6 million", 4_000_000, 6_000_000),
    ("Prices climbed 10-15% over the summer.", "10-15%", 10, 15),
    ("Grants of 5,000 to 10,000 euros are available.", "5,000 to 10,000 euros", 5000, 10000),
    ("Il corteo contava tra 300 e 400 persone.", "tra 300 e 400", 300, 400),
])
def test_ranges(text, surface, low, high):
    claims = extract_claims(text)
    assert [(c.surface, c.value_low, c.value_high) for c in claims] == [(surface, low, high)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The price rose from 15 to 24 dollars.", [("15", 15, 15), ("24 dollars", 24, 24)]),
    ("Nearly 70 soldiers and 30 rebels died.", [("Nearly 70", 70, 70), ("30", 30, 30)]),
])
def test_not_ranges(text, expected):
    assert [(c.surface, c.value_low, c.value_high) for c in extract_claims(text)] == expected


@pytest.mark.parametrize("text", [
    "The hosts won 2-1 after extra time.",
    "The vote passed 52-48 in the senate.",
    "They lost 0-3 at home.",
    "Results improved over FY2020-22.",
])
def test_scores_and_tallies_are_no_claims(text):
    assert extract_claims(text) == []


def test_qualifier_applies_to_whole_range():
    (c,) = extract_claims("The camp holds around 180-200 families.")
    assert (c.surface, c.qualifier, c.value_low, c.value_high) == ("around 180-200", "around", 180, 200)


@pytest.mark.parametrize(("text", "surface", "value", "unit"), [
    ("The region records 6 per 100,000 residents.", "6", 6, "per 100,000 residents"),
    ("There are 125 doctors per capita for every 1 million citizens.", "125", 125,
     "doctors per 1 million citizens"),
    ("Nearly one in five adults smoke.", "Nearly one", 1, "in five adults"),
])
def test_rates_keep_their_base_in_the_unit(text, surface, value, unit):
    claims = extract_claims(text)
    assert [(c.surface, c.value_low, c.unit) for c in claims] == [(surface, value, unit)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The tariffs cut output by 0.25 percent or $63.1 billion.",
     [("0.25 percent", 0.25, 0.25), ("$63.1 billion", 63_100_000_000, 63_100_000_000)]),
    ("Revenue rose 3.5 percent to $27.2 billion.",
     [("3.5 percent", 3.5, 3.5), ("$27.2 billion", 27_200_000_000, 27_200_000_000)]),
])
def test_no_range_across_different_units(text, expected):
    assert [(c.surface, c.value_low, c.value_high) for c in extract_claims(text)] == expected


def test_a_base_without_a_figure_before_it_is_a_claim():
    assert [(c.surface, c.unit) for c in extract_claims("A patrol passes every 10 minutes.")] == [("10", "minutes")]
