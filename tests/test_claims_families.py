"""Issue 14's families: compact units, names holding numbers, vague quantities, ages, kinds and normal units,
separators read from the document, units recovered from context, attribution. Sentences of our own."""

import pytest

from pipelines.core.claims import extract_claims
from pipelines.core.claims.kinds import KINDS, classify, singular


def _one(text):
    claims = extract_claims(text)
    assert len(claims) == 1, [(c.surface, c.value_low) for c in claims]
    return claims[0]


@pytest.mark.parametrize(("text", "value", "kind", "unit"), [
    ("The app maker raised $13.6M in its second round.", 13_600_000, "money", "USD"),
    ("A fund of €4.2bn was approved.", 4_200_000_000, "money", "EUR"),
    ("The shop took $450K over the holidays.", 450_000, "money", "USD"),
    ("The tender is worth RM79 per household.", 79, "money", "MYR"),
    ("Rmb5bn went to the ports.", 5_000_000_000, "money", "CNY"),
    ("The stock rose to 164p at noon.", 164, "money", "GBX"),
    ("The tuner picks up signals near 17kHz only.", 17, "measure", "kHz"),
    ("Rural lines now reach 30Mbps at peak.", 30, "measure", "Mbit/s"),
    ("The prototype makes 640bhp on the bench.", 640, "measure", "bhp"),
    ("Volunteers handed out 2.5M litres of water.", 2_500_000, "measure", "l"),
    ("The phone's cell stores 5,000mAh.", 5000, "measure", "mAh"),
])
def test_compact_units_and_scale_letters(text, value, kind, unit):
    c = _one(text)
    assert (c.value_low, c.kind, c.unit_normalized) == (value, kind, unit)


def test_glued_units_join_ranges():
    c = _one("The filter passes tones between 12kHz and 19kHz cleanly.")
    assert (c.value_low, c.value_high, c.unit_normalized) == (12, 19, "kHz")
    c = _one("The hatchback goes 0-to-60-mph quickly.")
    assert (c.value_low, c.value_high, c.unit_normalized) == (0, 60, "mph")


def test_video_format_is_no_pence():
    assert extract_claims("The camera films in 1080p at dusk.") == []


@pytest.mark.parametrize("text", [
    "He queued all night for the iPhone 11 Pro.",
    "The carrier grounded its only 787 Dreamliner for checks.",
    "Delegates met at 14 Harbour Road before lunch.",
    "The consulate sits at 221 Baker Street.",
    "FTSE 100 futures slipped before the open.",
    "Analysts watch the S&P 500 closely.",
    "Traders sold the Stoxx 50 on Friday.",
    "Her office is on floor 3 of the annex.",
    "Call the desk on extension 4455 after noon.",
    "Marks: Duarte: 6, tidy in midfield; Keane: 3, lost the runner.",
    "The second leg finished 1-1 and the tie went to penalties.",
    "They trailed 2-0 down at the interval.",
    "The hosts lost 1-3 in the final.",
])
def test_names_and_results_holding_numbers_are_no_claims(text):
    assert extract_claims(text) == [], [(c.surface, c.value_low) for c in extract_claims(text)]


def test_counts_next_to_names_stay_claims():
    assert [c.value_low for c in extract_claims("The lessor placed 30 Dreamliners with two carriers.")] == [30, 2]
    assert [c.unit for c in extract_claims("Guards held 20 Syrian refugees at the border.")] == ["Syrian refugees"]
    assert [c.value_low for c in extract_claims("Das Dorf hat 480 Einwohner und eine Schule.")] == [480]


@pytest.mark.parametrize(("text", "low", "high"), [
    ("Tens of thousands of fans lined the route.", 20_000, 99_999),
    ("Hundreds of thousands lost power.", 200_000, 999_999),
    ("Dozens of boats were damaged.", 24, 119),
    ("Several hundred porters went on strike.", 200, 900),
])
def test_vague_quantities_read_as_ranges(text, low, high):
    c = _one(text)
    assert (c.value_low, c.value_high, c.qualifier) == (low, high, None)


def test_vague_money():
    c = _one("The fraud cost pensioners millions of dollars.")
    assert (c.kind, c.unit_normalized) == ("money", "USD")


@pytest.mark.parametrize("text", [
    "Okonkwo, 52, has run the clinic since it opened.",
    "The pilot, Ines Varga, 38, walked away unhurt.",
    "Staff aged 60 may retire early.",
    "A 16-year-old was questioned.",
])
def test_ages_are_kind_age(text):
    c = _one(text)
    assert (c.kind, c.unit_normalized) == ("age", "yr")


def test_two_ages_in_apposition():
    claims = extract_claims("Ruiz, 47, and Brandt, 51, share the prize.")
    assert [(c.value_low, c.kind) for c in claims] == [(47, "age"), (51, "age")]


@pytest.mark.parametrize(("text", "unit"), [
    ("The strike lasted four weeks.", "wk"),
    ("It took 48 hours to restore the line.", "h"),
    ("Over the last two decades the town doubled.", "decade"),
    ("She was jailed for 15 years.", "yr"),
])
def test_durations_are_filterable(text, unit):
    c = _one(text)
    assert (c.kind, c.unit_normalized) == ("duration", unit)


@pytest.mark.parametrize(("unit", "kind", "norm"), [
    ("foreign fighters", "count", "foreign fighter"),
    ("people", "count", "person"),
    ("bodies", "count", "body"),
    ("EUR", "money", "EUR"),
    ("percent", "percent", "percent"),
    ("percentage points", "percent", "percentage point"),
    ("square meters", "measure", "m2"),
    ("kilometres", "measure", "km"),
    ("doctors per 10,000 residents", "rate", "doctor per 10000 resident"),
    ("cases of measles per 1 million children", "rate", "measles per 1000000 child"),
])
def test_kind_and_normal_unit(unit, kind, norm):
    assert classify(unit) == (kind, norm)
    assert kind in KINDS


def test_singular_keeps_words_that_are_not_plurals():
    assert [singular(w) for w in ("species", "census", "Albanians", "NGOs", "lorries", "abitanti")] == [
        "species", "census", "Albanian", "NGO", "lorry", "abitanti"]


def test_every_claim_has_a_kind():
    text = "About 40 people, 3 km away, paid €5 for 2 hours; 12% of them were aged 70."
    assert all(c.kind in KINDS for c in extract_claims(text))


# --- separators -------------------------------------------------------------------------------------------------

def test_comma_before_a_scale_word_is_ambiguous_and_says_so():
    c = _one("The region has a population of 4,215 million, the census says.")
    assert (c.value_low, c.alt_value_low, c.alt_value_high) == (4_215_000, 4_215_000_000, 4_215_000_000)


def test_currency_before_comma_and_scale_reads_as_accounts_do():
    c = _one("Revenue reached $1,250 million last year.")
    assert (c.value_low, c.alt_value_low) == (1_250_000_000, 1_250_000)


def test_document_mark_settles_the_reading():
    text = "The fund holds 4,215 million in bonds."
    assert _one(text).alt_value_low is not None
    decimal = extract_claims(text, decimal_mark=",")[0]
    point = extract_claims(text, decimal_mark=".")[0]
    assert (decimal.value_low, decimal.alt_value_low) == (4_215_000, None)
    # a document that writes decimals with a point has not shown how it groups before a scale word
    assert (point.value_low, point.alt_value_low) == (4_215_000, 4_215_000_000)


def test_passage_figures_settle_the_reading():
    assert _one("The debt is 3,750 million.").alt_value_low is not None
    claims = extract_claims("La spesa è di 2,5 milioni e il debito di 3,750 milioni.")
    assert [c.value_low for c in claims] == [2_500_000, 3_750_000]
    assert all(c.alt_value_low is None for c in claims)


def test_plain_groupings_stay_unambiguous():
    claims = extract_claims("The port moved 12,500 containers; il porto 12.500 container.")
    assert [c.value_low for c in claims][:1] == [12_500]
    assert all(c.alt_value_low is None for c in claims)
    assert _one("Il comune conta 12.500 abitanti.").value_low == 12_500


# --- units from context -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "units"), [
    ("At least 90 villagers were trapped and more than 30 of them were rescued.", ["villagers", "villagers"]),
    ("The shelling killed 12 and wounded 40 passengers.", ["passengers", "passengers"]),
    ("Only 9 of the 31 districts reported.", ["districts", "districts"]),
    ("One ranger was shot and two others were hurt.", ["ranger", "ranger"]),
    ("The quake left 14 dead and over 200 injured.", ["dead", "injured"]),
])
def test_units_recovered_from_neighbours(text, units):
    assert [c.unit for c in extract_claims(text)] == units


def test_parallel_list_shares_the_last_unit_and_its_rate():
    claims = extract_claims("Oslo leads with 61, Lima with 47, and Quito with 12 cases of flu per 10,000 residents.")
    assert [c.unit_normalized for c in claims] == ["flu per 10000 resident"] * 3
    assert {c.kind for c in claims} == {"rate"}


def test_generic_noun_takes_its_earlier_proper_modifier():
    text = "The town housed the PKX members for a year. Later it admitted some 150 members more."
    assert extract_claims(text)[-1].unit == "PKX members"


# --- attribution ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "source"), [
    ("The coastguard has identified 23 bodies so far.", "coastguard"),
    ("About 400 families have left, aid workers estimate.", "aid workers"),
    ("The health ministry recorded 318 new cases on Sunday.", "health ministry"),
    ("In the past year the police have counted 57 burglaries.", "police"),
])
def test_attribution_by_counting_verbs_and_trailing_sources(text, source):
    assert {c.attribution for c in extract_claims(text)} == {source}


# --- what a claim counts and whom it is about (claim_groups) ------------------------------------------------------

def test_subject_and_concept_line_up_different_wordings():
    from pipelines.core.claims.groups import concept_of, subject_of

    texts = ["Over the years at least 70 Moroccans have joined the so-called Islamic State in Syria.",
             "Morocco has sent around 90-110 foreign fighters to the war, the report says.",
             "Spain with 12, and Morocco with 21 cases of foreign fighters per million residents."]
    keys = set()
    for text in texts:
        c = [c for c in extract_claims(text) if c.kind in ("count", "rate")][-1]
        keys.add((subject_of(text, c.char_start, c.char_end, c.unit), concept_of(text, c.char_end, c.kind,
                                                                                 c.unit_normalized)))
    assert keys == {("Morocco", "foreign fighter")}


def test_money_and_durations_have_no_concept():
    from pipelines.core.claims.groups import concept_of

    assert concept_of("x", 0, "money", "EUR") is None
    assert concept_of("x", 0, "duration", "yr") is None
    assert concept_of("20 dead", 2, "count", "dead") == "death"
