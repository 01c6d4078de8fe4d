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
