"""A faster "no" for case-insensitive rule patterns on ASCII lines: the same pattern, case-sensitive, on the
lower-cased line.

Python's re tries a case-insensitive alternation branch by branch, character by character; the same
alternation case-sensitive skips a branch on its first letter, two to five times faster on the rules' long
phrase lists. For an ASCII line the two agree exactly when no character the pattern reads would match
differently (an upper-case letter in it, a range over capitals, a non-ASCII letter that folds to ASCII, a
group that switches case on or off): `twin` checks every such element of the parsed pattern against all 128
ASCII characters and gives no twin when one differs. `Caseless` asks the twin first and, when it finds
something, runs the pattern itself, so callers get the very match object they had: the twin only says "no"
sooner. Lines with other characters go to the pattern alone.
"""

from __future__ import annotations

import re

from pipelines.core.rules import factor

try:   # re's parser and compiler (private, present in 3.11-3.13); without them there is no twin, same answers
    from re import _compiler, _parser
    from re import _constants as _c
except ImportError:  # pragma: no cover
    _compiler = _parser = _c = None

_ASCII = [chr(i) for i in range(128)]


def _one(op, av, flags: int) -> re.Pattern:
    state = _parser.State()
    state.flags = flags
    return _compiler.compile(_parser.SubPattern(state, [(op, av)]), flags)


def _same_on_ascii(op, av, flags: int) -> bool:
    """One character test: case-insensitive on c answers as case-sensitive on c.lower(), for every ASCII c."""
    folded, exact = _one(op, av, flags), _one(op, av, flags & ~re.IGNORECASE)
    return all(bool(folded.match(ch)) == bool(exact.match(ch.lower())) for ch in _ASCII)


_CHAR_OPS = ("LITERAL", "NOT_LITERAL", "IN", "ANY")
_ZERO_OPS = ("AT",)


def _check(seq, flags: int) -> bool:
    for op, av in seq:
        name = str(op)
        if name in _CHAR_OPS:
            if name != "ANY" and not _same_on_ascii(op, av, flags):
                return False
        elif name in _ZERO_OPS:
            continue
        elif name == "SUBPATTERN":
            _group, add, dele, sub = av
            if add or dele or not _check(sub, flags):
                return False
        elif name == "BRANCH":
            if not all(_check(alt, flags) for alt in av[1]):
                return False
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            if not _check(av[2], flags):
                return False
        elif name in ("ASSERT", "ASSERT_NOT"):
            if not _check(av[1], flags):
                return False
        elif name == "ATOMIC_GROUP":
            if not _check(av, flags):
                return False
        else:
            return False   # back references, conditionals, anything else: no twin
    return True


def twin(pattern: re.Pattern) -> re.Pattern | None:
    """The case-sensitive twin of a case-insensitive pattern, for lower-cased ASCII text; None if it has none."""
    if _parser is None or not isinstance(pattern.pattern, str) or not pattern.flags & re.IGNORECASE:
        return None
    flags = pattern.flags & ~re.UNICODE   # the flags as parsed (str patterns add UNICODE themselves)
    try:
        if not _check(_parser.parse(pattern.pattern, flags), pattern.flags):
            return None
        return factor.compile(pattern.pattern, flags & ~re.IGNORECASE)
    except (re.error, TypeError, ValueError, AttributeError):
        return None


class Caseless:
    """A rule pattern whose match, search and findall on an ASCII line ask the case-sensitive twin first."""

    __slots__ = ("_findall", "_match", "_search", "_tmatch", "_tsearch", "pattern_obj")

    def __init__(self, pattern: re.Pattern, same: re.Pattern) -> None:
        self.pattern_obj = pattern
        self._match, self._search, self._findall = pattern.match, pattern.search, pattern.findall
        self._tmatch, self._tsearch = same.match, same.search

    def match(self, text, *args):
        if not args and text.isascii() and self._tmatch(text.lower()) is None:
            return None
        return self._match(text, *args)

    def search(self, text, *args):
        if not args and text.isascii() and self._tsearch(text.lower()) is None:
            return None
        return self._search(text, *args)

    def findall(self, text, *args):
        if not args and text.isascii() and self._tsearch(text.lower()) is None:
            return []
        return self._findall(text, *args)

    def __getattr__(self, name):
        return getattr(self.pattern_obj, name)


def caseless(pattern: re.Pattern):
    """The pattern behind a Caseless first test when it has a twin, else the pattern itself."""
    same = twin(pattern)
    return pattern if same is None else Caseless(pattern, same)


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")   # back references and conditionals: group numbers would move
_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))


def union(*pats):
    """One pattern that matches where one of `pats` matches (at the same position), behind a caseless first test:
    a prefilter, when it finds nothing none of them would. None when they cannot be joined (back references)."""
    raw = [getattr(p, "pattern_obj", p) for p in pats]
    if any(not isinstance(p.pattern, str) or _BACKREF.search(p.pattern) for p in raw):
        return None
    flags = {p.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL) for p in raw}
    # named groups would clash; unnamed ones only number differently, which a yes/no test does not read
    sources = [_NAMED_GROUP.sub("(?:", p.pattern) for p in raw]
    try:
        if len(flags) == 1:   # one set of flags: the union is one alternation with them, a twin possible
            return caseless(factor.compile("|".join(f"(?:{s})" for s in sources), flags.pop()))
        scoped = []
        for p, s in zip(raw, sources, strict=True):
            on = "".join(ch for f, ch in _FLAG_LETTERS if p.flags & f)
            scoped.append(f"(?{on}:{s})" if on else f"(?:{s})")
        return factor.compile("|".join(scoped))
    except re.error:
        return None
