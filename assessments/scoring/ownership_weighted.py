"""A corporate group's score (Decision 2158/QĐ-BTTTT, Appendix 2, 4.b): members are assessed on
their own, and the group's score is the mean of their scores weighted by the parent's ownership
share of each, Σ wᵢ·sᵢ / Σ wᵢ, over the members that have a score. Pure, exact arithmetic.

Shares are in hundredths of a percent (51.5 % is 5150), scores in the framework's unit; the
group's level comes from the framework's thresholds (methods scored by thresholds only: the 2021
index's level needs pillar counts a weighted total does not have).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import floor

from .common import Threshold, threshold_level


@dataclass(frozen=True)
class Member:
    key: str
    share: int  # ownership in hundredths of a percent, 1..10000
    score: int | None  # None: no result yet, so left out


@dataclass(frozen=True)
class GroupResult:
    score: int | None  # rounded down; None when no member has a score
    level: int
    share_scored: int  # the shares of the members that count
    share_total: int
    members_scored: int
    members_total: int


def group_score(members: Sequence[Member], thresholds: Sequence[Threshold]) -> GroupResult:
    scored = [m for m in members if m.score is not None and m.share > 0]
    weight = sum(m.share for m in scored)
    exact = Fraction(sum(m.share * (m.score or 0) for m in scored), weight) if weight else None
    return GroupResult(
        score=None if exact is None else floor(exact),
        level=0 if exact is None else threshold_level(tuple(thresholds), exact),
        share_scored=weight,
        share_total=sum(m.share for m in members),
        members_scored=len(scored),
        members_total=len(members),
    )
