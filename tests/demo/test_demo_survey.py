"""The demo's survey answers (demo/survey.py): every statement answered and one to three needs
ticked through the real service, the same on every install, fewer barriers felt by an
enterprise further along; nothing on a version without a survey."""

import pytest

from assessments.models import NeedAnswer, SurveyAnswer
from demo.survey import demo_survey_answer

from ..factories import AssessmentFactory, MembershipFactory, official_version

pytestmark = pytest.mark.django_db


def answered(assessment) -> dict[str, int]:
    return dict(
        SurveyAnswer.objects.filter(assessment=assessment).values_list("statement__code", "value")
    )


def ticked(assessment) -> dict[str, str]:
    return dict(NeedAnswer.objects.filter(assessment=assessment).values_list("need__code", "text"))


@pytest.fixture
def draft(sme_framework, places):
    def make(period: int = 2026):
        owner = MembershipFactory()
        assessment = AssessmentFactory(
            enterprise=owner.enterprise,
            created_by=owner.user,
            period=period,
            catalog_version=official_version(),
        )
        return assessment, owner.user

    return make


def test_every_statement_is_answered_and_some_needs_ticked(draft):
    assessment, owner = draft()

    demo_survey_answer(assessment=assessment, user=owner, maturity=2, seed="s")

    values = answered(assessment)
    assert len(values) == 38
    assert set(values.values()) <= {1, 2, 3, 4, 5}
    assert 1 <= len(ticked(assessment)) <= 4


def test_the_same_seed_gives_the_same_answers(draft):
    (first, owner_1), (second, owner_2) = draft(), draft()

    demo_survey_answer(assessment=first, user=owner_1, maturity=3, seed="same")
    demo_survey_answer(assessment=second, user=owner_2, maturity=3, seed="same")

    assert answered(first) == answered(second)
    assert ticked(first) == ticked(second)


def test_a_beginner_feels_more_barriers_than_a_leader(draft):
    (beginner, owner_1), (leader, owner_2) = draft(), draft()

    demo_survey_answer(assessment=beginner, user=owner_1, maturity=1, seed="a")
    demo_survey_answer(assessment=leader, user=owner_2, maturity=4, seed="a")

    def barriers(assessment):
        return sum(v for code, v in answered(assessment).items() if code.startswith("8."))

    assert barriers(beginner) > barriers(leader)


def test_a_version_without_a_survey_gets_nothing(sme_framework, owner, assessment):
    demo_survey_answer(assessment=assessment, user=owner.user, maturity=2, seed="s")

    assert answered(assessment) == {}
