"""Levels from what someone answered on a version's questions: the position of the option picked,
the figures of a criterion asked as figures, or a level given outright (the API's and the CLI's
``levels``). Pure: fed plain data (``AskedSnapshot``), so the calculator page, the score API and
``manage.py score_assessment`` give the same levels, computations and problems for the same input.

A criterion asked as figures takes its level from its figures only (``assessments.figures``); a
level or an answer given for it is a problem. Every problem is named by the part of the input
(``levels``, ``answers``, ``figures``) and the key it is about; the good values are still turned
into levels, so a page can score what is sound and show each problem next to its input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import scoring
from .figures import Computation, FiguresProblem, Threshold, compute, figures_problem

LEVELS = "levels"
ANSWERS = "answers"
FIGURES = "figures"
PARTS = (LEVELS, ANSWERS, FIGURES)

# Problem codes, besides scoring's for a level (UNKNOWN_CODE, NOT_INTEGER, OUT_OF_RANGE).
NOT_A_POSITION = "not_a_position"
UNKNOWN_OPTION = "unknown_option"
FIGURES_ONLY = "figures_only"
ANSWERED_TWICE = "answered_twice"
UNKNOWN_FIGURE = "unknown_figure"
BAD_FIGURE = "bad_figure"
NUMERATOR_ABOVE_DENOMINATOR = "numerator_above_denominator"

# The English wording the CLI prints; pages and the API show assessments.messages' translations.
PROBLEM_TEXT = {
    **scoring.PROBLEM_TEXT,
    NOT_A_POSITION: "an answer is the position of an option, a whole number from 0",
    UNKNOWN_OPTION: "no option at position {value}: the positions are {positions}",
    FIGURES_ONLY: "criterion {code} takes its level from its figures: send them under figures",
    ANSWERED_TWICE: "criterion {code} already has a level under levels: send one of the two",
    UNKNOWN_FIGURE: "no figure with this key in catalog version {version}",
    BAD_FIGURE: "a figure is a whole number from 0 to 10^15, or null",
    NUMERATOR_ABOVE_DENOMINATOR: (
        "criterion {code}: {numerator_key} = {numerator} is above {denominator_key} = {denominator}"
    ),
}


@dataclass(frozen=True)
class AskedCriterion:
    """How one criterion is asked: the level of each option by its position, or its two figures
    and the thresholds that turn their share into a level."""

    code: str
    option_levels: Mapping[int, int] = field(default_factory=dict)
    numerator: str | None = None
    denominator: str | None = None
    thresholds: tuple[Threshold, ...] = ()

    @property
    def by_figures(self) -> bool:
        return self.numerator is not None and self.denominator is not None


@dataclass(frozen=True)
class AskedSnapshot:
    """A catalog version's questions as plain data (``selectors.Questionnaire.answering``)."""

    version: str  # the version's label, for messages
    criteria: Mapping[str, AskedCriterion]
    figure_keys: frozenset[str]

    def figure_questions(self) -> list[AskedCriterion]:
        return [c for c in self.criteria.values() if c.by_figures]


@dataclass(frozen=True)
class Problem:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The English wording (the CLI's)."""
        return PROBLEM_TEXT[self.code].format(**self.params)


@dataclass(frozen=True)
class Answered:
    """The levels the input gives (``levels`` for scoring), how each figures criterion's level was
    computed, and every problem: {part: {key: Problem}} (parts without one are left out)."""

    levels: dict[str, int]
    computations: dict[str, Computation]
    problems: dict[str, dict[str, Problem]]

    @property
    def errors(self) -> dict[str, str]:
        """{"part.key": English message}, for the CLI."""
        return {
            f"{part}.{key}": problem.text
            for part, problems in self.problems.items()
            for key, problem in problems.items()
        }


def _levels(
    snapshot: scoring.CatalogSnapshot, asked: AskedSnapshot, raw: Mapping[str, object]
) -> tuple[dict[str, int], dict[str, Problem]]:
    problems: dict[str, Problem] = {}
    try:
        good = scoring.check_levels(snapshot, raw)
    except scoring.LevelsError as error:
        problems = {key: Problem(code, error.params[key]) for key, code in error.problems.items()}
        good = {k: v for k, v in raw.items() if k not in problems and isinstance(v, int)}
    levels: dict[str, int] = {}
    for code, level in good.items():
        criterion = asked.criteria.get(code)
        if criterion is not None and criterion.by_figures:
            problems[code] = Problem(FIGURES_ONLY, {"code": code})
        else:
            levels[code] = level
    return levels, problems


def _answers(
    snapshot: scoring.CatalogSnapshot,
    asked: AskedSnapshot,
    raw: Mapping[str, object],
    given: Mapping[str, object],
) -> tuple[dict[str, int], dict[str, Problem]]:
    levels: dict[str, int] = {}
    problems: dict[str, Problem] = {}
    for code, value in raw.items():
        criterion = asked.criteria.get(code)
        if criterion is None:
            problems[str(code)] = Problem(scoring.UNKNOWN_CODE, {"framework": snapshot.code})
        elif criterion.by_figures:
            problems[code] = Problem(FIGURES_ONLY, {"code": code})
        elif isinstance(value, bool) or not isinstance(value, int):
            problems[code] = Problem(NOT_A_POSITION, {"value": value})
        elif value not in criterion.option_levels:
            positions = ", ".join(str(p) for p in sorted(criterion.option_levels))
            problems[code] = Problem(UNKNOWN_OPTION, {"value": value, "positions": positions})
        elif code in given:
            problems[code] = Problem(ANSWERED_TWICE, {"code": code})
        else:
            levels[code] = criterion.option_levels[value]
    return levels, problems


def _figures(
    asked: AskedSnapshot, raw: Mapping[str, object]
) -> tuple[dict[str, int], dict[str, Problem]]:
    values: dict[str, int] = {}
    problems: dict[str, Problem] = {}
    for key, value in raw.items():
        if key not in asked.figure_keys:
            problems[str(key)] = Problem(UNKNOWN_FIGURE, {"version": asked.version})
        elif value is None:
            continue  # not entered
        elif isinstance(value, bool) or not isinstance(value, int) or figures_problem(value, None):
            problems[key] = Problem(BAD_FIGURE)
        else:
            values[key] = value
    return values, problems


def levels_from_answers(
    snapshot: scoring.CatalogSnapshot,
    asked: AskedSnapshot,
    *,
    levels: Mapping[str, object] | None = None,
    answers: Mapping[str, object] | None = None,
    figures: Mapping[str, object] | None = None,
) -> Answered:
    """Levels from ``levels`` ({code: level}), ``answers`` ({code: option position}) and
    ``figures`` ({figure key: whole number ≥ 0, or None for not entered}). A figures criterion
    with both figures gets the level of their share; one with a figure missing stays without a
    level; a numerator above its denominator is a problem of the numerator's key."""
    levels_given, level_problems = _levels(snapshot, asked, levels or {})
    answered, answer_problems = _answers(snapshot, asked, answers or {}, levels or {})
    values, figure_problems = _figures(asked, figures or {})
    computations: dict[str, Computation] = {}
    for criterion in asked.figure_questions():
        assert criterion.numerator is not None
        assert criterion.denominator is not None
        numerator = values.get(criterion.numerator)
        denominator = values.get(criterion.denominator)
        if figures_problem(numerator, denominator) == FiguresProblem.NUMERATOR_ABOVE_DENOMINATOR:
            figure_problems.setdefault(
                criterion.numerator,
                Problem(
                    NUMERATOR_ABOVE_DENOMINATOR,
                    {
                        "code": criterion.code,
                        "numerator_key": criterion.numerator,
                        "numerator": numerator,
                        "denominator_key": criterion.denominator,
                        "denominator": denominator,
                    },
                ),
            )
            continue
        computation = compute(numerator, denominator, criterion.thresholds)
        if computation is not None:
            computations[criterion.code] = computation
    problems = {
        part: found
        for part, found in (
            (LEVELS, level_problems),
            (ANSWERS, answer_problems),
            (FIGURES, figure_problems),
        )
        if found
    }
    return Answered(
        levels={
            **levels_given,
            **answered,
            **{code: c.level for code, c in computations.items()},
        },
        computations=computations,
        problems=problems,
    )


def percent_text(computation: Computation) -> str | None:
    """The share as the API gives it: a string with one decimal, truncated (29.96 % is "29.9",
    never rounded up to a threshold it does not reach); None when the denominator is 0."""
    percent = computation.percent
    if percent is None:
        return None
    tenths = int(percent * 10)
    return f"{tenths // 10}.{tenths % 10}"


def computations_as_dict(computations: Mapping[str, Computation]) -> dict[str, dict[str, Any]]:
    """The ``computations`` of the API's and the CLI's answer, in criterion order as given."""
    return {
        code: {
            "numerator": c.numerator,
            "denominator": c.denominator,
            "percent": percent_text(c),
            "level": c.level,
        }
        for code, c in computations.items()
    }


def result_as_dict(result: scoring.ScoreResult, answered: Answered) -> dict[str, object]:
    """The public JSON shape shared by the CLI and the API: the score and how each level that
    came from figures was computed."""
    return {
        **scoring.result_as_dict(result),
        "computations": computations_as_dict(answered.computations),
    }
