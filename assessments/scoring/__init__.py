"""DBI scoring: pure functions of a catalog snapshot and the answers, one module per method.

``score`` dispatches on the framework's method. The methods fed a level per criterion (the 2021
index, the 2023 readiness index) take ``{code: level}``; the large-enterprise index takes
``{department: {code: percent | None}}`` (``score_departments``). Each method has its own
``result_as_dict`` for the API and the CLI (``result_as_dict`` here dispatches).
"""

from __future__ import annotations

from collections.abc import Mapping

from . import department_means_2023, readiness_median_2023, sme_bands_2021
from .common import (
    DEPARTMENT_MEANS_2023,
    LEVEL_METHODS,
    METHODS,
    NOT_A_MAPPING,
    NOT_INTEGER,
    OUT_OF_RANGE,
    PROBLEM_TEXT,
    READINESS_MEDIAN_2023,
    SCALE_OF_UNIT,
    SME_BANDS_2021,
    UNIT_OF_METHOD,
    UNKNOWN_CODE,
    Band,
    CatalogSnapshot,
    CriterionSpec,
    DepartmentResult,
    DimensionScore,
    LevelsError,
    OverallGap,
    OverallRule,
    PillarRaise,
    PillarResult,
    PillarSpec,
    ScoreResult,
    SubIndexResult,
    SubIndexSpec,
    Threshold,
    Unit,
    check_levels,
    threshold_level,
)
from .department_means_2023 import Departments, DepartmentsError, check_departments
from .ownership_weighted import GroupResult, Member, group_score
from .sme_bands_2021 import overall_level, pillar_level

__all__ = [
    "DEPARTMENT_MEANS_2023",
    "LEVEL_METHODS",
    "METHODS",
    "NOT_A_MAPPING",
    "NOT_INTEGER",
    "OUT_OF_RANGE",
    "PROBLEM_TEXT",
    "READINESS_MEDIAN_2023",
    "SCALE_OF_UNIT",
    "SME_BANDS_2021",
    "UNIT_OF_METHOD",
    "UNKNOWN_CODE",
    "Band",
    "CatalogSnapshot",
    "CriterionSpec",
    "DepartmentResult",
    "Departments",
    "DepartmentsError",
    "DimensionScore",
    "GroupResult",
    "LevelsError",
    "Member",
    "OverallGap",
    "OverallRule",
    "PillarRaise",
    "PillarResult",
    "PillarSpec",
    "ScoreResult",
    "SubIndexResult",
    "SubIndexSpec",
    "Threshold",
    "Unit",
    "check_departments",
    "check_levels",
    "group_score",
    "in_unit",
    "overall_level",
    "pillar_level",
    "result_as_dict",
    "score",
    "score_departments",
    "takes_levels",
    "threshold_level",
]


def in_unit(method: str, value: int) -> int | float:
    """A method's integer as people read it: 2021 points as they are, R in levels (2850 → 2.85),
    the large index's percent (6750 → 67.5)."""
    scale = SCALE_OF_UNIT[UNIT_OF_METHOD[method]]
    return value if scale == 1 else value / scale


def takes_levels(snapshot: CatalogSnapshot) -> bool:
    """Whether the framework is answered with one level per criterion."""
    return snapshot.method in LEVEL_METHODS


def score(snapshot: CatalogSnapshot, levels: Mapping[str, int]) -> ScoreResult:
    """Score validated ``levels`` ({criterion code: level}) by the framework's method."""
    if snapshot.method == SME_BANDS_2021:
        return sme_bands_2021.score(snapshot, levels)
    if snapshot.method == READINESS_MEDIAN_2023:
        return readiness_median_2023.score(snapshot, levels)
    if snapshot.method == DEPARTMENT_MEANS_2023:
        raise TypeError(f"{snapshot.code} is scored by department: use score_departments")
    raise NotImplementedError(f"no scorer for method {snapshot.method!r}")


def score_departments(snapshot: CatalogSnapshot, departments: Departments) -> ScoreResult:
    """Score validated department answers by the large-enterprise method."""
    if snapshot.method != DEPARTMENT_MEANS_2023:
        raise TypeError(f"{snapshot.code} is not scored by department")
    return department_means_2023.score(snapshot, departments)


def result_as_dict(result: ScoreResult) -> dict[str, object]:
    """The public JSON shape of ``result``, the one its method defines."""
    if result.method == READINESS_MEDIAN_2023:
        return readiness_median_2023.result_as_dict(result)
    if result.method == DEPARTMENT_MEANS_2023:
        return department_means_2023.result_as_dict(result)
    return sme_bands_2021.result_as_dict(result)
