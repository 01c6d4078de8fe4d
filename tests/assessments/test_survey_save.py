"""The unscored survey's service and selector: a member who may fill in the self column saves the
barriers, self-perception statements (1–5) and support needs of the assessment's version; every
bad code or value is named; saving replaces the survey and is idempotent; reviewers, strangers
and a closed self column are refused; and ``survey_of`` groups the statements as the form does."""

import unicodedata

import pytest

from assessments.models import Assessment, NeedAnswer, SurveyAnswer
from assessments.selectors import survey_of, survey_summary
from assessments.services import survey_save

from ..factories import AssessmentFactory, official_version
from ..refusals import refused

pytestmark = pytest.mark.django_db

State = Assessment.State
BARRIERS = [f"8.{i}" for i in range(1, 10)]
PART_B = {
    "7.1": 5,
    "7.2": 5,
    "7.3": 5,
    "7.4": 5,
    "7.5": 4,
    "7.6": 5,
}
PERCEPTION = [f"{group}.{i}" for group, n in PART_B.items() for i in range(1, n + 1)]
STATEMENTS = BARRIERS + PERCEPTION


@pytest.fixture
def survey_in(owner, sme_framework):
    """One of the enterprise's assessments on the national form (the version with a survey)."""

    def make(state: str = State.DRAFT, *, period: int = 2026) -> Assessment:
        return AssessmentFactory(
            enterprise=owner.enterprise,
            created_by=owner.user,
            state=state,
            period=period,
            catalog_version=official_version(),
        )

    return make


@pytest.fixture
def draft(survey_in):
    return survey_in()


def save(assessment, user, answers=None, needs=None):
    return survey_save(
        assessment_id=assessment.pk, user=user, answers=answers or {}, needs=needs or {}
    )


def stored(assessment) -> dict[str, int]:
    return dict(
        SurveyAnswer.objects.filter(assessment=assessment).values_list("statement__code", "value")
    )


def ticked(assessment) -> dict[str, str]:
    return dict(NeedAnswer.objects.filter(assessment=assessment).values_list("need__code", "text"))


def test_a_member_saves_the_answers_and_needs_of_the_assessments_version(draft, owner):
    outcome = save(
        draft,
        owner.user,
        {"8.1": 5, "8.9": 2, "7.5.4": 4},
        {"dx_training": "", "other": "Hỗ trợ vay vốn mua phần mềm"},
    )

    assert stored(draft) == {"8.1": 5, "8.9": 2, "7.5.4": 4}
    assert ticked(draft) == {"dx_training": "", "other": "Hỗ trợ vay vốn mua phần mềm"}
    assert (outcome.answered, outcome.needs, outcome.changed) == (3, 2, True)
    answer = SurveyAnswer.objects.filter(assessment=draft).first()
    assert answer.answered_by == owner.user


def test_staff_of_the_enterprise_may_answer_too(draft, staff_member):
    save(draft, staff_member, {"8.3": 4})

    assert stored(draft) == {"8.3": 4}


def test_a_save_replaces_the_whole_survey(draft, owner):
    save(draft, owner.user, {"8.1": 5, "8.2": 4, "7.1.1": 3}, {"intro_website": "", "other": "A"})

    save(draft, owner.user, {"8.1": 2, "8.2": None}, {"intro_website": ""})

    assert stored(draft) == {"8.1": 2}  # 8.2 cleared, 7.1.1 left out: no answer
    assert ticked(draft) == {"intro_website": ""}


def test_saving_the_same_survey_twice_changes_nothing(draft, owner, staff_member):
    answers = {code: 1 + i % 5 for i, code in enumerate(STATEMENTS)}
    needs = {"management_software": "", "other": "Tư vấn bảo mật"}
    save(draft, owner.user, answers, needs)
    before = list(SurveyAnswer.objects.filter(assessment=draft).values_list("pk", "answered_at"))

    outcome = save(draft, staff_member, answers, needs)

    assert outcome.changed is False
    after = list(SurveyAnswer.objects.filter(assessment=draft).values_list("pk", "answered_at"))
    assert after == before
    assert set(
        SurveyAnswer.objects.filter(assessment=draft).values_list("answered_by", flat=True)
    ) == {owner.user.pk}
    assert (outcome.answered, outcome.needs) == (38, 2)


@pytest.mark.parametrize("value", [0, 6, -1, "3", 3.0, True])
def test_a_value_outside_1_to_5_is_refused_and_named(draft, owner, value):
    with refused("bad_survey_value") as caught:
        save(draft, owner.user, {"8.1": 4, "8.2": value})

    assert caught.value.fields == {
        "answers": {"8.2": ["Hãy chọn một mức từ 1 đến 5 (hoặc bỏ trống)."]}
    }
    assert stored(draft) == {}


def test_every_bad_code_and_value_is_named_and_nothing_is_saved(draft, owner):
    with refused("unknown_statement") as caught:
        save(draft, owner.user, {"1.1.1": 3, "8.1": 9, "8.2": 3}, {"free_lunch": "", "other": " "})

    assert set(caught.value.fields["answers"]) == {"1.1.1", "8.1"}
    assert caught.value.fields["needs"] == {
        "free_lunch": ["Nhu cầu hỗ trợ không thuộc bộ câu hỏi khảo sát của hồ sơ này."],
        "other": ["Hãy ghi rõ nhu cầu hỗ trợ khác."],
    }
    assert caught.value.kind == "invalid"
    assert stored(draft) == {}
    assert ticked(draft) == {}


def test_codes_of_another_version_are_refused(owner, assessment_in):
    guidance = assessment_in()  # the portal's own guidance version has no survey

    with refused("unknown_statement"):
        save(guidance, owner.user, {"8.1": 3})
    with refused("unknown_need"):
        save(guidance, owner.user, needs={"other": "x"})
    assert survey_summary(guidance) is None
    assert survey_of(guidance).asked is False


def test_the_other_need_is_stored_in_nfc_and_trimmed(draft, owner):
    decomposed = unicodedata.normalize("NFD", "  Đào tạo kỹ năng số cho người lao động ")
    assert decomposed != unicodedata.normalize("NFC", decomposed)

    save(draft, owner.user, needs={"other": decomposed})

    assert ticked(draft) == {"other": "Đào tạo kỹ năng số cho người lao động"}


def test_a_text_sent_with_a_need_that_asks_none_is_not_kept(draft, owner):
    save(draft, owner.user, needs={"intro_website": "ignored", "dx_consulting": None})

    assert ticked(draft) == {"intro_website": ""}  # None: not ticked


def test_a_too_long_other_need_is_refused(draft, owner):
    with refused("need_text_too_long") as caught:
        save(draft, owner.user, needs={"other": "x" * 501})

    assert caught.value.fields["needs"]["other"] == ["Nội dung nhu cầu khác dài quá 500 ký tự."]


def test_a_returned_assessment_may_be_answered_again(survey_in, owner):
    returned = survey_in(State.RETURNED)

    save(returned, owner.user, {"8.4": 3})

    assert stored(returned) == {"8.4": 3}


@pytest.mark.parametrize("state", [State.SUBMITTED, State.PROVINCE_REVIEW, State.APPRAISED])
def test_the_survey_closes_with_the_self_column(survey_in, owner, state):
    with refused("column_closed"):
        save(survey_in(state), owner.user, {"8.1": 3})


@pytest.mark.parametrize("who", ["province_officer", "ministry_reviewer", "stranger"])
def test_nobody_but_a_member_saves_the_survey(request, draft, who):
    user = request.getfixturevalue(who)

    with refused("not_your_column") as caught:
        save(draft, user, {"8.1": 3})

    assert caught.value.kind == "not_allowed"
    assert stored(draft) == {}


def test_the_survey_groups_the_statements_as_the_form_does(draft, owner):
    save(draft, owner.user, {"8.2": 4, "7.3.5": 1}, {"other": "Kết nối chuyên gia"})

    survey = survey_of(draft)

    barriers, *groups = survey.sections
    assert [i.statement.code for i in barriers.items] == BARRIERS
    assert barriers.part == "barrier"
    assert [(g.code, len(g.items)) for g in groups] == list(PART_B.items())
    assert groups[0].title == "Quản trị"
    assert groups[0].description.startswith("Lãnh đạo trong việc hướng dẫn")
    assert [label.value for label in survey.scale] == [1, 2, 3, 4, 5]
    assert survey.scale[0].label == "Hoàn toàn không đồng ý"
    values = {i.statement.code: i.value for s in survey.sections for i in s.items}
    assert values["8.2"] == 4
    assert values["7.3.5"] == 1
    assert values["8.1"] is None
    needs = {n.need.code: (n.ticked, n.text) for n in survey.needs}
    assert needs["other"] == (True, "Kết nối chuyên gia")
    assert needs["dx_training"] == (False, "")
    assert (survey.answered, survey.total, survey.needs_ticked) == (2, 38, 1)
    assert survey.complete is False


def test_the_survey_is_complete_when_every_statement_is_answered(draft, owner):
    save(draft, owner.user, dict.fromkeys(STATEMENTS, 3))  # no need ticked: still complete

    assert survey_of(draft).complete is True
    summary = survey_summary(draft)
    assert (summary.answered, summary.total, summary.complete) == (38, 38, True)


def test_a_save_takes_the_same_queries_for_one_answer_or_all(
    draft, owner, django_assert_max_num_queries
):
    save(draft, owner.user, {"8.1": 1})  # warms the questionnaire cache
    with django_assert_max_num_queries(12) as few:
        save(draft, owner.user, {"8.1": 2}, {"other": "a"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        save(
            draft,
            owner.user,
            {code: 1 + i % 5 for i, code in enumerate(STATEMENTS)},
            {"management_software": "", "dx_training": "", "other": "b"},
        )
