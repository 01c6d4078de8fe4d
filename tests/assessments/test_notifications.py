"""Review steps reach the right people in the inbox and by email, once per event."""

import pytest

from assessments.models import Assessment
from assessments.services import assessment_return, assessment_transition
from assessments.services.notifications import transition_notify
from notifications.models import Notification

from ..factories import (
    AccreditationFactory,
    AssessmentFactory,
    EngagementFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(sme_framework):
    owner = MembershipFactory()
    consultant = AccreditationFactory().consultant
    EngagementFactory(consultant=consultant, enterprise=owner.enterprise)
    return {
        "owner": owner.user,
        "consultant": consultant.user,
        "officer": ProvinceOfficerFactory(
            province=owner.enterprise.province, can_approve=True
        ).user,
        "reviewer": MinistryReviewerFactory().user,
        "assessment": AssessmentFactory(enterprise=owner.enterprise, created_by=owner.user),
    }


def recipients_of(assessment):
    return set(
        Notification.objects.filter(assessment=assessment).values_list("recipient_id", flat=True)
    )


def test_a_return_tells_the_enterprise_with_the_comment(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    assessment = people["assessment"]
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(
            assessment_id=assessment.pk, user=people["officer"], comment="Bổ sung minh chứng 3.2.5"
        )

    assert recipients_of(assessment) == {people["owner"].pk}
    with django_capture_on_commit_callbacks(execute=True):
        pass  # the task queued its email on its own commit
    assert [m.to for m in mailoutbox] == [[people["owner"].email]]
    assert "Bổ sung minh chứng 3.2.5" in mailoutbox[0].body
    assert f"/assessments/{assessment.pk}/" in mailoutbox[0].body


def test_approval_by_the_province_tells_the_enterprise_and_the_ministry(
    people, django_capture_on_commit_callbacks
):
    assessment = people["assessment"]
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)

    with django_capture_on_commit_callbacks(execute=True):
        assessment_transition(
            assessment_id=assessment.pk, name="province_approve", user=people["officer"]
        )

    assert recipients_of(assessment) == {people["owner"].pk, people["reviewer"].pk}


def test_running_the_task_again_notifies_nobody_twice(people, django_capture_on_commit_callbacks):
    assessment = people["assessment"]
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(assessment_id=assessment.pk, user=people["officer"], comment="Sửa")
    entry = assessment.audit.get(action="transition")

    assert transition_notify(audit_entry_id=entry.pk, base_url="http://x") == 0
    assert Notification.objects.filter(event=entry).count() == 1


def test_the_inbox_shows_only_my_notifications_and_marks_them_read(
    client, people, django_capture_on_commit_callbacks
):
    assessment = people["assessment"]
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_return(assessment_id=assessment.pk, user=people["officer"], comment="Sửa 1.1.1")

    client.force_login(people["owner"])
    page = client.get("/inbox/").content.decode()
    assert 'data-read="no"' in page
    assert "Sửa 1.1.1" in page
    client.post("/inbox/")
    assert 'data-read="yes"' in client.get("/inbox/").content.decode()

    client.force_login(people["reviewer"])
    assert "Sửa 1.1.1" not in client.get("/inbox/").content.decode()
