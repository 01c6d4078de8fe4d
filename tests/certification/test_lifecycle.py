"""Revocation needs a reason and an issuer; expiry is the nightly task's; both reach the
enterprise by email and are logged."""

import datetime

import pytest

from certification.models import Certificate
from certification.services import certificate_issue, certificate_revoke, certificates_expire
from certification.tasks import certificates_expire_task

from ..refusals import refused
from .conftest import backdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(appraised, issuer):
    return certificate_issue(assessment_id=appraised.pk, user=issuer)


def test_revoking_records_who_when_and_why(certificate, issuer):
    certificate_revoke(certificate_id=certificate.pk, user=issuer, reason="  Số liệu sai  ")

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revocation_reason == "Số liệu sai"
    assert certificate.revoked_by == issuer
    assert certificate.revoked_at is not None
    assert list(certificate.events.values_list("action", "actor", "reason")) == [
        ("issued", issuer.pk, ""),
        ("revoked", issuer.pk, "Số liệu sai"),
    ]


@pytest.mark.parametrize("reason", ["", "   "])
def test_revoking_needs_a_reason(certificate, issuer, reason):
    with refused("reason_required"):
        certificate_revoke(certificate_id=certificate.pk, user=issuer, reason=reason)

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_only_a_valid_certificate_is_revoked(certificate, issuer):
    certificate_revoke(certificate_id=certificate.pk, user=issuer, reason="Sai")

    with refused("not_valid"):
        certificate_revoke(certificate_id=certificate.pk, user=issuer, reason="Lần nữa")


@pytest.mark.parametrize("role", ["member", "consultant", "officer", "appraiser", "stranger"])
def test_only_ministry_issuers_revoke(certificate, people, role):
    with refused("not_issuer"):
        certificate_revoke(certificate_id=certificate.pk, user=people[role], reason="Sai")

    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_the_enterprise_hears_of_a_revocation(
    certificate, issuer, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate_id=certificate.pk, user=issuer, reason="Minh chứng giả")

    (email,) = [m for m in mailoutbox if "thu hồi" in m.subject]
    assert email.to == [owner.user.email]
    assert "Minh chứng giả" in email.body


def test_expiry_happens_the_day_after_the_last_valid_day(certificate):
    last_day = certificate.valid_until

    assert certificates_expire(today=last_day) == 0
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID

    assert certificates_expire(today=last_day + datetime.timedelta(days=1)) == 1
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.EXPIRED
    assert certificate.ended_at is not None
    assert list(certificate.events.values_list("action", "actor")) == [
        ("issued", certificate.issued_by_id),
        ("expired", None),
    ]


def test_running_expiry_again_changes_nothing(certificate):
    later = certificate.valid_until + datetime.timedelta(days=3)
    certificates_expire(today=later)

    assert certificates_expire(today=later) == 0
    assert certificate.events.count() == 2


def test_revoked_and_replaced_certificates_do_not_expire(appraised, issuer):
    replaced = certificate_issue(assessment_id=appraised.pk, user=issuer)
    current = certificate_issue(assessment_id=appraised.pk, user=issuer)
    certificate_revoke(certificate_id=current.pk, user=issuer, reason="Sai")

    assert certificates_expire(today=current.valid_until + datetime.timedelta(days=1)) == 0
    assert set(Certificate.objects.values_list("pk", "status")) == {
        (replaced.pk, "replaced"),
        (current.pk, "revoked"),
    }


def test_the_daily_task_expires_and_tells_the_enterprise(
    certificate, owner, mailoutbox, django_capture_on_commit_callbacks
):
    backdate(certificate, days=400)

    with django_capture_on_commit_callbacks(execute=True):
        assert certificates_expire_task.delay().get() == 1

    (email,) = [m for m in mailoutbox if "hết hiệu lực" in m.subject]
    assert email.to == [owner.user.email]


def test_a_valid_certificate_past_its_date_reads_as_expired_before_the_task_runs(certificate):
    assert certificate.status_on(certificate.valid_until) == "valid"
    assert certificate.status_on(certificate.valid_until + datetime.timedelta(days=1)) == "expired"


def test_the_expiry_task_is_scheduled_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["certificates-expire-daily"]
    assert entry["task"] == certificates_expire_task.name
