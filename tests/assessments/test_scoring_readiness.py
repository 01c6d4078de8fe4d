"""The SME readiness index (method readiness-median-2023) on hand-built snapshots.

Every expected value is worked out by hand from the rule (seed 004, Appendix 1, and the
portal's recorded choices):

* a pillar's score is the median of its answered questions' levels; an even count takes the
  mean of the two middle values; a pillar without any answer scores 0;
* R = Σ wᵢ·medianᵢ / 100 with w = 22/7/33/4/4/19/11 for pillars 1..7 (Σ w = 100);
* level k from R ≥ 1 / 1.8 / 2.6 / 3.4 / 4.2 (k = 1..5); below 1: level 0.

Scores are in thousandths of a level (R = 1.8 is 1800).
"""

from __future__ import annotations

import pytest

from assessments import scoring
from assessments.scoring import readiness_median_2023 as readiness

from .method_snapshots import READINESS_THRESHOLDS, WEIGHTS, pillar_codes, readiness_snapshot

SNAPSHOT = readiness_snapshot()  # 7 pillars × 2 aims × 2 questions: "p.a.q"
ALL_CODES = list(SNAPSHOT.criterion_codes)


def answer_pillars(medians_by_pillar: dict[str, int]) -> dict[str, int]:
    """Every question of each listed pillar answered at the given level (its median)."""
    return {
        code: level
        for pillar, level in medians_by_pillar.items()
        for code in pillar_codes(SNAPSHOT, pillar)
    }


def pillar_points(result: scoring.ScoreResult) -> dict[str, int]:
    return {p.code: p.points for p in result.pillars}


# --- the median ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([3], 3000),  # one answer: itself
        ([3, 4], 3500),  # even: (3 + 4) / 2 = 3.5
        ([1, 2], 1500),  # (1 + 2) / 2 = 1.5
        ([4, 1, 3], 3000),  # sorted 1 3 4: the middle one, 3
        ([5, 1, 2, 4], 3000),  # sorted 1 2 4 5: (2 + 4) / 2 = 3
        ([5, 5, 1, 1], 3000),  # sorted 1 1 5 5: (1 + 5) / 2 = 3
        ([2, 2, 2, 5, 5], 2000),  # odd: the third of 2 2 2 5 5
        ([1, 1, 5, 5, 5, 5], 5000),  # sorted 1 1 5 5 5 5: (5 + 5) / 2 = 5
    ],
)
def test_median_in_thousandths(levels, expected):
    assert readiness.median_milli(levels) == expected


def test_median_of_nothing_is_none():
    assert readiness.median_milli([]) is None


# --- pillar scores ---------------------------------------------------------------------------


def test_pillar_score_is_the_median_of_its_answers_even_count_takes_the_mean_of_the_middle_two():
    # Pillar 1: answers 3 and 4 on two questions (the other two unanswered) → 3.5.
    # Pillar 2: answers 4, 1, 3 on three questions → sorted 1 3 4 → 3.
    levels = {"1.1.1": 3, "1.2.1": 4, "2.1.1": 4, "2.1.2": 1, "2.2.1": 3}
    result = scoring.score(SNAPSHOT, levels)
    points = pillar_points(result)
    assert points["1"] == 3500
    assert points["2"] == 3000


def test_unanswered_questions_are_left_out_of_the_median_not_counted_as_zero():
    # Pillar 3 has four questions; three answered 1, 5, 5 → median 5. Counting the unanswered
    # one as 0 would give sorted 0 1 5 5 → (1 + 5) / 2 = 3, which is wrong.
    levels = {"3.1.1": 1, "3.1.2": 5, "3.2.1": 5}
    result = scoring.score(SNAPSHOT, levels)
    assert pillar_points(result)["3"] == 5000
    assert "3.2.2" in result.missing


def test_aims_get_the_median_of_their_own_answers():
    # Pillar 1: aim 1.1 answered 2 and 5 → 3.5; aim 1.2 answered 4 only → 4; aim 2.1 none → 0.
    # The pillar's median is over all its answers 2 5 4 → sorted 2 4 5 → 4, not a mean of aims.
    levels = {"1.1.1": 2, "1.1.2": 5, "1.2.1": 4}
    result = scoring.score(SNAPSHOT, levels)
    aims = {s.code: s.points for s in result.sub_indices}
    assert aims["1.1"] == 3500
    assert aims["1.2"] == 4000
    assert aims["2.1"] == 0
    assert pillar_points(result)["1"] == 4000
    assert all(s.max == 5000 for s in result.sub_indices)


def test_an_unanswered_pillar_scores_zero_with_level_zero():
    levels = answer_pillars({"1": 3, "2": 3, "4": 3, "5": 3, "6": 3, "7": 3})  # no pillar 3
    result = scoring.score(SNAPSHOT, levels)
    pillar_3 = next(p for p in result.pillars if p.code == "3")
    assert (pillar_3.points, pillar_3.level, pillar_3.max) == (0, 0, 5000)
    assert set(result.missing) == set(pillar_codes(SNAPSHOT, "3"))
    # R = 3 × (100 − 33) / 100 = 3 × 0.67 = 2.01 → level 2 (1.8 ≤ 2.01 < 2.6), where answering
    # pillar 3 at 3 too would give R = 3 → level 3.
    assert result.total == 2010
    assert result.level == 2


def test_pillar_levels_use_the_same_thresholds_as_r():
    # Pillar medians 1, 1.5, 2.5, 3.5, 4, 4.5, 5; by the thresholds 1 / 1.8 / 2.6 / 3.4 / 4.2:
    # 1 → 1; 1.5 → 1; 2.5 → 2; 3.5 → 4; 4 → 4; 4.5 → 5; 5 → 5.
    levels = {
        "1.1.1": 1,
        "2.1.1": 1, "2.1.2": 2,
        "3.1.1": 2, "3.1.2": 3,
        "4.1.1": 3, "4.1.2": 4,
        "5.1.1": 4,
        "6.1.1": 4, "6.1.2": 5,
        "7.1.1": 5,
    }  # fmt: skip
    result = scoring.score(SNAPSHOT, levels)
    assert [(p.points, p.level) for p in result.pillars] == [
        (1000, 1), (1500, 1), (2500, 2), (3500, 4), (4000, 4), (4500, 5), (5000, 5),
    ]  # fmt: skip


# --- R and its weights -----------------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_every_question_at_one_level_gives_r_equal_to_that_level(level):
    # Σ w = 100, so R = level × 100 / 100 = level.
    result = scoring.score(SNAPSHOT, dict.fromkeys(ALL_CODES, level))
    assert result.total == level * 1000
    assert result.level == level
    assert result.max == 5000
    assert result.missing == ()


@pytest.mark.parametrize(
    ("pillar", "expected_r", "expected_level"),
    [
        ("1", 1100, 1),  # 22 × 5 / 100 = 1.1
        ("2", 350, 0),  # 7 × 5 / 100 = 0.35
        ("3", 1650, 1),  # 33 × 5 / 100 = 1.65
        ("4", 200, 0),  # IT systems and data governance: 4 × 5 / 100 = 0.2
        ("5", 200, 0),  # risk and cyber security: 4 × 5 / 100 = 0.2
        ("6", 950, 0),  # management (finance, accounting …): 19 × 5 / 100 = 0.95
        ("7", 550, 0),  # people and organisation: 11 × 5 / 100 = 0.55
    ],
)
def test_one_pillar_at_five_alone_weighs_its_own_percentage(pillar, expected_r, expected_level):
    result = scoring.score(SNAPSHOT, answer_pillars({pillar: 5}))
    assert result.total == expected_r
    assert result.level == expected_level


def test_the_weights_are_those_of_the_decision_matched_by_name():
    assert [p.weight_percent for p in SNAPSHOT.pillars] == [22, 7, 33, 4, 4, 19, 11]
    assert sum(WEIGHTS.values()) == 100


def test_a_worked_example_with_halves():
    # Pillar medians:  1: 2 and 3 → 2.5   2: 4         3: 3, 4, 4 → 4    4: 1 and 2 → 1.5
    #                  5: 5         6: 3 and 4 → 3.5   7: 2
    # R = (22×2.5 + 7×4 + 33×4 + 4×1.5 + 4×5 + 19×3.5 + 11×2) / 100
    #   = (55 + 28 + 132 + 6 + 20 + 66.5 + 22) / 100 = 329.5 / 100 = 3.295 → level 3 (< 3.4)
    levels = {
        "1.1.1": 2, "1.2.1": 3,
        "2.1.1": 4,
        "3.1.1": 3, "3.1.2": 4, "3.2.1": 4,
        "4.1.1": 1, "4.2.2": 2,
        "5.2.1": 5,
        "6.1.2": 3, "6.2.1": 4,
        "7.2.2": 2,
    }  # fmt: skip
    result = scoring.score(SNAPSHOT, levels)
    assert pillar_points(result) == {
        "1": 2500, "2": 4000, "3": 4000, "4": 1500, "5": 5000, "6": 3500, "7": 2000,
    }  # fmt: skip
    assert result.total == 3295
    assert result.level == 3
    assert result.method == scoring.READINESS_MEDIAN_2023
    assert result.unit == scoring.Unit.MILLI_LEVEL
    assert result.gap is None


def test_an_incomplete_assessment_can_fall_to_level_zero():
    # Only pillar 1 answered, all at 4: R = 22 × 4 / 100 = 0.88 < 1 → level 0.
    result = scoring.score(SNAPSHOT, answer_pillars({"1": 4}))
    assert result.total == 880
    assert result.level == 0
    # Nothing answered at all: every pillar 0, R = 0, level 0, every question missing.
    empty = scoring.score(SNAPSHOT, {})
    assert (empty.total, empty.level) == (0, 0)
    assert empty.missing == tuple(ALL_CODES)


# --- thresholds and their boundaries ---------------------------------------------------------


def test_r_exactly_at_a_threshold_reaches_its_level():
    # Pillars 2 and 3 at 3, the others at 1:
    # R = (22×1 + 7×3 + 33×3 + 4×1 + 4×1 + 19×1 + 11×1) / 100 = (22+21+99+4+4+19+11) / 100
    #   = 180 / 100 = 1.8 exactly → level 2.
    levels = answer_pillars({"1": 1, "2": 3, "3": 3, "4": 1, "5": 1, "6": 1, "7": 1})
    result = scoring.score(SNAPSHOT, levels)
    assert result.total == 1800
    assert result.level == 2


def test_r_just_below_a_threshold_stays_one_level_lower():
    # R moves in steps of 0.005 (a weight × a half / 100), so the closest R below 1.8 is 1.795:
    # medians 1.5 / 1 / 2.5 / 1 / 1 / 2 / 1 give
    # R = (22×1.5 + 7×1 + 33×2.5 + 4×1 + 4×1 + 19×2 + 11×1) / 100
    #   = (33 + 7 + 82.5 + 4 + 4 + 38 + 11) / 100 = 179.5 / 100 = 1.795 → level 1.
    levels = {
        "1.1.1": 1, "1.1.2": 2,
        "2.1.1": 1,
        "3.1.1": 2, "3.1.2": 3,
        "4.1.1": 1,
        "5.1.1": 1,
        "6.1.1": 2,
        "7.1.1": 1,
    }  # fmt: skip
    result = scoring.score(SNAPSHOT, levels)
    assert result.total == 1795
    assert result.level == 1


@pytest.mark.parametrize(
    ("r", "level"),
    [
        (0, 0),
        (999, 0),
        (1000, 1),  # R = 1 exactly
        (1799, 1),  # R = 1.799
        (1800, 2),  # R = 1.8 exactly
        (2599, 2),
        (2600, 3),
        (3399, 3),
        (3400, 4),
        (4199, 4),
        (4200, 5),
        (5000, 5),
    ],
)
def test_threshold_boundaries(r, level):
    assert scoring.threshold_level(READINESS_THRESHOLDS, r) == level


def test_thresholds_are_applied_whatever_order_they_are_given_in():
    shuffled = readiness_snapshot()
    reordered = scoring.CatalogSnapshot(
        code=shuffled.code,
        pillars=shuffled.pillars,
        method=shuffled.method,
        min_level=1,
        thresholds=tuple(reversed(READINESS_THRESHOLDS)),
    )
    levels = answer_pillars({"1": 1, "2": 3, "3": 3, "4": 1, "5": 1, "6": 1, "7": 1})
    assert scoring.score(reordered, levels).level == 2


# --- validation: levels 1..5 only ------------------------------------------------------------


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_check_levels_accepts_one_to_five(level):
    assert scoring.check_levels(SNAPSHOT, {"1.1.1": level}) == {"1.1.1": level}


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (0, scoring.OUT_OF_RANGE),  # min_level is 1: "no answer" is leaving the key out
        (6, scoring.OUT_OF_RANGE),
        (-1, scoring.OUT_OF_RANGE),
        (True, scoring.NOT_INTEGER),  # a bool is an int in Python, refused all the same
        (False, scoring.NOT_INTEGER),
        (3.0, scoring.NOT_INTEGER),
        (2.5, scoring.NOT_INTEGER),
        ("3", scoring.NOT_INTEGER),
        (None, scoring.NOT_INTEGER),
    ],
)
def test_check_levels_refuses_values_outside_one_to_five(value, problem):
    with pytest.raises(scoring.LevelsError) as caught:
        scoring.check_levels(SNAPSHOT, {"1.1.1": value, "1.1.2": 4})
    assert caught.value.problems == {"1.1.1": problem}


def test_check_levels_messages_state_the_range_one_to_five():
    with pytest.raises(scoring.LevelsError) as caught:
        scoring.check_levels(SNAPSHOT, {"1.1.1": 0, "1.1.2": True, "9.9.9": 3})
    assert caught.value.problems == {
        "1.1.1": scoring.OUT_OF_RANGE,
        "1.1.2": scoring.NOT_INTEGER,
        "9.9.9": scoring.UNKNOWN_CODE,
    }
    assert caught.value.errors == {
        "1.1.1": "level 0 is outside 1..5",
        "1.1.2": "level must be an integer 1..5",
        "9.9.9": "unknown criterion code for framework readiness-test",
    }


@pytest.mark.parametrize("raw", [[1, 2], "1.1.1=3", None, 3])
def test_check_levels_refuses_anything_but_a_mapping(raw):
    with pytest.raises(scoring.LevelsError) as caught:
        scoring.check_levels(SNAPSHOT, raw)
    assert caught.value.problems == {"levels": scoring.NOT_A_MAPPING}


# --- dispatch and the public shape -----------------------------------------------------------


def test_the_package_dispatches_to_the_readiness_method():
    assert scoring.takes_levels(SNAPSHOT)
    assert SNAPSHOT.unit == scoring.Unit.MILLI_LEVEL
    assert SNAPSHOT.scale == 1000
    with pytest.raises(TypeError):
        scoring.score_departments(SNAPSHOT, {"A": {}})


def test_result_as_dict_shape():
    # Same answers as the worked example: R = 3.295, level 3.
    levels = {
        "1.1.1": 2, "1.2.1": 3,
        "2.1.1": 4,
        "3.1.1": 3, "3.1.2": 4, "3.2.1": 4,
        "4.1.1": 1, "4.2.2": 2,
        "5.2.1": 5,
        "6.1.2": 3, "6.2.1": 4,
        "7.2.2": 2,
    }  # fmt: skip
    shown = scoring.result_as_dict(scoring.score(SNAPSHOT, levels))
    assert set(shown) == {"framework", "method", "score", "level", "pillars", "aims", "missing"}
    assert shown["framework"] == "readiness-test"
    assert shown["method"] == "readiness-median-2023"
    assert shown["score"] == 3.295
    assert shown["level"] == 3
    assert shown["pillars"] == [
        {"code": "1", "score": 2.5, "level": 2},
        {"code": "2", "score": 4.0, "level": 4},
        {"code": "3", "score": 4.0, "level": 4},
        {"code": "4", "score": 1.5, "level": 1},
        {"code": "5", "score": 5.0, "level": 5},
        {"code": "6", "score": 3.5, "level": 4},
        {"code": "7", "score": 2.0, "level": 2},
    ]
    assert shown["aims"][0] == {"code": "1.1", "score": 2.0}  # aim 1.1: only 1.1.1 = 2
    assert len(shown["aims"]) == 14
    assert shown["missing"] == [c for c in ALL_CODES if c not in levels]
