"""Which of several lists of literal keys occur in a text, in one Aho-Corasick pass (pyahocorasick).

The rules' cheap key tests ("cookie", "©", "sign up", ...) stand before their costly patterns. As one re alternation
they cost a test per character and branch; an automaton reads each character once, whatever the number of keys, and
tells every list at once. Exactly a substring test: a key is in the text or it is not (no flags, no boundaries).
"""

from __future__ import annotations

from collections.abc import Sequence

import ahocorasick


class KeyLists:
    """Named lists of literal keys; mask(text) has bit k set when a key of list k is a substring of text."""

    def __init__(self, *lists: Sequence[str]) -> None:
        self._auto = ahocorasick.Automaton()
        for k, keys in enumerate(lists):
            for key in keys:
                if not key:
                    raise ValueError("an empty key is in every text")
                self._auto.add_word(key, self._auto.get(key, 0) | (1 << k))
        self._any = bool(len(self._auto))
        if self._any:
            self._auto.make_automaton()

    def mask(self, text: str) -> int:
        """Bit k set for every list k one of whose keys is in text."""
        if not self._any:
            return 0
        m = 0
        for _end, bits in self._auto.iter(text):
            m |= bits
        return m
