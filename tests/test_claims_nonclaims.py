"""Numbers that are not quantities: years, dates, times, ordinals, identifiers, footnotes, lists, 'one'."""

import pytest

from pipelines.core.claims import extract_claims


def surfaces(text):
    return [c.surface for c in extract_claims(text)]


@pytest.mark.parametrize("text", [
    "In 2016, the parliament passed a new law.",
    "The treaty dates from 1901 and was renewed until 2006.",
    "The group went rogue in 2015 and split in 2017.",
    "A 2012 report warned of the risk.",
    "Between 2008 and 2012 the ban was lifted.",
    "The 2018 elections were postponed.",
    "The war lasted from 1992-95.",
    "He arrived around 2010, after the crisis.",
    "The mission was extended up to 2020.",
    "The monastery was built in 1350.",
    "The movement peaked in the 1970s.",
    "Rents rose sharply in the mid-1980s.",
    "The dispute goes back to '98.",
])
def test_years(text):
    assert surfaces(text) == []


@pytest.mark.parametrize("text", [
    "The summit opened on September 21.",
    "The decree was signed on 9 May.",
    "Talks resumed ([Daily Post](#), October 2, 2016).",
    "The deadline is May 9-10.",
    "Voting ran on 14 and 15 March.",
    "The law took effect on 2019-07-01.",
    "Results arrive on 21/09/2018.",
    "The bulletin was issued in April 2018.",
    "Il decreto è del 12 marzo.",
])
def test_dates(text):
    assert surfaces(text) == []


@pytest.mark.parametrize("text", [
    "The blast happened at 10:30 near the market.",
    "The curfew starts at 9 p.m. every night.",
    "The train left at 6am.",
    "The briefing is at 1400 GMT.",
])
def test_times(text):
    assert surfaces(text) == []


@pytest.mark.parametrize("text", [
    "She finished 2nd in the final.",
    "It was the 21st meeting of the council.",
    "The twenty-first session closed early.",
    "A third suspect escaped.",
])
def test_ordinals(text):
    assert surfaces(text) == []


@pytest.mark.parametrize("text", [
    "The council adopted Resolution 2396 unanimously.",
    "The essay appeared in Issue 19 of the review.",
    "Shelling hit district 13, 18 and 6 overnight.",
    "The interview aired on Channel 4 last night.",
    "COVID-19 closed the schools.",
    "Leaders met at the G7 summit.",
    "Rebels fired AK-47s in the air.",
    "Article 5 of the treaty was invoked.",
    "The patrol reached the K5 junction.",
    "The jet was a Boeing 737 Max.",
    "Flight MH17 was shot down.",
    "See page 45 and section 3 of the report.",
    "The text is in Volume 3.",
    "Law No. 120 regulates the sector.",
    "Art. 5 applies to all members.",
    "UNSCR 1373 obliges states to act.",
    "The striker wore #9 all season.",
])
def test_identifiers(text):
    assert surfaces(text) == []


@pytest.mark.parametrize("text", [
    "The figure was later revised [3] by the office.",
    "Several attacks followed.[12] Others were foiled.",
    "The case was closed.4 No appeal followed.",
    "The post got wide attention.^2",
])
def test_footnote_markers(text):
    assert surfaces(text) == []


@pytest.mark.parametrize("text", [
    "1. See the ministry press release.",
    "2) Members must register online.",
    "The plan has parts: (1) training and (2) funding.",
])
def test_list_numbering(text):
    assert surfaces(text) == []


@pytest.mark.parametrize("text", [
    "One must consider the cost.",
    "The city is one of many hubs.",
    "They dismantled one of the largest rings.",
    "On the one hand the plan is cheap.",
    "The risk is high in a region such as the northern one.",
    "In one speech he threatened the judges.",
    "No one was hurt.",
    "They blamed one another.",
    "It was a one-sided match.",
    "One study of older adults found the opposite.",
    "One night after the final, the coach resigned.",
    "According to the agency, one user posted the video.",
])
def test_pronoun_one(text):
    assert surfaces(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Only one soldier survived.", ["one"]),
    ("The raid killed one civilian and two guards.", ["one", "two"]),
    ("At least one bridge collapsed.", ["At least one"]),
    ("He got a one-year ban.", ["one"]),
    ("No troops died in the raid, but one police officer was wounded.", ["one"]),
    ("Dozens, including one child, were deported.", ["Dozens", "one"]),
])
def test_counted_one_is_a_claim(text, expected):
    assert surfaces(text) == expected


@pytest.mark.parametrize("text", [
    "Two-thirds of the budget went to defence.",
    "About one quarter of the revenue comes from ads.",
    "Read more at https://example.org/report/2019/07/15 today.",
    "Write to desk42@example.org for details.",
    "The service runs 24/7 across the city.",
    "The app reached version 2.1.3 last week.",
    "Support the two-state solution.",
    "Shares of Take-Two fell after the report.",
])
def test_other_non_quantities(text):
    assert surfaces(text) == []


def test_counts_after_a_name_stay():
    assert surfaces("In Syria 300 Albanians joined the group.") == ["300"]
    assert surfaces("Kosovo has 125 fighters; Bosnia 85 fighters.") == ["125", "85"]
    assert surfaces("Every day 300 people cross the border.") == ["300"]
    assert surfaces("Resolution 2178 covers at least 40 states.") == ["at least 40"]


def test_counts_next_to_years_stay():
    assert surfaces("In 2015, 120 families left; by 2021 about 2000 people had gone.") == ["120", "about 2000"]
    assert surfaces("On October 5, two members were arrested.") == ["two"]
    assert surfaces("The plant employs 1500 workers.") == ["1500"]
