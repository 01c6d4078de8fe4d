"""The large-enterprise index (method department-means-2023) on hand-built snapshots.

Expected values are worked out by hand from the rule (seed 004, Appendix 2): each department
gives each criterion a percent 0..100 or None (not relevant, left out); a criterion it has not
answered counts 0 % and is listed in ``missing``; arithmetic means bottom-up, criterion → group
→ dimension → department → enterprise; levels by the bands 1 from 0 %, 2 from 25 %, 3 from
50 %, 4 from 75 %, 5 at 100 %, decided on the exact value; figures shown in hundredths of a
percent, rounded down.
"""

from __future__ import annotations

import pytest

from assessments import scoring
from assessments.scoring import department_means_2023 as large

from .method_snapshots import large_snapshot

# D1: G1.1 (c1, c2), G1.2 (c3);  D2: G2.1 (c4, c5)
SNAPSHOT = large_snapshot(
    {"D1": {"G1.1": ["c1", "c2"], "G1.2": ["c3"]}, "D2": {"G2.1": ["c4", "c5"]}}
)
ONE = large_snapshot({"D": {"G": ["c"]}})

# Department A: G1.1 = (80 + 40) / 2 = 60; G1.2 = 30; D1 = (60 + 30) / 2 = 45;
#               G2.1 = 100 (c4 not relevant, left out); D2 = 100;  A = (45 + 100) / 2 = 72.5
# Department B: G1.1 = 20 (c1 not relevant); G1.2 has nothing relevant, so D1 = 20 alone;
#               G2.1 = (50 + 0) / 2 = 25; D2 = 25;                 B = (20 + 25) / 2 = 22.5
# Enterprise = (72.5 + 22.5) / 2 = 47.5 → level 2;
#   D1 = (45 + 20) / 2 = 32.5 → 2;  D2 = (100 + 25) / 2 = 62.5 → 3;
#   G1.1 = (60 + 20) / 2 = 40;  G1.2 = 30 (A only);  G2.1 = (100 + 25) / 2 = 62.5
A = {"c1": 80, "c2": 40, "c3": 30, "c4": None, "c5": 100}
B = {"c1": None, "c2": 20, "c3": None, "c4": 50, "c5": 0}


def departments_of(result: scoring.ScoreResult) -> dict[str, tuple]:
    return {
        d.name: (d.percent, d.level, [(x.code, x.percent, x.level) for x in d.dimensions])
        for d in result.departments
    }


def test_two_departments_worked_example():
    result = scoring.score_departments(SNAPSHOT, {"A": A, "B": B})
    assert (result.total, result.level, result.max) == (4750, 2, 10000)
    assert [(p.code, p.points, p.level) for p in result.pillars] == [
        ("D1", 3250, 2),
        ("D2", 6250, 3),
    ]
    assert [(s.code, s.points) for s in result.sub_indices] == [
        ("G1.1", 4000),
        ("G1.2", 3000),
        ("G2.1", 6250),
    ]
    assert departments_of(result) == {
        "A": (7250, 3, [("D1", 4500, 2), ("D2", 10000, 5)]),
        "B": (2250, 1, [("D1", 2000, 1), ("D2", 2500, 2)]),
    }
    assert result.missing == ()
    assert result.method == scoring.DEPARTMENT_MEANS_2023
    assert result.unit == scoring.Unit.CENTI_PERCENT
    assert result.gap is None


def test_a_department_with_nothing_relevant_is_left_out_of_the_enterprise_mean():
    # C marks everything not relevant: it has no figure (None, level 0) and the enterprise stays
    # (72.5 + 22.5) / 2 = 47.5, not (72.5 + 22.5 + 0) / 3 = 31.67.
    c = dict.fromkeys(SNAPSHOT.criterion_codes)
    result = scoring.score_departments(SNAPSHOT, {"A": A, "B": B, "C": c})
    assert (result.total, result.level) == (4750, 2)
    assert departments_of(result)["C"] == (None, 0, [("D1", None, 0), ("D2", None, 0)])
    assert [p.points for p in result.pillars] == [3250, 6250]


def test_a_dimension_with_nothing_relevant_is_left_out_of_its_department():
    # D marks D2's criteria not relevant; D1: G1.1 = (10 + 30) / 2 = 20, G1.2 = 60 → D1 = 40.
    # D's own figure is D1 alone: 40 % → level 2; the enterprise's D2 has no department: 0, level 0.
    d = {"c1": 10, "c2": 30, "c3": 60, "c4": None, "c5": None}
    result = scoring.score_departments(SNAPSHOT, {"D": d})
    assert departments_of(result)["D"] == (4000, 2, [("D1", 4000, 2), ("D2", None, 0)])
    assert (result.total, result.level) == (4000, 2)
    assert [(p.code, p.points, p.level) for p in result.pillars] == [("D1", 4000, 2), ("D2", 0, 0)]
    assert [s.points for s in result.sub_indices] == [2000, 6000, 0]


def test_an_absent_criterion_counts_zero_and_is_listed_in_missing():
    # A without c3: G1.2 = 0 (not left out), D1 = (60 + 0) / 2 = 30, A = (30 + 100) / 2 = 65.
    a = {k: v for k, v in A.items() if k != "c3"}
    result = scoring.score_departments(SNAPSHOT, {"A": a})
    assert (result.total, result.level) == (6500, 3)
    assert departments_of(result)["A"][2] == [("D1", 3000, 2), ("D2", 10000, 5)]
    assert result.missing == ("c3",)


def test_missing_is_in_catalog_order_and_names_a_criterion_any_department_has_not_answered():
    # Y answers c5 only, Z answers everything but c2: c2 is missing (Y, Z) once, c5 is not
    # (Y answered it and Z too), c1, c3, c4 are (Y) — in catalog order.
    z = {"c1": 100, "c3": 100, "c4": 100, "c5": 100}
    result = scoring.score_departments(SNAPSHOT, {"Y": {"c5": 100}, "Z": z})
    assert result.missing == ("c1", "c2", "c3", "c4")
    # Y: G1.1 = 0, G1.2 = 0, D1 = 0; G2.1 = (0 + 100) / 2 = 50, D2 = 50; Y = 25 → level 2.
    # Z: G1.1 = (100 + 0) / 2 = 50, G1.2 = 100, D1 = 75; D2 = 100; Z = 87.5 → level 4.
    # Enterprise = (25 + 87.5) / 2 = 56.25 → level 3.
    assert departments_of(result)["Y"][:2] == (2500, 2)
    assert departments_of(result)["Z"][:2] == (8750, 4)
    assert (result.total, result.level) == (5625, 3)


def test_a_value_just_below_75_percent_is_shown_as_74_99_and_is_level_3():
    # One group of 200 criteria: 199 at 75 %, one at 74 % → (199×75 + 74) / 200 = 14999 / 200
    # = 74.995 %: shown 74.99 (7499, rounded down), level 3 since 74.995 < 75.
    codes = [f"k{i}" for i in range(200)]
    snapshot = large_snapshot({"D": {"G": codes}})
    cells = dict.fromkeys(codes, 75)
    cells["k0"] = 74
    result = scoring.score_departments(snapshot, {"A": cells})
    assert (result.total, result.level) == (7499, 3)
    assert departments_of(result)["A"] == (7499, 3, [("D", 7499, 3)])


def test_nested_means_stay_exact_just_below_a_band():
    # D: G1 of 7 criteria 75 75 75 75 75 74 74 → 523 / 7;  G2 of 11 criteria, one 78, ten 75 →
    # 828 / 11. D = (523/7 + 828/11) / 2 = (5753 + 5796) / 154 = 11549 / 154 = 74.99350… %
    # → shown 7499, level 3 (a float sum could round this up to 75.0 and call it level 4).
    g1 = [f"a{i}" for i in range(7)]
    g2 = [f"b{i}" for i in range(11)]
    snapshot = large_snapshot({"D": {"G1": g1, "G2": g2}})
    cells = {**dict.fromkeys(g1, 75), **dict.fromkeys(g2, 75), "a5": 74, "a6": 74, "b0": 78}
    result = scoring.score_departments(snapshot, {"A": cells})
    assert (result.total, result.level) == (7499, 3)
    assert [s.points for s in result.sub_indices] == [7471, 7527]  # 74.714… and 75.272…


def test_exactly_100_percent_is_level_5_and_just_below_is_level_4():
    # All 100 → 100 % → level 5. One 99 of three: (100 + 100 + 99) / 3 = 99.666… → 9966, level 4.
    snapshot = large_snapshot({"D": {"G": ["x", "y", "z"]}})
    full = scoring.score_departments(snapshot, {"A": {"x": 100, "y": 100, "z": 100}})
    assert (full.total, full.level) == (10000, 5)
    almost = scoring.score_departments(snapshot, {"A": {"x": 100, "y": 100, "z": 99}})
    assert (almost.total, almost.level) == (9966, 4)


@pytest.mark.parametrize(
    ("percent", "level"),
    [(0, 1), (1, 1), (24, 1), (25, 2), (49, 2), (50, 3), (74, 3), (75, 4), (99, 4), (100, 5)],
)
def test_bands_on_a_single_criterion(percent, level):
    result = scoring.score_departments(ONE, {"A": {"c": percent}})
    assert (result.total, result.level) == (percent * 100, level)
    assert result.pillars[0].level == level


@pytest.mark.parametrize(
    ("hundredths", "level"),
    [(0, 1), (2499, 1), (2500, 2), (4999, 2), (5000, 3), (7499, 3), (7500, 4), (9999, 4),
     (10000, 5)],
)  # fmt: skip
def test_band_thresholds_in_hundredths(hundredths, level):
    assert scoring.threshold_level(ONE.thresholds, hundredths) == level


def test_nothing_relevant_anywhere_gives_no_figure_and_level_zero():
    result = scoring.score_departments(SNAPSHOT, {"A": dict.fromkeys(SNAPSHOT.criterion_codes)})
    assert (result.total, result.level) == (0, 0)
    assert [(p.points, p.level) for p in result.pillars] == [(0, 0), (0, 0)]
    assert result.missing == ()


# --- dispatch and the public shape -----------------------------------------------------------


def test_the_department_method_is_not_fed_levels():
    assert not scoring.takes_levels(SNAPSHOT)
    with pytest.raises(TypeError):
        scoring.score(SNAPSHOT, {"c1": 3})


def test_result_as_dict_shape():
    shown = scoring.result_as_dict(scoring.score_departments(SNAPSHOT, {"A": A, "B": B}))
    assert shown == {
        "framework": "large-test",
        "method": "department-means-2023",
        "percent": 47.5,
        "level": 2,
        "dimensions": [
            {"code": "D1", "percent": 32.5, "level": 2},
            {"code": "D2", "percent": 62.5, "level": 3},
        ],
        "groups": [
            {"code": "G1.1", "percent": 40.0},
            {"code": "G1.2", "percent": 30.0},
            {"code": "G2.1", "percent": 62.5},
        ],
        "departments": [
            {
                "name": "A",
                "percent": 72.5,
                "level": 3,
                "dimensions": [
                    {"code": "D1", "percent": 45.0, "level": 2},
                    {"code": "D2", "percent": 100.0, "level": 5},
                ],
            },
            {
                "name": "B",
                "percent": 22.5,
                "level": 1,
                "dimensions": [
                    {"code": "D1", "percent": 20.0, "level": 1},
                    {"code": "D2", "percent": 25.0, "level": 2},
                ],
            },
        ],
        "missing": [],
    }


def test_result_as_dict_shows_null_for_a_department_without_figure():
    c = dict.fromkeys(SNAPSHOT.criterion_codes)
    shown = scoring.result_as_dict(scoring.score_departments(SNAPSHOT, {"C": c}))
    assert shown["departments"][0]["percent"] is None
    assert shown["departments"][0]["dimensions"][0] == {"code": "D1", "percent": None, "level": 0}


# --- validation ------------------------------------------------------------------------------


def problems_of(raw) -> dict[str, str]:
    with pytest.raises(scoring.DepartmentsError) as caught:
        scoring.check_departments(SNAPSHOT, raw)
    return caught.value.problems


def test_check_departments_accepts_valid_input_unchanged():
    raw = {"A": A, "B": B, "Empty": {}, "x" * 100: {"c1": 0, "c2": 100}}
    assert scoring.check_departments(SNAPSHOT, raw) == raw


@pytest.mark.parametrize("value", [101, -1, 1.5, 50.0, True, False, "50", [50]])
def test_check_departments_refuses_a_cell_that_is_not_a_whole_percent(value):
    assert problems_of({"A": {"c1": value, "c2": 50}}) == {"A/c1": large.NOT_A_PERCENT}


def test_check_departments_refuses_an_unknown_criterion():
    assert problems_of({"A": {"zz": 50}}) == {"A/zz": large.UNKNOWN_CODE}


@pytest.mark.parametrize("raw", [[], ["A"], "A", None, 3])
def test_check_departments_refuses_a_non_mapping(raw):
    assert problems_of(raw) == {"departments": large.NOT_A_MAPPING}


def test_check_departments_refuses_no_department():
    assert problems_of({}) == {"departments": large.NO_DEPARTMENTS}


def test_check_departments_refuses_more_than_fifty_departments():
    assert scoring.check_departments(SNAPSHOT, {f"d{i}": {} for i in range(50)})
    assert problems_of({f"d{i}": {} for i in range(51)}) == {
        "departments": large.TOO_MANY_DEPARTMENTS
    }


@pytest.mark.parametrize("cells", [[], [("c1", 50)], "c1", 50, None])
def test_check_departments_refuses_a_department_that_is_not_a_mapping(cells):
    assert problems_of({"A": cells}) == {"A": large.NOT_A_MAPPING}


@pytest.mark.parametrize("name", ["", "   ", "\t", "x" * 101])
def test_check_departments_refuses_a_bad_name(name):
    assert problems_of({name: {"c1": 50}}) == {name: large.BAD_NAME}


def test_check_departments_names_every_problem_at_once():
    raw = {
        "A": {"c1": 101, "c2": None, "zz": 1},
        "": {"c1": 50},
        "B": [1],
        "C": {"c3": -1, "c4": 100},
    }
    error = None
    try:
        scoring.check_departments(SNAPSHOT, raw)
    except scoring.DepartmentsError as caught:
        error = caught
    assert error is not None
    assert error.problems == {
        "A/c1": large.NOT_A_PERCENT,
        "A/zz": large.UNKNOWN_CODE,
        "": large.BAD_NAME,
        "B": large.NOT_A_MAPPING,
        "C/c3": large.NOT_A_PERCENT,
    }
    assert error.errors["A/zz"] == "unknown criterion code for framework large-test"
    assert error.errors["A/c1"] == "a percent is a whole number 0..100, or null when not relevant"
    assert error.errors[""] == "a department name is 1..100 characters"
