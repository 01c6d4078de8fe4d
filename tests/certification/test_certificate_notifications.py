"""A certificate's issue, revocation and expiry reach the enterprise's active members in the
inbox (linking to the certificate panel) and by email, once each, however often the task runs.
Nobody else hears of it: not pending or removed members, not inactive accounts, not the
consultant, the province or the ministry."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, AuditEntry
from certification.models import Certificate
from certification.services import certificate_issue, certificate_revoke, certificates_expire
from certification.tasks import certificate_notify_task
from enterprises.models import Engagement, Membership
from notifications.models import Notification

from ..factories import AccreditationFactory, MembershipFactory, UserFactory
from .conftest import appraised_assessment, backdate

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
NAME = "Công ty Cổ phần Đồng Tháp Xanh"
INBOX_QUERIES = 7  # savepoint, session, user, count, unread count, page (joins), release


@pytest.fixture
def members(owner, people):
    """The owner and a second active member; a pending, a removed and an inactive member who
    hear nothing (nor do the ``people`` around the enterprise)."""
    enterprise = owner.enterprise
    staff = MembershipFactory(enterprise=enterprise, role=Membership.Role.STAFF).user
    staff_role = Membership.Role.STAFF
    MembershipFactory(enterprise=enterprise, role=staff_role, status=Membership.Status.PENDING)
    MembershipFactory(enterprise=enterprise, role=staff_role, status=Membership.Status.REMOVED)
    MembershipFactory(enterprise=enterprise, role=staff_role, user__is_active=False)
    return {owner.user.pk, staff.pk}


def issue(assessment, issuer, capture):
    with capture(execute=True):
        return certificate_issue(assessment_id=assessment.pk, user=issuer)


def told(certificate, kind) -> list[int]:
    return sorted(
        Notification.objects.filter(certificate=certificate, kind=kind).values_list(
            "recipient_id", flat=True
        )
    )


def badge(page: str) -> str | None:
    found = re.search(r'<span class="badge" aria-hidden="true">(\d+)</span>', page)
    return found and found.group(1)


def inbox(client) -> str:
    return " ".join(client.get("/inbox/").content.decode().split())


# --- who hears about each step -----------------------------------------------------------------


def test_issuing_tells_each_active_member_once_in_the_inbox_and_by_email(
    appraised, issuer, members, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = issue(appraised, issuer, django_capture_on_commit_callbacks)

    assert told(certificate, Kind.CERTIFICATE_ISSUED) == sorted(members)
    assert Notification.objects.filter(certificate__isnull=False).count() == len(members)
    note = Notification.objects.filter(certificate=certificate).first()
    assert note.assessment_id == appraised.pk
    emails = [m for m in mailoutbox if certificate.number in m.subject]
    assert sorted(e.to[0] for e in emails) == sorted(
        Membership.objects.filter(user_id__in=members).values_list("user__email", flat=True)
    )


def test_revoking_tells_each_active_member_once(
    appraised, issuer, members, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = issue(appraised, issuer, django_capture_on_commit_callbacks)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate_id=certificate.pk, user=issuer, reason="Minh chứng giả")

    assert told(certificate, Kind.CERTIFICATE_REVOKED) == sorted(members)
    assert len([m for m in mailoutbox if "thu hồi" in m.subject]) == len(members)
    assert len(mailoutbox) == len(members)  # the issue is not announced again


def test_expiry_tells_each_enterprise_of_each_of_its_certificates(
    appraised, issuer, members, mailoutbox, django_capture_on_commit_callbacks
):
    first = backdate(issue(appraised, issuer, django_capture_on_commit_callbacks), days=400)
    other_owner = MembershipFactory()
    second = backdate(
        issue(
            appraised_assessment(enterprise=other_owner.enterprise),
            issuer,
            django_capture_on_commit_callbacks,
        ),
        days=400,
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_expire(today=timezone.localdate()) == 2

    assert told(first, Kind.CERTIFICATE_EXPIRED) == sorted(members)
    assert told(second, Kind.CERTIFICATE_EXPIRED) == [other_owner.user_id]
    assert len([m for m in mailoutbox if "hết hiệu lực" in m.subject]) == len(members) + 1


def test_running_the_task_again_adds_nothing_and_sends_nothing(
    appraised, issuer, members, mailoutbox, django_capture_on_commit_callbacks
):
    certificate = issue(appraised, issuer, django_capture_on_commit_callbacks)
    before = (Notification.objects.count(), len(mailoutbox))

    with django_capture_on_commit_callbacks(execute=True):
        again = certificate_notify_task.delay(
            certificate_id=certificate.pk, kind=Kind.CERTIFICATE_ISSUED
        ).get()

    assert again == 0
    assert (Notification.objects.count(), len(mailoutbox)) == before


def test_a_member_who_joins_later_hears_of_later_steps_only(
    appraised, issuer, owner, django_capture_on_commit_callbacks
):
    certificate = issue(appraised, issuer, django_capture_on_commit_callbacks)
    newcomer = MembershipFactory(enterprise=owner.enterprise, role=Membership.Role.STAFF).user

    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate_id=certificate.pk, user=issuer, reason="Sai")

    assert newcomer.pk not in told(certificate, Kind.CERTIFICATE_ISSUED)
    assert newcomer.pk in told(certificate, Kind.CERTIFICATE_REVOKED)


def test_a_certificate_notification_names_the_certificate_and_its_assessment(
    appraised, issuer, owner, django_capture_on_commit_callbacks
):
    certificate = issue(appraised, issuer, django_capture_on_commit_callbacks)
    stranger = UserFactory()

    for broken in (
        {"certificate": certificate},  # no assessment
        {"assessment": appraised},  # no certificate
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Notification.objects.create(recipient=stranger, kind=Kind.CERTIFICATE_ISSUED, **broken)
    with pytest.raises(IntegrityError), transaction.atomic():  # once per person and step
        Notification.objects.create(
            recipient=owner.user,
            kind=Kind.CERTIFICATE_ISSUED,
            certificate=certificate,
            assessment=appraised,
        )


# --- the inbox and the navigation --------------------------------------------------------------


def test_the_inbox_names_the_certificate_and_links_to_its_panel(
    client, appraised, issuer, owner, people, django_capture_on_commit_callbacks
):
    client.force_login(owner.user)
    assert badge(client.get("/inbox/").content.decode()) is None

    certificate = issue(appraised, issuer, django_capture_on_commit_callbacks)
    panel = reverse("certificate-panel", args=[appraised.pk])
    page = inbox(client)
    issued = Notification.objects.get(recipient=owner.user, kind=Kind.CERTIFICATE_ISSUED)
    assert (
        f'<a href="/inbox/{issued.pk}/open/">{NAME} được cấp chứng nhận số {certificate.number} '
        f"(năm đánh giá {appraised.period})</a>"
    ) in page
    assert "Trần Văn Cấp ·" in page  # who issued it
    assert badge(page) == "1"

    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate_id=certificate.pk, user=issuer, reason="Số liệu sai")
    page = inbox(client)
    revoked = Notification.objects.get(recipient=owner.user, kind=Kind.CERTIFICATE_REVOKED)
    assert (
        f'<a href="/inbox/{revoked.pk}/open/">Chứng nhận số {certificate.number} của {NAME} '
        "đã bị thu hồi</a>"
    ) in page
    assert "<p>Số liệu sai</p>" in page
    assert badge(page) == "2"
    assert client.get(f"/inbox/{revoked.pk}/open/")["Location"] == panel
    assert client.get(panel).status_code == 200  # the link opens for the member

    for role in ("consultant", "officer", "appraiser", "stranger"):
        client.force_login(people[role])
        assert certificate.number not in client.get("/inbox/").content.decode()


def test_the_inbox_says_a_certificate_expired_without_naming_anyone(
    client, appraised, issuer, owner, django_capture_on_commit_callbacks
):
    certificate = backdate(issue(appraised, issuer, django_capture_on_commit_callbacks), days=400)
    with django_capture_on_commit_callbacks(execute=True):
        certificates_expire(today=timezone.localdate())
    Notification.objects.filter(kind=Kind.CERTIFICATE_ISSUED).delete()
    client.force_login(owner.user)

    page = inbox(client)

    assert f"Chứng nhận số {certificate.number} của {NAME} đã hết hiệu lực</a>" in page
    assert "None" not in page
    assert badge(page) == "1"


def _copy(certificate: Certificate, i: int) -> Certificate:
    """Another certificate row like the revoked ``certificate`` (cheaper than appraising another
    assessment)."""
    certificate.pk = None
    certificate.replaces = None
    certificate.number = f"DBI-2000-{i:06d}"
    certificate.sequence = i
    certificate.verification_code = f"CODE{i:08d}"
    certificate.save()
    return certificate


@pytest.mark.parametrize("count", [3, 31])
def test_the_inbox_takes_the_same_queries_for_few_or_many_of_mixed_kinds(
    client, appraised, issuer, owner, count, django_assert_max_num_queries
):
    user = owner.user
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)
    certificate = certificate_revoke(certificate_id=certificate.pk, user=issuer, reason="Sai")
    certificate_kinds = list(Notification.CERTIFICATE_KINDS)
    for i in range(count):
        if i % 3 == 0:
            entry = AuditEntry.objects.create(
                assessment=appraised,
                action=AuditEntry.Action.TRANSITION,
                to_state=Assessment.State.RETURNED,
                reason=f"Sửa {i}",
                actor=issuer,
            )
            Notification.objects.create(
                recipient=user, kind=Kind.TRANSITION, assessment=appraised, event=entry
            )
        elif i % 3 == 1:
            engagement = Engagement.objects.create(
                enterprise=owner.enterprise,
                consultant=AccreditationFactory().consultant,
                invited_by=user,
                status=Engagement.Status.DECLINED,
            )
            Notification.objects.create(
                recipient=user, kind=Kind.ENGAGEMENT_DECLINED, engagement=engagement
            )
        else:
            Notification.objects.create(
                recipient=user,
                kind=certificate_kinds[(i // 3) % 3],
                certificate=_copy(certificate, i),
                assessment=appraised,
            )
    client.force_login(user)

    with django_assert_max_num_queries(INBOX_QUERIES):
        page = client.get("/inbox/").content.decode()

    assert page.count("<li class=") == min(count, 30)
    assert badge(page) == str(count)
    assert 'data-kind="certificate_' in page
