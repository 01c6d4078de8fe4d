"""Gap analysis: ``PillarResult.points_to_next_level`` and ``ScoreResult.gap`` (``OverallGap``).

Hand-derived level floors on the real catalog (fewest points with points*100 > lower% * max;
pillar 2 moves in steps of 5 points, so its effective floors are 5, 10, 15, 20, 25):

    pillar (max)   L1  L2  L3  L4  L5
    1 (65)          7  14  27  40  53
    2 (25)          5  10  15  20  25
    3 (80)          9  17  33  49  65
    4 (65)          7  14  27  40  53
    5 (50)          6  11  21  31  41
    6 (35)          4   8  15  22  29
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import scoring

from .sme_reference import (
    ALL_CODES,
    OVERALL_TABLE,
    PILLAR_CODES,
    PILLAR_CRITERIA,
    PILLAR_MAX,
    SNAPSHOT,
    STRATEGY,
)


def weight(code: str) -> int:
    return 5 if code == STRATEGY else 1


def raise_pillar(levels: dict[str, int], pillar: str, points: int) -> dict[str, int]:
    """Copy of ``levels`` with ``pillar`` raised by exactly ``points``, criteria filled in order."""
    out = dict(levels)
    remaining = points
    for code in PILLAR_CRITERIA[pillar]:
        w = weight(code)
        steps = min(5 - out.get(code, 0), remaining // w)
        out[code] = out.get(code, 0) + steps
        remaining -= steps * w
    assert remaining == 0, f"cannot add {points} points to pillar {pillar}"
    return out


def levels_for(points: list[int]) -> dict[str, int]:
    levels: dict[str, int] = {}
    for pillar, wanted in zip(PILLAR_CODES, points, strict=True):
        levels = raise_pillar(levels, pillar, wanted)
    return levels


def ref_pillar_level(points: int, maximum: int) -> int:
    for level, upper in enumerate((10, 20, 40, 60, 80)):
        if points * 100 <= upper * maximum:
            return level
    return 5


def ref_pillar_points(levels: dict[str, int], pillar: str) -> int:
    return sum(weight(c) * levels.get(c, 0) for c in PILLAR_CRITERIA[pillar])


def ref_cost(levels: dict[str, int], pillar: str, target: int) -> int:
    """Fewest extra points reachable in ``pillar`` that give it level ≥ target."""
    points = ref_pillar_points(levels, pillar)
    step = 5 if pillar == "2" else 1
    extra = 0
    while ref_pillar_level(points + extra, PILLAR_MAX[pillar]) < target:
        extra += step
    assert points + extra <= PILLAR_MAX[pillar]
    return extra


def counts(gap: scoring.OverallGap) -> tuple[int, int, int, int]:
    return (gap.next_level, gap.total_needed, gap.pillars_needed, gap.pillars_at_level)


# --- points_to_next_level ---------------------------------------------------------------------


def test_pillar_1_at_39_of_65_is_level_3_and_needs_1_point_for_level_4():
    result = scoring.score(SNAPSHOT, levels_for([39, 0, 0, 0, 0, 0]))
    pillar = result.pillars[0]
    assert (pillar.points, pillar.level, pillar.points_to_next_level) == (39, 3, 1)


def test_one_more_point_on_pillar_1_at_39_reaches_level_4():
    # 40/65 = 61.5 % > 60 %
    result = scoring.score(SNAPSHOT, levels_for([40, 0, 0, 0, 0, 0]))
    assert (result.pillars[0].level, result.pillars[0].points_to_next_level) == (4, 13)


def test_strategy_at_criterion_level_2_needs_5_points_for_level_3():
    # 10/25 = 40 % is level 2; 11 points would do, but 2.1.1 only moves in steps of 5
    result = scoring.score(SNAPSHOT, {STRATEGY: 2})
    pillar = result.pillars[1]
    assert (pillar.points, pillar.level, pillar.points_to_next_level) == (10, 2, 5)


@pytest.mark.parametrize("criterion_level", [0, 1, 2, 3, 4], ids=lambda lv: f"2.1.1-at-{lv}")
def test_strategy_pillar_always_needs_5_points_for_the_next_level(criterion_level):
    pillar = scoring.score(SNAPSHOT, {STRATEGY: criterion_level}).pillars[1]
    assert (pillar.level, pillar.points_to_next_level) == (criterion_level, 5)


@pytest.mark.parametrize(
    ("points", "pillar_index"),
    [
        pytest.param([65, 0, 0, 0, 0, 0], 0, id="pillar1-full"),
        pytest.param([53, 0, 0, 0, 0, 0], 0, id="pillar1-at-53-of-65"),
        pytest.param([0, 25, 0, 0, 0, 0], 1, id="pillar2-full"),
        pytest.param([0, 0, 65, 0, 0, 0], 2, id="pillar3-at-65-of-80"),
        pytest.param([0, 0, 0, 0, 41, 0], 4, id="pillar5-at-41-of-50"),
        pytest.param([0, 0, 0, 0, 0, 29], 5, id="pillar6-at-29-of-35"),
    ],
)
def test_pillar_at_level_5_has_no_next_level(points, pillar_index):
    pillar = scoring.score(SNAPSHOT, levels_for(points)).pillars[pillar_index]
    assert (pillar.level, pillar.points_to_next_level) == (5, None)


@pytest.mark.parametrize(
    ("pillar", "points", "level", "to_next"),
    [
        pytest.param("1", 0, 0, 7, id="p1-0of65-needs-7"),
        pytest.param("1", 6, 0, 1, id="p1-6of65-needs-1"),
        pytest.param("1", 7, 1, 7, id="p1-7of65-needs-7-for-14"),
        pytest.param("1", 26, 2, 1, id="p1-26of65-needs-1"),
        pytest.param("1", 52, 4, 1, id="p1-52of65-needs-1"),
        pytest.param("3", 0, 0, 9, id="p3-0of80-needs-9"),
        pytest.param("3", 8, 0, 1, id="p3-8of80-needs-1"),
        pytest.param("3", 17, 2, 16, id="p3-17of80-needs-16-for-33"),
        pytest.param("3", 49, 4, 16, id="p3-49of80-needs-16-for-65"),
        pytest.param("4", 27, 3, 13, id="p4-27of65-needs-13-for-40"),
        pytest.param("5", 0, 0, 6, id="p5-0of50-needs-6"),
        pytest.param("5", 31, 4, 10, id="p5-31of50-needs-10-for-41"),
        pytest.param("6", 0, 0, 4, id="p6-0of35-needs-4"),
        pytest.param("6", 15, 3, 7, id="p6-15of35-needs-7-for-22"),
        pytest.param("6", 28, 4, 1, id="p6-28of35-needs-1"),
    ],
)
def test_points_to_next_level_per_pillar(pillar, points, level, to_next):
    wanted = [0] * 6
    index = PILLAR_CODES.index(pillar)
    wanted[index] = points
    got = scoring.score(SNAPSHOT, levels_for(wanted)).pillars[index]
    assert (got.points, got.level, got.points_to_next_level) == (points, level, to_next)


def _toy_snapshot(*criteria: scoring.CriterionSpec) -> scoring.CatalogSnapshot:
    return scoring.CatalogSnapshot(
        code="toy",
        pillars=(scoring.PillarSpec("A", (scoring.SubIndexSpec("A.1", criteria),)),),
        bands=tuple(
            scoring.Band(level, upper) for level, upper in enumerate((10, 20, 40, 60, 80, 100))
        ),
        overall_rules=(scoring.OverallRule(1, 0, 1),),
    )


def test_points_to_next_level_respects_the_granularity_of_the_criteria_with_headroom():
    # X (4 per level) at 5 is full; Y (4 per level) at 0: 20/40 = 50 % -> level 3.
    # Level 4 needs > 60 %, i.e. 25 points: 5 more, but only Y can move, in steps of 4 -> 8.
    snapshot = _toy_snapshot(scoring.CriterionSpec("A.1.1", 4), scoring.CriterionSpec("A.1.2", 4))
    pillar = scoring.score(snapshot, {"A.1.1": 5, "A.1.2": 0}).pillars[0]
    assert (pillar.points, pillar.max, pillar.level, pillar.points_to_next_level) == (20, 40, 3, 8)


def test_points_to_next_level_never_counts_on_a_criterion_already_at_5():
    # X (10 per level) at 0, Y (1 per level) at 5: 5/55 = 9 % -> level 0. Level 1 needs 6 points:
    # 1 more, but Y is full, so X must move: 10.
    snapshot = _toy_snapshot(scoring.CriterionSpec("A.1.1", 10), scoring.CriterionSpec("A.1.2", 1))
    pillar = scoring.score(snapshot, {"A.1.1": 0, "A.1.2": 5}).pillars[0]
    assert (pillar.points, pillar.max, pillar.level, pillar.points_to_next_level) == (5, 55, 0, 10)


def test_points_to_next_level_mixes_weights_to_hit_the_cheapest_reachable_amount():
    # X (3 per level) at 0, Y (2 per level) at 4: 8/25 = 32 % -> level 2. Level 3 needs > 40 %,
    # i.e. 11 points: 3 more. Y alone gives 2, X alone 3 -> 3.
    snapshot = _toy_snapshot(scoring.CriterionSpec("A.1.1", 3), scoring.CriterionSpec("A.1.2", 2))
    pillar = scoring.score(snapshot, {"A.1.1": 0, "A.1.2": 4}).pillars[0]
    assert (pillar.points, pillar.max, pillar.level, pillar.points_to_next_level) == (8, 25, 2, 3)


# --- the overall gap --------------------------------------------------------------------------


def test_no_data_needs_21_points_and_4_pillars_for_level_1():
    result = scoring.score(SNAPSHOT, {})
    gap = result.gap
    assert result.level == 0
    assert gap is not None
    assert (gap.next_level, gap.total_above, gap.min_pillars) == (1, 20, 4)
    assert (gap.total_needed, gap.pillars_needed, gap.pillars_at_level) == (21, 4, 0)
    # level-1 costs: p1 7, p2 5 (granularity), p3 9, p4 7, p5 6, p6 4 -> cheapest four:
    # p6 4, p2 5, p5 6 and one of p1/p4 at 7 (a tie)
    plan = {r.pillar_code: r.points for r in gap.plan}
    assert len(gap.plan) == 4
    assert {k: plan[k] for k in ("6", "2", "5")} == {"6": 4, "2": 5, "5": 6}
    (fourth,) = set(plan) - {"6", "2", "5"}
    assert fourth in {"1", "4"}
    assert plan[fourth] == 7
    # the plan alone gives 22 > 21 points, so nothing extra is needed
    assert gap.extra_points == 0
    assert gap.additional_points == 22
    assert gap.unmet == ("total", "pillars")


def test_applying_the_no_data_plan_reaches_level_1():
    gap = scoring.score(SNAPSHOT, {}).gap
    levels: dict[str, int] = {}
    for r in gap.plan:
        levels = raise_pillar(levels, r.pillar_code, r.points)
    result = scoring.score(SNAPSHOT, levels)
    assert (result.total, result.level) == (22, 1)


def test_only_the_total_is_short_when_four_pillars_are_at_2_with_43_points():
    # [14, 10, 0, 0, 11, 8]: four pillars at level 2, total 43 -> overall 1; level 2 needs > 64.
    result = scoring.score(SNAPSHOT, levels_for([14, 10, 0, 0, 11, 8]))
    gap = result.gap
    assert result.level == 1
    assert counts(gap) == (2, 22, 0, 4)
    assert gap.plan == ()
    assert (gap.extra_points, gap.additional_points) == (22, 22)
    assert gap.unmet == ("total",)


def test_only_pillars_are_short_when_two_full_pillars_hold_145_points():
    # pillars 1 and 3 full (145 points), the rest empty -> overall 0; level 1 needs 2 more pillars
    # at ≥ 1: cheapest are p6 (4) and p2 (5).
    result = scoring.score(SNAPSHOT, levels_for([65, 0, 80, 0, 0, 0]))
    gap = result.gap
    assert (result.total, result.level) == (145, 0)
    assert counts(gap) == (1, 0, 2, 2)
    assert {(r.pillar_code, r.points) for r in gap.plan} == {("6", 4), ("2", 5)}
    assert (gap.extra_points, gap.additional_points) == (0, 9)
    assert gap.unmet == ("pillars",)


def test_extra_points_cover_the_total_when_the_plan_is_not_enough():
    # every pillar at its level-1 floor: [7, 5, 9, 7, 6, 4] = 38 -> overall 1. Level 2 needs > 64
    # (27 more) and 4 pillars at 2. Costs to level 2: p1 7, p2 5, p3 8, p4 7, p5 5, p6 4 ->
    # cheapest four 4 + 5 + 5 + 7 = 21, so 6 extra points, 27 in all.
    result = scoring.score(SNAPSHOT, levels_for([7, 5, 9, 7, 6, 4]))
    gap = result.gap
    assert (result.total, result.level) == (38, 1)
    assert counts(gap) == (2, 27, 4, 0)
    plan = {r.pillar_code: r.points for r in gap.plan}
    assert len(plan) == 4
    assert {k: plan[k] for k in ("6", "2", "5")} == {"6": 4, "2": 5, "5": 5}
    (fourth,) = set(plan) - {"6", "2", "5"}
    assert fourth in {"1", "4"}
    assert plan[fourth] == 7
    assert (gap.extra_points, gap.additional_points) == (6, 27)
    assert gap.unmet == ("total", "pillars")


def test_gap_at_level_4_names_the_single_pillar_short_of_level_5():
    # all full except pillar 6 at 28/35 (80 % -> level 4): total 313 -> overall 4
    result = scoring.score(SNAPSHOT, levels_for([65, 25, 80, 65, 50, 28]))
    gap = result.gap
    assert result.level == 4
    assert (gap.next_level, gap.total_above, gap.min_pillars) == (5, 256, 6)
    assert (gap.total_needed, gap.pillars_needed, gap.pillars_at_level) == (0, 1, 5)
    assert [(r.pillar_code, r.points) for r in gap.plan] == [("6", 1)]
    assert (gap.extra_points, gap.additional_points) == (0, 1)
    assert gap.unmet == ("pillars",)


def test_gap_for_level_5_with_the_strategy_pillar_short_needs_5_points():
    # everything full but 2.1.1 at 4 -> pillar 2 level 4, total 315 -> overall 4
    levels = dict.fromkeys(ALL_CODES, 5)
    levels[STRATEGY] = 4
    gap = scoring.score(SNAPSHOT, levels).gap
    assert [(r.pillar_code, r.points) for r in gap.plan] == [("2", 5)]
    assert gap.additional_points == 5


def test_gap_for_level_4_with_the_total_met_needs_only_the_cheapest_pillar():
    # [40, 20, 41, 40, 30, 22] = 193, overall 3 (p3 and p5 at 3). Level 4 has the total (> 192)
    # but needs one more pillar at 4: p5 needs 1 (31), p3 needs 8 (49) -> plan p5:1.
    result = scoring.score(SNAPSHOT, levels_for([40, 20, 41, 40, 30, 22]))
    gap = result.gap
    assert result.level == 3
    assert counts(gap) == (4, 0, 1, 4)
    assert [(r.pillar_code, r.points) for r in gap.plan] == [("5", 1)]
    assert (gap.extra_points, gap.additional_points) == (0, 1)
    assert gap.unmet == ("pillars",)


def test_no_gap_at_overall_level_5():
    assert scoring.score(SNAPSHOT, dict.fromkeys(ALL_CODES, 5)).gap is None
    assert scoring.score(SNAPSHOT, levels_for([53, 25, 65, 53, 41, 29])).gap is None


@pytest.mark.parametrize(
    ("total_needed", "pillars_needed", "unmet"),
    [
        pytest.param(0, 0, (), id="nothing-short"),
        pytest.param(3, 0, ("total",), id="total-short"),
        pytest.param(0, 2, ("pillars",), id="pillars-short"),
        pytest.param(3, 2, ("total", "pillars"), id="both-short"),
    ],
)
def test_unmet_names_the_conditions_not_yet_met(total_needed, pillars_needed, unmet):
    gap = scoring.OverallGap(
        next_level=1, total_needed=total_needed, pillars_needed=pillars_needed,
        pillars_at_level=4 - pillars_needed, min_pillars=4, total_above=20, plan=(),
        extra_points=0, additional_points=0,
    )  # fmt: skip
    assert gap.unmet == unmet


# --- property: the plan is feasible and cheapest ---------------------------------------------


@st.composite
def below_top_levels(draw):
    if draw(st.booleans()):
        return draw(st.dictionaries(st.sampled_from(ALL_CODES), st.integers(0, 5), max_size=60))
    floor = draw(st.integers(0, 5))
    return {
        code: value
        for code in ALL_CODES
        if (value := draw(st.one_of(st.none(), st.integers(floor, 5)))) is not None
    }


def _add_anywhere(levels: dict[str, int], points: int) -> dict[str, int]:
    """Add at least ``points`` points on criteria with headroom, 1-point criteria first."""
    out = dict(levels)
    remaining = points
    for code in sorted(ALL_CODES, key=lambda c: c == STRATEGY):
        while remaining > 0 and out.get(code, 0) < 5:
            out[code] = out.get(code, 0) + 1
            remaining -= weight(code)
    assert remaining <= 0, "the catalog has room for the extra points"
    return out


@settings(max_examples=300, deadline=None)
@given(levels=below_top_levels())
def test_the_gap_plan_is_feasible_cheapest_and_reaches_the_next_level(levels):
    result = scoring.score(SNAPSHOT, levels)
    if result.level == 5:
        assert result.gap is None
        return
    gap = result.gap
    k = result.level + 1
    above, needed = OVERALL_TABLE[k]
    by_code = {p.code: p for p in result.pillars}
    at_level = sum(1 for p in result.pillars if p.level >= k)

    assert (gap.next_level, gap.total_above, gap.min_pillars) == (k, above, needed)
    assert gap.total_needed == max(0, above + 1 - result.total)
    assert gap.pillars_at_level == at_level
    assert gap.pillars_needed == max(0, needed - at_level)
    assert len(gap.plan) == gap.pillars_needed
    assert len({r.pillar_code for r in gap.plan}) == len(gap.plan)

    for r in gap.plan:
        pillar = by_code[r.pillar_code]
        assert pillar.level < k, "the plan only lifts pillars below the next level"
        assert 0 < r.points <= pillar.max - pillar.points, "never beyond the pillar's headroom"
        assert ref_pillar_level(pillar.points + r.points, pillar.max) >= k
        assert r.points == ref_cost(levels, r.pillar_code, k)

    # cheapest: the plan's costs are the smallest among all pillars below the next level
    costs = sorted(ref_cost(levels, p.code, k) for p in result.pillars if p.level < k)
    assert Counter(r.points for r in gap.plan) == Counter(costs[: gap.pillars_needed])

    raised = sum(r.points for r in gap.plan)
    assert gap.extra_points == max(0, gap.total_needed - raised)
    assert gap.additional_points == raised + gap.extra_points == max(raised, gap.total_needed)
    assert gap.additional_points >= gap.total_needed
    shortfalls = (("total", gap.total_needed), ("pillars", gap.pillars_needed))
    assert set(gap.unmet) == {name for name, short in shortfalls if short}

    # following the plan (then adding the extra points anywhere) reaches the next level
    applied = levels
    for r in gap.plan:
        applied = raise_pillar(applied, r.pillar_code, r.points)
    applied = _add_anywhere(applied, gap.extra_points)
    after = scoring.score(SNAPSHOT, applied)
    assert after.level >= k


@settings(max_examples=300, deadline=None)
@given(levels=below_top_levels())
def test_points_to_next_level_is_the_cheapest_reachable_lift(levels):
    result = scoring.score(SNAPSHOT, levels)
    for pillar in result.pillars:
        if pillar.level == 5:
            assert pillar.points_to_next_level is None
            continue
        expected = ref_cost(levels, pillar.code, pillar.level + 1)
        assert pillar.points_to_next_level == expected
        lifted = scoring.score(SNAPSHOT, raise_pillar(levels, pillar.code, expected))
        assert lifted.pillars[PILLAR_CODES.index(pillar.code)].level == pillar.level + 1
