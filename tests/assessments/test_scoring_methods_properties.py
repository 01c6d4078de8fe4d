"""Hypothesis properties of the 2023 methods (readiness medians, department means) and of the
ownership-weighted group score, on hand-built snapshots.

The references below are written from the rules (seed 004; the module docstrings' recorded
choices) with Fractions, without calling the scoring modules.
"""

from __future__ import annotations

from fractions import Fraction
from math import floor

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from assessments import scoring
from assessments.scoring import Member, group_score

from .method_snapshots import (
    BAND_MINIMA,
    BAND_THRESHOLDS,
    READINESS_MINIMA,
    READINESS_THRESHOLDS,
    WEIGHTS,
    large_snapshot,
    readiness_snapshot,
)

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)


def ref_band(minima: tuple[int, ...], value: Fraction) -> int:
    """Level k (1-based) for the highest minimum ``value`` reaches, 0 below the first."""
    return sum(1 for minimum in minima if value >= minimum)


# --- readiness -------------------------------------------------------------------------------

# 32 questions: pillar p has aims of these sizes.
READINESS = readiness_snapshot([(3, 2), (2, 2), (3, 3), (2, 2), (2, 2), (3, 2), (2, 2)])
QUESTIONS = {p.code: [c.code for c in p.criteria] for p in READINESS.pillars}
ALL_QUESTIONS = [c for codes in QUESTIONS.values() for c in codes]
assert len(ALL_QUESTIONS) == 32


def ref_median(values: list[int]) -> Fraction | None:
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    if n % 2:
        return Fraction(ordered[n // 2])
    return Fraction(ordered[n // 2 - 1] + ordered[n // 2], 2)


def ref_readiness(levels: dict[str, int]) -> tuple[Fraction, list[Fraction | None]]:
    """(R, pillar medians) as exact numbers of levels."""
    medians = [ref_median([levels[c] for c in QUESTIONS[p] if c in levels]) for p in QUESTIONS]
    r = sum(
        (Fraction(WEIGHTS[p], 100) * (m or 0) for p, m in zip(QUESTIONS, medians, strict=True)),
        Fraction(0),
    )
    return r, medians


@st.composite
def answer_sets(draw):
    """Random {question: 1..5}; half the time some questions (or whole pillars) unanswered,
    half the time all answered from a random floor upwards so that high levels occur."""
    if draw(st.booleans()):
        return draw(st.dictionaries(st.sampled_from(ALL_QUESTIONS), st.integers(1, 5)))
    low = draw(st.integers(1, 5))
    return {code: draw(st.integers(low, 5)) for code in ALL_QUESTIONS}


@PROPERTY_SETTINGS
@given(levels=answer_sets())
def test_readiness_r_and_medians_lie_within_zero_and_five(levels):
    result = scoring.score(READINESS, levels)
    assert 0 <= result.total <= 5000
    assert 0 <= result.level <= 5
    for pillar in result.pillars:
        assert pillar.points == 0 or 1000 <= pillar.points <= 5000
        assert pillar.points % 500 == 0  # a median of whole levels is a whole or a half
    for aim in result.sub_indices:
        assert aim.points == 0 or 1000 <= aim.points <= 5000


@PROPERTY_SETTINGS
@given(levels=answer_sets())
def test_readiness_matches_an_independent_fraction_recomputation(levels):
    result = scoring.score(READINESS, levels)
    r, medians = ref_readiness(levels)
    assert result.total == r * 1000  # exact: no rounding anywhere
    assert result.level == ref_band(READINESS_MINIMA, r * 1000)
    assert [(p.points, p.level) for p in result.pillars] == [
        (0, 0) if m is None else (m * 1000, ref_band(READINESS_MINIMA, m * 1000)) for m in medians
    ]
    assert result.missing == tuple(c for c in ALL_QUESTIONS if c not in levels)


@PROPERTY_SETTINGS
@given(levels=answer_sets(), data=st.data())
def test_raising_one_answer_never_lowers_r_a_pillar_or_the_level(levels, data):
    assume(levels)
    code = data.draw(st.sampled_from(sorted(levels)), label="question")
    raised = {**levels, code: data.draw(st.integers(levels[code], 5), label="new level")}
    before = scoring.score(READINESS, levels)
    after = scoring.score(READINESS, raised)
    assert after.total >= before.total
    assert after.level >= before.level
    for b, a in zip(before.pillars, after.pillars, strict=True):
        assert (a.points, a.level) >= (b.points, b.level)


@PROPERTY_SETTINGS
@given(levels=answer_sets(), data=st.data())
def test_answering_the_first_question_of_an_unanswered_pillar_never_lowers_r(levels, data):
    pillar = data.draw(st.sampled_from(list(QUESTIONS)), label="pillar")
    levels = {c: v for c, v in levels.items() if c not in QUESTIONS[pillar]}  # leave it blank
    code = data.draw(st.sampled_from(QUESTIONS[pillar]), label="question")
    level = data.draw(st.integers(1, 5), label="level")
    before = scoring.score(READINESS, levels)
    after = scoring.score(READINESS, {**levels, code: level})
    # R rises by exactly weight × level / 100.
    assert after.total - before.total == WEIGHTS[pillar] * level * 10
    assert after.level >= before.level


@PROPERTY_SETTINGS
@given(levels=answer_sets(), data=st.data())
def test_permuting_answers_within_a_pillar_changes_nothing_but_the_aims(levels, data):
    permuted: dict[str, int] = {}
    for codes in QUESTIONS.values():
        # Move each question's answer (or its absence) to another question of the same pillar.
        order = data.draw(st.permutations(codes))
        for source, target in zip(codes, order, strict=True):
            if source in levels:
                permuted[target] = levels[source]
    before = scoring.score(READINESS, levels)
    after = scoring.score(READINESS, permuted)
    assert (after.total, after.level) == (before.total, before.level)
    assert [(p.points, p.level) for p in after.pillars] == [
        (p.points, p.level) for p in before.pillars
    ]


@PROPERTY_SETTINGS
@given(levels=answer_sets())
def test_check_levels_accepts_every_valid_answer_set_unchanged(levels):
    assert scoring.check_levels(READINESS, levels) == levels


# --- departments -----------------------------------------------------------------------------

STRUCTURE = {
    "D1": {"G1.1": ["a1", "a2", "a3"], "G1.2": ["a4"]},
    "D2": {"G2.1": ["b1", "b2"]},
    "D3": {"G3.1": ["c1"], "G3.2": ["c2", "c3"], "G3.3": ["c4", "c5", "c6"]},
}
LARGE = large_snapshot(STRUCTURE)
CRITERIA = list(LARGE.criterion_codes)
GROUPS = {g: codes for groups in STRUCTURE.values() for g, codes in groups.items()}
ABSENT = object()  # a strategy's marker for "not answered": the key is left out

percents = st.one_of(st.integers(0, 100), st.sampled_from([0, 25, 50, 75, 100]))


@st.composite
def department_cells(draw, relevant_only: bool = False):
    cells: dict[str, int | None] = {}
    dense = draw(st.booleans())  # half the time every criterion has a percent
    for code in CRITERIA:
        value = (
            draw(percents)
            if dense or relevant_only
            else draw(st.one_of(st.just(ABSENT), st.none(), percents))
        )
        if value is not ABSENT:
            cells[code] = value
    return cells


@st.composite
def enterprises(draw):
    count = draw(st.integers(1, 4))
    return {f"Dept {i}": draw(department_cells()) for i in range(count)}


def ref_mean(values: list[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def ref_department(cells: dict[str, int | None]):
    """(department mean, {dimension: mean}, {group: mean}), None where nothing is relevant."""
    groups: dict[str, Fraction | None] = {}
    dimensions: dict[str, Fraction | None] = {}
    for dimension, dimension_groups in STRUCTURE.items():
        for group, codes in dimension_groups.items():
            values = [Fraction(cells.get(c, 0)) for c in codes if cells.get(c, 0) is not None]
            groups[group] = ref_mean(values)
        dimensions[dimension] = ref_mean(
            [groups[g] for g in dimension_groups if groups[g] is not None]
        )
    mean = ref_mean([d for d in dimensions.values() if d is not None])
    return mean, dimensions, groups


def shown(value: Fraction | None) -> int | None:
    return None if value is None else floor(value * 100)


def band(value: Fraction | None) -> int:
    return 0 if value is None else ref_band(BAND_MINIMA, value * 100)


def enterprise_figures(result: scoring.ScoreResult):
    return (
        result.total,
        result.level,
        [(p.code, p.points, p.level) for p in result.pillars],
        [(s.code, s.points) for s in result.sub_indices],
        result.missing,
    )


def all_figures(result: scoring.ScoreResult) -> list[int | None]:
    figures: list[int | None] = [result.total]
    figures += [p.points for p in result.pillars] + [s.points for s in result.sub_indices]
    for department in result.departments:
        figures.append(department.percent)
        figures += [d.percent for d in department.dimensions]
    return figures


@PROPERTY_SETTINGS
@given(departments=enterprises())
def test_departments_match_an_independent_fraction_recomputation(departments):
    result = scoring.score_departments(LARGE, departments)
    refs = {name: ref_department(cells) for name, cells in departments.items()}
    enterprise = ref_mean([m for m, _, _ in refs.values() if m is not None])
    assert result.total == (shown(enterprise) or 0)
    assert result.level == band(enterprise)
    for pillar in result.pillars:
        value = ref_mean(
            [d[pillar.code] for _, d, _ in refs.values() if d[pillar.code] is not None]
        )
        assert (pillar.points, pillar.level) == (shown(value) or 0, band(value))
    for group in result.sub_indices:
        value = ref_mean([g[group.code] for _, _, g in refs.values() if g[group.code] is not None])
        assert group.points == (shown(value) or 0)
    for department in result.departments:
        mean, dimensions, _ = refs[department.name]
        assert (department.percent, department.level) == (shown(mean), band(mean))
        assert [(d.code, d.percent, d.level) for d in department.dimensions] == [
            (code, shown(value), band(value)) for code, value in dimensions.items()
        ]
    assert result.missing == tuple(
        c for c in CRITERIA if any(c not in cells for cells in departments.values())
    )


@PROPERTY_SETTINGS
@given(departments=enterprises())
def test_every_department_percent_lies_within_0_and_100(departments):
    result = scoring.score_departments(LARGE, departments)
    for figure in all_figures(result):
        assert figure is None or 0 <= figure <= 10000


@PROPERTY_SETTINGS
@given(departments=enterprises())
def test_every_level_is_the_band_of_its_shown_value(departments):
    # The bands are whole hundredths, so rounding down never crosses one: the level of the
    # exact value (what the method decides on) is the level of the value shown.
    result = scoring.score_departments(LARGE, departments)
    # An enterprise figure exists when some department has one (otherwise it is shown as 0
    # with level 0); a department's or a dimension's missing figure is None.
    has_figure = any(d.percent is not None for d in result.departments)
    pairs = [(result.total if has_figure else None, result.level)]
    for pillar in result.pillars:
        has_figure = any(
            x.percent is not None
            for d in result.departments
            for x in d.dimensions
            if x.code == pillar.code
        )
        pairs.append((pillar.points if has_figure else None, pillar.level))
    for department in result.departments:
        pairs.append((department.percent, department.level))
        pairs += [(d.percent, d.level) for d in department.dimensions]
    for value, level in pairs:
        if value is None:
            assert level == 0
        else:
            assert level == ref_band(BAND_MINIMA, Fraction(value))


@PROPERTY_SETTINGS
@given(departments=enterprises(), data=st.data())
def test_raising_one_cell_never_lowers_any_figure(departments, data):
    # The structure (which cells are relevant) is fixed: an absent cell counts 0 % and may be
    # raised; a not-relevant one stays so.
    name = data.draw(st.sampled_from(sorted(departments)), label="department")
    cells = departments[name]
    candidates = [c for c in CRITERIA if cells.get(c, 0) is not None]
    assume(candidates)
    code = data.draw(st.sampled_from(candidates), label="criterion")
    current = cells.get(code, 0)
    assert current is not None
    raised = {**departments, name: {**cells, code: data.draw(st.integers(current, 100))}}
    before = scoring.score_departments(LARGE, departments)
    after = scoring.score_departments(LARGE, raised)
    assert after.level >= before.level
    for b, a in zip(before.pillars, after.pillars, strict=True):
        assert a.level >= b.level
    for b, a in zip(all_figures(before), all_figures(after), strict=True):
        assert (a is None) == (b is None)
        if a is not None:
            assert a >= b
    for b, a in zip(before.departments, after.departments, strict=True):
        assert a.level >= b.level


@PROPERTY_SETTINGS
@given(departments=enterprises(), data=st.data())
def test_marking_a_whole_department_not_relevant_equals_removing_it(departments, data):
    name = data.draw(st.sampled_from(sorted(departments)), label="department")
    marked = {**departments, name: dict.fromkeys(CRITERIA)}
    removed = {k: v for k, v in departments.items() if k != name}
    with_marked = scoring.score_departments(LARGE, marked)
    own = next(d for d in with_marked.departments if d.name == name)
    assert (own.percent, own.level) == (None, 0)
    if removed:
        without = scoring.score_departments(LARGE, removed)
        assert enterprise_figures(with_marked) == enterprise_figures(without)
        assert [d for d in with_marked.departments if d.name != name] == list(without.departments)
    else:
        # It was the only one: nothing relevant anywhere, no figure at all.
        assert (with_marked.total, with_marked.level, with_marked.missing) == (0, 0, ())


@PROPERTY_SETTINGS
@given(departments=enterprises())
def test_listing_every_department_twice_changes_no_enterprise_figure(departments):
    doubled = {**departments, **{f"{k} (bis)": v for k, v in departments.items()}}
    assert enterprise_figures(scoring.score_departments(LARGE, doubled)) == enterprise_figures(
        scoring.score_departments(LARGE, departments)
    )


@PROPERTY_SETTINGS
@given(departments=enterprises())
def test_the_order_of_departments_changes_no_enterprise_figure(departments):
    reversed_order = dict(reversed(list(departments.items())))
    assert enterprise_figures(
        scoring.score_departments(LARGE, reversed_order)
    ) == enterprise_figures(scoring.score_departments(LARGE, departments))


@PROPERTY_SETTINGS
@given(departments=enterprises(), uniform=st.integers(0, 100))
def test_adding_a_uniform_department_moves_the_enterprise_towards_its_value(departments, uniform):
    before = scoring.score_departments(LARGE, departments)
    after = scoring.score_departments(
        LARGE, {**departments, "Uniform": dict.fromkeys(CRITERIA, uniform)}
    )
    target = uniform * 100
    means = [ref_department(cells)[0] for cells in departments.values()]
    exact = ref_mean([m for m in means if m is not None])
    if exact is None:  # no figure before: the new department's is the enterprise's
        assert (after.total, after.level) == (target, ref_band(BAND_MINIMA, Fraction(target)))
        return
    low, high = sorted((before.total, target))
    assert low <= after.total <= high
    low, high = sorted((before.level, ref_band(BAND_MINIMA, Fraction(target))))
    assert low <= after.level <= high
    if exact == uniform:
        # Rated at exactly the enterprise's mean: nothing moves.
        assert (after.total, after.level) == (before.total, before.level)


@PROPERTY_SETTINGS
@given(values=st.lists(st.integers(0, 100), min_size=1, max_size=4), data=st.data())
def test_a_department_at_the_exact_enterprise_mean_changes_nothing(values, data):
    # Departments rated uniformly at v₁…vₙ plus one at their mean when that mean is whole:
    # build it so by adding a balancing department (n·m − Σv must fall within 0..100).
    mean = data.draw(st.integers(0, 100), label="mean")
    balance = mean * (len(values) + 1) - sum(values)
    assume(0 <= balance <= 100)
    departments = {
        f"Dept {i}": dict.fromkeys(CRITERIA, v) for i, v in enumerate([*values, balance])
    }
    before = scoring.score_departments(LARGE, departments)
    assert before.total == mean * 100
    after = scoring.score_departments(
        LARGE, {**departments, "At mean": dict.fromkeys(CRITERIA, mean)}
    )
    assert enterprise_figures(after)[:2] == enterprise_figures(before)[:2]


@PROPERTY_SETTINGS
@given(departments=enterprises())
def test_check_departments_accepts_every_valid_input_unchanged(departments):
    assert scoring.check_departments(LARGE, departments) == departments


# --- groups ----------------------------------------------------------------------------------

members_lists = st.lists(
    st.tuples(st.integers(1, 10000), st.one_of(st.none(), st.integers(0, 5000))), max_size=8
)


def as_members(pairs) -> list[Member]:
    return [Member(f"m{i}", share, score) for i, (share, score) in enumerate(pairs)]


def ref_group(pairs) -> Fraction | None:
    scored = [(share, score) for share, score in pairs if score is not None]
    weight = sum(share for share, _ in scored)
    return Fraction(sum(s * v for s, v in scored), weight) if weight else None


@PROPERTY_SETTINGS
@given(pairs=members_lists)
def test_group_score_matches_the_weighted_mean(pairs):
    result = group_score(as_members(pairs), READINESS_THRESHOLDS)
    exact = ref_group(pairs)
    if exact is None:
        assert (result.score, result.level) == (None, 0)
    else:
        assert result.score == floor(exact)
        assert result.level == ref_band(READINESS_MINIMA, exact)
    assert result.members_scored == sum(1 for _, s in pairs if s is not None)
    assert result.share_total == sum(share for share, _ in pairs)


@PROPERTY_SETTINGS
@given(pairs=members_lists)
def test_group_score_lies_between_the_lowest_and_highest_member_score(pairs):
    scores = [s for _, s in pairs if s is not None]
    assume(scores)
    result = group_score(as_members(pairs), READINESS_THRESHOLDS)
    assert result.score is not None
    assert min(scores) <= result.score <= max(scores)
    levels = [scoring.threshold_level(READINESS_THRESHOLDS, s) for s in scores]
    assert min(levels) <= result.level <= max(levels)


@PROPERTY_SETTINGS
@given(
    pairs=st.lists(
        st.tuples(st.integers(1, 1000), st.one_of(st.none(), st.integers(0, 10000))), max_size=8
    ),
    factor=st.integers(2, 10),
)
def test_scaling_every_share_by_a_constant_changes_nothing(pairs, factor):
    base = group_score(as_members(pairs), BAND_THRESHOLDS)
    scaled = group_score(as_members([(s * factor, v) for s, v in pairs]), BAND_THRESHOLDS)
    assert (scaled.score, scaled.level) == (base.score, base.level)
    assert scaled.share_scored == base.share_scored * factor


@PROPERTY_SETTINGS
@given(share=st.integers(1, 10000), score=st.integers(0, 5000))
def test_a_single_member_gives_its_own_score_and_level(share, score):
    result = group_score([Member("only", share, score)], READINESS_THRESHOLDS)
    assert result.score == score
    assert result.level == scoring.threshold_level(READINESS_THRESHOLDS, score)


@PROPERTY_SETTINGS
@given(pairs=members_lists, data=st.data())
def test_the_order_of_members_and_unscored_members_change_nothing(pairs, data):
    base = group_score(as_members(pairs), READINESS_THRESHOLDS)
    shuffled = data.draw(st.permutations(pairs))
    extra = data.draw(st.integers(1, 10000), label="unscored share")
    other = group_score(as_members([*shuffled, (extra, None)]), READINESS_THRESHOLDS)
    assert (other.score, other.level, other.share_scored) == (
        base.score,
        base.level,
        base.share_scored,
    )
    assert other.share_total == base.share_total + extra
