"""Pillar bands (DOMAIN.md §2 "Pillar level", Bảng 2) on the real dbi-sme-2021 catalog.

Expected values are derived by hand from the rule: level 0 for p ≤ 10 %, then each band excludes
its lower bound and includes its upper bound (≤ 20 % → 1, ≤ 40 % → 2, ≤ 60 % → 3, ≤ 80 % → 4,
≤ 100 % → 5), where p = pillar points / pillar maximum.
"""

from __future__ import annotations

import pytest

from assessments import scoring

from .sme_reference import (
    ALL_CODES,
    PILLAR_CODES,
    PILLAR_MAX,
    SNAPSHOT,
    STRATEGY,
    SUB_CODES,
)
from .sme_reference import (
    SUB_CRITERIA as CRITERIA,
)

SUB_MAX = {
    "1.1": 45, "1.2": 20, "2.1": 25, "3.1": 10, "3.2": 70,
    "4.1": 30, "4.2": 35, "5.1": 25, "5.2": 25, "6.1": 35,
}  # fmt: skip


def fill_pillar(pillar: str, points: int) -> dict[str, int]:
    """Criterion levels for ``pillar`` worth exactly ``points``, filled in catalog order.

    Every criterion of the pillar gets a key (0 for the unfilled ones), so none is missing.
    """
    if pillar == "2":
        assert points % 5 == 0, "pillar 2 moves in steps of 5 points"
        return {STRATEGY: points // 5}
    levels: dict[str, int] = {}
    remaining = points
    for sub in SUB_CODES[pillar]:
        for code in CRITERIA[sub]:
            levels[code] = min(5, remaining)
            remaining -= levels[code]
    assert remaining == 0, f"pillar {pillar} cannot hold {points} points"
    return levels


def sub_points_of(pillar: str, points: int) -> dict[str, int]:
    """Sub-index points fill_pillar gives: sub-indices are filled in order, each up to its max."""
    result = {}
    remaining = points
    for sub in SUB_CODES[pillar]:
        result[sub] = min(SUB_MAX[sub], remaining)
        remaining -= result[sub]
    return result


# --- the catalog itself -------------------------------------------------------------------


def test_real_catalog_has_the_pillars_sub_indices_and_criteria_of_the_seed():
    assert [p.code for p in SNAPSHOT.pillars] == PILLAR_CODES
    assert [[s.code for s in p.sub_indices] for p in SNAPSHOT.pillars] == list(SUB_CODES.values())
    assert list(SNAPSHOT.criterion_codes) == ALL_CODES
    assert len(ALL_CODES) == 60


def test_only_the_strategy_criterion_is_worth_five_points_per_level():
    weights = {code: c.points_per_level for code, c in SNAPSHOT.criteria_by_code.items()}
    assert weights == {code: (5 if code == STRATEGY else 1) for code in ALL_CODES}


def test_real_catalog_maxima_are_65_25_80_65_50_35_and_320_in_all():
    assert [SNAPSHOT.pillar_max(p) for p in SNAPSHOT.pillars] == [65, 25, 80, 65, 50, 35]
    assert SNAPSHOT.total_max == 320


def test_real_catalog_bands_and_overall_rules_are_those_of_domain_md():
    assert [(b.level, b.upper_percent) for b in SNAPSHOT.bands] == [
        (0, 10), (1, 20), (2, 40), (3, 60), (4, 80), (5, 100),
    ]  # fmt: skip
    assert [(r.level, r.total_above, r.min_pillars) for r in SNAPSHOT.overall_rules] == [
        (1, 20, 4), (2, 64, 4), (3, 128, 4), (4, 192, 5), (5, 256, 6),
    ]  # fmt: skip


# --- band edges, per pillar, through score() ------------------------------------------------

# (pillar, points, expected level). 10/20/40/60/80 % of each maximum:
#   65: 6.5 / 13 / 26 / 39 / 52      25: 2.5 / 5 / 10 / 15 / 20 (only multiples of 5 reachable)
#   80: 8 / 16 / 32 / 48 / 64        50: 5 / 10 / 20 / 30 / 40     35: 3.5 / 7 / 14 / 21 / 28
BAND_EDGES = {
    "1": [(0, 0), (6, 0), (7, 1), (13, 1), (14, 2), (26, 2), (27, 3), (39, 3), (40, 4),
          (52, 4), (53, 5), (65, 5)],
    "2": [(0, 0), (5, 1), (10, 2), (15, 3), (20, 4), (25, 5)],
    "3": [(0, 0), (8, 0), (9, 1), (16, 1), (17, 2), (32, 2), (33, 3), (48, 3), (49, 4),
          (64, 4), (65, 5), (80, 5)],
    "4": [(0, 0), (6, 0), (7, 1), (13, 1), (14, 2), (26, 2), (27, 3), (39, 3), (40, 4),
          (52, 4), (53, 5), (65, 5)],
    "5": [(0, 0), (5, 0), (6, 1), (10, 1), (11, 2), (20, 2), (21, 3), (30, 3), (31, 4),
          (40, 4), (41, 5), (50, 5)],
    "6": [(0, 0), (3, 0), (4, 1), (7, 1), (8, 2), (14, 2), (15, 3), (21, 3), (22, 4),
          (28, 4), (29, 5), (35, 5)],
}  # fmt: skip
EDGE_CASES = [
    pytest.param(
        pillar, points, level, id=f"pillar{pillar}-{points}of{PILLAR_MAX[pillar]}-L{level}"
    )
    for pillar, edges in BAND_EDGES.items()
    for points, level in edges
]


@pytest.mark.parametrize(("pillar", "points", "level"), EDGE_CASES)
def test_pillar_band_edges_give_the_level_of_the_band_table(pillar, points, level):
    result = scoring.score(SNAPSHOT, fill_pillar(pillar, points))
    index = PILLAR_CODES.index(pillar)
    got = result.pillars[index]
    assert got.code == pillar
    assert got.points == points
    assert got.max == PILLAR_MAX[pillar]
    assert got.level == level
    # every other pillar is empty and therefore level 0
    assert [p.level for i, p in enumerate(result.pillars) if i != index] == [0] * 5
    assert result.total == points
    assert result.max == 320


def test_seed_example_39_of_65_in_pillar_1_is_level_3():
    result = scoring.score(SNAPSHOT, fill_pillar("1", 39))
    assert (result.pillars[0].points, result.pillars[0].level) == (39, 3)


def test_pillar_1_at_exactly_ten_percent_equivalent_6_is_level_0_and_7_is_level_1():
    # 6/65 = 9.2 % and 7/65 = 10.8 %: 10 % itself is not an integer number of points.
    assert scoring.score(SNAPSHOT, fill_pillar("1", 6)).pillars[0].level == 0
    assert scoring.score(SNAPSHOT, fill_pillar("1", 7)).pillars[0].level == 1


def test_pillar_5_at_exactly_ten_percent_is_level_0():
    assert scoring.score(SNAPSHOT, fill_pillar("5", 5)).pillars[4].level == 0


def test_pillar_3_at_exactly_eighty_percent_is_level_4_and_one_more_point_is_level_5():
    assert scoring.score(SNAPSHOT, fill_pillar("3", 64)).pillars[2].level == 4
    assert scoring.score(SNAPSHOT, fill_pillar("3", 65)).pillars[2].level == 5


@pytest.mark.parametrize(
    ("criterion_level", "points", "pillar_level"),
    [
        pytest.param(lv, 5 * lv, lv, id=f"2.1.1-at-{lv}-gives-{5 * lv}pts-level{lv}")
        for lv in range(6)
    ],
)
def test_strategy_criterion_level_l_gives_5l_points_and_pillar_2_level_l(
    criterion_level, points, pillar_level
):
    result = scoring.score(SNAPSHOT, {STRATEGY: criterion_level})
    strategy = result.pillars[1]
    assert (strategy.code, strategy.points, strategy.max, strategy.level) == (
        "2", points, 25, pillar_level,
    )  # fmt: skip
    assert result.total == points
    sub = {s.code: s for s in result.sub_indices}["2.1"]
    assert (sub.points, sub.max) == (points, 25)


# --- sub-indices ------------------------------------------------------------------------------


def test_sub_index_maxima_are_those_of_the_seed():
    result = scoring.score(SNAPSHOT, {})
    assert [(s.code, s.max) for s in result.sub_indices] == list(SUB_MAX.items())


@pytest.mark.parametrize(
    ("pillar", "points"),
    [
        pytest.param("1", 39, id="pillar1-39-fills-1.1-only"),
        pytest.param("1", 52, id="pillar1-52-spills-7-into-1.2"),
        pytest.param("3", 33, id="pillar3-33-is-10-in-3.1-and-23-in-3.2"),
        pytest.param("4", 40, id="pillar4-40-is-30-in-4.1-and-10-in-4.2"),
        pytest.param("5", 41, id="pillar5-41-is-25-in-5.1-and-16-in-5.2"),
        pytest.param("6", 22, id="pillar6-22-all-in-6.1"),
    ],
)
def test_sub_index_points_add_up_to_their_pillar(pillar, points):
    result = scoring.score(SNAPSHOT, fill_pillar(pillar, points))
    got = {s.code: s.points for s in result.sub_indices if s.code.split(".")[0] == pillar}
    assert got == sub_points_of(pillar, points)
    assert sum(got.values()) == points


def test_all_criteria_at_five_give_every_maximum():
    result = scoring.score(SNAPSHOT, dict.fromkeys(ALL_CODES, 5))
    assert [(p.points, p.max, p.level) for p in result.pillars] == [
        (PILLAR_MAX[c], PILLAR_MAX[c], 5) for c in PILLAR_CODES
    ]
    assert [(s.points, s.max) for s in result.sub_indices] == [(m, m) for m in SUB_MAX.values()]
    assert (result.total, result.max) == (320, 320)
    assert result.missing == ()


def test_all_criteria_at_one_give_one_point_each_and_five_for_strategy():
    result = scoring.score(SNAPSHOT, dict.fromkeys(ALL_CODES, 1))
    # pillar points = criteria count (pillar 2: 5); levels: 13/65=20% -> 1, 5/25=20% -> 1,
    # 16/80=20% -> 1, 13/65 -> 1, 10/50=20% -> 1, 7/35=20% -> 1 (each band includes its upper bound)
    assert [(p.points, p.level) for p in result.pillars] == [
        (13, 1), (5, 1), (16, 1), (13, 1), (10, 1), (7, 1),
    ]  # fmt: skip
    assert result.total == 64


# --- missing criteria -------------------------------------------------------------------------


def test_empty_levels_list_every_criterion_as_missing_and_score_zero():
    result = scoring.score(SNAPSHOT, {})
    assert result.missing == tuple(ALL_CODES)
    assert result.total == 0
    assert [p.points for p in result.pillars] == [0] * 6
    assert [p.level for p in result.pillars] == [0] * 6


def test_missing_criteria_are_listed_in_catalog_order_and_count_zero():
    given = {"1.1.1": 5, "1.2.4": 3, STRATEGY: 2, "6.1.7": 0}
    result = scoring.score(SNAPSHOT, given)
    assert result.missing == tuple(c for c in ALL_CODES if c not in given)
    assert len(result.missing) == 56
    # a criterion given as 0 is not missing, but scores the same as a missing one
    assert "6.1.7" not in result.missing
    assert [p.points for p in result.pillars] == [8, 10, 0, 0, 0, 0]
    assert result.total == 18


def test_a_missing_criterion_scores_like_a_zero_one():
    base = fill_pillar("4", 40)
    dropped = {k: v for k, v in base.items() if v == 0}
    assert dropped, "the fill leaves some pillar-4 criteria at 0"
    without_zeros = {k: v for k, v in base.items() if v != 0}
    with_zeros = scoring.score(SNAPSHOT, base)
    missing = scoring.score(SNAPSHOT, without_zeros)
    assert with_zeros.pillars == missing.pillars
    assert with_zeros.total == missing.total == 40
    assert set(missing.missing) - set(with_zeros.missing) == set(dropped)


# --- pillar_level directly --------------------------------------------------------------------

DIRECT_CASES = [
    pytest.param(points, maximum, level, id=f"{points}of{maximum}-L{level}")
    for maximum, edges in [
        (65, BAND_EDGES["1"]),
        # every integer edge of max 25, including points pillar 2 cannot actually reach
        (25, [(0, 0), (2, 0), (3, 1), (5, 1), (6, 2), (10, 2), (11, 3), (15, 3), (16, 4),
              (20, 4), (21, 5), (25, 5)]),
        (80, BAND_EDGES["3"]),
        (50, BAND_EDGES["5"]),
        (35, BAND_EDGES["6"]),
        # max 100: every percentage point is an integer
        (100, [(10, 0), (11, 1), (20, 1), (21, 2), (40, 2), (41, 3), (60, 3), (61, 4),
               (80, 4), (81, 5), (100, 5)]),
        # max 10: 10 % is exactly 1 point
        (10, [(0, 0), (1, 0), (2, 1), (3, 2), (4, 2), (5, 3), (6, 3), (7, 4), (8, 4),
              (9, 5), (10, 5)]),
    ]
    for points, level in edges
]  # fmt: skip


@pytest.mark.parametrize(("points", "maximum", "level"), DIRECT_CASES)
def test_pillar_level_of_points_and_maximum(points, maximum, level):
    assert scoring.pillar_level(SNAPSHOT, points, maximum) == level


def test_pillar_level_uses_exact_integer_comparison_not_floats():
    # 0.1 * 3 is 0.30000000000000004 in floats; 3 of 10 is exactly 30 % -> band ≤ 40 % -> 2,
    # and 7 of 35 is exactly 20 % (float 0.2 may not compare equal) -> 1.
    assert scoring.pillar_level(SNAPSHOT, 3, 10) == 2
    assert scoring.pillar_level(SNAPSHOT, 7, 35) == 1
    # huge values stay exact: 10 % of 10**20 + 1 is strictly above 10 %
    assert scoring.pillar_level(SNAPSHOT, 10**19, 10**20) == 0
    assert scoring.pillar_level(SNAPSHOT, 10**19 + 1, 10**20) == 1


def test_pillar_level_of_an_empty_pillar_is_0():
    assert scoring.pillar_level(SNAPSHOT, 0, 0) == 0


# --- a hand-made snapshot with other bands ------------------------------------------------------


def test_hand_made_snapshot_uses_its_own_bands():
    snapshot = scoring.CatalogSnapshot(
        code="toy",
        pillars=(
            scoring.PillarSpec(
                "A",
                (
                    scoring.SubIndexSpec(
                        "A.1", tuple(scoring.CriterionSpec(f"A.1.{n}") for n in range(1, 5))
                    ),
                ),
            ),
        ),
        # quarters, given out of order: the snapshot sorts them
        bands=(scoring.Band(2, 75), scoring.Band(0, 25), scoring.Band(3, 100), scoring.Band(1, 50)),
        overall_rules=(scoring.OverallRule(1, 0, 1),),
        max_level=3,
    )
    # max = 4 criteria × 3 = 12 points: 25 % = 3, 50 % = 6, 75 % = 9
    expected = {0: 0, 3: 0, 4: 1, 6: 1, 7: 2, 9: 2, 10: 3, 12: 3}
    for points, level in expected.items():
        levels = {}
        remaining = points
        for n in range(1, 5):
            levels[f"A.1.{n}"] = min(3, remaining)
            remaining -= levels[f"A.1.{n}"]
        result = scoring.score(snapshot, levels)
        assert (result.pillars[0].points, result.pillars[0].level) == (points, level), points
