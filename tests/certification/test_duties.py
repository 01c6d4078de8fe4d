"""Separation of duties for certificates (issue 10, item 4): a ministry issuer who is a member
of the enterprise neither issues nor revokes its certificate — page, API or batch — and is not
offered the buttons; other issuers keep working."""

import pytest

from certification.models import Certificate
from certification.services import certificate_issue, certificate_issue_batch, certificate_revoke
from enterprises.models import Membership

from ..factories import MembershipFactory, MinistryReviewerFactory
from ..refusals import refused

pytestmark = pytest.mark.django_db

REFUSAL = "Bạn là thành viên của doanh nghiệp này nên không thể cấp hay thu hồi chứng nhận"


@pytest.fixture
def issuer_member(appraised):
    user = MinistryReviewerFactory(can_issue=True).user
    MembershipFactory(user=user, enterprise=appraised.enterprise, role=Membership.Role.STAFF)
    return user


def test_an_issuer_who_is_a_member_does_not_issue(client, appraised, issuer_member):
    with refused("member_conflict"):
        certificate_issue(assessment_id=appraised.pk, user=issuer_member)
    client.force_login(issuer_member)

    panel = client.get(f"/assessments/{appraised.pk}/certificate/").content.decode()
    page = client.post(f"/assessments/{appraised.pk}/certificate/issue/")
    api = client.post(f"/api/v1/assessments/{appraised.pk}/certificate/")

    assert 'data-testid="issue"' not in panel
    assert page.status_code == 403
    assert REFUSAL in page.content.decode()
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "member_conflict"
    assert not Certificate.objects.exists()


def test_an_issuer_who_is_a_member_does_not_revoke(client, appraised, issuer, issuer_member):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)
    with refused("member_conflict"):
        certificate_revoke(certificate_id=certificate.pk, user=issuer_member, reason="Sai")
    client.force_login(issuer_member)

    page = client.post(f"/certificates/{certificate.pk}/revoke/", {"reason": "Sai"})
    api = client.post(
        f"/api/v1/certificates/{certificate.pk}/revoke/",
        {"reason": "Sai"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert page.status_code == 403
    assert REFUSAL in page.content.decode()
    assert api.status_code == 403
    assert api.json()["error"]["message"] == (
        "You are a member of this enterprise, so you cannot issue or revoke its certificates."
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_a_batch_by_a_member_skips_their_own_enterprise_and_says_why(
    appraised, issuer_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = certificate_issue_batch(assessment_ids=[appraised.pk], user=issuer_member)

    batch.refresh_from_db()
    assert (batch.issued, batch.failed) == (0, 1)
    assert batch.problems[0]["message"].startswith(REFUSAL)
    assert not Certificate.objects.exists()


def test_an_independent_issuer_still_issues(client, appraised, issuer, issuer_member):
    client.force_login(issuer)
    assert (
        'data-testid="issue"'
        in client.get(f"/assessments/{appraised.pk}/certificate/").content.decode()
    )
    certificate_issue(assessment_id=appraised.pk, user=issuer)
    assert Certificate.objects.filter(assessment=appraised).count() == 1
