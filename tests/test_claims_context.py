"""Unit (the counted thing), whole sentence and attribution of each claim."""

import pytest

from pipelines.core.claims import extract_claims


@pytest.mark.parametrize(("text", "unit"), [
    ("At least 120 volunteers have joined the effort.", "volunteers"),
    ("The army trained 300 foreign recruits last year.", "foreign recruits"),
    ("The plaza covers 8,000 square meters.", "square meters"),
    ("The town lost 40 percent of its trees.", "percent"),
    ("The port paid €9 million in fines.", "EUR"),
    ("Police arrested two JM members overnight.", "JM members"),
    ("A militia of around 1,000 armed villagers formed.", "armed villagers"),
    ("The study followed 42 women and 28 children.", "women"),
    ("Hundreds of Shia pilgrims gathered.", "Shia pilgrims"),
    ("He served a 15-year sentence.", "year"),
    ("The hikers walked 25km on the first day.", "km"),
    ("The sentence is 15 years.", "years"),
    ("The clinic saw 59 patients injured in the blast.", "patients"),
    ("The convoy included two more armoured trucks.", "armoured trucks"),
    ("Cases rose to 6 per 100,000 residents.", "per 100,000 residents"),
])
def test_unit(text, unit):
    assert extract_claims(text)[0].unit == unit


@pytest.mark.parametrize("text", [
    "More than 20 of them were killed.",
    "The raid killed 69 and wounded many.",
    "Bosnia reported 85, Belgium 42.",
])
def test_no_unit_when_nothing_is_counted(text):
    assert extract_claims(text)[0].unit is None


def test_sentence_is_the_whole_sentence():
    text = ("The storm hit the coast at night. Rescuers found 14 survivors near the U.S. base, officials said. "
            "Roads reopened on Monday.")
    (c,) = extract_claims(text)
    assert c.sentence == "Rescuers found 14 survivors near the U.S. base, officials said."


def test_sentence_does_not_split_on_abbreviations_or_decimals():
    text = "Dr. Lee counted 2.5 million birds in the St. Clair marshes."
    (c,) = extract_claims(text)
    assert c.sentence == text


@pytest.mark.parametrize(("text", "source"), [
    ("According to the Institute for Coastal Studies, 40 beaches have eroded.", "Institute for Coastal Studies"),
    ("According to research conducted by the Balkan Data Centre, 31 mosques were built.", "Balkan Data Centre"),
    ("At least 70 people fled, said Rivera.", "Rivera"),
    ("The Red Cross said 300 homes were damaged.", "Red Cross"),
    ("The port authority said about 2,000 tonnes were spilled.", "port authority"),
    ("Some 12 arrests were reported by the Evening Ledger.", "Evening Ledger"),
    ("Eight bridges collapsed ([Valley News](#), March 3).", "Valley News, March 3"),
    ("Eight bridges collapsed (Valley News, March 3, 2019).", "Valley News, March 3, 2019"),
    ("Four towns flooded ([Post](#), May 2; [Herald](#), May 4).", "Post, May 2; Herald, May 4"),
])
def test_attribution(text, source):
    assert extract_claims(text)[0].attribution == source


@pytest.mark.parametrize("text", [
    "The museum holds 4,000 paintings.",
    "Five ships docked (see chart below).",
    "He said 20 more would come.",
])
def test_no_attribution(text):
    assert extract_claims(text)[0].attribution is None


@pytest.mark.parametrize(("text", "unit"), [
    ("The survey covered people aged 15 to 24.", "years"),
    ("He retired at the age of 64.", "years"),
])
def test_ages_are_years(text, unit):
    assert extract_claims(text)[0].unit == unit


@pytest.mark.parametrize(("text", "units"), [
    ("The camp grew from 2,000 to 3,000 residents.", ["residents", "residents"]),
    ("Between them, 300 and 400 fighters left.", ["fighters", "fighters"]),
    ("A militia of 900 armed Hazaras formed.", ["armed Hazaras"]),
])
def test_unit_shared_and_adjectives(text, units):
    assert [c.unit for c in extract_claims(text)] == units


def test_bare_role_attribution():
    assert extract_claims("One or two suspects escaped, police said.")[0].attribution == "police"


@pytest.mark.parametrize(("text", "source"), [
    ("An estimated 6,000 Europeans left, the EU counter-terrorism coordinator said.",
     "EU counter-terrorism coordinator"),
    ("Sixty people were detained, said Interior Minister Ana Brka.", "Interior Minister Ana Brka"),
])
def test_attribution_skips_function_words(text, source):
    assert extract_claims(text)[0].attribution == source


@pytest.mark.parametrize(("text", "units"), [
    ("Police raided three churches.3 Nobody was hurt.", ["churches"]),
    ("Nine in ten Kosovars support the plan.", ["in ten Kosovars"]),
    ("By country: Albania (42), Kosovo (103).", [None, None]),
])
def test_units_stop_at_markers_and_verbs(text, units):
    assert [c.unit for c in extract_claims(text)] == units


@pytest.mark.parametrize(("text", "source"), [
    ("As Emily Feng reports for Radio Nord, two people were infected.", "Emily Feng"),
    ("Brad Marchand added three assists.", None),
    ("The risk was 20 percent, according to guidance from the Mayo Clinic.", "guidance from the Mayo Clinic"),
    ("The number who said they used it rose by 23 percent.", None),
    ("Alden on Tuesday announced that it had bought 25.2% of the shares.", None),
])
def test_attribution_edge_cases(text, source):
    assert extract_claims(text)[0].attribution == source
