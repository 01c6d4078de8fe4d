"""Reading the calculator's HTML form: the option picked for each criterion (``c-<code>`` = the
option's position) and the figures typed (``f-<figure key>``), turned into levels by
``assessments.answering`` exactly as the score API does."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import answering, scoring
from .figures import Computation
from .messages import answer_problem_message, figure_text_message

if TYPE_CHECKING:
    from .selectors import Questionnaire

FIELD_PREFIX = "c-"
FIGURE_PREFIX = "f-"
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,6}")  # ASCII digits only: int() refuses "²" and "--1"


def field_name(code: str) -> str:
    return f"{FIELD_PREFIX}{code}"


def figure_field_name(key: str) -> str:
    return f"{FIGURE_PREFIX}{key}"


@dataclass(frozen=True)
class CalculatorForm:
    """What the calculator form gives: the levels to score, what the user sent (to show it back
    exactly), and each problem next to its input — by criterion code, or by figure key for the
    figures asked once (total staff, revenue…)."""

    levels: dict[str, int]
    computations: dict[str, Computation]
    chosen: dict[str, str]  # {criterion code: option position as sent}
    typed: dict[str, str]  # {figure key: text as typed}
    figures: dict[str, int]  # the figures typed that read as whole numbers
    errors: dict[str, str]  # {criterion code: message}
    figure_errors: dict[str, str]  # {shared figure key: message}


def _figure_owners(asked: Questionnaire) -> dict[str, str]:
    """{figure key: criterion code} of the figures that belong to one criterion."""
    owners = {}
    for question in asked.figure_questions():
        for term in (question.numerator, question.denominator):
            if term is not None and not term.shared:
                owners[term.key] = question.criterion.code
    return owners


def levels_from_form(
    snapshot: scoring.CatalogSnapshot, asked: Questionnaire, data: Mapping[str, str]
) -> CalculatorForm:
    """Blank answers and figures mean "not answered yet". A bad value is reported next to its
    criterion (or its shared figure) and left out of the score; the rest is scored."""
    chosen: dict[str, str] = {}
    for code in snapshot.criterion_codes:
        value = (data.get(field_name(code)) or "").strip()
        if value:
            chosen[code] = value
    answers = {code: int(v) if WHOLE_NUMBER.fullmatch(v) else v for code, v in chosen.items()}
    typed: dict[str, str] = {}
    figures: dict[str, int] = {}
    text_errors: dict[str, str] = {}
    for field in asked.figures:
        text = (data.get(figure_field_name(field.key)) or "").strip()
        if not text:
            continue
        typed[field.key] = text
        try:
            figure = figure_from_text(text)
        except FigureTextError:
            text_errors[field.key] = figure_text_message(text)
            continue
        if figure is not None:
            figures[field.key] = figure
    answered = answering.levels_from_answers(
        snapshot, asked.answering, answers=answers, figures=figures
    )
    labels = {f.key: f.label for f in asked.figures}
    errors = {
        code: answer_problem_message(problem, labels)
        for code, problem in answered.problems.get(answering.ANSWERS, {}).items()
    }
    owners = _figure_owners(asked)
    figure_errors: dict[str, str] = {}
    figure_messages = {
        key: answer_problem_message(problem, labels)
        for key, problem in answered.problems.get(answering.FIGURES, {}).items()
    } | text_errors
    for key, message in figure_messages.items():
        if key in owners:
            errors.setdefault(owners[key], message)
        else:
            figure_errors[key] = message
    return CalculatorForm(
        levels=answered.levels,
        computations=answered.computations,
        chosen=chosen,
        typed=typed,
        figures=figures,
        errors=errors,
        figure_errors=figure_errors,
    )


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
