"""Overall level (DOMAIN.md §2 "Overall level", mục 2.2) and input validation.

The overall level is the highest k whose rule holds (0 if none):

    k   total strictly above   and at least … pillars at level ≥ k
    1   20                     4
    2   64                     4
    3   128                    4
    4   192                    5
    5   256                    6

Level-k pillar floors on the real catalog (smallest points with points*100 > lower% * max; pillar 2
only reaches multiples of 5):

    pillar (max)   L1  L2  L3  L4  L5
    1 (65)          7  14  27  40  53
    2 (25)          5  10  15  20  25
    3 (80)          9  17  33  49  65
    4 (65)          7  14  27  40  53
    5 (50)          6  11  21  31  41
    6 (35)          4   8  15  22  29
"""

from __future__ import annotations

import pytest

from assessments import scoring

from .sme_reference import (
    ALL_CODES,
    PILLAR_CODES,
    PILLAR_CRITERIA,
    SNAPSHOT,
    STRATEGY,
)


def levels_for(points: list[int]) -> dict[str, int]:
    """Criterion levels giving exactly ``points[i]`` to pillar i+1 (filled in catalog order)."""
    assert len(points) == 6
    levels: dict[str, int] = {}
    for pillar, wanted in zip(PILLAR_CODES, points, strict=True):
        if pillar == "2":
            assert wanted % 5 == 0, "pillar 2 moves in steps of 5 points"
            levels[STRATEGY] = wanted // 5
            continue
        remaining = wanted
        for code in PILLAR_CRITERIA[pillar]:
            levels[code] = min(5, remaining)
            remaining -= levels[code]
        assert remaining == 0, f"pillar {pillar} cannot hold {wanted} points"
    return levels


# (id, pillar points, pillar levels by hand, total by hand, overall level by hand)
SCORE_CASES = [
    # --- level 1: total > 20 and ≥ 4 pillars at ≥ 1 -------------------------------------------
    # On this catalog 4 pillars at level 1 cost at least 4 + 5 + 6 + 7 = 22 points, so "total 21
    # with 4 pillars at 1" cannot occur; the rule's edges are tested with overall_level() below.
    ("total22-4pillars-at-1-minimal-is-1", [0, 5, 0, 7, 6, 4], [0, 1, 0, 1, 1, 1], 22, 1),
    ("total22-4pillars-at-1-p1-instead-of-p4-is-1", [7, 5, 0, 0, 6, 4], [1, 1, 0, 0, 1, 1], 22, 1),
    ("total21-3pillars-at-1-is-0", [6, 5, 0, 0, 6, 4], [0, 1, 0, 0, 1, 1], 21, 0),
    ("total20-3pillars-at-1-is-0", [5, 5, 0, 0, 6, 4], [0, 1, 0, 0, 1, 1], 20, 0),
    ("total21-all-pillars-at-0-is-0", [6, 0, 8, 6, 1, 0], [0, 0, 0, 0, 0, 0], 21, 0),
    ("total38-6pillars-at-1-is-1", [7, 5, 9, 7, 6, 4], [1, 1, 1, 1, 1, 1], 38, 1),
    (
        "total33-1pillar-at-1-others-at-or-below-10pct-is-0",
        [6, 5, 8, 6, 5, 3],
        [0, 1, 0, 0, 0, 0],
        33,
        0,
    ),
    # --- level 2: total > 64 and ≥ 4 pillars at ≥ 2 -------------------------------------------
    ("total65-4pillars-at-2-is-2", [14, 10, 16, 6, 11, 8], [2, 2, 1, 0, 2, 2], 65, 2),
    ("total64-4pillars-at-2-is-1", [14, 10, 16, 5, 11, 8], [2, 2, 1, 0, 2, 2], 64, 1),
    ("total65-3pillars-at-2-is-1", [14, 10, 16, 7, 11, 7], [2, 2, 1, 1, 2, 1], 65, 1),
    ("total64-all-criteria-at-1-is-1", [13, 5, 16, 13, 10, 7], [1, 1, 1, 1, 1, 1], 64, 1),
    ("total43-4pillars-at-2-is-1", [14, 10, 0, 0, 11, 8], [2, 2, 0, 0, 2, 2], 43, 1),
    # --- level 3: total > 128 and ≥ 4 pillars at ≥ 3 ------------------------------------------
    ("total129-4pillars-at-3-is-3", [27, 15, 32, 19, 21, 15], [3, 3, 2, 2, 3, 3], 129, 3),
    ("total128-4pillars-at-3-is-2", [27, 15, 32, 18, 21, 15], [3, 3, 2, 2, 3, 3], 128, 2),
    ("total129-3pillars-at-3-is-2", [27, 15, 26, 26, 20, 15], [3, 3, 2, 2, 2, 3], 129, 2),
    ("total129-2pillars-at-3-3-at-2-is-1", [65, 15, 16, 13, 10, 10], [5, 3, 1, 1, 1, 2], 129, 1),
    # --- level 4: total > 192 and ≥ 5 pillars at ≥ 4 ------------------------------------------
    ("total193-5pillars-at-4-is-4", [40, 20, 40, 40, 31, 22], [4, 4, 3, 4, 4, 4], 193, 4),
    ("total192-5pillars-at-4-is-3", [40, 20, 39, 40, 31, 22], [4, 4, 3, 4, 4, 4], 192, 3),
    ("total193-4pillars-at-4-rest-at-3-is-3", [40, 20, 41, 40, 30, 22], [4, 4, 3, 4, 3, 4], 193, 3),
    ("total193-4pillars-at-4-rest-at-2-is-2", [65, 25, 80, 14, 1, 8], [5, 5, 5, 2, 0, 2], 193, 2),
    # --- level 5: total > 256 and all 6 pillars at 5 ------------------------------------------
    # 6 pillars at 5 cost at least 53 + 25 + 65 + 53 + 41 + 29 = 266, so "257 with 6 at 5" cannot
    # occur on this catalog; 266 is the smallest level-5 total.
    ("total266-6pillars-at-5-minimal-is-5", [53, 25, 65, 53, 41, 29], [5, 5, 5, 5, 5, 5], 266, 5),
    ("total257-5pillars-at-5-is-4", [53, 25, 56, 53, 41, 29], [5, 5, 4, 5, 5, 5], 257, 4),
    ("total256-5pillars-at-5-is-4", [53, 25, 55, 53, 41, 29], [5, 5, 4, 5, 5, 5], 256, 4),
    ("total313-pillar6-one-point-short-is-4", [65, 25, 80, 65, 50, 28], [5, 5, 5, 5, 5, 4], 313, 4),
    ("total300-pillar2-at-4-is-4", [65, 20, 80, 65, 50, 20], [5, 4, 5, 5, 5, 3], 300, 4),
    ("total320-all-fives-is-5", [65, 25, 80, 65, 50, 35], [5, 5, 5, 5, 5, 5], 320, 5),
    ("total0-empty-is-0", [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0], 0, 0),
]


@pytest.mark.parametrize(
    ("points", "pillar_levels", "total", "level"),
    [pytest.param(*case[1:], id=case[0]) for case in SCORE_CASES],
)
def test_overall_level_on_the_real_catalog(points, pillar_levels, total, level):
    assert sum(points) == total, "case is self-consistent"
    result = scoring.score(SNAPSHOT, levels_for(points))
    assert [p.points for p in result.pillars] == points
    assert [p.level for p in result.pillars] == pillar_levels
    assert result.total == total
    assert result.level == level


def test_all_criteria_at_five_is_level_5_with_320_points():
    result = scoring.score(SNAPSHOT, dict.fromkeys(ALL_CODES, 5))
    assert (result.total, result.level) == (320, 5)


def test_no_data_at_all_is_level_0():
    result = scoring.score(SNAPSHOT, {})
    assert (result.total, result.level) == (0, 0)


def test_one_criterion_short_of_perfect_drops_to_level_4():
    # pillar 6 at 34/35 is still level 5 (97 %); to lose level 5 a pillar must fall to ≤ 80 %.
    levels = dict.fromkeys(ALL_CODES, 5)
    levels["6.1.7"] = 4
    assert scoring.score(SNAPSHOT, levels).level == 5
    levels[STRATEGY] = 4  # pillar 2: 20/25 = 80 % -> level 4
    result = scoring.score(SNAPSHOT, levels)
    assert (result.total, result.pillars[1].level, result.level) == (314, 4, 4)


# --- overall_level directly on (total, pillar levels) ------------------------------------------

DIRECT_CASES = [
    ("total20-6-at-1-is-0", 20, [1, 1, 1, 1, 1, 1], 0),
    ("total21-6-at-1-is-1", 21, [1, 1, 1, 1, 1, 1], 1),
    ("total21-4-at-1-is-1", 21, [1, 1, 1, 1, 0, 0], 1),
    ("total21-3-at-1-is-0", 21, [1, 1, 1, 0, 0, 0], 0),
    ("total64-6-at-2-is-1", 64, [2, 2, 2, 2, 2, 2], 1),
    ("total65-4-at-2-is-2", 65, [2, 2, 2, 2, 0, 0], 2),
    ("total65-3-at-2-others-1-is-1", 65, [2, 2, 2, 1, 1, 1], 1),
    ("total65-3-at-2-others-0-is-0", 65, [2, 2, 2, 0, 0, 0], 0),
    ("total128-6-at-3-is-2", 128, [3, 3, 3, 3, 3, 3], 2),
    ("total129-4-at-3-is-3", 129, [3, 3, 3, 3, 0, 0], 3),
    ("total129-3-at-3-others-2-is-2", 129, [3, 3, 3, 2, 2, 2], 2),
    ("total192-6-at-4-is-3", 192, [4, 4, 4, 4, 4, 4], 3),
    ("total193-5-at-4-is-4", 193, [4, 4, 4, 4, 4, 0], 4),
    ("total193-4-at-4-rest-3-is-3", 193, [4, 4, 4, 4, 3, 3], 3),
    ("total193-4-at-4-rest-0-is-3", 193, [4, 4, 4, 4, 0, 0], 3),
    ("total193-4-at-4-rest-2-is-2", 193, [4, 4, 4, 2, 2, 2], 2),
    ("total256-6-at-5-is-4", 256, [5, 5, 5, 5, 5, 5], 4),
    ("total257-6-at-5-is-5", 257, [5, 5, 5, 5, 5, 5], 5),
    ("total257-5-at-5-rest-4-is-4", 257, [5, 5, 5, 5, 5, 4], 4),
    ("total257-5-at-5-rest-0-is-4", 257, [5, 5, 5, 5, 5, 0], 4),
    ("total320-6-at-5-is-5", 320, [5, 5, 5, 5, 5, 5], 5),
    ("total320-4-at-5-rest-0-is-3", 320, [5, 5, 5, 5, 0, 0], 3),
    ("total0-6-at-0-is-0", 0, [0, 0, 0, 0, 0, 0], 0),
    ("total300-6-at-0-is-0", 300, [0, 0, 0, 0, 0, 0], 0),
]


@pytest.mark.parametrize(
    ("total", "pillar_levels", "level"),
    [pytest.param(*case[1:], id=case[0]) for case in DIRECT_CASES],
)
def test_overall_level_of_total_and_pillar_levels(total, pillar_levels, level):
    assert scoring.overall_level(SNAPSHOT, total, pillar_levels) == level


def test_overall_level_with_a_hand_made_rule_table():
    # two pillars, two rules that are not nested: level 2 needs only one pillar at ≥ 2
    snapshot = scoring.CatalogSnapshot(
        code="toy",
        pillars=(),
        bands=(scoring.Band(0, 50), scoring.Band(1, 75), scoring.Band(2, 100)),
        overall_rules=(scoring.OverallRule(2, 10, 1), scoring.OverallRule(1, 5, 2)),
        max_level=2,
    )
    # "the highest k whose rule holds": level 2 holds although level 1 does not
    assert scoring.overall_level(snapshot, 11, [2, 0]) == 2
    assert scoring.overall_level(snapshot, 10, [2, 0]) == 0
    assert scoring.overall_level(snapshot, 10, [1, 1]) == 1
    assert scoring.overall_level(snapshot, 6, [2, 2]) == 1
    assert scoring.overall_level(snapshot, 5, [2, 2]) == 0


# --- validation: check_levels -----------------------------------------------------------------


def test_check_levels_returns_good_input_unchanged():
    raw = {"1.1.1": 0, "1.2.4": 5, STRATEGY: 3, "6.1.7": 1}
    assert scoring.check_levels(SNAPSHOT, raw) == {"1.1.1": 0, "1.2.4": 5, STRATEGY: 3, "6.1.7": 1}


def test_check_levels_accepts_every_criterion_at_every_level():
    for level in range(6):
        raw = dict.fromkeys(ALL_CODES, level)
        assert scoring.check_levels(SNAPSHOT, raw) == dict.fromkeys(ALL_CODES, level)


def test_check_levels_accepts_an_empty_mapping():
    assert scoring.check_levels(SNAPSHOT, {}) == {}


def test_check_levels_names_every_offending_key_at_once():
    raw = {
        "1.1.1": 3,  # fine
        "9.9.9": 1,  # unknown code
        "1.1.2": 6,  # above 5
        "1.1.3": -1,  # below 0
        "1.1.4": 2.5,  # float
        "1.1.5": "3",  # string
        "1.1.6": True,  # bool
        "1.1.7": None,  # null
        "2.1.1": 5,  # fine
    }
    with pytest.raises(scoring.LevelsError) as info:
        scoring.check_levels(SNAPSHOT, raw)
    assert set(info.value.errors) == {"9.9.9", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.1.6", "1.1.7"}
    assert all(isinstance(m, str) and m for m in info.value.errors.values())
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        pytest.param("9.9.9", 1, id="unknown-code"),
        pytest.param("1.1", 1, id="sub-index-code"),
        pytest.param("1", 1, id="pillar-code"),
        pytest.param("1.1.10", 1, id="criterion-beyond-the-sub-index"),
        pytest.param("3.2.15", 1, id="criterion-beyond-3.2.14"),
        pytest.param("1.1.1", 6, id="six"),
        pytest.param("1.1.1", -1, id="minus-one"),
        pytest.param("1.1.1", 2.5, id="float"),
        pytest.param("1.1.1", 3.0, id="integral-float"),
        pytest.param("1.1.1", "3", id="string"),
        pytest.param("1.1.1", True, id="true"),
        pytest.param("1.1.1", False, id="false"),
        pytest.param("1.1.1", None, id="null"),
        pytest.param(STRATEGY, 25, id="strategy-points-instead-of-level"),
    ],
)
def test_check_levels_refuses_a_bad_entry(key, value):
    with pytest.raises(scoring.LevelsError) as info:
        scoring.check_levels(SNAPSHOT, {"1.2.1": 2, key: value})
    assert list(info.value.errors) == [key]


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param([("1.1.1", 3)], id="list-of-pairs"),
        pytest.param(None, id="null"),
        pytest.param("1.1.1=3", id="string"),
        pytest.param(3, id="number"),
    ],
)
def test_check_levels_refuses_a_non_mapping(raw):
    with pytest.raises(scoring.LevelsError) as info:
        scoring.check_levels(SNAPSHOT, raw)
    assert info.value.errors


def test_check_levels_refuses_a_non_string_key():
    with pytest.raises(scoring.LevelsError) as info:
        scoring.check_levels(SNAPSHOT, {1: 3})
    assert list(info.value.errors) == ["1"]
