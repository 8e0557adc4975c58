"""The case-sensitive twin of a rule pattern answers as the pattern does, or there is no twin."""

import re

import pytest

import pipelines.core.clean.boilerplate as bp
from pipelines.core.clean.caseless import Caseless, caseless, twin

LINES = [
    "Share on Facebook", "SHARE ON TWITTER | LINKEDIN", "Print", "e-mail", "EMAIL this story", "Skip to content",
    "Related Articles", "Read more:", "Subscribe to our newsletter", "Leave a Reply", "Posted on 3 May 2024",
    "Accept all cookies", "Kelvin \u212a and long \u017f", "Haklar\u0131 sakl\u0131d\u0131r", "", "x.com/someone",
    "The council met on Tuesday to discuss the budget.", "Menu", "Home | News | Sport", "NEWSLETTER",
]


def _all_patterns():
    found = [(name, p.pattern_obj if isinstance(p, Caseless) else p) for name, p in vars(bp).items()]
    return [(name, p) for name, p in found if isinstance(p, re.Pattern) and p.flags & re.I]


@pytest.mark.parametrize(("name", "pattern"), _all_patterns())
def test_twin_agrees_on_ascii_lines(name, pattern):
    same = twin(pattern)
    if same is None:
        return
    for text in LINES + [t.upper() for t in LINES] + [t.lower() for t in LINES]:
        if text.isascii():
            for meth in ("match", "search"):
                assert (getattr(pattern, meth)(text) is None) == (getattr(same, meth)(text.lower()) is None), \
                    (name, meth, text)


def test_no_twin_where_folding_differs():
    # a dotless i matches "i" and "I" case-insensitively: lower-casing the line cannot stand for that
    assert twin(re.compile("hakl\u0131", re.I)) is None
    assert twin(re.compile("[A-Z]{2}", re.I)) is None           # a range over capitals
    assert twin(re.compile("(?-i:AFP)|photo", re.I)) is None    # a group that switches case back on
    assert twin(re.compile("abc")) is None                      # case-sensitive already
    assert twin(re.compile(r"\b(share|print)\b", re.I)) is not None


def test_caseless_returns_the_patterns_own_match():
    p = re.compile(r"\b(facebook|twitter)\b", re.I)
    c = caseless(p)
    assert isinstance(c, Caseless)
    m = c.search("Follow us on FaceBook")
    assert m is not None and m.group(0) == "FaceBook" and m.re is p
    assert c.search("nothing here") is None
    assert c.findall("Twitter and Facebook") == ["Twitter", "Facebook"]
    assert c.findall("none") == []
    assert c.sub(" ", "a Twitter b") == "a   b"             # everything else is the pattern's own
    assert c.search("Caf\u00e9 Facebook") is not None       # a non-ASCII line goes to the pattern alone


def test_union_matches_where_one_of_its_patterns_does():
    from pipelines.core.clean.caseless import union

    pats = [re.compile(r"^(?P<w>leave a reply|post a comment)", re.I), re.compile(r"^(?-i:AFP)\b|^photo", re.I),
            re.compile(r"^[A-Z]{2,}$"), re.compile(r"^menu$", re.I | re.M)]
    u = union(*pats)
    assert u is not None
    texts = [*LINES, "AFP", "afp", "Photo: x", "ABC", "abc", "MENU", "Leave a REPLY", "x\nmenu"]
    for text in texts + [t.upper() for t in texts] + [t.lower() for t in texts]:
        assert (u.match(text) is None) == all(p.match(text) is None for p in pats), text
    same_flags = union(*pats[:1], re.compile("^print", re.I))
    assert isinstance(same_flags, Caseless)   # one set of flags: the union has a twin
    assert union(re.compile(r"(a)\1")) is None   # a back reference would point at another group
    short = [getattr(bp, n) for n in ("_COMMENT_HEAD", "_NAV_PHRASE", "_RELATED_HEAD", "_AD", "_TOC_HEAD")]
    for text in LINES + [t.upper() for t in LINES]:
        if bp._SHORT_ANY.match(text) is None:   # the prefilter's "no" is every pattern's
            assert all(p.match(text) is None for p in short), text
