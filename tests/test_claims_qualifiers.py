"""Qualifier words are normalised and included in the claim's surface."""

import pytest

from pipelines.core.claims import QUALIFIERS, extract_claims


@pytest.mark.parametrize(("text", "surface", "qualifier"), [
    ("At least 40 houses burned.", "At least 40", "at_least"),
    ("The storm felled no fewer than 300 trees.", "no fewer than 300", "at_least"),
    ("More than 2,000 runners entered.", "More than 2,000", "more_than"),
    ("The lake covers over 70 hectares.", "over 70", "more_than"),
    ("Well over 500 guests attended.", "Well over 500", "more_than"),
    ("Fewer than 30 students passed.", "Fewer than 30", "less_than"),
    ("The fire burned less than 5% of the park.", "less than 5%", "less_than"),
    ("The village has under 900 inhabitants.", "under 900", "less_than"),
    ("Up to 3,000 homes may flood.", "Up to 3,000", "at_most"),
    ("The hall seats at most 250 people.", "at most 250", "at_most"),
    ("As many as 60 workers were laid off.", "As many as 60", "at_most"),
    ("About 120 refugees arrived.", "About 120", "around"),
    ("Around 1,000 families were evacuated.", "Around 1,000", "around"),
    ("Some 450 volunteers helped.", "Some 450", "around"),
    ("Roughly twenty boats sank.", "Roughly twenty", "around"),
    ("The works cost approximately €4 million.", "approximately €4 million", "around"),
    ("An estimated 8,000 birds nest there.", "An estimated 8,000", "around"),
    ("Nearly 59 soldiers were captured.", "Nearly 59", "nearly"),
    ("Almost half a million people voted.", "Almost half a million", "nearly"),
    ("Close to 90 percent of the crop was lost.", "Close to 90 percent", "nearly"),
    ("The club signed more than a dozen players.", "more than a dozen", "more_than"),
    ("Il progetto coinvolge almeno 120 famiglie.", "almeno 120", "at_least"),
    ("Il sindaco stima circa 400 partecipanti.", "circa 400", "around"),
    ("La frana ha colpito oltre 300 case.", "oltre 300", "more_than"),
    ("The wreck lies more or less 40 metres down.", "more or less 40", "around"),
    ("The camp held ~500 tents.", "~500", "around"),
    ("Samples showed >100 particles.", ">100", "more_than"),
    ("Only <5% of claims were paid.", "<5%", "less_than"),
])
def test_qualifier_before(text, surface, qualifier):
    (c,) = extract_claims(text)
    assert (c.surface, c.qualifier) == (surface, qualifier)
    assert qualifier in QUALIFIERS


@pytest.mark.parametrize(("text", "surface", "qualifier"), [
    ("Twenty or so fans waited.", "Twenty or so", "around"),
    ("The firm hired 200+ engineers.", "200+", "at_least"),
    ("There were 30-odd police officers.", "30-odd", "around"),
    ("Five or more witnesses came forward.", "Five or more", "at_least"),
])
def test_qualifier_after(text, surface, qualifier):
    (c,) = extract_claims(text)
    assert (c.surface, c.qualifier) == (surface, qualifier)


@pytest.mark.parametrize("text", [
    "The clinic treated 42 patients.",
    "Over the last three years the market grew.",
    "Only seven ships docked.",
    "He spoke about the 12 defendants.",
])
def test_no_qualifier(text):
    claims = extract_claims(text)
    assert claims and all(c.qualifier is None for c in claims)
