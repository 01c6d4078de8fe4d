"""An SME readiness assessment (dbi-sme-readiness-2023) taken to the ministry's appraisal, for
the tests of what follows a result: certificates, the report PDF, dashboards and exports.

Every question of a pillar gets the pillar's level, so each pillar's median is that level:
levels 3, 4, 2, 5, 1, 3, 4 give R = 2.85, level 3 "Phát triển" (see
tests/assessments/test_readiness_assessment.py for the arithmetic)."""

from __future__ import annotations

from django.core.management import call_command

from assessments.models import Assessment, Column, Framework
from assessments.services import assessment_create, assessment_transition

from .assessments.test_readiness_assessment import answer

CODE = "dbi-sme-readiness-2023"
PILLAR_LEVELS = {"1": 3, "2": 4, "3": 2, "4": 5, "5": 1, "6": 3, "7": 4}
R_MILLI, LEVEL = 2850, 3
R_TEXT = "2,85"
LEVEL_NAME = "Phát triển"
NAME_VI = "Bộ chỉ số đánh giá mức độ sẵn sàng chuyển đổi số cho doanh nghiệp nhỏ và vừa"
DECISION_VI = "Quyết định số 2158/QĐ-BTTTT ngày 07/11/2023"


def readiness_framework() -> Framework:
    if not Framework.objects.filter(code=CODE).exists():
        call_command("load_catalog", CODE, verbosity=0)
    return Framework.objects.get(code=CODE)


def readiness_appraised(enterprise, owner_user, province_officer, ministry_reviewer, period=2026):
    """A readiness assessment of ``enterprise`` answered by its owner and appraised."""
    assessment = assessment_create(
        enterprise=enterprise, framework=readiness_framework(), period=period, user=owner_user
    )
    answer(assessment, Column.SELF, owner_user, PILLAR_LEVELS)
    for name, user in (
        ("submit", owner_user),
        ("province_start", province_officer),
        ("province_approve", province_officer),
        ("ministry_start", ministry_reviewer),
        ("ministry_appraise", ministry_reviewer),
    ):
        assessment_transition(assessment_id=assessment.pk, name=name, user=user, comment="")
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.APPRAISED
    return assessment
