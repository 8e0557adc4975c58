"""The claim grammar's vocabulary, from rules/ (claims.toml: words and phrases; claims_units.toml: currencies,
glued and written units, plurals), read and checked by pipelines.core.rules."""

from __future__ import annotations

from pipelines.core import rules

# plain word lists, by name; the month words from rules/dates.toml (its [claims] says whose)
LISTS: dict[str, tuple[str, ...]] = {**rules.words("claims"), **rules.claims_months()}
QUALIFIER_PHRASES: dict[str, tuple[str, ...]] = rules.families("claims", "qualifiers")


def parts(key: str) -> tuple[str, ...]:
    """The alternatives of a claims.toml pattern (fragments expanded)."""
    return rules.parts("claims", key)


def alternatives(key: str) -> str:
    """A claims.toml pattern's alternatives joined into one regex alternation (to be grouped by the caller)."""
    return "|".join(parts(key))


def values(table: str) -> dict[str, int | float]:
    """A claims.toml table of number words and their values."""
    return rules.values("claims", table)


def _pairs(key: str) -> dict[str, tuple[str, str]]:
    found = rules.table("claims_units", key)
    if not all(isinstance(v, list) and len(v) == 2 for v in found.values()):
        raise rules.RulesError(f"claims_units.toml [{key}]: expected surface = [normal form, kind]")
    return {k: tuple(v) for k, v in found.items() if not k.startswith("_")}


CURRENCY_PREFIXES: dict[str, str] = rules.table("claims_units", "currency_prefixes")   # lowercase symbol forms
CURRENCY_LETTERS: dict[str, str] = rules.table("claims_units", "currency_prefix_letters")  # case-sensitive
CURRENCY_CODES: tuple[str, ...] = rules.strings("claims_units", "currency_codes")
CURRENCY_WORDS: dict[str, str] = rules.table("claims_units", "currency_words")
GLUED: dict[str, tuple[str, str]] = _pairs("glued")
WORDS: dict[str, tuple[str, str]] = _pairs("words")   # units written as words
IRREGULAR_PLURALS: dict[str, str] = rules.table("claims_units", "irregular_plurals")
