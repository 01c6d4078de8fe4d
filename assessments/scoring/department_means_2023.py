"""The large-enterprise index of Decision 2158/QĐ-BTTTT (2023), Appendix 2 (method
``department-means-2023``; seed 004, DOMAIN.md §6). Pure, exact arithmetic (fractions).

* The enterprise lists its departments; each department gives each criterion the percentage of
  its tasks completed (0..100), or marks it not relevant to its duties (``None``): a criterion
  that is not relevant is left out of that department's averages. A criterion a department has
  not answered yet counts 0 % (as the 2021 index counts a criterion without data) and is listed
  in ``missing``.
* Arithmetic means bottom-up: a group is the mean of its relevant criteria, a dimension the mean of
  its groups that have one, the department the mean of its dimensions that have one, the
  enterprise the mean of its departments that have one. The enterprise's figure for a dimension
  (or a group) is the mean of the departments' figures for it.
* Levels by bands: 1 from 0 %, 2 from 25 %, 3 from 50 %, 4 from 75 %, 5 at 100 % (the
  framework's thresholds; level 0 when there is nothing to average).

Results are hundredths of a percent, rounded down; every level is decided on the exact value, so
74.999… % is shown as 74.99 % and is level 3.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from math import floor

from .common import (
    DEPARTMENT_MEANS_2023,
    CatalogSnapshot,
    DepartmentResult,
    DimensionScore,
    PillarResult,
    ScoreResult,
    SubIndexResult,
    threshold_level,
)

CENTI = 100
FULL = 100 * CENTI  # 100 % in hundredths
MAX_DEPARTMENT_NAME = 100
MAX_DEPARTMENTS = 50

# {department name: {criterion code: percent 0..100, or None when not relevant}}
Departments = Mapping[str, Mapping[str, int | None]]


def _mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def _centi(value: Fraction | None) -> int | None:
    return None if value is None else floor(value * CENTI)


def _level(snapshot: CatalogSnapshot, percent: Fraction | None) -> int:
    return 0 if percent is None else threshold_level(snapshot.thresholds, percent * CENTI)


def _department(
    snapshot: CatalogSnapshot,
    cells: Mapping[str, int | None],
    missing: set[str],
    by_dimension: dict[str, list[Fraction]],
    by_group: dict[str, list[Fraction]],
) -> tuple[Fraction | None, list[tuple[str, Fraction | None]]]:
    dimensions: list[tuple[str, Fraction | None]] = []
    for dimension in snapshot.pillars:
        groups: list[Fraction] = []
        for group in dimension.sub_indices:
            values: list[Fraction] = []
            for criterion in group.criteria:
                if criterion.code not in cells:
                    missing.add(criterion.code)
                    values.append(Fraction(0))
                elif (percent := cells[criterion.code]) is not None:
                    values.append(Fraction(percent))
            group_mean = _mean(values)
            if group_mean is not None:
                groups.append(group_mean)
                by_group[group.code].append(group_mean)
        dimension_mean = _mean(groups)
        if dimension_mean is not None:
            by_dimension[dimension.code].append(dimension_mean)
        dimensions.append((dimension.code, dimension_mean))
    return _mean([d for _, d in dimensions if d is not None]), dimensions


def score(snapshot: CatalogSnapshot, departments: Departments) -> ScoreResult:
    """Score validated ``departments`` (``check_departments``)."""
    missing: set[str] = set()
    by_dimension: dict[str, list[Fraction]] = {p.code: [] for p in snapshot.pillars}
    by_group: dict[str, list[Fraction]] = {
        s.code: [] for p in snapshot.pillars for s in p.sub_indices
    }
    results: list[DepartmentResult] = []
    department_means: list[Fraction] = []
    for name, cells in departments.items():
        mean, dimensions = _department(snapshot, cells, missing, by_dimension, by_group)
        if mean is not None:
            department_means.append(mean)
        results.append(
            DepartmentResult(
                name=name,
                percent=_centi(mean),
                level=_level(snapshot, mean),
                dimensions=tuple(
                    DimensionScore(code, _centi(value), _level(snapshot, value))
                    for code, value in dimensions
                ),
            )
        )
    enterprise = _mean(department_means)
    pillars = []
    for dimension in snapshot.pillars:
        value = _mean(by_dimension[dimension.code])
        pillars.append(
            PillarResult(dimension.code, _centi(value) or 0, FULL, _level(snapshot, value))
        )
    return ScoreResult(
        framework=snapshot.code,
        total=_centi(enterprise) or 0,
        max=FULL,
        level=_level(snapshot, enterprise),
        pillars=tuple(pillars),
        sub_indices=tuple(
            SubIndexResult(code, _centi(_mean(values)) or 0, FULL)
            for code, values in by_group.items()
        ),
        gap=None,
        missing=tuple(c for c in snapshot.criterion_codes if c in missing),
        method=DEPARTMENT_MEANS_2023,
        departments=tuple(results),
    )


# --- validation of untrusted input (the API and the CLI) ---

NOT_A_MAPPING = "not_a_mapping"
NO_DEPARTMENTS = "no_departments"
TOO_MANY_DEPARTMENTS = "too_many_departments"
BAD_NAME = "bad_department_name"
UNKNOWN_CODE = "unknown_code"
NOT_A_PERCENT = "not_a_percent"

PROBLEM_TEXT = {
    NOT_A_MAPPING: "must be an object mapping department names to their criteria",
    NO_DEPARTMENTS: "list at least one department",
    TOO_MANY_DEPARTMENTS: f"at most {MAX_DEPARTMENTS} departments",
    BAD_NAME: f"a department name is 1..{MAX_DEPARTMENT_NAME} characters",
    UNKNOWN_CODE: "unknown criterion code for framework {framework}",
    NOT_A_PERCENT: "a percent is a whole number 0..100, or null when not relevant",
}


class DepartmentsError(ValueError):
    """Bad input: ``problems`` maps a path ("departments", "<name>", "<name>/<code>") to a code."""

    def __init__(self, snapshot: CatalogSnapshot, problems: Mapping[str, str]):
        self.problems = dict(problems)
        self.framework = snapshot.code
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))

    @property
    def errors(self) -> dict[str, str]:
        return {
            key: PROBLEM_TEXT[code].format(framework=self.framework)
            for key, code in self.problems.items()
        }


def check_departments(snapshot: CatalogSnapshot, raw: object) -> dict[str, dict[str, int | None]]:
    """``{name: {code: percent | None}}`` from untrusted input, or DepartmentsError naming every
    bad department and cell."""
    if not isinstance(raw, Mapping):
        raise DepartmentsError(snapshot, {"departments": NOT_A_MAPPING})
    if not raw:
        raise DepartmentsError(snapshot, {"departments": NO_DEPARTMENTS})
    if len(raw) > MAX_DEPARTMENTS:
        raise DepartmentsError(snapshot, {"departments": TOO_MANY_DEPARTMENTS})
    problems: dict[str, str] = {}
    checked: dict[str, dict[str, int | None]] = {}
    for name, cells in raw.items():
        label = str(name)
        if not label.strip() or len(label) > MAX_DEPARTMENT_NAME:
            problems[label] = BAD_NAME
            continue
        if not isinstance(cells, Mapping):
            problems[label] = NOT_A_MAPPING
            continue
        checked[label] = {}
        for code, value in cells.items():
            if code not in snapshot.criteria_by_code:
                problems[f"{label}/{code}"] = UNKNOWN_CODE
            elif value is not None and (
                isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100
            ):
                problems[f"{label}/{code}"] = NOT_A_PERCENT
            else:
                checked[label][code] = value
    if problems:
        raise DepartmentsError(snapshot, problems)
    return checked


def percent_number(value: int | None) -> float | None:
    """Hundredths as the number the API shows (6750 → 67.5)."""
    return None if value is None else value / CENTI


def result_as_dict(result: ScoreResult) -> dict[str, object]:
    """The public JSON shape of the CLI and the API: each dimension's and department's
    ``percent`` and ``level``, and the overall ``percent`` and ``level``."""
    return {
        "framework": result.framework,
        "method": result.method,
        "percent": percent_number(result.total),
        "level": result.level,
        "dimensions": [
            {"code": p.code, "percent": percent_number(p.points), "level": p.level}
            for p in result.pillars
        ],
        "groups": [
            {"code": s.code, "percent": percent_number(s.points)} for s in result.sub_indices
        ],
        "departments": [
            {
                "name": d.name,
                "percent": percent_number(d.percent),
                "level": d.level,
                "dimensions": [
                    {"code": x.code, "percent": percent_number(x.percent), "level": x.level}
                    for x in d.dimensions
                ],
            }
            for d in result.departments
        ],
        "missing": list(result.missing),
    }
