"""A factored rule pattern finds what the plain pattern finds, with the same groups, in every rules file."""

import re
from pathlib import Path

import pytest

from pipelines.core.rules import RULES_DIR, factor, sources

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# lines of our own, in the shapes the rules look for, several languages and case folds that are not ASCII
LINES = [
    "Share on Facebook", "SHARE ON TWITTER | LINKEDIN", "Print this page", "Skip to main content", "Related stories",
    "Read more: the port reopens", "Subscribe to our weekly newsletter", "Sign up now", "Leave a comment",
    "Posted on 3 May 2024 by Ana Ruiz", "Published: 2024-05-03 10:15", "Accept all cookies", "We use cookies to",
    "© 2023 Harbour Review. All rights reserved.", "Photo: Reuters/Jane Doe", "Figure 3: Arrivals by month",
    "Leggi anche", "Iscriviti alla newsletter", "Tutti i diritti riservati", "Alle Rechte vorbehalten",
    "Kelvin \u212a and long \u017f", "Haklar\u0131 sakl\u0131d\u0131r", "", "x.com/someone", "Page 4 of 12",
    "At least 120 volunteers joined the clean-up on Saturday, the mayor said.", "between 180 and 200 boats",
    "3 responses to \u201cA quiet harbour\u201d", "Anna says:", "March 3, 2021 at 9:14 pm", "Reply", "Menu",
    "Home \u00bb News \u00bb Harbour", "Contents ........ 4", "By continuing to browse this site you agree",
]


def _lines() -> list[str]:
    out = list(LINES)
    for path in sorted(SEEDS.glob("*.txt")):
        out += [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()][:400]
    return out + [t.upper() for t in LINES] + [t.lower() for t in LINES]


def _same(a: re.Match | None, b: re.Match | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.span() == b.span() and a.groups() == b.groups() and a.groupdict() == b.groupdict() and \
        all(a.span(i) == b.span(i) for i in range(len(a.groups()) + 1))


def _every_pattern() -> list[tuple[str, str, int]]:
    names = [p.stem for p in sorted(RULES_DIR.glob("*.toml"))]
    return [(f"{name}.{key}", src, flags) for name in names for key, (src, flags) in sources(name).items()]


@pytest.mark.parametrize(("where", "source", "flags"), _every_pattern(), ids=lambda v: v if isinstance(v, str) and
                         len(v) < 60 else "")
def test_factored_rule_pattern_matches_as_the_plain_one(where, source, flags):
    plain, fast = re.compile(source, flags), factor.compile(source, flags)
    assert fast.pattern == plain.pattern and fast.flags == plain.flags and fast.groups == plain.groups
    assert fast.groupindex == plain.groupindex
    for text in _lines():
        assert _same(plain.match(text), fast.match(text)), (where, text)
        assert _same(plain.search(text), fast.search(text)), (where, text)
        assert plain.findall(text) == fast.findall(text), (where, text)


@pytest.mark.parametrize(("source", "flags", "texts"), [
    ("ab|ac|b|abc", 0, ["abc", "ac", "b", "xab"]),          # leftmost-first: "ab" before "abc"
    ("abc|ab", 0, ["abc", "abd"]),                           # ... and "abc" before "ab"
    ("ab|[a-z]x|ac", 0, ["ax", "ac", "ab"]),                 # a class between: the alternatives keep their sides
    ("a(b)|a(c)|(a)d", 0, ["ab", "ac", "ad"]),               # group numbers and spans stay
    ("(?P<x>ab)|ac", 0, ["ab", "ac"]),
    ("subscribe now|subscribe|sign up|SIGN IN", re.I, ["Subscribe Now", "sign UP", "Sign in", "subscriber"]),
    ("a1|A2|a3", re.I, ["a2", "A3", "a1"]),                  # "a" beside "A" under IGNORECASE: left as written
    ("k1|\u212a2|s1|\u017f2", re.I, ["K2", "k1", "S2", "\u017f1"]),  # non-ASCII folds: barriers
    (r"(?<=\bon )(?:mon|monday|tue)", 0, ["on monday", "on tue"]),
    (r"(?i:share|shop)|Sh", 0, ["SHOP", "Sh", "sh"]),
    (r"\b(?:read more|read also|related)\b:?", re.I, ["Read also:", "READ MORE", "related"]),
])
def test_factoring_keeps_the_order_and_groups(source, flags, texts):
    plain, fast = re.compile(source, flags), factor.compile(source, flags)
    for text in texts:
        for meth in ("match", "search", "fullmatch"):
            assert _same(getattr(plain, meth)(text), getattr(fast, meth)(text)), (source, meth, text)
        assert plain.findall(text) == fast.findall(text)


def test_factored_alternation_is_a_trie():
    # one branch per first letter: the compiled code of a long phrase list shrinks (fewer branches tried)
    words = [f"{a}{b}word" for a in "abcdefgh" for b in "xyz"]
    source = "|".join(words)
    assert len(factor._walk(list(re._parser.parse(source).data), None, False)[0][1][1]) == 8


def test_bad_source_raises_as_re_does():
    with pytest.raises(re.error):
        factor.compile("(unclosed")
