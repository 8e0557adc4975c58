"""Read a written date ("January 1, 2020", "1 gennaio 2020", "2020-01-01") as ISO 8601."""

from __future__ import annotations

import re
from datetime import date

from pipelines.core import rules

_MONTH_NUM = rules.month_numbers()   # rules/dates.toml [months.<language>]
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMERIC = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{2,4})")
_DAY_MONTH = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+([^\W\d_]+)\.?,?\s+(\d{4})")
_MONTH_DAY = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


# A dateline opens a body: up to four place or outlet names, each closed by a comma, then the date and a colon or
# dash ('Tirana, Albania, January 01 2020:', 'GENEVA, 3 March 2021 -').
_DATELINE = re.compile(
    r"(?:[^\W\d_][^,\n:.]{0,50},\s*){1,4}(?P<date>[^\W\d_]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[^\W\d_]+\.?,?\s+\d{4})\s*(?::|—|–|-|…|\.\.\.)")
# An author bio names its author first: 'Jane Roe is a senior analyst ...'.
_BIO = re.compile(r"^[*_\s]*(?P<name>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,3})\s+(?:is|was|has\s+been|serves\s+as"
                  r"|works\s+as|writes)\b")


def dateline_date(text: str) -> str | None:
    """ISO date of a dateline at the start of a paragraph, or None."""
    m = _DATELINE.match(text, 0, 200)
    return parse_date(m.group("date")) if m else None


def bio_name(text: str) -> str | None:
    """The name an author bio opens with, or None."""
    m = _BIO.match(text)
    return m.group("name") if m else None


def parse_date(text: str) -> str | None:
    """ISO date for the first date in text; numeric d/m/y is read day first (the European habit)."""
    m = _ISO.search(text)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DAY_MONTH.search(text)
    if m and m.group(2).lower() in _MONTH_NUM:
        return _iso(int(m.group(3)), _MONTH_NUM[m.group(2).lower()], int(m.group(1)))
    m = _MONTH_DAY.search(text)
    if m and m.group(1).lower() in _MONTH_NUM:
        return _iso(int(m.group(3)), _MONTH_NUM[m.group(1).lower()], int(m.group(2)))
    m = _NUMERIC.search(text)
    if m:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if y < 100:
            y += 2000
        if mo > 12 >= d:  # clearly month first (US style)
            d, mo = mo, d
        return _iso(y, mo, d)
    return None
