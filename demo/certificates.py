"""Demo certificates, for ``manage.py seed_demo``: a signer on file, and a certificate for each
appraised demo assessment, issued by the demo ministry reviewer through ``certificate_issue``
exactly as the certificate panel does (number, frozen facts, verification code, history).

Run after the rest of the demo has committed: each issue is its own transaction, whose commit
queues the PDF rendering (in process under ``make run``, where Celery runs eagerly; by a worker
when Redis is set). Idempotent: an assessment with any certificate, valid or not, is left alone,
and the signer is found by name and title. Nothing is revoked.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef

from assessments.models import Assessment
from certification.models import Certificate, Signer
from certification.services import certificate_issue
from certification.verification import verification_url
from enterprises.models import Enterprise, MinistryReviewer

from .assessments import DEMO_DOMAIN

# A made-up signer, plausible on a certificate: data, as the real one would be (admin).
DEMO_SIGNER_NAME = "Nguyễn Văn An"
DEMO_SIGNER_TITLE = "Thứ trưởng Bộ Khoa học và Công nghệ"
DEMO_SIGNER_FROM = datetime.date(2025, 3, 1)  # the ministry's present name applies from then


def demo_certificates_seed(*, enterprises: list[Enterprise]) -> int:
    """Issue a certificate for each appraised assessment of ``enterprises`` that has none yet;
    returns how many were issued (0 on a second run)."""
    appraised = Assessment.objects.filter(
        enterprise__in=enterprises, state=Assessment.State.APPRAISED
    )
    pending = list(
        appraised.exclude(Exists(Certificate.objects.filter(assessment=OuterRef("pk"))))
        .order_by("period", "pk")
        .values_list("pk", flat=True)
    )
    if not pending:
        return 0
    Signer.objects.get_or_create(
        full_name=DEMO_SIGNER_NAME,
        title=DEMO_SIGNER_TITLE,
        defaults={"valid_from": DEMO_SIGNER_FROM},
    )
    reviewer = MinistryReviewer.objects.select_related("user").get(
        can_appraise=True, user__email__endswith=DEMO_DOMAIN
    )
    if not reviewer.can_issue:  # a demo database from before issuing existed
        reviewer.can_issue = True
        reviewer.save(update_fields=["can_issue"])
    for assessment_id in pending:
        certificate_issue(assessment_id=assessment_id, user=reviewer.user, reissue=False)
    return len(pending)


def demo_certificate_summary(*, enterprises: list[Enterprise]) -> list[tuple[str, str, str]]:
    """(number, enterprise, public verification URL) of the demo enterprises' valid
    certificates, for the ``seed_demo`` printout; read from the database, so a second run shows
    the same list."""
    certificates = Certificate.objects.filter(
        enterprise__in=enterprises, status=Certificate.Status.VALID
    ).order_by("number")
    return [
        (c.number, c.enterprise_name, verification_url(c.verification_code)) for c in certificates
    ]
