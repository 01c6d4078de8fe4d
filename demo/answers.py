"""How the demo answers a version's questions for the levels a scenario has in mind (used by
``demo.assessments``): the answer to pick on a question with answers, and figures whose share
gives a level through a figures question's thresholds.

A question's answers may not cover every level (on the national form 1.2.1–1.2.3 give levels
0, 1, 3 and 5) and figures may not reach one (with four staff, one person is already 25 %): the
demo then takes the highest level below it that the question can give (or, with none, the
lowest above), and the assessment stores what the services make of the answer, never the
level the scenario had in mind.

The figures are plausible for the enterprise: its total staff is its declared headcount (what
its size class was computed from), revenue and spending are in whole đồng around its declared
annual revenue, and a question's own denominator (marketing investment, invoices issued, …)
is drawn at the scale of the enterprise's staff or revenue. Pure functions of the enterprise,
the question and a seeded random generator.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

from assessments.figures import Threshold, level_from_figures
from assessments.models import FigureUnit, Question, QuestionKind
from enterprises.models import Enterprise
from enterprises.sizing import BILLION, SizeClass

# Headcount and annual revenue of an enterprise that never told its figures, by size class.
STAFF_OF_SIZE: dict[str, int] = {SizeClass.MICRO: 6, SizeClass.SMALL: 30, SizeClass.MEDIUM: 120}
REVENUE_OF_SIZE: dict[str, int] = {SizeClass.MICRO: 2 * BILLION, SizeClass.SMALL: 30 * BILLION}
THOUSAND = 1_000  # amounts are whole đồng, rounded to thousands as accounts state them

# A question's own denominator, at the scale of the enterprise: (based on, low, high) draws
# low..high per member of staff ("staff"), or that share in per mille of the annual revenue
# ("revenue") or of the three months' revenue ("revenue_3m").
OWN_DENOMINATORS: dict[str, tuple[str, int, int]] = {
    "c1_1_3_den": ("revenue", 10, 40),  # marketing investment: 1–4 % of the revenue
    "c1_1_4_den": ("staff", 20, 120),  # sales transactions in three months
    "c1_1_8_den": ("staff", 30, 200),  # communications with customers
    "c1_2_4_den": ("revenue_3m", 300, 600),  # purchases in three months: 30–60 % of sales
    "c3_2_2_den": ("staff", 50, 400),  # records kept
    "c3_2_3_den": ("staff", 20, 150),  # invoices issued
    "c5_1_5_den": ("staff", 2, 6),  # meetings
    "c6_1_7_den": ("staff", 1, 3),  # decisions issued
}
# Another version's own denominator: a count per member of staff, or an amount of revenue.
OTHER_DENOMINATOR = {FigureUnit.COUNT: ("staff", 5, 50), FigureUnit.VND: ("revenue", 10, 100)}


def asks_levels(questions: Sequence[Question]) -> bool:
    """Whether a version's questions are answered by level, as the portal's own guidance asked
    them: no figures, and exactly one answer per level 0..5 in order."""
    return all(
        q.kind != QuestionKind.FIGURES and [o.level for o in q.options.all()] == list(range(6))
        for q in questions
    )


def _fitting(levels: Iterable[int], level: int) -> list[int]:
    """``levels`` in the order to try for ``level``: itself, those below it from the highest,
    then those above from the lowest."""
    return sorted(set(levels), key=lambda lv: (lv > level, -lv if lv <= level else lv))


def answer_for(question: Question, level: int, rng: random.Random) -> tuple[int, int]:
    """(position, level) of the answer to pick for ``level``: one giving it (either one, when
    two answers give the same level, as 3.2.6 has at level 4), else one of the highest level
    below it (of the lowest above, when there is none below)."""
    options = list(question.options.all())
    fitting = _fitting((o.level for o in options), level)[0]
    chosen = rng.choice([o for o in options if o.level == fitting])
    return chosen.position, chosen.level


def _round(value: int, lo: int, hi: int, unit: str) -> int:
    """``value`` rounded to a thousand đồng when an amount and the band holds one."""
    if unit != FigureUnit.VND:
        return value
    rounded = round(value / THOUSAND) * THOUSAND
    return rounded if lo <= rounded <= hi else value


def _band(thresholds: Sequence[Threshold], level: int, denominator: int) -> tuple[int, int]:
    """The numerators (lowest, highest) that give exactly ``level`` over ``denominator``;
    lowest > highest when none does."""
    if level == 0:
        return 0, 0
    minimum = {t.level: t.min_percent for t in thresholds}
    lo = max(1, -(-minimum[level] * denominator // 100))  # the share reaches the level
    if level + 1 in minimum:  # and stays below the next one
        return lo, -(-minimum[level + 1] * denominator // 100) - 1
    return lo, denominator


def numerator_for(
    thresholds: Sequence[Threshold], level: int, denominator: int, unit: str, rng: random.Random
) -> tuple[int, int]:
    """(numerator, level) for ``level`` over ``denominator``: a numerator in the band of the
    level by ``thresholds`` (in the lower quarter of the top level's band: no one reports all
    of their staff as IT staff), or of the highest level below it that the denominator lets a
    share reach (level 0 always is), else of the lowest above."""
    top = max(t.level for t in thresholds)
    for candidate in _fitting({0, *(t.level for t in thresholds)}, level):
        lo, hi = _band(thresholds, candidate, denominator)
        if lo <= hi:
            pick = rng.randint(lo, hi if candidate < top else lo + (hi - lo) // 4)
            numerator = _round(pick, lo, hi, unit)
            assert level_from_figures(numerator, denominator, thresholds) == candidate
            return numerator, candidate
    raise AssertionError("level 0 is always reachable")


def shared_figures(enterprise: Enterprise, rng: random.Random) -> dict[str, int]:
    """The national form's shared denominators for ``enterprise``: total staff, revenue of the
    last three months and of the last year, and investment spending of the last year."""
    staff = enterprise.employees or STAFF_OF_SIZE.get(enterprise.size_class, 10)
    revenue = enterprise.annual_revenue or REVENUE_OF_SIZE.get(enterprise.size_class, 150 * BILLION)
    revenue = max(revenue, 100 * THOUSAND * THOUSAND)  # at least a hundred million đồng

    def amount(share: float) -> int:
        return round(revenue * share / THOUSAND) * THOUSAND

    return {
        "staff_total": max(1, staff),
        "revenue_3m": amount(rng.uniform(0.2, 0.3)),
        "revenue_last_year": revenue,
        "spending_last_year": amount(rng.uniform(0.03, 0.12)),
    }


def own_denominator(key: str, unit: str, shared: dict[str, int], rng: random.Random) -> int:
    """A question's own denominator (``key``), at the scale of the enterprise's ``shared``
    figures."""
    basis, low, high = OWN_DENOMINATORS.get(key) or OTHER_DENOMINATOR[FigureUnit(unit)]
    if basis == "staff":
        return shared["staff_total"] * rng.randint(low, high)
    base = shared["revenue_3m" if basis == "revenue_3m" else "revenue_last_year"]
    return max(THOUSAND, round(base * rng.randint(low, high) / 1000 / THOUSAND) * THOUSAND)
