"""Hypothesis properties of assessments/figures.py (pure: no database), the arithmetic the
calculator, the score API and the assessment page share, and of answering.percent_text.

The thresholds are drawn as the version files allow them (FORMAT.md): levels 1..5 once each,
minima 0..100 % that do not decrease as the level rises.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from assessments.answering import percent_text
from assessments.figures import (
    MAX_FIGURE,
    Computation,
    FiguresProblem,
    Threshold,
    compute,
    figures_problem,
    level_from_figures,
)

minima = st.lists(st.integers(0, 100), min_size=5, max_size=5).map(sorted)
thresholds = minima.map(lambda m: tuple(Threshold(level, p) for level, p in enumerate(m, 1)))
denominators = st.integers(1, MAX_FIGURE)


@st.composite
def shares(draw) -> tuple[int, int]:
    """(numerator, denominator) with 0 ≤ numerator ≤ denominator."""
    denominator = draw(denominators)
    return draw(st.integers(0, denominator)), denominator


def reference_level(numerator: int, denominator: int, rules: tuple[Threshold, ...]) -> int:
    """FORMAT.md's rule, with fractions: the highest level whose minimum the share reaches; 0
    for a numerator of 0."""
    if numerator == 0:
        return 0
    share = Fraction(numerator, denominator) * 100
    return max((t.level for t in rules if share >= t.min_percent), default=0)


@given(shares(), thresholds)
def test_the_level_is_the_highest_whose_minimum_the_share_reaches(share, rules):
    numerator, denominator = share

    assert level_from_figures(numerator, denominator, rules) == reference_level(
        numerator, denominator, rules
    )


@given(denominators, thresholds)
def test_a_numerator_of_0_is_level_0(denominator, rules):
    assert level_from_figures(0, denominator, rules) == 0


@given(st.integers(0, MAX_FIGURE), thresholds)
def test_a_denominator_of_0_is_level_0(numerator, rules):
    assert level_from_figures(numerator, 0, rules) == 0


@given(shares(), st.integers(0, MAX_FIGURE), thresholds)
def test_the_level_never_falls_as_the_numerator_rises(share, more, rules):
    numerator, denominator = share
    higher = min(denominator, numerator + more)

    assert level_from_figures(higher, denominator, rules) >= level_from_figures(
        numerator, denominator, rules
    )


@given(shares(), st.integers(1, MAX_FIGURE), thresholds)
def test_the_level_never_rises_as_the_denominator_rises(share, more, rules):
    numerator, denominator = share
    assume(denominator + more <= MAX_FIGURE)

    assert level_from_figures(numerator, denominator + more, rules) <= level_from_figures(
        numerator, denominator, rules
    )


@given(thresholds, st.integers(1, 10**9), st.integers(1, 5))
def test_a_share_exactly_at_a_minimum_reaches_that_level(rules, scale, level):
    minimum = rules[level - 1].min_percent
    assume(minimum > 0)
    denominator = 100 * scale
    numerator = minimum * scale  # exactly minimum %

    assert level_from_figures(numerator, denominator, rules) >= level
    # one unit less is below that minimum, so below that level
    assert level_from_figures(numerator - 1, denominator, rules) < level


@given(thresholds, st.integers(1, 5))
def test_any_share_above_0_reaches_a_minimum_of_0(rules, level):
    assume(rules[level - 1].min_percent == 0)

    assert level_from_figures(1, MAX_FIGURE, rules) >= level


@given(shares(), thresholds)
def test_compute_gives_the_level_and_the_figures_it_came_from(share, rules):
    numerator, denominator = share

    assert compute(numerator, denominator, rules) == Computation(
        numerator, denominator, level_from_figures(numerator, denominator, rules)
    )


@given(st.one_of(st.none(), st.integers(0, MAX_FIGURE)), thresholds)
def test_compute_waits_for_both_figures(value, rules):
    assert compute(value, None, rules) is None
    assert compute(None, value, rules) is None


@given(denominators, st.integers(1, MAX_FIGURE), thresholds)
def test_a_numerator_above_its_denominator_is_a_problem_not_a_level(denominator, more, rules):
    numerator = denominator + more
    assume(numerator <= MAX_FIGURE)  # (above it, the figure itself is the problem)

    assert figures_problem(numerator, denominator) == FiguresProblem.NUMERATOR_ABOVE_DENOMINATOR
    assert compute(numerator, denominator, rules) is None


@given(st.integers(max_value=-1), thresholds)
def test_a_negative_figure_is_a_problem(value, rules):
    assert figures_problem(value, None) == FiguresProblem.NEGATIVE
    assert compute(value, 10, rules) is None
    assert compute(0, value, rules) is None


@given(st.integers(MAX_FIGURE + 1, 10 * MAX_FIGURE))
def test_a_figure_above_the_maximum_is_a_problem(value):
    assert figures_problem(value, None) == FiguresProblem.TOO_LARGE
    assert figures_problem(0, value) == FiguresProblem.TOO_LARGE


@given(shares())
def test_the_percent_text_is_truncated_to_one_decimal(share):
    numerator, denominator = share

    text = percent_text(Computation(numerator, denominator, 0))

    whole, tenth = text.split(".")
    shown = Fraction(int(whole) * 10 + int(tenth), 10)
    exact = Fraction(numerator * 100, denominator)
    assert shown <= exact < shown + Fraction(1, 10)  # never rounded up to a threshold


def test_the_percent_text_of_nothing_to_share_is_none():
    assert percent_text(Computation(0, 0, 0)) is None
