"""Word shingles of an article body: what two copies of one story still share after re-editing."""

from __future__ import annotations

import re
import unicodedata

# letters and digits in any script; apostrophes and hyphens inside a word keep it whole ("port's", "mid-term")
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")


def words(text: str) -> list[str]:
    """The words of a text, case-folded and Unicode-normalised (NFKC), punctuation dropped."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingles(text: str, size: int) -> set[bytes]:
    """The distinct runs of `size` consecutive words (the whole text when it is shorter), UTF-8 encoded."""
    found = words(text)
    if len(found) <= size:
        return {" ".join(found).encode()} if found else set()
    return {" ".join(found[i:i + size]).encode() for i in range(len(found) - size + 1)}
