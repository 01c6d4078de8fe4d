"""DBI scoring: pure functions of a catalog snapshot and criterion levels.

No ORM access and no floats. The rules (DOMAIN.md §2, seed 000 Phụ lục I):

* a criterion's points are ``points_per_level × level`` (level 0–5; 2.1.1 is worth 5 per level);
  a criterion with no data is worth 0 points;
* a pillar's level comes from bands over p = points / max: level 0 for p ≤ 10 %, then each band
  excludes its lower bound and includes its upper bound (≤ 20 % → 1, ≤ 40 % → 2, … ≤ 100 % → 5).
  The seed says level 0 is "below 10 %" and level 1 "from above 10 %"; we give exactly 10 % level 0
  so that the bands partition [0, 100 %]. Comparisons are ``points × 100 ≤ upper × max``;
* the overall level is the highest k whose rule holds: total strictly above the rule's threshold
  and at least ``min_pillars`` pillars at level ≥ k (0 when none holds).

The same functions serve the CLI, the API, the calculator page and the stored results (the
rating service re-scores a column in the transaction that saves a level).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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

    @property
    def criteria(self) -> tuple[CriterionSpec, ...]:
        return tuple(c for s in self.sub_indices for c in s.criteria)


@dataclass(frozen=True)
class Band:
    """Pillar level ``level`` covers ratios up to and including ``upper_percent``."""

    level: int
    upper_percent: int


@dataclass(frozen=True)
class OverallRule:
    level: int
    total_above: int
    min_pillars: int


SME_BANDS_2021 = "sme-bands-2021"
METHODS = (SME_BANDS_2021,)  # the 2023 readiness and large-enterprise methods will join here


@dataclass(frozen=True)
class CatalogSnapshot:
    code: str
    pillars: tuple[PillarSpec, ...]
    bands: tuple[Band, ...]
    overall_rules: tuple[OverallRule, ...]
    max_level: int = 5
    method: str = SME_BANDS_2021
    criteria_by_code: Mapping[str, CriterionSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {c.code: c for p in self.pillars for c in p.criteria}
        object.__setattr__(self, "criteria_by_code", by_code)
        object.__setattr__(self, "bands", tuple(sorted(self.bands, key=lambda b: b.upper_percent)))
        object.__setattr__(
            self, "overall_rules", tuple(sorted(self.overall_rules, key=lambda r: r.level))
        )

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
    # None at the top level.
    points_to_next_level: int | None


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
class ScoreResult:
    framework: str
    total: int
    max: int
    level: int
    pillars: tuple[PillarResult, ...]
    sub_indices: tuple[SubIndexResult, ...]
    gap: OverallGap | None  # None at the top overall level
    missing: tuple[str, ...]  # criteria without a level, counted as 0


# Problem codes of a level value, with the English wording the CLI prints; the web layer shows
# its own translated wording for the same codes.
UNKNOWN_CODE = "unknown_code"
NOT_INTEGER = "not_integer"
OUT_OF_RANGE = "out_of_range"
NOT_A_MAPPING = "not_a_mapping"

PROBLEM_TEXT = {
    UNKNOWN_CODE: "unknown criterion code for framework {framework}",
    NOT_INTEGER: "level must be an integer 0..{max_level}",
    OUT_OF_RANGE: "level {value} is outside 0..{max_level}",
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


# --- validation ---


def check_levels(snapshot: CatalogSnapshot, raw: object) -> dict[str, int]:
    """Return ``{code: level}`` from untrusted input, or raise LevelsError naming every bad key.

    Accepted: a mapping of known criterion codes to integers 0..max_level. Booleans, floats,
    strings and null are refused; a criterion without data is simply left out (it counts 0).
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
        elif not 0 <= value <= snapshot.max_level:
            problems[key] = OUT_OF_RANGE
        else:
            levels[key] = value
    if problems:
        raise LevelsError(snapshot, problems, {str(k): v for k, v in raw.items()})
    return levels


# --- scoring ---


def pillar_level(snapshot: CatalogSnapshot, points: int, maximum: int) -> int:
    """Band level of ``points`` out of ``maximum`` (integer comparison, no floats)."""
    if maximum <= 0:
        return 0
    for band in snapshot.bands:
        if points * 100 <= band.upper_percent * maximum:
            return band.level
    return snapshot.bands[-1].level


def _level_floor(snapshot: CatalogSnapshot, level: int, maximum: int) -> int | None:
    """Smallest points that give at least ``level`` (None if no band reaches it)."""
    below = [b for b in snapshot.bands if b.level < level]
    if not any(b.level >= level for b in snapshot.bands):
        return None
    if not below:
        return 0
    # Strictly above the upper bound of the band just below: points*100 > upper*max.
    return max(b.upper_percent for b in below) * maximum // 100 + 1


def overall_level(snapshot: CatalogSnapshot, total: int, pillar_levels: list[int]) -> int:
    best = 0
    for rule in snapshot.overall_rules:
        qualifying = sum(1 for lv in pillar_levels if lv >= rule.level)
        if total > rule.total_above and qualifying >= rule.min_pillars:
            best = max(best, rule.level)
    return best


def _reachable_raises(
    snapshot: CatalogSnapshot, pillar: PillarSpec, levels: Mapping[str, int]
) -> list[int]:
    """Every point increase reachable by raising this pillar's criteria (never lowering one)."""
    reachable = {0}
    for criterion in pillar.criteria:
        current = levels.get(criterion.code, 0)
        steps = range(snapshot.max_level - current + 1)
        reachable = {r + criterion.points_per_level * d for r in reachable for d in steps}
    return sorted(reachable)


def _cost_to_reach(
    snapshot: CatalogSnapshot,
    pillar: PillarSpec,
    levels: Mapping[str, int],
    points: int,
    target: int,
) -> int | None:
    floor = _level_floor(snapshot, target, snapshot.pillar_max(pillar))
    if floor is None:
        return None
    needed = floor - points
    if needed <= 0:
        return 0
    return next((r for r in _reachable_raises(snapshot, pillar, levels) if r >= needed), None)


def _overall_gap(
    snapshot: CatalogSnapshot,
    levels: Mapping[str, int],
    total: int,
    pillar_results: list[PillarResult],
    current: int,
) -> OverallGap | None:
    rule = next((r for r in snapshot.overall_rules if r.level > current), None)
    if rule is None:
        return None
    at_level = sum(1 for p in pillar_results if p.level >= rule.level)
    pillars_needed = max(0, rule.min_pillars - at_level)
    total_needed = max(0, rule.total_above + 1 - total)
    costs = []
    for pillar, result in zip(snapshot.pillars, pillar_results, strict=True):
        if result.level < rule.level:
            cost = _cost_to_reach(snapshot, pillar, levels, result.points, rule.level)
            if cost is not None:
                costs.append((cost, pillar.code))
    plan = tuple(PillarRaise(code, cost) for cost, code in sorted(costs)[:pillars_needed])
    raised = sum(r.points for r in plan)
    extra = max(0, total_needed - raised)
    return OverallGap(
        next_level=rule.level,
        total_needed=total_needed,
        pillars_needed=pillars_needed,
        pillars_at_level=at_level,
        min_pillars=rule.min_pillars,
        total_above=rule.total_above,
        plan=plan,
        extra_points=extra,
        additional_points=raised + extra,
    )


def score(snapshot: CatalogSnapshot, levels: Mapping[str, int]) -> ScoreResult:
    """Score validated ``levels`` ({criterion code: 0..max_level}); absent criteria count 0."""
    if snapshot.method != SME_BANDS_2021:
        # Only the 2021 SME method exists; a framework with another method has no scorer yet.
        raise NotImplementedError(f"no scorer for method {snapshot.method!r}")
    sub_results: list[SubIndexResult] = []
    pillar_results: list[PillarResult] = []
    for pillar in snapshot.pillars:
        pillar_points = 0
        for sub in pillar.sub_indices:
            points = sum(c.points_per_level * levels.get(c.code, 0) for c in sub.criteria)
            sub_results.append(SubIndexResult(sub.code, points, snapshot.sub_index_max(sub)))
            pillar_points += points
        maximum = snapshot.pillar_max(pillar)
        level = pillar_level(snapshot, pillar_points, maximum)
        to_next = (
            None
            if level >= snapshot.max_level
            else _cost_to_reach(snapshot, pillar, levels, pillar_points, level + 1)
        )
        pillar_results.append(PillarResult(pillar.code, pillar_points, maximum, level, to_next))
    total = sum(p.points for p in pillar_results)
    level = overall_level(snapshot, total, [p.level for p in pillar_results])
    return ScoreResult(
        framework=snapshot.code,
        total=total,
        max=snapshot.total_max,
        level=level,
        pillars=tuple(pillar_results),
        sub_indices=tuple(sub_results),
        gap=_overall_gap(snapshot, levels, total, pillar_results, level),
        missing=tuple(c for c in snapshot.criterion_codes if c not in levels),
    )


def result_as_dict(result: ScoreResult) -> dict[str, object]:
    """The public JSON shape shared by the CLI and the API."""
    return {
        "framework": result.framework,
        "total": result.total,
        "level": result.level,
        "pillars": [
            {"code": p.code, "points": p.points, "max": p.max, "level": p.level}
            for p in result.pillars
        ],
        "sub_indices": [
            {"code": s.code, "points": s.points, "max": s.max} for s in result.sub_indices
        ],
    }
