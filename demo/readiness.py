"""The demo's readiness assessments (dbi-sme-readiness-2023), made through the same services as
the pages. Nothing when the framework is not loaded (``manage.py load_catalog``).

* The main enterprise's owner has answered five of the seven pillars this year on the portal's
  reference questions, so the page shows R, the pillar medians and what is still open.
* ``dn02``'s enterprise (Phú Thọ) was taken through the review chain and appraised by the
  ministry this year: every question of a pillar at the pillar's level (``APPRAISED_LEVELS``),
  so R = 2,85, level 3 "Phát triển". ``demo/certificates.py`` then issues its certificate like
  every appraised demo assessment's, after the rest has committed (``demo.seed.demo_seed``), so
  the framework's dashboards, rankings, verification page and certificate PDF have a result.
"""

from __future__ import annotations

import random

from django.utils import timezone

from assessments.models import Assessment, Column, Framework
from assessments.selectors import catalog_index
from assessments.services import assessment_create, assessment_transition, rating_save
from enterprises.models import Enterprise, Membership, MinistryReviewer, ProvinceOfficer, User

READINESS = "dbi-sme-readiness-2023"
ANSWERED_PILLARS = ("1", "2", "3", "4", "5")
DEMO_DOMAIN = "@dbi.local"
# Each pillar's level (the median of its questions' levels): R = 0.22×3 + 0.07×4 + 0.33×2 +
# 0.19×5 + 0.04×1 + 0.04×3 + 0.11×4 = 2.85 (pillar weights matched by name, in the catalog).
APPRAISED_LEVELS = {"1": 3, "2": 4, "3": 2, "4": 5, "5": 1, "6": 3, "7": 4}
APPRAISED_R_MILLI = 2850
APPRAISED_LEVEL = 3
# The steps from a draft to the ministry's appraisal, and who takes each.
APPRAISAL_STEPS = (
    ("submit", "owner"),
    ("province_start", "officer"),
    ("province_approve", "officer"),
    ("ministry_start", "reviewer"),
    ("ministry_appraise", "reviewer"),
)


def _owner(enterprise: Enterprise) -> User:
    return (
        Membership.objects.filter(enterprise=enterprise, role=Membership.Role.OWNER)
        .select_related("user")
        .earliest("pk")
        .user
    )


def _untouched(framework: Framework, enterprise: Enterprise) -> bool:
    """``enterprise`` has no assessment on ``framework`` yet (seeding again adds nothing)."""
    return not Assessment.objects.filter(enterprise=enterprise, framework=framework).exists()


def demo_readiness_seed(*, enterprise: Enterprise) -> int:
    """Start and half answer ``enterprise``'s readiness assessment of this year, unless it has
    one; returns how many assessments were made (0 or 1)."""
    framework = Framework.objects.filter(code=READINESS).first()
    if framework is None or not _untouched(framework, enterprise):
        return 0
    owner = _owner(enterprise)
    assessment = assessment_create(
        enterprise=enterprise, framework=framework, period=timezone.localdate().year, user=owner
    )
    rng = random.Random("dbi-demo-readiness")  # noqa: S311 — demo data
    for pillar in catalog_index(framework).snapshot.pillars:
        if pillar.code not in ANSWERED_PILLARS:
            continue
        for criterion in pillar.criteria:
            rating_save(
                assessment_id=assessment.pk,
                column=Column.SELF,
                criterion_code=criterion.code,
                level=rng.choice((2, 3, 3, 4)),
                user=owner,
            )
    return 1


def demo_readiness_appraised_seed(*, enterprise: Enterprise) -> int:
    """Answer ``enterprise``'s readiness assessment of this year as its owner and take it
    through the province's approval to the ministry's appraisal (R = 2,85), unless it has one;
    returns how many assessments were made (0 or 1). Its certificate is issued afterwards, with
    the other appraised demo assessments' (``demo.certificates.demo_certificates_seed``)."""
    framework = Framework.objects.filter(code=READINESS).first()
    if framework is None or not _untouched(framework, enterprise):
        return 0
    takers = {
        "owner": _owner(enterprise),
        "officer": ProvinceOfficer.objects.select_related("user")
        .filter(province=enterprise.province, can_approve=True, user__email__endswith=DEMO_DOMAIN)
        .earliest("pk")
        .user,
        "reviewer": MinistryReviewer.objects.select_related("user")
        .filter(can_appraise=True, user__email__endswith=DEMO_DOMAIN)
        .earliest("pk")
        .user,
    }
    assessment = assessment_create(
        enterprise=enterprise,
        framework=framework,
        period=timezone.localdate().year,
        user=takers["owner"],
    )
    for pillar in catalog_index(framework).snapshot.pillars:
        for criterion in pillar.criteria:
            rating_save(
                assessment_id=assessment.pk,
                column=Column.SELF,
                criterion_code=criterion.code,
                level=APPRAISED_LEVELS[pillar.code],
                user=takers["owner"],
            )
    for name, who in APPRAISAL_STEPS:
        assessment_transition(assessment_id=assessment.pk, name=name, user=takers[who])
    return 1
