"""Whole numbers from a query string, a form or a URL: one safe reading for every view and filter.

``str.isdigit()`` is true for "²" and "١٢", which ``int()`` refuses or reads as 12, and a number
of any length parses in Python but overflows the database's integer columns (a 500 either way).
Here only ASCII digits count, and only within the range of the column the number is compared
with; anything else reads as "no number" and the caller decides (ignore the filter, 404, 400).
"""

from __future__ import annotations

import re

# The ranges of the integer columns on PostgreSQL (SQLite's are wider).
SMALLINT_MAX = 2**15 - 1  # PositiveSmallIntegerField: years, province codes, levels
INTEGER_MAX = 2**31 - 1  # IntegerField, PositiveIntegerField
BIGINT_MAX = 2**63 - 1  # BigAutoField primary keys, PositiveBigIntegerField

_ASCII_WHOLE = re.compile(r"[0-9]{1,19}")  # 19 digits hold every bigint; more never fits


def whole_number(value: object, *, low: int = 0, high: int = INTEGER_MAX) -> int | None:
    """The whole number written in ``value`` (ASCII digits, surrounding spaces allowed) when it
    lies within ``low``..``high``; None for anything else, an empty or missing value included."""
    text = value.strip() if isinstance(value, str) else ""
    if not _ASCII_WHOLE.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def primary_key(value: object) -> int | None:
    """A primary key (1.. the bigint maximum) written in ``value``, or None."""
    return whole_number(value, low=1, high=BIGINT_MAX)
