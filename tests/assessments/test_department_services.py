"""The large-enterprise index's writes (assessments/services/departments.py): the enterprise
lists its departments while its own column is open, and each column's role answers every
department and criterion with a percent or "not relevant", versioned, in the audit trail, and
rescored at once."""

from __future__ import annotations

import pytest

from assessments.models import (
    Assessment,
    AuditEntry,
    Column,
    ColumnResult,
    DepartmentRating,
)
from assessments.services.departments import (
    department_add,
    department_rating_clear,
    department_rating_save,
    department_remove,
    department_rename,
)

from ..refusals import refused
from .large_index import add_departments, criterion_codes, fill_departments, large_assessment

pytestmark = pytest.mark.django_db

State = Assessment.State


@pytest.fixture
def large(owner) -> Assessment:
    return large_assessment(owner)


def in_state(assessment: Assessment, state: str) -> Assessment:
    Assessment.objects.filter(pk=assessment.pk).update(state=state)
    assessment.refresh_from_db()
    return assessment


def save(assessment, user, department, code, percent, *, column=Column.SELF, version=0, **kw):
    return department_rating_save(
        assessment_id=assessment.pk,
        column=column,
        department_id=department.pk,
        criterion_code=code,
        percent=percent,
        note=kw.pop("note", ""),
        version=version,
        user=user,
        **kw,
    )


def stored(assessment, column=Column.SELF) -> ColumnResult:
    return ColumnResult.objects.get(assessment=assessment, column=column)


# --- the list of departments -------------------------------------------------------------


def test_a_member_adds_departments_in_order_with_names_normalised(large, owner, staff_member):
    # "Kế toán" typed with a combining acute and grave accent, and spaces around it.
    typed = "  Ke\u0302\u0301  toa\u0301n "
    first = department_add(assessment_id=large.pk, name=typed, user=owner.user)
    second = department_add(assessment_id=large.pk, name="Kinh doanh", user=staff_member)

    assert first.name == "Kế toán"
    assert [d.name for d in large.departments.order_by("position")] == ["Kế toán", "Kinh doanh"]
    assert second.position > first.position


def test_a_name_taken_whatever_its_case_or_accents_form_is_refused(large, owner):
    department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)

    for name in ("kế toán", "Ke\u0302\u0301 toa\u0301n", " KẾ TOÁN "):
        with refused("department_name_taken") as caught:
            department_add(assessment_id=large.pk, name=name, user=owner.user)
        assert "“Kế toán”" in str(caught.value.message)
    assert large.departments.count() == 1


def test_an_empty_or_too_long_name_is_refused(large, owner):
    with refused("department_name_empty"):
        department_add(assessment_id=large.pk, name="   ", user=owner.user)
    with refused("department_name_too_long"):
        department_add(assessment_id=large.pk, name="x" * 101, user=owner.user)
    assert not large.departments.exists()


def test_rename_keeps_the_answers_and_refuses_another_departments_name(large, owner):
    add_departments(large, owner.user, ["Kế toán", "Kinh doanh"])
    accounts, sales = large.departments.order_by("position")
    code = criterion_codes(large.framework)[0]
    save(large, owner.user, accounts, code, 40)

    department_rename(
        assessment_id=large.pk, department_id=accounts.pk, name="Tài chính", user=owner.user
    )
    with refused("department_name_taken"):
        department_rename(
            assessment_id=large.pk, department_id=sales.pk, name="tài chính", user=owner.user
        )

    accounts.refresh_from_db()
    assert accounts.name == "Tài chính"
    assert DepartmentRating.objects.get(department=accounts).percent == 40
    # Renaming to its own name in another case is not a clash with itself.
    department_rename(
        assessment_id=large.pk, department_id=accounts.pk, name="TÀI CHÍNH", user=owner.user
    )


def test_removing_a_department_drops_its_answers_and_rescores(large, owner):
    add_departments(large, owner.user, ["Kế toán", "Kinh doanh"])
    _accounts, sales = large.departments.order_by("position")
    fill_departments(large, Column.SELF, owner.user, {"Kế toán": 100, "Kinh doanh": 0})
    assert stored(large).total == 5000  # (100 + 0) / 2 = 50 %

    department_remove(assessment_id=large.pk, department_id=sales.pk, user=owner.user)

    assert list(large.departments.values_list("name", flat=True)) == ["Kế toán"]
    assert not DepartmentRating.objects.filter(department_id=sales.pk).exists()
    assert (stored(large).total, stored(large).level) == (10000, 5)


def test_a_department_of_another_assessment_is_not_found(large, owner, places):
    from ..factories import MembershipFactory

    other_owner = MembershipFactory()
    other = large_assessment(other_owner)
    elsewhere = department_add(assessment_id=other.pk, name="Kho", user=other_owner.user)

    with refused("department_not_found"):
        department_rename(
            assessment_id=large.pk, department_id=elsewhere.pk, name="X", user=owner.user
        )
    with refused("department_not_found"):
        department_remove(assessment_id=large.pk, department_id=elsewhere.pk, user=owner.user)


def test_only_a_member_changes_the_list(large, owner, consultant, province_officer, stranger):
    for user in (consultant.user, province_officer, stranger):
        with refused("not_your_column"):
            department_add(assessment_id=large.pk, name="Kế toán", user=user)
    assert not large.departments.exists()


def test_the_list_is_closed_once_submitted(large, owner):
    department = department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)
    in_state(large, State.SUBMITTED)

    with refused("column_closed"):
        department_add(assessment_id=large.pk, name="Kinh doanh", user=owner.user)
    with refused("column_closed"):
        department_rename(
            assessment_id=large.pk, department_id=department.pk, name="X", user=owner.user
        )
    with refused("column_closed"):
        department_remove(assessment_id=large.pk, department_id=department.pk, user=owner.user)


def test_a_framework_answered_by_level_has_no_departments(assessment, owner):
    with refused("not_by_department"):
        department_add(assessment_id=assessment.pk, name="Kế toán", user=owner.user)


# --- cells -------------------------------------------------------------------------------


def test_a_cell_saves_versions_audits_and_rescores(large, owner):
    (department,) = [department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)]
    first, second = criterion_codes(large.framework)[:2]

    outcome = save(large, owner.user, department, first, 80)
    assert outcome.changed
    assert outcome.rating.version == 1
    again = save(large, owner.user, department, first, 60, version=1, note="Đang triển khai")

    assert again.rating.version == 2
    assert DepartmentRating.objects.get(department=department).note == "Đang triển khai"
    trail = AuditEntry.objects.filter(assessment=large, action=AuditEntry.Action.RATING)
    assert [(e.old_level, e.new_level) for e in trail] == [(None, 80), (80, 60)]
    assert "Kế toán" in trail.last().reason
    # 60 % in one of 50 criteria, the rest unanswered (0 %): its group 30 %, its dimension
    # (30 + 0 + 0 + 0) / 4 = 7.5 %, the enterprise (7.5 + 0 × 5) / 6 = 1.25 %: level 1 (< 25 %).
    assert again.result.total == stored(large).total == 125
    assert stored(large).level == 1
    assert second  # the other cells stay unanswered
    assert DepartmentRating.objects.count() == 1


def test_not_relevant_is_left_out_of_the_averages(large, owner):
    department = department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)
    codes = criterion_codes(large.framework)
    # Every criterion 100 % but the first, which is not relevant: still 100 %.
    save(large, owner.user, department, codes[0], None)
    for code in codes[1:]:
        save(large, owner.user, department, code, 100)

    assert (stored(large).total, stored(large).level) == (10000, 5)
    trail = AuditEntry.objects.filter(assessment=large).first()
    assert "không liên quan" in trail.reason


def test_a_stale_version_is_refused_and_nothing_changes(large, owner, staff_member):
    department = department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)
    code = criterion_codes(large.framework)[0]
    save(large, owner.user, department, code, 50)

    with refused("stale"):
        save(large, staff_member, department, code, 70, version=0)
    assert DepartmentRating.objects.get().percent == 50


@pytest.mark.parametrize("percent", [-1, 101, 50.5, "50", True])
def test_a_percent_outside_0_to_100_or_not_whole_is_refused(large, owner, percent):
    department = department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)
    with refused("bad_percent"):
        save(large, owner.user, department, criterion_codes(large.framework)[0], percent)
    assert not DepartmentRating.objects.exists()


def test_an_unknown_criterion_is_refused(large, owner):
    department = department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)
    with refused("unknown_criterion"):
        save(large, owner.user, department, "9.9.9", 10)


def test_clearing_a_cell_makes_it_unanswered_again(large, owner):
    department = department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)
    code = criterion_codes(large.framework)[0]
    save(large, owner.user, department, code, 100)

    outcome = department_rating_clear(
        assessment_id=large.pk,
        column=Column.SELF,
        department_id=department.pk,
        criterion_code=code,
        version=1,
        user=owner.user,
    )

    assert outcome.changed
    assert outcome.rating is None
    assert not DepartmentRating.objects.exists()
    assert stored(large).total == 0
    assert AuditEntry.objects.filter(assessment=large).last().new_level is None


def test_wrong_role_is_refused_in_each_column(
    large, owner, consultant, province_officer, other_province_officer, ministry_reviewer
):
    department = department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)
    code = criterion_codes(large.framework)[0]
    # The self column, open in a draft: not the consultant's, a province's or the ministry's.
    for user in (consultant.user, province_officer, ministry_reviewer):
        with refused("not_your_column"):
            save(large, user, department, code, 10)
    # The province's column, open in its review: not another province's officer.
    in_state(large, State.PROVINCE_REVIEW)
    with refused("not_your_column"):
        save(large, other_province_officer, department, code, 10, column=Column.PROVINCE)
    save(large, province_officer, department, code, 10, column=Column.PROVINCE)
    assert DepartmentRating.objects.get().column == Column.PROVINCE


def test_a_consultant_not_engaged_may_not_write_the_consultant_column(
    large, owner, free_consultant, consultant
):
    department = department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)
    code = criterion_codes(large.framework)[0]
    in_state(large, State.CONSULTANT_ASSESSING)

    with refused("not_your_column"):
        save(large, free_consultant.user, department, code, 10, column=Column.CONSULTANT)
    save(large, consultant.user, department, code, 10, column=Column.CONSULTANT)
    assert stored(large, Column.CONSULTANT).answered == 1


def test_a_closed_column_is_refused(large, owner, province_officer):
    department = department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)
    code = criterion_codes(large.framework)[0]
    in_state(large, State.SUBMITTED)

    with refused("column_closed"):
        save(large, owner.user, department, code, 10)
    with refused("column_closed"):
        save(large, province_officer, department, code, 10, column=Column.PROVINCE)
    assert not DepartmentRating.objects.exists()


def test_the_ministry_says_why_it_changes_a_cell(large, owner, ministry_reviewer):
    department = department_add(assessment_id=large.pk, name="Kế toán", user=owner.user)
    code = criterion_codes(large.framework)[0]
    in_state(large, State.MINISTRY_APPRAISAL)

    with refused("reason_missing"):
        save(large, ministry_reviewer, department, code, 10, column=Column.MINISTRY)
    save(large, ministry_reviewer, department, code, 10, column=Column.MINISTRY, reason="Hồ sơ")
    assert AuditEntry.objects.filter(assessment=large).last().reason.endswith("Hồ sơ")
