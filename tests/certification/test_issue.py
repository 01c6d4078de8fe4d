"""Issuing freezes what the certificate states, numbers it without gaps, replaces the previous
valid certificate on re-issue and keeps the history; only ministry issuers may issue."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.models import Assessment
from certification.models import Certificate, CertificateEvent, CertificateSequence, Signer
from certification.services import certificate_issue
from certification.verification import code_matches

from ..refusals import refused
from .conftest import appraised_assessment

pytestmark = pytest.mark.django_db


def test_a_certificate_states_the_ministry_result_and_who_issues_it(appraised, issuer):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)

    today = timezone.localdate()
    assert certificate.number == f"DBI-{today.year}-000001"
    assert certificate.status == Certificate.Status.VALID
    assert certificate.enterprise_name == "Công ty Cổ phần Đồng Tháp Xanh"
    assert certificate.tax_code == appraised.enterprise.tax_code
    assert certificate.province_name == appraised.enterprise.province.name
    # Level 3 everywhere: 59 × 3 + 3 × 5 = 192 points, every pillar at 60% → level 3.
    assert (certificate.total_points, certificate.max_points) == (192, 320)
    assert (certificate.overall_level, certificate.level_name_vi) == (3, "Hình thành")
    assert [p["level"] for p in certificate.pillars] == [3] * 6
    assert certificate.pillars[0]["name_vi"] == "Trải nghiệm số cho khách hàng"
    assert "1970/QĐ-BTTTT" in certificate.decision_vi
    assert certificate.issued_on == today
    assert certificate.valid_until == today + datetime.timedelta(days=365)
    assert certificate.authority_name_vi == "Bộ Khoa học và Công nghệ"
    assert certificate.signer_name == "Nguyễn Thị Ánh Tuyết"
    assert certificate.signer_title == "Thứ trưởng Bộ Khoa học và Công nghệ"
    assert code_matches(certificate)
    assert [e.action for e in certificate.events.all()] == ["issued"]


def test_validity_is_configurable(appraised, issuer, settings):
    settings.DBI_CERTIFICATE_VALIDITY_DAYS = 730

    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)

    assert (certificate.valid_until - certificate.issued_on).days == 730


def test_numbers_follow_each_other_within_the_year(signer, issuer):
    certificates = [
        certificate_issue(assessment_id=appraised_assessment().pk, user=issuer) for _ in range(3)
    ]

    year = timezone.localdate().year
    assert [c.number for c in certificates] == [f"DBI-{year}-00000{n}" for n in (1, 2, 3)]
    assert CertificateSequence.objects.get(year=year).last == 3


def test_a_refused_issue_gives_its_number_back(signer, issuer):
    certificate_issue(assessment_id=appraised_assessment().pk, user=issuer)
    draft = appraised_assessment(skip=1)
    with refused("ministry_incomplete"):
        certificate_issue(assessment_id=draft.pk, user=issuer)

    following = certificate_issue(assessment_id=appraised_assessment().pk, user=issuer)

    assert following.sequence == 2


def test_reissue_replaces_the_valid_certificate_and_keeps_it(appraised, issuer):
    first = certificate_issue(assessment_id=appraised.pk, user=issuer)

    second = certificate_issue(assessment_id=appraised.pk, user=issuer)

    first.refresh_from_db()
    assert first.status == Certificate.Status.REPLACED
    assert first.replaced_by == second
    assert second.replaces == first
    assert second.sequence == first.sequence + 1
    assert Certificate.objects.filter(assessment=appraised, status="valid").get() == second
    assert list(first.events.values_list("action", "reason")) == [
        ("issued", ""),
        ("replaced", second.number),
    ]


def test_the_database_refuses_two_valid_certificates_for_one_assessment(appraised, issuer):
    first = certificate_issue(assessment_id=appraised.pk, user=issuer)
    twin = Certificate.objects.get(pk=first.pk)
    twin.pk, twin.number, twin.sequence, twin.verification_code = (
        None,
        "DBI-2026-999999",
        999999,
        "X",
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_the_database_refuses_a_revocation_without_reason(appraised, issuer):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)

    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(
            status="revoked", revoked_at=timezone.now(), revocation_reason=""
        )


def test_only_appraised_assessments_are_certified(appraised, issuer):
    Assessment.objects.filter(pk=appraised.pk).update(state=Assessment.State.MINISTRY_APPRAISAL)

    with refused("not_appraised"):
        certificate_issue(assessment_id=appraised.pk, user=issuer)
    assert not Certificate.objects.exists()


def test_the_ministry_column_must_be_complete(signer, issuer):
    partial = appraised_assessment(skip=2)

    with refused("ministry_incomplete") as caught:
        certificate_issue(assessment_id=partial.pk, user=issuer)
    assert "58/60" in str(caught.value.message)


def test_without_a_signer_on_file_nothing_is_issued(owner, issuer, sme_framework):
    assessment = appraised_assessment(enterprise=owner.enterprise)

    with refused("no_signer"):
        certificate_issue(assessment_id=assessment.pk, user=issuer)


def test_the_signer_is_the_one_in_office_on_the_day(appraised, issuer, signer):
    today = timezone.localdate()
    Signer.objects.filter(pk=signer.pk).update(valid_until=today - datetime.timedelta(days=1))
    Signer.objects.create(full_name="Lê Minh Đức", title="Thứ trưởng", valid_from=today)

    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)

    assert (certificate.signer_name, certificate.signer_title) == ("Lê Minh Đức", "Thứ trưởng")


@pytest.mark.parametrize("role", ["member", "consultant", "officer", "appraiser", "stranger"])
def test_only_ministry_issuers_issue(appraised, people, role):
    with refused("not_issuer"):
        certificate_issue(assessment_id=appraised.pk, user=people[role])
    assert not Certificate.objects.exists()


def test_the_enterprise_members_are_emailed(
    appraised, issuer, owner, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)

    (email,) = [m for m in mailoutbox if certificate.number in m.subject]
    assert email.to == [owner.user.email]
    assert "Hình thành" in email.body
    assert f"/chung-nhan/{certificate.verification_code}/" in email.body


def test_the_issue_is_logged_with_who(appraised, issuer):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)

    event = CertificateEvent.objects.get(certificate=certificate)
    assert (event.action, event.actor) == ("issued", issuer)
    with pytest.raises(ValueError, match="append-only"):
        event.save()
