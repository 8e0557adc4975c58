"""Word shingles of an article body: what two copies of one story still share after re-editing."""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Iterator

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


def shingle_stream(text: str, size: int, block: int = 1 << 20) -> Iterator[bytes]:
    """The runs of `size` consecutive words of a long text, one at a time, repeats included (what
    shingles() collects into a set), reading the text a block at a time: memory does not grow with the text.
    Blocks are cut at white space, so no word is split."""
    window: deque[str] = deque(maxlen=size)
    seen = 0
    start = 0
    while start < len(text):
        end = min(len(text), start + block)
        while end < len(text) and not text[end].isspace():
            end += 1
        for word in words(text[start:end]):
            window.append(word)
            seen += 1
            if len(window) == size:
                yield " ".join(window).encode()
        start = end
    if 0 < seen < size:
        yield " ".join(window).encode()
