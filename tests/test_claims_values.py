"""Numbers and their values: digits, number words, scaled numbers, money, percentages, other formats."""

import pytest

from pipelines.core.claims import extract_claims


def only(text):
    claims = extract_claims(text)
    assert len(claims) == 1, [c.surface for c in claims]
    return claims[0]


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("The shelter now houses 312 dogs.", "312", 312),
    ("Officers seized 14,250 cartons of cigarettes.", "14,250", 14250),
    ("The fund holds 1,204,500 shares.", "1,204,500", 1204500),
    ("Average rainfall was 3.75 millimetres.", "3.75", 3.75),
    ("The ferry carried 1500 passengers.", "1500", 1500),
    ("Eleven climbers reached the summit.", "Eleven", 11),
    ("The club has forty members.", "forty", 40),
    ("Rescuers pulled twenty-three miners out.", "twenty-three", 23),
    ("The villagers planted a dozen olive trees.", "a dozen", 12),
    ("They sold two hundred and fifty tickets.", "two hundred and fifty", 250),
    ("The district has three thousand five hundred voters.", "three thousand five hundred", 3500),
    ("Half a dozen boats capsized.", "Half a dozen", 6),
    ("A hundred lanterns were lit.", "A hundred", 100),
])
def test_counts(text, surface, value):
    c = only(text)
    assert (c.surface, c.value_low, c.value_high) == (surface, value, value)


@pytest.mark.parametrize(("text", "surface", "value", "unit"), [
    ("The city will receive 2.4 million in grants.", "2.4 million", 2_400_000, None),
    ("The bridge cost €2.4 million to repair.", "€2.4 million", 2_400_000, "EUR"),
    ("The museum raised $3.5bn.", "$3.5bn", 3_500_000_000, "USD"),
    ("A ticket costs £12.", "£12", 12, "GBP"),
    ("The fine was EUR 3,000 per firm.", "EUR 3,000", 3000, "EUR"),
    ("The grant amounts to 40,000 euros.", "40,000 euros", 40000, "EUR"),
    ("He paid a thousand dollars for it.", "a thousand dollars", 1000, "USD"),
    ("The region lost nearly two million residents.", "nearly two million", 2_000_000, "residents"),
    ("Il comune ha speso 1,5 milioni di euro per la scuola.", "1,5 milioni di euro", 1_500_000, "EUR"),
    ("La regione conta 2,3 milioni di abitanti.", "2,3 milioni", 2_300_000, "abitanti"),
    ("Lo stadio occupa una superficie di 45.000 metri quadrati.", "45.000", 45000, "metri quadrati"),
    ("Il governo ha stanziato 3 miliardi per la sanità.", "3 miliardi", 3_000_000_000, None),
])
def test_scaled_and_money(text, surface, value, unit):
    c = only(text)
    assert (c.surface, c.value_low, c.unit) == (surface, value, unit)
    assert c.value_high == c.value_low


@pytest.mark.parametrize(("text", "surface", "value"), [
    ("Turnout reached 64% in the valley.", "64%", 64),
    ("Inflation slowed to 2.1 per cent.", "2.1 per cent", 2.1),
    ("Support for the plan stands at 38 percent.", "38 percent", 38),
    ("Only twelve percent of roads are paved.", "twelve percent", 12),
])
def test_percentages(text, surface, value):
    c = only(text)
    assert (c.surface, c.value_low, c.unit) == (surface, value, "percent")


@pytest.mark.parametrize(("text", "surface", "low", "high"), [
    ("Hundreds of pilgrims camped outside.", "Hundreds", 200, 999),
    ("Dozens of shops were looted.", "Dozens", 24, 119),
    ("Tens of thousands of workers marched.", "Tens of thousands", 20_000, 99_999),
])
def test_vague_round_numbers(text, surface, low, high):
    c = only(text)
    assert (c.surface, c.value_low, c.value_high) == (surface, low, high)


def test_values_are_exact_floats():
    c = only("The programme received €1.1 million.")
    assert c.value_low == 1_100_000.0


@pytest.mark.parametrize(("text", "surface", "value", "unit"), [
    ("Some 1.5m people fled the floods.", "Some 1.5m", 1_500_000, "people"),
    ("Exports reached 3m barrels a day.", "3m", 3_000_000, "barrels"),
    ("The new wall is 10m high.", "10m", 10, "m"),
    ("The club paid £12m for the striker.", "£12m", 12_000_000, "GBP"),
    ("The park draws 40k visitors a year.", "40k", 40_000, "visitors"),
    ("About one and a half million voters stayed home.", "About one and a half million", 1_500_000, "voters"),
    ("Le projet coûte 3,5 millions d'euros.", "3,5 millions d'euros", 3_500_000, "EUR"),
    ("Das Projekt kostet 2,5 Millionen Euro.", "2,5 Millionen Euro", 2_500_000, "EUR"),
    ("The chip runs at 2.4GHz.", "2.4", 2.4, "GHz"),
])
def test_abbreviated_scales_and_other_languages(text, surface, value, unit):
    c = only(text)
    assert (c.surface, c.value_low, c.unit) == (surface, value, unit)
