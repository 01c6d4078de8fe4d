"""The demo's readiness assessment (dbi-sme-readiness-2023): the main enterprise's owner has
answered five of the seven pillars this year on the portal's reference questions, so the page
shows R, the pillar medians and what is still open. Nothing when the framework is not loaded."""

from __future__ import annotations

import random

from django.utils import timezone

from assessments.models import Assessment, Column, Framework
from assessments.selectors import catalog_index
from assessments.services import assessment_create, rating_save
from enterprises.models import Enterprise, Membership

READINESS = "dbi-sme-readiness-2023"
ANSWERED_PILLARS = ("1", "2", "3", "4", "5")


def demo_readiness_seed(*, enterprise: Enterprise) -> int:
    """Start and half answer ``enterprise``'s readiness assessment of this year, unless it has
    one; returns how many assessments were made (0 or 1)."""
    framework = Framework.objects.filter(code=READINESS).first()
    year = timezone.localdate().year
    if (
        framework is None
        or Assessment.objects.filter(enterprise=enterprise, framework=framework).exists()
    ):
        return 0
    owner = (
        Membership.objects.filter(enterprise=enterprise, role=Membership.Role.OWNER)
        .select_related("user")
        .earliest("pk")
        .user
    )
    assessment = assessment_create(
        enterprise=enterprise, framework=framework, period=year, user=owner
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
