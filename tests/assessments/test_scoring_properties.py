"""Hypothesis properties of scoring on the real dbi-sme-2021 catalog.

The references below are written from DOMAIN.md §2 only (integer arithmetic, the overall table),
without calling the scoring module.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments import scoring

from .sme_reference import (
    ALL_CODES,
    PILLAR_MAX,
    SNAPSHOT,
    STRATEGY,
    STRUCTURE,
    SUB_CRITERIA,
)
from .sme_reference import (
    SUB_CODES as PILLAR_SUBS,
)

# (level, total strictly above, pillars needed at ≥ level), from the DOMAIN.md table
OVERALL_TABLE = [(1, 20, 4), (2, 64, 4), (3, 128, 4), (4, 192, 5), (5, 256, 6)]


def ref_points(code: str, level: int) -> int:
    return 5 * level if code == STRATEGY else level


def ref_sub_points(levels: dict[str, int], sub: str) -> int:
    return sum(ref_points(c, levels.get(c, 0)) for c in SUB_CRITERIA[sub])


def ref_pillar_points(levels: dict[str, int], pillar: str) -> int:
    return sum(ref_sub_points(levels, sub) for sub in PILLAR_SUBS[pillar])


def ref_pillar_level(points: int, maximum: int) -> int:
    """Bảng 2 in integers: p ≤ 10 % → 0, ≤ 20 % → 1, ≤ 40 % → 2, ≤ 60 % → 3, ≤ 80 % → 4, else 5"""
    if 10 * points <= maximum:
        return 0
    if 5 * points <= maximum:
        return 1
    if 5 * points <= 2 * maximum:
        return 2
    if 5 * points <= 3 * maximum:
        return 3
    if 5 * points <= 4 * maximum:
        return 4
    return 5


def ref_overall_level(total: int, pillar_levels: list[int]) -> int:
    level = 0
    for k, above, needed in OVERALL_TABLE:
        if total > above and sum(1 for lv in pillar_levels if lv >= k) >= needed:
            level = k
    return level


@st.composite
def level_dicts(draw):
    """Random {code: 0..5}; some criteria missing. Half the time levels are drawn from a random
    floor upwards so that high overall levels (4, 5) occur too."""
    if draw(st.booleans()):
        return draw(st.dictionaries(st.sampled_from(ALL_CODES), st.integers(0, 5), max_size=60))
    floor = draw(st.integers(0, 5))
    missing_allowed = draw(st.booleans())
    levels = {}
    for code in ALL_CODES:
        value = draw(st.one_of(st.none(), st.integers(floor, 5)) if missing_allowed
                     else st.integers(floor, 5))  # fmt: skip
        if value is not None:
            levels[code] = value
    return levels


PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)


@PROPERTY_SETTINGS
@given(levels=level_dicts(), data=st.data())
def test_raising_one_criterion_never_lowers_a_pillar_level_the_total_or_the_overall_level(
    levels, data
):
    code = data.draw(st.sampled_from(ALL_CODES), label="criterion")
    old = levels.get(code, 0)
    new = data.draw(st.integers(old, 5), label="new level")
    raised = {**levels, code: new}
    before = scoring.score(SNAPSHOT, levels)
    after = scoring.score(SNAPSHOT, raised)
    for b, a in zip(before.pillars, after.pillars, strict=True):
        assert a.points >= b.points
        assert a.level >= b.level
    assert after.total - before.total == ref_points(code, new) - ref_points(code, old)
    assert after.level >= before.level


@PROPERTY_SETTINGS
@given(levels=level_dicts())
def test_overall_level_never_exceeds_the_fourth_highest_pillar_level(levels):
    result = scoring.score(SNAPSHOT, levels)
    fourth_highest = sorted((p.level for p in result.pillars), reverse=True)[3]
    assert result.level <= fourth_highest


@PROPERTY_SETTINGS
@given(levels=level_dicts())
def test_total_is_the_sum_of_pillar_points_and_of_sub_index_points(levels):
    result = scoring.score(SNAPSHOT, levels)
    assert result.total == sum(p.points for p in result.pillars)
    assert result.total == sum(s.points for s in result.sub_indices)
    assert result.total == sum(ref_points(c, lv) for c, lv in levels.items())
    assert [(s.code, s.points) for s in result.sub_indices] == [
        (sub, ref_sub_points(levels, sub)) for sub in SUB_CRITERIA
    ]
    assert [(p.code, p.points, p.max) for p in result.pillars] == [
        (pillar, ref_pillar_points(levels, pillar), PILLAR_MAX[pillar]) for pillar in STRUCTURE
    ]
    # the strategy criterion is worth five times its level
    assert result.pillars[1].points == 5 * levels.get(STRATEGY, 0)
    assert result.max == 320
    assert result.missing == tuple(c for c in ALL_CODES if c not in levels)


@PROPERTY_SETTINGS
@given(levels=level_dicts())
def test_pillar_levels_match_the_integer_reference(levels):
    result = scoring.score(SNAPSHOT, levels)
    assert [p.level for p in result.pillars] == [
        ref_pillar_level(ref_pillar_points(levels, pillar), PILLAR_MAX[pillar])
        for pillar in STRUCTURE
    ]


@PROPERTY_SETTINGS
@given(levels=level_dicts())
def test_overall_level_matches_the_table_reference(levels):
    result = scoring.score(SNAPSHOT, levels)
    pillar_levels = [
        ref_pillar_level(ref_pillar_points(levels, pillar), PILLAR_MAX[pillar])
        for pillar in STRUCTURE
    ]
    total = sum(ref_pillar_points(levels, pillar) for pillar in STRUCTURE)
    assert result.level == ref_overall_level(total, pillar_levels)


@PROPERTY_SETTINGS
@given(
    points=st.integers(0, 10_000),
    maximum=st.integers(1, 10_000),
)
def test_pillar_level_function_matches_the_integer_reference(points, maximum):
    points = min(points, maximum)
    assert scoring.pillar_level(SNAPSHOT, points, maximum) == ref_pillar_level(points, maximum)


@PROPERTY_SETTINGS
@given(
    total=st.integers(0, 320),
    pillar_levels=st.lists(st.integers(0, 5), min_size=6, max_size=6),
)
def test_overall_level_function_matches_the_table_reference(total, pillar_levels):
    assert scoring.overall_level(SNAPSHOT, total, pillar_levels) == ref_overall_level(
        total, pillar_levels
    )


@PROPERTY_SETTINGS
@given(levels=level_dicts())
def test_check_levels_accepts_every_valid_level_dict_unchanged(levels):
    assert scoring.check_levels(SNAPSHOT, levels) == levels
