"""Compile a rule pattern with its phrase alternations factored into a trie: the same matches, fewer branches tried.

The rules list their phrases as plain alternatives ("subscribe now|subscribe to|sign up|..."), which keeps the data
files readable. Python's re tries such an alternation branch by branch at every position of a line, so a list of a
hundred phrases costs a hundred tests per character. Factored as a trie ("s(?:ubscribe (?:now|to)|ign up)"), a
position that opens no phrase is left after one test per first letter. No maintained library does this on re's
own parse tree (trieregex and the like build a trie from plain strings, not from regular expressions with classes
and groups), hence this module.

It is exact: only alternatives that open on a literal ASCII character are regrouped, in their order; two such
alternatives whose first characters differ (case-folded under IGNORECASE) never match at the same position, so
moving one past the other changes no match; any other alternative (a class, a group, a non-ASCII letter whose case
folds are wider) stays where it stands and the alternatives around it are not moved across it. Groups are neither
made nor dropped, so group numbers and spans are the pattern's own. The compiled pattern keeps its source text
(pattern.pattern), so it prints, pickles and recompiles as the plain one. Where re's internals differ from the ones
this was written for, it is the plain re.compile.
"""

from __future__ import annotations

import re

try:   # re's parser, compiler and engine (private; present in 3.11-3.13): without them, plain re.compile
    import _sre
    from re import _compiler, _parser
    from re import _constants as _c
except ImportError:  # pragma: no cover
    _sre = _compiler = _parser = _c = None

_ASCII = 128


def _lead(alt: list) -> int | None:
    """The code point an alternative opens on when it opens on a literal ASCII character, else None."""
    if alt and alt[0][0] is _c.LITERAL and alt[0][1] < _ASCII:
        return alt[0][1]
    return None


def _factor(alts: list[list], state, ignore_case: bool) -> list[list]:
    """Alternatives (lists of parse items), those opening on the same literal grouped under it, in order."""
    out: list[list] = []
    i, n = 0, len(alts)
    while i < n:
        if _lead(alts[i]) is None:
            out.append(alts[i])   # a barrier: nothing moves across it
            i += 1
            continue
        j = i
        while j < n and _lead(alts[j]) is not None:
            j += 1
        groups: dict[object, list[list]] = {}
        for alt in alts[i:j]:
            key = chr(_lead(alt)).lower() if ignore_case else _lead(alt)
            groups.setdefault(key, []).append(alt)   # dicts keep the order of first appearance
        for group in groups.values():
            if len(group) == 1 or len({_lead(a) for a in group}) > 1:
                out.extend(group)   # one alternative, or "a…" beside "A…" under IGNORECASE: left as written
                continue
            rests = _factor([a[1:] for a in group], state, ignore_case)
            head = group[0][0]
            if len(rests) == 1:
                out.append([head, *rests[0]])
            else:
                out.append([head, (_c.BRANCH, (None, [_parser.SubPattern(state, r) for r in rests]))])
        i = j
    return out


def _walk(items: list, state, ignore_case: bool) -> list:
    """The parse items with every alternation inside them factored."""
    out = []
    for op, av in items:
        if op is _c.BRANCH:
            alts = _factor([_walk(list(s.data), state, ignore_case) for s in av[1]], state, ignore_case)
            if len(alts) == 1:
                out.extend(alts[0])
                continue
            av = (av[0], [_parser.SubPattern(state, a) for a in alts])
        elif op is _c.SUBPATTERN:
            group, add, dele, sub = av
            # a group that turns case folding on or off decides for what it holds
            inner = (ignore_case or bool(add & re.IGNORECASE)) and not dele & re.IGNORECASE
            av = (group, add, dele, _parser.SubPattern(state, _walk(list(sub.data), state, inner)))
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            av = (av[0], _parser.SubPattern(state, _walk(list(av[1].data), state, ignore_case)))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            av = (av[0], av[1], _parser.SubPattern(state, _walk(list(av[2].data), state, ignore_case)))
        elif op is _c.ATOMIC_GROUP:
            av = _parser.SubPattern(state, _walk(list(av.data), state, ignore_case))
        out.append((op, av))
    return out


def compile(source: str, flags: int = 0) -> re.Pattern:   # named as re.compile, a drop-in for it
    """re.compile(source, flags) with its alternations factored (the same matches, faster on long phrase lists)."""
    if _sre is None or not isinstance(source, str):
        return re.compile(source, flags)
    try:
        tree = _parser.parse(source, flags)
        tree.data = _walk(list(tree.data), tree.state, bool(tree.state.flags & re.IGNORECASE))
        state = tree.state
        indexgroup = [None] * state.groups
        for name, i in state.groupdict.items():
            indexgroup[i] = name
        return _sre.compile(source, flags | state.flags, _compiler._code(tree, flags), state.groups - 1,
                            state.groupdict, tuple(indexgroup))
    except (AttributeError, TypeError, ValueError, IndexError, RecursionError):
        # re's internals are not the ones this reads: the plain pattern (re.error from a bad source re raises too)
        return re.compile(source, flags)
