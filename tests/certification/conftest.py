"""A world for certificates: an enterprise whose assessment the ministry has appraised (every
criterion in the ministry's column), an issuer, a signer on file."""

import datetime

import pytest
from django.utils import timezone

from assessments.models import Assessment, Column, Criterion, Rating
from assessments.selectors import catalog_index
from assessments.services.ratings import write_column_result

from ..factories import (
    AccreditationFactory,
    AssessmentFactory,
    EngagementFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    SignerFactory,
    UserFactory,
)


def rate_ministry_column(assessment, *, level: int = 3, user=None, skip: int = 0) -> None:
    """Give every criterion (but the last ``skip``) the ministry's ``level`` and store the
    column's result, as the appraisal would."""
    user = user or assessment.created_by
    criteria = list(Criterion.objects.filter(framework=assessment.framework).order_by("position"))
    now = timezone.now()
    Rating.objects.bulk_create(
        [
            Rating(
                assessment=assessment,
                criterion=c,
                column=Column.MINISTRY,
                level=level,
                rated_by=user,
                rated_at=now,
            )
            for c in criteria[: len(criteria) - skip]
        ]
    )
    write_column_result(assessment, Column.MINISTRY, catalog_index(assessment.framework))


def appraised_assessment(*, enterprise=None, period: int = 2026, level: int = 3, **kwargs):
    extra = {"enterprise": enterprise} if enterprise else {}
    assessment = AssessmentFactory(state=Assessment.State.APPRAISED, period=period, **extra)
    rate_ministry_column(assessment, level=level, **kwargs)
    return assessment


@pytest.fixture
def signer(sme_framework):
    return SignerFactory()


@pytest.fixture
def issuer(sme_framework):
    return MinistryReviewerFactory(can_issue=True, user__full_name="Trần Văn Cấp").user


@pytest.fixture
def owner(sme_framework):
    return MembershipFactory(enterprise__name_vi="Công ty Cổ phần Đồng Tháp Xanh")


@pytest.fixture
def appraised(owner, signer):
    return appraised_assessment(enterprise=owner.enterprise)


@pytest.fixture
def people(owner):
    """Everyone around the enterprise who may see its assessment, and a stranger."""
    consultant = AccreditationFactory().consultant
    EngagementFactory(consultant=consultant, enterprise=owner.enterprise)
    return {
        "member": owner.user,
        "consultant": consultant.user,
        "officer": ProvinceOfficerFactory(
            province=owner.enterprise.province, can_approve=True
        ).user,
        "appraiser": MinistryReviewerFactory(can_issue=False).user,
        "stranger": UserFactory(),
    }


def backdate(certificate, *, days: int):
    """Move a certificate's dates ``days`` into the past and re-sign it (as if issued then)."""
    from certification.verification import verification_code

    certificate.issued_on -= datetime.timedelta(days=days)
    certificate.valid_until -= datetime.timedelta(days=days)
    certificate.verification_code = verification_code(certificate)
    certificate.save(update_fields=["issued_on", "valid_until", "verification_code"])
    return certificate
