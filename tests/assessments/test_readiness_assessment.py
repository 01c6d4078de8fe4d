"""The SME readiness index (dbi-sme-readiness-2023) as a real assessment: started on the portal's
reference questions, answered and re-scored on every save, refused a level outside 1..5, taken
through the province and the ministry, and certified with its R and level.

Each pillar's questions are all answered with one level, so each pillar's median is that level:
levels 3, 4, 2, 5, 1, 3, 4 for pillars 1..7 with weights 22, 7, 33, 4, 4, 19, 11 give
R = (22·3 + 7·4 + 33·2 + 4·5 + 4·1 + 19·3 + 11·4) / 100 = 285 / 100 = 2.85, which is level 3
(Phát triển: from 2.6, below 3.4)."""

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Column, ColumnResult, Framework, Rating
from assessments.selectors import catalog_index
from assessments.services import assessment_create, assessment_transition, rating_save
from certification.models import Certificate
from certification.services import certificate_issue

from ..factories import MinistryReviewerFactory, SignerFactory
from ..refusals import refused

pytestmark = pytest.mark.django_db

CODE = "dbi-sme-readiness-2023"
PILLAR_LEVELS = {"1": 3, "2": 4, "3": 2, "4": 5, "5": 1, "6": 3, "7": 4}
R_MILLI, LEVEL = 2850, 3


@pytest.fixture
def readiness(db) -> Framework:
    call_command("load_catalog", CODE, verbosity=0)
    return Framework.objects.get(code=CODE)


@pytest.fixture
def started(readiness, owner) -> Assessment:
    return assessment_create(
        enterprise=owner.enterprise, framework=readiness, period=2026, user=owner.user
    )


def answer(assessment, column, user, levels_by_pillar, reason=""):
    index = catalog_index(assessment.framework)
    for pillar in index.snapshot.pillars:
        for criterion in pillar.criteria:
            version = (
                Rating.objects.filter(
                    assessment=assessment, column=column, criterion__code=criterion.code
                )
                .values_list("version", flat=True)
                .first()
                or 0
            )
            rating_save(
                assessment_id=assessment.pk,
                column=column,
                criterion_code=criterion.code,
                level=levels_by_pillar[pillar.code],
                user=user,
                reason=reason,
                expected_version=version,
            )


def stored(assessment, column) -> ColumnResult:
    return ColumnResult.objects.get(assessment=assessment, column=column)


def test_the_weights_are_matched_to_the_pillars_by_name(readiness):
    weights = {p.name_vi: p.weight_percent for p in readiness.pillars.all()}

    assert weights["Hệ thống công nghệ thông tin và quản trị dữ liệu"] == 4
    assert weights["Quản lý rủi ro và an ninh mạng"] == 4
    assert weights["Nghiệp vụ quản lý tài chính, kế toán, kế hoạch, pháp lý và nhân sự"] == 19
    assert sum(weights.values()) == 100


def test_a_new_assessment_is_answered_on_the_portal_reference_questions(started):
    assert started.catalog_version.is_reference
    assert started.catalog_version.label == "portal-reference-2023"


def test_answers_rescore_the_column_to_the_weighted_median(started, owner):
    answer(started, Column.SELF, owner.user, PILLAR_LEVELS)

    result = stored(started, Column.SELF)
    assert (result.total, result.level) == (R_MILLI, LEVEL)
    medians = {p.pillar.code: p.points for p in result.pillars.select_related("pillar")}
    assert medians == {code: level * 1000 for code, level in PILLAR_LEVELS.items()}


def test_an_unanswered_pillar_counts_zero_and_leaves_the_level_short(started, owner):
    # Only pillar 3 (33 %) answered, at 5: R = 33 × 5 / 100 = 1.65, below 1.8 → level 1.
    index = catalog_index(started.framework)
    pillar = next(p for p in index.snapshot.pillars if p.code == "3")
    for criterion in pillar.criteria:
        rating_save(
            assessment_id=started.pk,
            column=Column.SELF,
            criterion_code=criterion.code,
            level=5,
            user=owner.user,
        )

    result = stored(started, Column.SELF)
    assert (result.total, result.level) == (1650, 1)


def test_a_level_outside_one_to_five_is_refused(started, owner):
    first = catalog_index(started.framework).snapshot.criterion_codes[0]
    for level in (0, 6):
        with refused("bad_level"):
            rating_save(
                assessment_id=started.pk,
                column=Column.SELF,
                criterion_code=first,
                level=level,
                user=owner.user,
            )
    assert not Rating.objects.filter(assessment=started).exists()


def test_the_review_chain_and_the_certificate(started, owner, province_officer, ministry_reviewer):
    answer(started, Column.SELF, owner.user, PILLAR_LEVELS)
    for name, user in (
        ("submit", owner.user),
        ("province_start", province_officer),
        ("province_approve", province_officer),
        ("ministry_start", ministry_reviewer),
        ("ministry_appraise", ministry_reviewer),
    ):
        assessment_transition(assessment_id=started.pk, name=name, user=user, comment="")

    started.refresh_from_db()
    assert started.state == Assessment.State.APPRAISED
    # The ministry column started from the enterprise's levels: the same R.
    assert (stored(started, Column.MINISTRY).total, stored(started, Column.MINISTRY).level) == (
        R_MILLI,
        LEVEL,
    )
    SignerFactory()
    issuer = MinistryReviewerFactory(can_issue=True).user
    certificate = certificate_issue(assessment_id=started.pk, user=issuer)

    assert Certificate.objects.filter(pk=certificate.pk, assessment=started).exists()
    assert certificate.overall_level == LEVEL
