"""Corporate groups (ownership_weighted.group_score) by hand.

The group's score is Σ shareᵢ·scoreᵢ / Σ shareᵢ over the members that have a score (shares in
hundredths of a percent, scores in the framework's unit), shown rounded down; its level comes
from the framework's thresholds applied to the exact value.
"""

from __future__ import annotations

from assessments import scoring
from assessments.scoring import Member, group_score

from .method_snapshots import BAND_THRESHOLDS, READINESS_THRESHOLDS


def test_three_members_51_30_and_100_percent():
    # R in thousandths: A 3.45 at 51 %, B 2 at 30 %, C 4 at 100 %.
    # (5100×3450 + 3000×2000 + 10000×4000) / (5100 + 3000 + 10000)
    # = (17 595 000 + 6 000 000 + 40 000 000) / 18 100 = 63 595 000 / 18 100 = 3513.53…
    # → 3513 (R = 3.513), level 4 (3.4 ≤ R < 4.2).
    members = [Member("A", 5100, 3450), Member("B", 3000, 2000), Member("C", 10000, 4000)]
    result = group_score(members, READINESS_THRESHOLDS)
    assert result == scoring.GroupResult(
        score=3513,
        level=4,
        share_scored=18100,
        share_total=18100,
        members_scored=3,
        members_total=3,
    )


def test_a_member_without_a_score_is_left_out():
    # D (49 %) has no result yet: the same 3513 as above, over the shares that count (181 %).
    members = [
        Member("A", 5100, 3450),
        Member("B", 3000, 2000),
        Member("C", 10000, 4000),
        Member("D", 4900, None),
    ]
    result = group_score(members, READINESS_THRESHOLDS)
    assert (result.score, result.level) == (3513, 4)
    assert (result.share_scored, result.share_total) == (18100, 23000)
    assert (result.members_scored, result.members_total) == (3, 4)


def test_large_enterprise_members_in_hundredths_of_a_percent():
    # 67.5 % at 51 % and 80 % at 30 %: (5100×6750 + 3000×8000) / 8100
    # = (34 425 000 + 24 000 000) / 8100 = 58 425 000 / 8100 = 7212.96… → 72.12 %, level 3.
    members = [Member("A", 5100, 6750), Member("B", 3000, 8000)]
    result = group_score(members, BAND_THRESHOLDS)
    assert (result.score, result.level) == (7212, 3)


def test_the_level_is_decided_on_the_exact_value():
    # 50 % / 50 % of 74.99 % and 75 %: exactly 74.995 % → shown 7499, level 3 (below 75 %).
    below = group_score([Member("A", 5000, 7499), Member("B", 5000, 7500)], BAND_THRESHOLDS)
    assert (below.score, below.level) == (7499, 3)
    # 74.99 % and 75.01 %: exactly 75 % → level 4.
    at = group_score([Member("A", 5000, 7499), Member("B", 5000, 7501)], BAND_THRESHOLDS)
    assert (at.score, at.level) == (7500, 4)
    # Readiness: R 3.399 and 3.401 at equal shares → 3.4 exactly → level 4.
    r = group_score([Member("A", 100, 3399), Member("B", 100, 3401)], READINESS_THRESHOLDS)
    assert (r.score, r.level) == (3400, 4)


def test_shares_need_not_add_up_to_100_percent():
    # 10 % of a 1.0 and 30 % of a 5.0: (1000×1000 + 3000×5000) / 4000 = 16 000 000 / 4000 = 4000.
    members = [Member("A", 1000, 1000), Member("B", 3000, 5000)]
    assert group_score(members, READINESS_THRESHOLDS).score == 4000


def test_a_single_member_gives_its_own_score():
    result = group_score([Member("A", 2550, 2600)], READINESS_THRESHOLDS)
    assert (result.score, result.level) == (2600, 3)


def test_a_zero_score_counts_but_no_score_does_not():
    # 0 % at 50 % and 100 % at 50 %: (0 + 5000×10000) / 10000 = 5000 → 50 %, level 3.
    members = [Member("A", 5000, 0), Member("B", 5000, 10000), Member("C", 9000, None)]
    result = group_score(members, BAND_THRESHOLDS)
    assert (result.score, result.level, result.members_scored) == (5000, 3, 2)


def test_no_member_scored_gives_no_score_and_level_zero():
    result = group_score([Member("A", 5100, None), Member("B", 3000, None)], BAND_THRESHOLDS)
    assert result == scoring.GroupResult(
        score=None,
        level=0,
        share_scored=0,
        share_total=8100,
        members_scored=0,
        members_total=2,
    )


def test_no_member_at_all():
    result = group_score([], READINESS_THRESHOLDS)
    assert (result.score, result.level, result.members_total, result.share_total) == (
        None,
        0,
        0,
        0,
    )


def test_a_zero_share_weighs_nothing():
    # A share of 0 cannot be stored (1..10000), but must not divide by zero if it comes in.
    result = group_score([Member("A", 0, 5000)], READINESS_THRESHOLDS)
    assert (result.score, result.level, result.members_scored) == (None, 0, 0)
    mixed = group_score([Member("A", 0, 5000), Member("B", 100, 1000)], READINESS_THRESHOLDS)
    assert (mixed.score, mixed.level) == (1000, 1)
