"""Scoring a 2023 framework's JSON input by its method, for the score API and ``manage.py
score_assessment`` (the 2021 index takes levels, answers and figures on its catalog version:
``answering``). Pure: fed the scoring snapshot and the decoded JSON.

* The readiness index (``readiness-median-2023``) takes ``{"levels": {question code: level}}``,
  checked by ``scoring.check_levels`` (levels min_level..max_level, 1..5).
* The large-enterprise index (``department-means-2023``) takes ``{"departments": {name:
  {criterion code: percent 0..100, or null when not relevant}}}``, checked by
  ``scoring.check_departments``.

Every problem is an ``InputProblem`` named by its part of the input (``levels``,
``departments``, another key sent, or the body itself) and the key within it, with a code; the
CLI prints its English ``text``, the API the translation of its code (``messages``).

``Assessability`` says whether a framework can be scored yet (the large-enterprise index ships its
structure alone until its criteria are imported), from counts that a selector reads in SQL for
a whole list or that a framework's definition gives; it is empty exactly when
``catalog.assessable_problems`` is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import scoring
from .catalog import Definition
from .scoring import department_means_2023

LEVELS = "levels"
DEPARTMENTS = "departments"
BODY = ""  # the part of a problem about the body as a whole
# What each method is fed: the one key its body must have.
INPUT_OF_METHOD = {
    scoring.READINESS_MEDIAN_2023: LEVELS,
    scoring.DEPARTMENT_MEANS_2023: DEPARTMENTS,
}

# Problem codes about the body, besides scoring's codes for a level or a department's cells.
NOT_AN_OBJECT = "not_an_object"
MISSING_INPUT = "missing_input"
WRONG_INPUT = "wrong_input"

BODY_TEXT = {
    NOT_AN_OBJECT: 'the input must be a JSON object with a "{expected}" object',
    MISSING_INPUT: 'framework {framework} is scored from "{expected}": send it',
    WRONG_INPUT: 'framework {framework} takes "{expected}", not "{key}"',
}


@dataclass(frozen=True)
class InputProblem:
    """One problem: ``part`` of the input ("levels", "departments", another key sent, or
    ``BODY``), the ``key`` within it (a question code, "<department>" or "<department>/<code>";
    None for the part as a whole), its ``code`` and the values its wording needs."""

    part: str
    key: str | None
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""  # English, for the CLI

    @property
    def path(self) -> str:
        """ "levels.1.1.1", "departments.Sales/1.1.1", "departments", "input" (the CLI's names)."""
        part = self.part or "input"
        return part if self.key is None else f"{part}.{self.key}"


class InputError(ValueError):
    """Bad input: every problem found, in the order of the input."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.path}: {p.text}" for p in self.problems))

    @property
    def errors(self) -> dict[str, str]:
        """{path: English message}, for the CLI."""
        return {p.path: p.text for p in self.problems}


@dataclass(frozen=True)
class Checked:
    """The validated input of the framework's method (one of the two is set)."""

    levels: dict[str, int] | None = None
    departments: dict[str, dict[str, int | None]] | None = None


def input_key(snapshot: scoring.CatalogSnapshot) -> str:
    """The key of the body the framework's method is fed ("levels" or "departments")."""
    return INPUT_OF_METHOD[snapshot.method]


def _body_problem(
    snapshot: scoring.CatalogSnapshot, part: str, code: str, key: str = ""
) -> InputProblem:
    params = {"framework": snapshot.code, "expected": input_key(snapshot), "key": key}
    return InputProblem(part, None, code, params, BODY_TEXT[code].format(**params))


def _level_problems(snapshot: scoring.CatalogSnapshot, raw: object) -> tuple[dict, list]:
    try:
        return scoring.check_levels(snapshot, raw), []
    except scoring.LevelsError as error:
        texts = error.errors
        return {}, [
            InputProblem(
                LEVELS,
                None if key == LEVELS and code == scoring.NOT_A_MAPPING else key,
                code,
                error.params[key],
                texts[key],
            )
            for key, code in error.problems.items()
        ]


def _department_problems(snapshot: scoring.CatalogSnapshot, raw: object) -> tuple[dict, list]:
    try:
        return scoring.check_departments(snapshot, raw), []
    except scoring.DepartmentsError as error:
        texts = error.errors
        return {}, [
            InputProblem(
                DEPARTMENTS,
                None if path == DEPARTMENTS else path,
                code,
                {
                    "framework": snapshot.code,
                    "max_departments": department_means_2023.MAX_DEPARTMENTS,
                    "max_name": department_means_2023.MAX_DEPARTMENT_NAME,
                },
                texts[path],
            )
            for path, code in error.problems.items()
        ]


def check_input(snapshot: scoring.CatalogSnapshot, document: object) -> Checked:
    """The method's validated input from the decoded JSON body, or InputError naming every
    problem: a body that is not an object or lacks the method's key, any other key (another
    method's input, a misspelling), and every bad value under the method's key."""
    expected = input_key(snapshot)
    if not isinstance(document, Mapping):
        raise InputError([_body_problem(snapshot, BODY, NOT_AN_OBJECT)])
    problems = [
        _body_problem(snapshot, str(key), WRONG_INPUT, str(key))
        for key in document
        if key != expected
    ]
    if expected not in document:
        raise InputError([_body_problem(snapshot, BODY, MISSING_INPUT), *problems])
    if expected == LEVELS:
        levels, found = _level_problems(snapshot, document[LEVELS])
        checked = Checked(levels=levels)
    else:
        departments, found = _department_problems(snapshot, document[DEPARTMENTS])
        checked = Checked(departments=departments)
    if found or problems:
        raise InputError([*found, *problems])
    return checked


def score(snapshot: scoring.CatalogSnapshot, checked: Checked) -> scoring.ScoreResult:
    """Score the input ``check_input`` returned, by the framework's method."""
    if checked.departments is not None:
        return scoring.score_departments(snapshot, checked.departments)
    return scoring.score(snapshot, checked.levels or {})


def result_as_dict(result: scoring.ScoreResult, *, reference_questions: bool) -> dict[str, object]:
    """The public JSON shape of the API and the CLI: the method's own (``scoring.result_as_dict``)
    and whether the questions answered are the portal's reference questions, not the ministry's."""
    return {**scoring.result_as_dict(result), "reference_questions": reference_questions}


# --- whether a framework can be scored yet ---


@dataclass(frozen=True)
class Assessability:
    """What ``catalog.assessable_problems`` checks, as counts: the framework's criteria, the
    number its decision gives (the sum over the pillars that declare one; None when none does),
    the groups (sub-indices) without any criterion, and the pillars whose count differs from
    their decision's."""

    criteria: int
    expected_criteria: int | None
    empty_groups: int
    pillars_off: int

    @property
    def assessable(self) -> bool:
        return not self.empty_groups and not self.pillars_off

    @classmethod
    def of_definition(cls, definition: Definition) -> Assessability:
        """The counts of a framework definition (``selectors.definition_from_framework``)."""
        criteria = empty_groups = pillars_off = 0
        expected: int | None = None
        for pillar in definition.get("pillars", []):
            count = sum(len(s.get("criteria", [])) for s in pillar.get("sub_indices", []))
            criteria += count
            empty_groups += sum(1 for s in pillar.get("sub_indices", []) if not s.get("criteria"))
            if (declared := pillar.get("expected_criteria")) is not None:
                expected = (expected or 0) + declared
                pillars_off += count != declared
        return cls(criteria, expected, empty_groups, pillars_off)
