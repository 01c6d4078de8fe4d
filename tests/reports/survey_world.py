"""Survey answers on the hand-counted ``country`` (tests/reports/conftest.py), for the
dashboard's survey figures. Its assessments move to the national form's version (the one with
a survey); their levels and results stay as they are.

===  =========================================  ===================  ========================
#    counted in 2026 (reference column)         barriers answered    needs ticked
===  =========================================  ===================  ========================
E1   yes: Vĩnh Long, ward 1, C, small           8.1=5 8.2=4 8.3=2    dx_training, other
E2   yes: Vĩnh Long, ward 2, G, micro           8.1=3 8.2=5          dx_training, intro_website
E3   no (a draft)                               8.1=5                dx_training
E5   yes: Hồ Chí Minh, C, medium                8.1=4 7.1.1=2        —
E6   no (2025)                                  8.1=5                other
===  =========================================  ===================  ========================

So, for the nation in 2026: 3 respondents; 8.1 answered by 3, 2 of them at 4–5 (66.7 %);
8.2 by 2, both at 4–5 (100 %); 8.3 by 1, none (0 %); dx_training ticked by 2 (66.7 %),
intro_website and other by 1 (33.3 %)."""

from django.utils import timezone

from assessments.models import Assessment, NeedAnswer, SupportNeed, SurveyAnswer, SurveyStatement

from ..factories import UserFactory, official_version

ANSWERS = {
    1: ({"8.1": 5, "8.2": 4, "8.3": 2}, {"dx_training": "", "other": "Vay vốn ưu đãi"}),
    2: ({"8.1": 3, "8.2": 5}, {"dx_training": "", "intro_website": ""}),
    3: ({"8.1": 5}, {"dx_training": ""}),
    5: ({"8.1": 4, "7.1.1": 2}, {}),
    6: ({"8.1": 5}, {"other": "Đào tạo"}),
}


def answer(assessment, values: dict[str, int], needs: dict[str, str], user) -> None:
    """Store survey rows as ``services.survey_save`` would (whatever the state now)."""
    version = official_version()
    statements = dict(SurveyStatement.objects.filter(version=version).values_list("code", "pk"))
    by_code = dict(SupportNeed.objects.filter(version=version).values_list("code", "pk"))
    now = timezone.now()
    SurveyAnswer.objects.bulk_create(
        SurveyAnswer(
            assessment=assessment,
            statement_id=statements[code],
            value=value,
            answered_by=user,
            answered_at=now,
        )
        for code, value in values.items()
    )
    NeedAnswer.objects.bulk_create(
        NeedAnswer(
            assessment=assessment, need_id=by_code[code], text=text, answered_by=user,
            answered_at=now,
        )
        for code, text in needs.items()
    )  # fmt: skip


def survey_country(country):
    """``country`` with the survey answers of the table above."""
    user = UserFactory()
    Assessment.objects.filter(enterprise__in=country.enterprises.values()).update(
        catalog_version=official_version()
    )
    for number, (values, needs) in ANSWERS.items():
        assessment = Assessment.objects.get(enterprise=country.enterprises[number])
        answer(assessment, values, needs, user)
    return country
