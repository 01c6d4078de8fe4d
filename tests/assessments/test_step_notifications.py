"""Each step of the review chain tells whoever must act next (and the enterprise follows its
file): the engaged consultant or else the province at submission, the province when the
consultant finishes, the ministry's appraisers at the province's approval, its issuers and the
enterprise at the appraisal, the enterprise at a return. Through the real services, with the
tasks run as they are after the commit. Opening a notification marks it read, for that person
only."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import Assessment, Column
from assessments.services import assessment_return, assessment_transition, rating_save
from enterprises.models import Accreditation, Engagement, Membership
from notifications.models import Notification

from ..factories import MembershipFactory, MinistryReviewerFactory
from .sme_reference import ALL_CODES

pytestmark = pytest.mark.django_db
State = Assessment.State


@pytest.fixture
def people(
    owner,
    staff_member,
    province_officer,
    province_assessor,
    other_province_officer,
    ministry_reviewer,
    stranger,
):
    """Everyone who could be told, by the name the tests use."""
    return {
        "owner": owner.user,
        "staff": staff_member,
        "approver": province_officer,  # assesses and approves
        "assessor": province_assessor,
        "other_province": other_province_officer,
        "appraiser": ministry_reviewer,  # appraises, does not issue
        "issuer": MinistryReviewerFactory(can_appraise=False, can_issue=True).user,
        "stranger": stranger,
    }


def told(assessment, state, people) -> set[str]:
    """Who among ``people`` was told that the assessment reached ``state``."""
    ids = set(
        Notification.objects.filter(assessment=assessment, event__to_state=state).values_list(
            "recipient_id", flat=True
        )
    )
    everyone = {user.pk: name for name, user in people.items()}
    return {everyone.get(pk, f"user {pk}") for pk in ids}


def fill(assessment, column, user):
    """Answer every criterion of ``column`` as ``user`` would on the page."""
    assessment.refresh_from_db()
    existing = {
        r.criterion.code: r.version
        for r in assessment.ratings.filter(column=column).select_related("criterion")
    }
    for code in ALL_CODES:
        rating_save(
            assessment_id=assessment.pk,
            column=column,
            criterion_code=code,
            level=3,
            user=user,
            reason="Bộ xác nhận" if column == Column.MINISTRY else "",
            expected_version=existing.get(code, 0),
        )


def step(assessment, name, user, captured):
    with captured(execute=True):
        assessment_transition(assessment_id=assessment.pk, name=name, user=user)


def submitted(assessment, people, captured):
    fill(assessment, Column.SELF, people["owner"])
    step(assessment, "submit", people["owner"], captured)
    return assessment


def test_submission_tells_the_engaged_consultant_not_the_province(
    assessment, consultant, people, django_capture_on_commit_callbacks
):
    people["consultant"] = consultant.user

    submitted(assessment, people, django_capture_on_commit_callbacks)

    assert told(assessment, State.SUBMITTED, people) == {"consultant"}


def test_submission_without_a_consultant_tells_the_province_assessors(
    assessment, people, django_capture_on_commit_callbacks
):
    submitted(assessment, people, django_capture_on_commit_callbacks)

    assert told(assessment, State.SUBMITTED, people) == {"approver", "assessor"}


@pytest.mark.parametrize("lapse", ["engagement_ended", "accreditation_expired"])
def test_a_consultant_who_cannot_take_the_file_leaves_it_to_the_province(
    assessment, consultant, people, lapse, django_capture_on_commit_callbacks
):
    people["consultant"] = consultant.user
    if lapse == "engagement_ended":
        Engagement.objects.filter(consultant=consultant).update(status=Engagement.Status.ENDED)
    else:
        Accreditation.objects.filter(consultant=consultant).update(
            valid_until=timezone.localdate() - datetime.timedelta(days=1)
        )

    submitted(assessment, people, django_capture_on_commit_callbacks)

    assert told(assessment, State.SUBMITTED, people) == {"approver", "assessor"}


def test_an_officer_who_is_a_member_is_not_asked_to_review_their_own_file(
    assessment, enterprise, people, django_capture_on_commit_callbacks
):
    MembershipFactory(enterprise=enterprise, user=people["assessor"], role=Membership.Role.STAFF)

    submitted(assessment, people, django_capture_on_commit_callbacks)

    assert told(assessment, State.SUBMITTED, people) == {"approver"}


def test_the_consultant_finishing_tells_the_province_and_the_enterprise(
    assessment, consultant, people, django_capture_on_commit_callbacks
):
    people["consultant"] = consultant.user
    submitted(assessment, people, django_capture_on_commit_callbacks)
    step(assessment, "consultant_start", consultant.user, django_capture_on_commit_callbacks)
    fill(assessment, Column.CONSULTANT, consultant.user)

    step(assessment, "consultant_finish", consultant.user, django_capture_on_commit_callbacks)

    assert told(assessment, State.PROVINCE_REVIEW, people) == {
        "approver",
        "assessor",
        "owner",
        "staff",
    }


def reviewed_by_province(assessment, people, captured):
    submitted(assessment, people, captured)
    step(assessment, "province_start", people["approver"], captured)
    fill(assessment, Column.PROVINCE, people["approver"])
    step(assessment, "province_approve", people["approver"], captured)
    return assessment


def test_the_province_approving_tells_the_ministry_appraisers_and_the_enterprise(
    assessment, people, django_capture_on_commit_callbacks
):
    reviewed_by_province(assessment, people, django_capture_on_commit_callbacks)

    assert told(assessment, State.PROVINCE_APPROVED, people) == {"appraiser", "owner", "staff"}


def test_the_appraisal_tells_the_issuers_and_the_enterprise(
    assessment, people, django_capture_on_commit_callbacks
):
    reviewed_by_province(assessment, people, django_capture_on_commit_callbacks)
    step(assessment, "ministry_start", people["appraiser"], django_capture_on_commit_callbacks)

    step(assessment, "ministry_appraise", people["appraiser"], django_capture_on_commit_callbacks)

    assert told(assessment, State.APPRAISED, people) == {"issuer", "owner", "staff"}


def test_a_return_tells_the_enterprise_only_with_the_comment(
    client, assessment, people, django_capture_on_commit_callbacks
):
    submitted(assessment, people, django_capture_on_commit_callbacks)
    step(assessment, "province_start", people["approver"], django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(
            assessment_id=assessment.pk, user=people["approver"], comment="Thiếu minh chứng 2.1.1"
        )

    assert told(assessment, State.RETURNED, people) == {"owner", "staff"}
    client.force_login(people["staff"])
    assert "Thiếu minh chứng 2.1.1" in client.get("/inbox/").content.decode()


def test_opening_a_notification_marks_it_read_for_that_person_only(
    client, assessment, people, django_capture_on_commit_callbacks
):
    submitted(assessment, people, django_capture_on_commit_callbacks)
    mine = Notification.objects.get(recipient=people["assessor"])
    theirs = Notification.objects.get(recipient=people["approver"])
    client.force_login(people["assessor"])
    inbox = client.get("/inbox/").content.decode()
    assert f'href="/inbox/{mine.pk}/open/"' in inbox

    opened = client.get(f"/inbox/{mine.pk}/open/")

    assert opened.status_code == 302
    assert opened["Location"] == f"/assessments/{assessment.pk}/"
    assert client.get(opened["Location"]).status_code == 200
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
    # Someone else's notification is not found, and stays unread.
    assert client.get(f"/inbox/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert 'data-read="yes"' in client.get("/inbox/").content.decode()
