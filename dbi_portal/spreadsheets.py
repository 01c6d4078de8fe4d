"""The one rule for text written to a spreadsheet (CSV or XLSX) that someone else will open.

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel and LibreOffice as a formula (OWASP "CSV injection"): an enterprise named
``=HYPERLINK("http://x","y")`` would become a live link in a ministry officer's workbook. Every
export passes the text it did not write itself through :func:`spreadsheet_text`, which puts a
leading apostrophe before such text so it stays text (openpyxl then stores a string cell, not a
formula, and a CSV cell starts with the quote).
"""

from __future__ import annotations

from typing import TypeVar

# https://owasp.org/www-community/attacks/CSV_Injection
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Value = TypeVar("Value")


def spreadsheet_text(value: Value) -> Value | str:
    """``value`` made safe for a spreadsheet cell: text that would start a formula gets a
    leading apostrophe; anything else (numbers, dates, None, harmless text) is returned as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
