"""Figures to levels: the share of a numerator in its denominator, compared with a question's
thresholds. Pure and exact (integer arithmetic, no floats), fed plain data, so the page, the API
and the calculator give the same level for the same figures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

# The largest figure accepted: 10^15 đồng (a thousand trillion) is beyond any SME's revenue and
# fits PostgreSQL's bigint with room to spare.
MAX_FIGURE = 10**15


@dataclass(frozen=True)
class Threshold:
    level: int
    min_percent: int


class FiguresProblem:
    """Why two figures give no share (the codes the services refuse with)."""

    NEGATIVE = "negative"
    TOO_LARGE = "too_large"
    NUMERATOR_ABOVE_DENOMINATOR = "numerator_above_denominator"


@dataclass(frozen=True)
class Computation:
    """How a level came from figures: shown as "12 / 40 = 30 % → level 2"."""

    numerator: int
    denominator: int
    level: int

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def percent(self) -> Fraction | None:
        share = self.share
        return None if share is None else share * 100


def figures_problem(numerator: int | None, denominator: int | None) -> str | None:
    """The first thing wrong with a pair of figures, or None; a missing figure is not wrong."""
    for value in (numerator, denominator):
        if value is not None and value < 0:
            return FiguresProblem.NEGATIVE
        if value is not None and value > MAX_FIGURE:
            return FiguresProblem.TOO_LARGE
    if numerator is not None and denominator is not None and numerator > denominator:
        return FiguresProblem.NUMERATOR_ABOVE_DENOMINATOR
    return None


def level_from_figures(numerator: int, denominator: int, thresholds: Sequence[Threshold]) -> int:
    """The highest level whose minimum share the figures reach; 0 when the numerator is 0 or
    the denominator is 0 (nothing to share), so a minimum of 0 % means "any share above 0"."""
    if numerator <= 0 or denominator <= 0:
        return 0
    reached = [t.level for t in thresholds if numerator * 100 >= t.min_percent * denominator]
    return max(reached, default=0)


def compute(
    numerator: int | None, denominator: int | None, thresholds: Sequence[Threshold]
) -> Computation | None:
    """The computation when both figures are there and sound, else None."""
    if numerator is None or denominator is None or figures_problem(numerator, denominator):
        return None
    return Computation(
        numerator, denominator, level_from_figures(numerator, denominator, thresholds)
    )


def thresholds_problems(thresholds: Sequence[Threshold], max_level: int) -> list[str]:
    """Thresholds must give levels 1..max_level once each, non-decreasing, within 0..100 %."""
    problems = []
    levels = [t.level for t in thresholds]
    if sorted(levels) != list(range(1, max_level + 1)):
        problems.append(f"thresholds must cover levels 1..{max_level} once each")
    ordered = sorted(thresholds, key=lambda t: t.level)
    minima = [t.min_percent for t in ordered]
    if minima != sorted(minima):
        problems.append("threshold minima must not decrease as the level rises")
    if any(not 0 <= m <= 100 for m in minima):
        problems.append("threshold minima must lie between 0 and 100 %")
    return problems
