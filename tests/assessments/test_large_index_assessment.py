"""The large-enterprise index (dbi-large-2023, criteria made up by tests/assessments/large_index.py)
as a real assessment: answered by department, refused at submission while a department or a cell
is missing, reviewed by the province, started in the ministry's column from the weightiest
earlier answer of each cell, appraised and certified with its percent and level.

Two departments, "Kinh doanh" at 100 % everywhere and "Kế toán" at 50 % everywhere, give the
enterprise (100 + 50) / 2 = 75 % → level 4 (75 % up to 100 %). The province then marks one
criterion of "Kế toán" not relevant, which leaves its averages at 50 % (every other criterion is
still 50 %): the enterprise stays at 75 %."""

import pytest

from assessments.models import (
    Assessment,
    AuditEntry,
    Column,
    ColumnResult,
    DepartmentRating,
)
from assessments.services import assessment_transition
from assessments.services.departments import department_rating_save
from certification.services import certificate_issue

from ..factories import MinistryReviewerFactory, SignerFactory
from ..refusals import refused
from .large_index import add_departments, criterion_codes, fill_departments, large_assessment

pytestmark = pytest.mark.django_db

PERCENTS = {"Kinh doanh": 100, "Kế toán": 50}
TOTAL, LEVEL = 7500, 4


@pytest.fixture
def started(owner) -> Assessment:
    return large_assessment(owner)


def stored(assessment, column) -> ColumnResult:
    return ColumnResult.objects.get(assessment=assessment, column=column)


def step(assessment, name, user):
    assessment_transition(assessment_id=assessment.pk, name=name, user=user, comment="")


def test_submission_needs_a_department_and_every_cell(started, owner):
    with refused("incomplete") as caught:
        step(started, "submit", owner.user)
    assert caught.value.fields["missing"] == ["chưa có bộ phận nào"]

    add_departments(started, owner.user, ["Kinh doanh"])
    first = criterion_codes(started.framework)[0]
    department = started.departments.get()
    department_rating_save(
        assessment_id=started.pk,
        column=Column.SELF,
        department_id=department.pk,
        criterion_code=first,
        percent=None,  # not relevant is an answer
        version=0,
        user=owner.user,
    )
    with refused("incomplete") as caught:
        step(started, "submit", owner.user)
    assert len(caught.value.fields["missing"]) == len(criterion_codes(started.framework)) - 1
    assert f"Kinh doanh: {first}" not in caught.value.fields["missing"]


def test_the_ministry_column_starts_from_the_weightiest_earlier_answer(
    started, owner, province_officer, ministry_reviewer
):
    add_departments(started, owner.user, list(PERCENTS))
    fill_departments(started, Column.SELF, owner.user, PERCENTS)
    assert (stored(started, Column.SELF).total, stored(started, Column.SELF).level) == (
        TOTAL,
        LEVEL,
    )
    step(started, "submit", owner.user)
    step(started, "province_start", province_officer)
    accounts = started.departments.get(name="Kế toán")
    first = criterion_codes(started.framework)[0]
    department_rating_save(
        assessment_id=started.pk,
        column=Column.PROVINCE,
        department_id=accounts.pk,
        criterion_code=first,
        percent=None,
        version=0,
        user=province_officer,
    )
    step(started, "province_approve", province_officer)
    step(started, "ministry_start", ministry_reviewer)

    ministry = DepartmentRating.objects.filter(assessment=started, column=Column.MINISTRY)
    assert ministry.count() == 2 * len(criterion_codes(started.framework))
    # The province's answer where it gave one, the enterprise's elsewhere.
    assert ministry.get(department=accounts, criterion__code=first).percent is None
    assert ministry.get(department=accounts, criterion__code="1.1.2").percent == 50
    assert (stored(started, Column.MINISTRY).total, stored(started, Column.MINISTRY).level) == (
        TOTAL,
        LEVEL,
    )
    started_from = AuditEntry.objects.filter(
        assessment=started, column=Column.MINISTRY, criterion__code=first
    )
    reasons = sorted(e.reason for e in started_from)
    assert reasons == [
        "Bộ phận Kinh doanh: Mức khởi đầu của Bộ, lấy từ cột Doanh nghiệp tự đánh giá",
        "Bộ phận Kế toán: Mức khởi đầu của Bộ, lấy từ cột Sở đánh giá",
    ]


def test_the_review_chain_and_the_certificate(started, owner, province_officer, ministry_reviewer):
    add_departments(started, owner.user, list(PERCENTS))
    fill_departments(started, Column.SELF, owner.user, PERCENTS)
    for name, user in (
        ("submit", owner.user),
        ("province_start", province_officer),
        ("province_approve", province_officer),
        ("ministry_start", ministry_reviewer),
        ("ministry_appraise", ministry_reviewer),
    ):
        step(started, name, user)

    started.refresh_from_db()
    assert started.state == Assessment.State.APPRAISED
    SignerFactory()
    issuer = MinistryReviewerFactory(can_issue=True).user
    certificate = certificate_issue(assessment_id=started.pk, user=issuer)

    assert certificate.assessment_id == started.pk
    assert certificate.overall_level == LEVEL
