"""Rules as data: the vocabularies of the cleaner and the gate, read from rules/ and compiled once.

The project's rules/ folder (shipped in the package as pipelines/core/rules/data) holds one TOML file per
area: boilerplate.toml (plain-text lines), html.toml (page lines and class/id words), dates.toml (month
names), markers.toml (the gate's markers), claims*.toml (the claim grammar's words, units, places and concepts)
and sites/<host>.toml (site profiles). This module is their one
reader: it checks every file against the shape below and compiles each pattern once (functools.cache), so a
typo in a data file fails at the first use with the file and the key named.

A pattern is `[patterns.<name>]` with `any = [parts]` joined by "|", an optional `head` and `tail` around
them, `flags = "i"` to ignore case; `<<fragment>>` stands for an entry of the file's `[fragments]`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipelines.core.rules import factor

RULES_DIR = Path(__file__).resolve().parent / "data"
_FRAGMENT = re.compile(r"<<(?:(\w+):)?(\w+)>>")
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL}
_PATTERN_KEYS = frozenset({"any", "head", "tail", "flags"})


class RulesError(ValueError):
    """A rules file that cannot be read, or whose content does not have the expected shape."""


def rule_files() -> list[Path]:
    """Every rules file, sorted: what engine_version hashes (a change to a rule rebuilds)."""
    return sorted(RULES_DIR.rglob("*.toml"))


@cache
def load(name: str) -> dict:
    """The parsed rules file rules/<name>.toml (cached)."""
    path = RULES_DIR / f"{name}.toml"
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RulesError(f"rules file {path}: {exc}") from exc


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RulesError(f"{where}: expected a list of non-empty strings")
    return tuple(value)


def _expand(text: str, fragments: dict[str, str], where: str, depth: int = 0) -> str:
    def one(m: re.Match) -> str:
        table = _fragments(m.group(1)) if m.group(1) else fragments
        if m.group(2) not in table:
            raise RulesError(f"{where}: unknown fragment {m.group(0)}")
        if depth > 8:
            raise RulesError(f"{where}: fragments nest too deep")
        return _expand(table[m.group(2)], table, where, depth + 1)
    return _FRAGMENT.sub(one, text)


def _source(spec: object, fragments: dict[str, str], where: str) -> tuple[str, int]:
    if not isinstance(spec, dict) or "any" not in spec or set(spec) - _PATTERN_KEYS:
        raise RulesError(f"{where}: a pattern is a table of any = [...] and optional head, tail, flags")
    parts = _strings(spec["any"], f"{where}.any")
    head, tail, flags = spec.get("head", ""), spec.get("tail", ""), spec.get("flags", "")
    if not all(isinstance(v, str) for v in (head, tail, flags)) or set(flags) - set(_FLAGS):
        raise RulesError(f"{where}: head, tail and flags are strings (flags of {''.join(_FLAGS)})")
    source = _expand(head + "|".join(parts) + tail, fragments, where)
    bits = 0
    for f in flags:
        bits |= _FLAGS[f]
    return source, bits


def _fragments(name: str) -> dict[str, str]:
    fragments = load(name).get("fragments", {})
    if not isinstance(fragments, dict) or not all(isinstance(v, str) for v in fragments.values()):
        raise RulesError(f"{name}.toml [fragments]: expected strings")
    return fragments


@cache
def sources(name: str) -> dict[str, tuple[str, int]]:
    """Each pattern of rules/<name>.toml as (regex source, re flags), fragments expanded."""
    doc = load(name)
    fragments = _fragments(name)
    return {key: _source(spec, fragments, f"{name}.toml patterns.{key}")
            for key, spec in doc.get("patterns", {}).items()}


@cache
def patterns(name: str) -> dict[str, re.Pattern]:
    """Each pattern of rules/<name>.toml, compiled (once per process)."""
    out = {}
    for key, (source, flags) in sources(name).items():
        try:
            out[key] = factor.compile(source, flags)
        except re.error as exc:
            raise RulesError(f"{name}.toml patterns.{key}: {exc}") from exc
    return out


@cache
def words(name: str) -> dict[str, tuple[str, ...]]:
    """Each word list of rules/<name>.toml's [words], in file order."""
    return {key: _strings(v, f"{name}.toml words.{key}") for key, v in load(name).get("words", {}).items()}


@cache
def parts(name: str, key: str) -> tuple[str, ...]:
    """The alternatives of pattern `key` of rules/<name>.toml, each with its fragments expanded: a vocabulary that
    the code joins into a larger expression."""
    spec = load(name).get("patterns", {}).get(key)
    where = f"{name}.toml patterns.{key}"
    if spec is None:
        raise RulesError(f"{where}: no such pattern")
    _source(spec, _fragments(name), where)  # the shape, and every fragment known
    fragments = _fragments(name)
    out = tuple(_expand(p, fragments, where) for p in _strings(spec["any"], f"{where}.any"))
    for p in out:
        try:
            re.compile(p)
        except re.error as exc:
            raise RulesError(f"{where}: {p!r}: {exc}") from exc
    return out


@cache
def values(name: str, table: str) -> dict[str, int | float]:
    """A table of words and their numeric values (rules/<name>.toml [values.<table>]), in file order."""
    found = load(name).get("values", {}).get(table)
    if not isinstance(found, dict) or not found or not all(
            isinstance(k, str) and k and isinstance(v, int | float) and not isinstance(v, bool)
            for k, v in found.items()):
        raise RulesError(f"{name}.toml values.{table}: expected a table of word = number")
    return dict(found)


@cache
def table(name: str, key: str) -> dict:
    """Table `key` of rules/<name>.toml, its keys non-empty strings and its values strings, lists of strings or
    tables of those (a vocabulary of the claim grammar: units, places, concepts)."""
    found = load(name).get(key)
    where = f"{name}.toml [{key}]"

    def ok(v: object, depth: int = 0) -> bool:
        if isinstance(v, str):
            return True
        if isinstance(v, list):
            return all(isinstance(x, str) for x in v)
        return isinstance(v, dict) and depth < 2 and all(isinstance(k, str) and k and ok(x, depth + 1)
                                                         for k, x in v.items())
    if not isinstance(found, dict) or not ok(found):
        raise RulesError(f"{where}: expected a table of strings and lists of strings")
    return found


def strings(name: str, key: str) -> tuple[str, ...]:
    """Top-level list `key` of rules/<name>.toml, of non-empty strings."""
    return _strings(load(name).get(key), f"{name}.toml {key}")


def families(name: str, table: str) -> dict[str, tuple[str, ...]]:
    """A table of phrase lists by family (rules/<name>.toml [<table>]), e.g. the gate's markers."""
    groups = load(name).get(table)
    if not isinstance(groups, dict) or not groups:
        raise RulesError(f"{name}.toml [{table}]: expected a table of phrase lists")
    return {family: _strings(v, f"{name}.toml {table}.{family}") for family, v in groups.items()}


@cache
def month_numbers() -> dict[str, int]:
    """Month name or abbreviation (lower case) to its number, over every language of rules/dates.toml."""
    out: dict[str, int] = {}
    for lang, names in load("dates").get("months", {}).items():
        if not isinstance(names, dict):
            raise RulesError(f"dates.toml months.{lang}: expected name = number")
        for word, n in names.items():
            if not isinstance(n, int) or not 1 <= n <= 12 or out.get(word, n) != n:
                raise RulesError(f"dates.toml months.{lang}.{word}: a month number 1-12, the same in every language")
            out[word] = n
    return out


def _prefix_regex(names: list[str], where: str) -> str:
    """One regex for names that each start with the shortest: jan, january -> jan(?:uary)?; jun, june -> june?."""
    first, *longer = sorted(names, key=len)
    if not all(n.startswith(first) for n in longer):
        raise RulesError(f"{where}: {', '.join(names)}: the names of a month must each start with the shortest")
    if not longer:
        return first
    inner = _prefix_regex([n[len(first):] for n in longer], where)
    return first + (f"{inner}?" if len(inner) == 1 else f"(?:{inner})?")


@cache
def claims_months() -> dict[str, tuple[str, ...]]:
    """The month words the claims grammar reads, from rules/dates.toml ([claims] says whose months): the English
    names as one case-sensitive regex per month (english_months: Jan(?:uary)?), the English abbreviations (those a
    longer name of the month starts with, or a month's only name: Jan, Sept, May), capitalised, and the names of
    the other languages listed that are no English name, lower case, each once (foreign_months)."""
    dates = load("dates")
    months, spec = dates.get("months", {}), dates.get("claims", {})
    english, others = spec.get("english"), spec.get("other_languages")
    if english not in months or not isinstance(others, list) or not set(others) <= set(months):
        raise RulesError("dates.toml [claims]: english = a language of [months], other_languages = a list of them")
    month_numbers()  # checked: every name has one number in every language
    by_month: dict[int, list[str]] = {}
    for word, n in months[english].items():
        by_month.setdefault(n, []).append(word)
    where = f"dates.toml months.{english}"
    patterns = tuple(_prefix_regex(by_month[n], where) for n in by_month)
    abbreviations = tuple(w for w, n in months[english].items()
                          if len(by_month[n]) == 1 or any(o != w and o.startswith(w) for o in by_month[n]))
    foreign: list[str] = []
    for lang in others:
        foreign += [w for w in months[lang] if w not in months[english] and w not in foreign]
    return {"english_months": tuple(p[0].upper() + p[1:] for p in patterns),
            "month_abbreviations": tuple(w[0].upper() + w[1:] for w in abbreviations),
            "foreign_months": tuple(foreign)}


def _check_reason(reason: str, where: str) -> None:
    from pipelines.core.clean.model import REMOVAL_REASONS  # the reasons' vocabulary (a plain module)

    if reason not in REMOVAL_REASONS:
        raise RulesError(f"{where}: {reason!r} is no removal reason (one of {', '.join(REMOVAL_REASONS)})")


@cache
def furniture_words() -> dict[str, str]:
    """Class/id word to the removal reason it implies (rules/html.toml [furniture])."""
    out: dict[str, str] = {}
    for reason, ws in families("html", "furniture").items():
        _check_reason(reason, "html.toml furniture")
        for w in ws:
            out[w] = reason
    return out


@cache
def phrase_sources() -> tuple[tuple[str, str], ...]:
    """(reason, regex source) of each furniture phrase family of a page's lines, in the order they are tried."""
    src = sources("html")
    out = []
    for reason in _strings(load("html").get("phrase_order"), "html.toml phrase_order"):
        if f"phrase_{reason}" not in src:
            raise RulesError(f"html.toml phrase_order: no pattern named phrase_{reason}")
        out.append((reason, src[f"phrase_{reason}"][0]))
    return tuple(out)


@dataclass(frozen=True)
class SiteProfile:
    """What a user knows of one site: lines to drop by phrase, elements to drop by CSS selector or class."""

    host: str
    phrases: tuple[tuple[str, str], ...] = ()    # (reason, lower-case phrase a line holds)
    selectors: tuple[tuple[str, str], ...] = ()  # (reason, CSS selector)
    classes: tuple[tuple[str, str], ...] = ()    # (reason, class or id word)


_PROFILE_KEYS = frozenset({"host", "phrases", "selectors", "classes"})


def _pairs(value: object, where: str) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise RulesError(f"{where}: expected a table of reason = [...]")
    for reason in value:
        _check_reason(reason, where)
    return tuple((reason, item) for reason, items in value.items() for item in _strings(items, f"{where}.{reason}"))


@cache
def site_profiles() -> dict[str, SiteProfile]:
    """Every site profile of rules/sites/, by host (lower case, without "www.")."""
    out = {}
    for path in sorted((RULES_DIR / "sites").glob("*.toml")):
        try:
            with path.open("rb") as f:
                doc = tomllib.load(f)
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise RulesError(f"site profile {path}: {exc}") from exc
        where = f"sites/{path.name}"
        if set(doc) - _PROFILE_KEYS or not isinstance(doc.get("host"), str):
            raise RulesError(f"{where}: keys are host (required), phrases, selectors, classes")
        host = _host(doc["host"])
        out[host] = SiteProfile(host, tuple((r, p.lower()) for r, p in _pairs(doc.get("phrases"), where)),
                                _pairs(doc.get("selectors"), where), _pairs(doc.get("classes"), where))
    return out


def _host(value: str) -> str:
    host = value.strip().lower()
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", host).split("/", 1)[0].split(":", 1)[0]
    return host.removeprefix("www.")


def site_profile(url: str | None) -> SiteProfile | None:
    """The profile of the site a page's address belongs to (its host or a parent domain), or None."""
    if not url:
        return None
    profiles = site_profiles()
    if not profiles:
        return None
    host = _host(url)
    while host:
        if host in profiles:
            return profiles[host]
        host = host.partition(".")[2] if "." in host else ""
    return None
