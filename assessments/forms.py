"""Reading criterion levels from the calculator's HTML form."""

import re
from collections.abc import Mapping

from . import scoring
from .messages import level_error_messages

FIELD_PREFIX = "c-"
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,6}")  # ASCII digits only: int() refuses "²" and "--1"


def field_name(code: str) -> str:
    return f"{FIELD_PREFIX}{code}"


def levels_from_form(
    snapshot: scoring.CatalogSnapshot, data: Mapping[str, str]
) -> tuple[dict[str, int], dict[str, str], dict[str, str]]:
    """Return (valid levels, errors by criterion code, raw choices by code).

    Blank answers mean "not answered yet". A bad value is reported and left out of the score, and
    the raw choices are returned so that the page shows back exactly what the user picked.
    """
    raw: dict[str, str] = {}
    for code in snapshot.criterion_codes:
        value = (data.get(field_name(code)) or "").strip()
        if value:
            raw[code] = value
    parsed = {code: int(v) if WHOLE_NUMBER.fullmatch(v) else v for code, v in raw.items()}
    try:
        return scoring.check_levels(snapshot, parsed), {}, raw
    except scoring.LevelsError as error:
        # (every value that is not an int is among the problems)
        good = {c: v for c, v in parsed.items() if c not in error.problems and isinstance(v, int)}
        return good, level_error_messages(error), raw


# A whole number as people type it: plain digits, or digits grouped by three with dots, commas
# or spaces ("1.250.000", "1,250,000", "1 250 000"); never a decimal ("12.5" is refused, not
# read as 125).
FIGURE_TEXT = re.compile(r"[0-9]{1,16}|[0-9]{1,3}(?:([.,  ])[0-9]{3})(?:\1[0-9]{3}){0,4}")


class FigureTextError(ValueError):
    """The text is not a whole number of đồng or a count."""


def figure_from_text(raw: str) -> int | None:
    """The figure a user typed (None: left empty); FigureTextError for anything else."""
    text = raw.strip()
    if not text:
        return None
    if not FIGURE_TEXT.fullmatch(text):
        raise FigureTextError(text)
    return int(re.sub(r"[.,  ]", "", text))
