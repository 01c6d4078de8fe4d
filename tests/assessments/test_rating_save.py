"""Saving ratings: the persisted result always equals the scoring module's, the query count is
constant, stale writes are refused, columns open only to their role and state, every change is
in the audit trail."""

import random

import pytest

from assessments import scoring
from assessments.models import Assessment, AuditEntry, Column, ColumnResult, Rating
from assessments.services import rating_save

from ..refusals import refused
from .sme_reference import ALL_CODES, SNAPSHOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(assessment, owner):
    """The shared cast's draft and its owner (tests/cast.py)."""
    return assessment, owner.user


def save(assessment, user, code, level, *, column=Column.SELF, version=None, **kwargs):
    if version is None:
        rating = Rating.objects.filter(
            assessment=assessment, column=column, criterion__code=code
        ).first()
        version = rating.version if rating else 0
    return rating_save(
        assessment_id=assessment.pk,
        column=column,
        criterion_code=code,
        level=level,
        user=user,
        expected_version=version,
        **kwargs,
    )


def stored_result(assessment, column=Column.SELF):
    result = ColumnResult.objects.get(assessment=assessment, column=column)
    pillars = {p.pillar.code: (p.points, p.level) for p in result.pillars.select_related("pillar")}
    subs = {s.sub_index.code: s.points for s in result.sub_indices.select_related("sub_index")}
    return result.total, result.level, pillars, subs


def test_the_stored_result_equals_scoring_after_any_sequence_of_saves(draft):
    assessment, user = draft
    rng = random.Random(4)
    levels: dict[str, int] = {}
    for _ in range(80):
        code = rng.choice(ALL_CODES)
        level = rng.choice([None, 0, 1, 2, 3, 4, 5])
        save(assessment, user, code, level)
        if level is None:
            levels.pop(code, None)
        else:
            levels[code] = level

        expected = scoring.score(SNAPSHOT, levels)
        total, level_, pillars, subs = stored_result(assessment)
        assert (total, level_) == (expected.total, expected.level)
        assert pillars == {p.code: (p.points, p.level) for p in expected.pillars}
        assert subs == {s.code: s.points for s in expected.sub_indices}


def test_a_save_issues_the_same_number_of_queries_whatever_is_stored(
    draft, django_assert_num_queries
):
    assessment, user = draft
    save(assessment, user, "1.1.1", 3)  # warms the catalog index
    # Savepoint, lock, role, cell, write, audit, column levels, then one upsert each for the
    # column result, its pillars and its sub-indices, and the release.
    with django_assert_num_queries(11):
        save(assessment, user, "1.1.2", 4, version=0)
    for code in ALL_CODES[2:40]:
        save(assessment, user, code, 5)
    with django_assert_num_queries(11):
        save(assessment, user, "6.1.7", 2, version=0)
    with django_assert_num_queries(11):
        save(assessment, user, "6.1.7", 3, version=1)


def test_two_stale_saves_one_is_refused_and_nothing_is_lost(draft, staff_member):
    assessment, user = draft
    colleague = staff_member
    save(assessment, user, "2.1.1", 2, version=0)

    with refused("stale"):
        save(assessment, colleague, "2.1.1", 4, version=0)

    rating = Rating.objects.get(assessment=assessment, criterion__code="2.1.1")
    assert (rating.level, rating.version, rating.rated_by) == (2, 1, user)


def test_every_change_is_in_the_audit_trail_with_old_and_new(draft):
    assessment, user = draft
    save(assessment, user, "3.1.1", 2)
    save(assessment, user, "3.1.1", 4)
    save(assessment, user, "3.1.1", 4)  # unchanged: no entry

    entries = list(
        AuditEntry.objects.filter(assessment=assessment).values_list("old_level", "new_level")
    )
    assert entries == [(None, 2), (2, 4)]


def test_audit_entries_cannot_be_changed_or_deleted(draft):
    assessment, user = draft
    save(assessment, user, "3.1.1", 2)
    entry = AuditEntry.objects.get(assessment=assessment)
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()


def test_a_level_out_of_range_is_refused(draft):
    assessment, user = draft
    with refused("bad_level"):
        save(assessment, user, "1.1.1", 6)
    assert not Rating.objects.exists()


def test_a_province_officer_cannot_write_the_self_column(draft, province_assessor):
    assessment, _ = draft
    officer = province_assessor
    with refused("not_your_column"):
        save(assessment, officer, "1.1.1", 3)


def test_the_self_column_closes_once_submitted(draft):
    assessment, user = draft
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED)
    with refused("column_closed"):
        save(assessment, user, "1.1.1", 3)


def test_the_province_column_is_for_the_province_officer_in_review(
    draft, province_assessor, other_province_officer
):
    assessment, member = draft
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    officer = province_assessor
    other = other_province_officer

    save(assessment, officer, "1.1.1", 3, column=Column.PROVINCE)

    with refused("not_your_column"):
        save(assessment, other, "1.1.2", 3, column=Column.PROVINCE)
    with refused("not_your_column"):
        save(assessment, member, "1.1.2", 3, column=Column.PROVINCE)
    assert stored_result(assessment, Column.PROVINCE)[0] == 3


def test_the_ministry_must_give_a_reason_for_each_change(draft, ministry_reviewer):
    assessment, _ = draft
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.MINISTRY_APPRAISAL)
    reviewer = ministry_reviewer

    with refused("reason_missing"):
        save(assessment, reviewer, "4.1.1", 2, column=Column.MINISTRY)
    save(assessment, reviewer, "4.1.1", 2, column=Column.MINISTRY, reason="Không có chính sách ICT")

    entry = AuditEntry.objects.get(assessment=assessment, column=Column.MINISTRY)
    assert entry.reason == "Không có chính sách ICT"
    assert entry.actor == reviewer
