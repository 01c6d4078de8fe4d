"""What every scoring method shares: the catalog snapshot a method reads, the result it returns,
and the validation of levels. Plain data, no ORM access and no floats.

A method's scores are integers in its own unit (``Unit``): the 2021 index counts points, the
readiness index gives R in thousandths of a level (a median of two levels is a half, and the
pillar weights are whole percents, so thousandths hold R exactly), the large-enterprise index
gives percents in hundredths (rounded down, so that a shown value never crosses a band its exact
value has not reached; levels are decided on the exact value).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

# --- methods and their units ---

SME_BANDS_2021 = "sme-bands-2021"
READINESS_MEDIAN_2023 = "readiness-median-2023"
DEPARTMENT_MEANS_2023 = "department-means-2023"
METHODS = (SME_BANDS_2021, READINESS_MEDIAN_2023, DEPARTMENT_MEANS_2023)
# Methods fed one level per criterion; the department method is fed a percent per department
# and criterion instead.
LEVEL_METHODS = (SME_BANDS_2021, READINESS_MEDIAN_2023)


class Unit:
    POINTS = "points"
    MILLI_LEVEL = "milli_level"
    CENTI_PERCENT = "centi_percent"


UNIT_OF_METHOD = {
    SME_BANDS_2021: Unit.POINTS,
    READINESS_MEDIAN_2023: Unit.MILLI_LEVEL,
    DEPARTMENT_MEANS_2023: Unit.CENTI_PERCENT,
}
# How many integer steps make one unit shown to people (R = 3.45 is 3450; 67.5 % is 6750).
SCALE_OF_UNIT = {Unit.POINTS: 1, Unit.MILLI_LEVEL: 1000, Unit.CENTI_PERCENT: 100}


# --- catalog snapshot: plain data built by a selector from the database or a fixture ---


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    points_per_level: int = 1


@dataclass(frozen=True)
class SubIndexSpec:
    code: str
    criteria: tuple[CriterionSpec, ...]


@dataclass(frozen=True)
class PillarSpec:
    code: str
    sub_indices: tuple[SubIndexSpec, ...]
    # The readiness index weighs its pillars (whole percents adding up to 100).
    weight_percent: int = 0

    @property
    def criteria(self) -> tuple[CriterionSpec, ...]:
        return tuple(c for s in self.sub_indices for c in s.criteria)


@dataclass(frozen=True)
class Band:
    """Pillar level ``level`` covers ratios up to and including ``upper_percent`` (2021)."""

    level: int
    upper_percent: int


@dataclass(frozen=True)
class OverallRule:
    level: int
    total_above: int
    min_pillars: int


@dataclass(frozen=True)
class Threshold:
    """Level ``level`` from a score of ``minimum`` (inclusive, in the method's unit) upwards."""

    level: int
    minimum: int


@dataclass(frozen=True)
class CatalogSnapshot:
    code: str
    pillars: tuple[PillarSpec, ...]
    bands: tuple[Band, ...] = ()
    overall_rules: tuple[OverallRule, ...] = ()
    max_level: int = 5
    method: str = SME_BANDS_2021
    min_level: int = 0
    thresholds: tuple[Threshold, ...] = ()
    criteria_by_code: Mapping[str, CriterionSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {c.code: c for p in self.pillars for c in p.criteria}
        object.__setattr__(self, "criteria_by_code", by_code)
        object.__setattr__(self, "bands", tuple(sorted(self.bands, key=lambda b: b.upper_percent)))
        object.__setattr__(
            self, "overall_rules", tuple(sorted(self.overall_rules, key=lambda r: r.level))
        )
        object.__setattr__(
            self, "thresholds", tuple(sorted(self.thresholds, key=lambda t: t.level))
        )

    @property
    def unit(self) -> str:
        return UNIT_OF_METHOD[self.method]

    @property
    def scale(self) -> int:
        return SCALE_OF_UNIT[self.unit]

    @property
    def criterion_codes(self) -> tuple[str, ...]:
        return tuple(self.criteria_by_code)

    def criterion_max(self, criterion: CriterionSpec) -> int:
        return criterion.points_per_level * self.max_level

    def pillar_max(self, pillar: PillarSpec) -> int:
        return sum(self.criterion_max(c) for c in pillar.criteria)

    def sub_index_max(self, sub_index: SubIndexSpec) -> int:
        return sum(self.criterion_max(c) for c in sub_index.criteria)

    @property
    def total_max(self) -> int:
        return sum(self.pillar_max(p) for p in self.pillars)


def threshold_level(thresholds: tuple[Threshold, ...], value: int | Fraction) -> int:
    """The highest level whose minimum ``value`` reaches; 0 when it reaches none."""
    return max((t.level for t in thresholds if value >= t.minimum), default=0)


# --- results ---


@dataclass(frozen=True)
class SubIndexResult:
    code: str
    points: int
    max: int


@dataclass(frozen=True)
class PillarResult:
    code: str
    points: int
    max: int
    level: int
    # Fewest extra points, reachable by raising this pillar's criteria, that lift it one level;
    # None at the top level (and for the methods that have no such arithmetic).
    points_to_next_level: int | None = None


@dataclass(frozen=True)
class PillarRaise:
    pillar_code: str
    points: int


@dataclass(frozen=True)
class OverallGap:
    """What stands between the current overall level and the next one."""

    next_level: int
    total_needed: int  # points still needed for the total condition (0 when met)
    pillars_needed: int  # how many more pillars must reach next_level (0 when met)
    pillars_at_level: int  # pillars already at next_level or higher
    min_pillars: int
    total_above: int
    # The cheapest way: raise these pillars to next_level, then add extra_points anywhere.
    plan: tuple[PillarRaise, ...]
    extra_points: int
    additional_points: int  # points the plan adds in all

    @property
    def unmet(self) -> tuple[str, ...]:
        """Codes of the conditions not yet met: "total" and/or "pillars"."""
        return tuple(
            name
            for name, short in (("total", self.total_needed), ("pillars", self.pillars_needed))
            if short
        )


@dataclass(frozen=True)
class DimensionScore:
    """A dimension's percent within one department (hundredths; None when nothing is relevant)."""

    code: str
    percent: int | None
    level: int


@dataclass(frozen=True)
class DepartmentResult:
    name: str
    percent: int | None  # None: no criterion is relevant to this department
    level: int
    dimensions: tuple[DimensionScore, ...]


@dataclass(frozen=True)
class ScoreResult:
    """A scored column. ``total`` and each pillar's ``points`` are in the method's ``unit``:
    points (2021), R and pillar medians in thousandths (readiness), percents in hundredths
    (large enterprises, where the pillars are its dimensions and the sub-indices its groups)."""

    framework: str
    total: int
    max: int
    level: int
    pillars: tuple[PillarResult, ...]
    sub_indices: tuple[SubIndexResult, ...]
    gap: OverallGap | None  # None at the top overall level, and outside the 2021 method
    missing: tuple[str, ...]  # criteria without a level (or, by department, without a value)
    method: str = SME_BANDS_2021
    departments: tuple[DepartmentResult, ...] = ()

    @property
    def unit(self) -> str:
        return UNIT_OF_METHOD[self.method]


# Problem codes of a level value, with the English wording the CLI prints; the web layer shows
# its own translated wording for the same codes.
UNKNOWN_CODE = "unknown_code"
NOT_INTEGER = "not_integer"
OUT_OF_RANGE = "out_of_range"
NOT_A_MAPPING = "not_a_mapping"

PROBLEM_TEXT = {
    UNKNOWN_CODE: "unknown criterion code for framework {framework}",
    NOT_INTEGER: "level must be an integer {min_level}..{max_level}",
    OUT_OF_RANGE: "level {value} is outside {min_level}..{max_level}",
    NOT_A_MAPPING: "must be an object mapping criterion codes to levels",
}


class LevelsError(ValueError):
    """Bad levels: ``problems`` maps every offending key to a problem code."""

    def __init__(
        self, snapshot: CatalogSnapshot, problems: Mapping[str, str], values: Mapping[str, object]
    ):
        self.problems = dict(problems)
        self.params = {
            key: {
                "framework": snapshot.code,
                "min_level": snapshot.min_level,
                "max_level": snapshot.max_level,
                "value": values.get(key),
            }
            for key in self.problems
        }
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))

    @property
    def errors(self) -> dict[str, str]:
        """{key: English message}."""
        return {
            key: PROBLEM_TEXT[code].format(**self.params[key])
            for key, code in self.problems.items()
        }


def check_levels(snapshot: CatalogSnapshot, raw: object) -> dict[str, int]:
    """Return ``{code: level}`` from untrusted input, or raise LevelsError naming every bad key.

    Accepted: a mapping of known criterion codes to integers min_level..max_level. Booleans,
    floats, strings and null are refused; a criterion without data is simply left out.
    """
    if not isinstance(raw, Mapping):
        raise LevelsError(snapshot, {"levels": NOT_A_MAPPING}, {})
    problems: dict[str, str] = {}
    levels: dict[str, int] = {}
    for key, value in raw.items():
        if key not in snapshot.criteria_by_code:
            problems[str(key)] = UNKNOWN_CODE
        elif isinstance(value, bool) or not isinstance(value, int):
            problems[key] = NOT_INTEGER
        elif not snapshot.min_level <= value <= snapshot.max_level:
            problems[key] = OUT_OF_RANGE
        else:
            levels[key] = value
    if problems:
        raise LevelsError(snapshot, problems, {str(k): v for k, v in raw.items()})
    return levels
