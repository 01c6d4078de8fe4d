"""The national form's questions (catalog version official-2021, the current one) read from its
file, for the tests that answer them: the option that gives a level, the figures that give a
level. Expectations come from the file, never from the code under test."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

OFFICIAL_FILE = (
    Path(settings.BASE_DIR) / "fixtures" / "questionnaires" / "dbi-sme-2021" / "official-2021.json"
)
OFFICIAL = json.loads(OFFICIAL_FILE.read_text(encoding="utf-8"))
QUESTIONS = {q["criterion"]: q for q in OFFICIAL["questions"]}
FIGURE_CODES = [code for code, q in QUESTIONS.items() if q["kind"] == "figures"]
ANSWER_CODES = [code for code, q in QUESTIONS.items() if q["kind"] != "figures"]
SHARED_KEYS = [f["key"] for f in OFFICIAL["figures"] if f["shared"]]

# Every denominator is 1000 in the figures below: 0.1 % steps, enough to land exactly on any
# threshold (whole percents) and to stay below the next one.
DENOMINATOR = 1000


def position_for(code: str, level: int) -> int:
    """The position (the radio's value) of the first option of ``code`` that gives ``level``."""
    levels = [o["level"] for o in QUESTIONS[code]["options"]]
    return levels.index(level)


def min_percent(code: str, level: int) -> int:
    return next(t["min_percent"] for t in QUESTIONS[code]["thresholds"] if t["level"] == level)


def numerator_for(code: str, level: int) -> int:
    """Out of DENOMINATOR: exactly the threshold of ``level`` (0.1 % for a threshold of 0, which
    means "any share above 0"); 0 for level 0. The file's thresholds rise strictly, so the share
    stays below the next level's."""
    if level == 0:
        return 0
    return max(1, min_percent(code, level) * DENOMINATOR // 100)


def figures_for(codes: list[str], level: int) -> dict[str, int]:
    """{figure key: value} giving ``level`` to each figures criterion of ``codes`` (every
    denominator, shared or not, is DENOMINATOR)."""
    figures: dict[str, int] = {}
    for code in codes:
        question = QUESTIONS[code]
        figures[question["denominator"]] = DENOMINATOR
        figures[question["numerator"]] = numerator_for(code, level)
    return figures


def answers_for(codes: list[str], level: int) -> dict[str, int]:
    """{criterion code: option position} giving ``level`` to each criterion of ``codes`` answered
    with an option."""
    return {code: position_for(code, level) for code in codes if code in ANSWER_CODES}


def level_of(code: str, numerator: int, denominator: int) -> int:
    """The level the file's thresholds give a share, worked out here with exact integers."""
    if numerator == 0 or denominator == 0:
        return 0
    reached = [
        t["level"]
        for t in QUESTIONS[code]["thresholds"]
        if numerator * 100 >= t["min_percent"] * denominator
    ]
    return max(reached, default=0)
