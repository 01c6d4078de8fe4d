"""The 2021 SME index (method ``sme-bands-2021``): pure functions of a catalog snapshot and
criterion levels.

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

from .common import (
    SME_BANDS_2021,
    CatalogSnapshot,
    OverallGap,
    PillarRaise,
    PillarResult,
    PillarSpec,
    ScoreResult,
    SubIndexResult,
)


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
        method=SME_BANDS_2021,
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
