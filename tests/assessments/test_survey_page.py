"""The survey page: the form for a member while the self column is open (radio rows on the 1–5
scale with the version's labels, each group with its description, the support needs as
checkboxes with a text for "other"), a plain POST without JavaScript, what was typed kept with
the errors after a bad post, read-only answers for reviewers (who may not post), 404 for
strangers and other provinces; and the prompt on the assessment page."""

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment, NeedAnswer, SurveyAnswer
from assessments.services import survey_save

from ..factories import AssessmentFactory, official_version
from ..test_templates_csp import inline_code
from .test_survey_save import STATEMENTS

pytestmark = pytest.mark.django_db

State = Assessment.State


@pytest.fixture
def survey_in(owner, sme_framework):
    def make(state: str = State.DRAFT) -> Assessment:
        return AssessmentFactory(
            enterprise=owner.enterprise,
            created_by=owner.user,
            state=state,
            catalog_version=official_version(),
        )

    return make


@pytest.fixture
def draft(survey_in):
    return survey_in()


def url(assessment) -> str:
    return reverse("assessment-survey", args=[assessment.pk])


def page(client, user, assessment, **headers) -> tuple[int, str]:
    client.force_login(user)
    response = client.get(url(assessment), headers=headers)
    return response.status_code, response.content.decode()


def checked(html: str, code: str) -> str | None:
    """The value of the radio checked in a statement's row (None: none checked)."""
    row = re.search(rf'<tr data-statement="{re.escape(code)}".*?</tr>', html, re.S).group(0)
    found = re.search(r'<input type="radio" name="[^"]+" value="([^"]*)"[^>]* checked>', row)
    return found.group(1) if found else None


def test_a_member_gets_the_form_in_vietnamese_with_the_scale_and_groups(client, owner, draft):
    status, html = page(client, owner.user, draft)

    assert status == 200
    assert "Khảo sát rào cản và nhu cầu hỗ trợ" in html
    assert html.count('<tr data-statement="') == 38
    assert html.count('type="radio" name="s-8.1"') == 6  # 1–5 and "not answered"
    for label in ("Hoàn toàn không đồng ý", "Phân vân", "Hoàn toàn đồng ý"):
        assert label in html
    assert "Rào cản về chi phí đầu tư, ứng dụng công nghệ" in html
    assert "Lãnh đạo trong việc hướng dẫn và kiểm soát chiến lược" in html  # 7.1's description
    assert 'type="checkbox" name="need-dx_training"' in html
    assert 'name="need-other-text"' in html
    assert checked(html, "8.1") == ""  # unanswered
    assert 'data-testid="survey-form"' in html
    assert inline_code(html) == []


def test_the_page_is_in_english_for_an_english_reader(client, owner, draft):
    client.cookies["django_language"] = "en"
    _, html = page(client, owner.user, draft)

    assert "Barriers and support needs survey" in html
    assert "Strongly disagree" in html
    assert "Other needs" in html


def test_a_plain_post_saves_the_survey(client, owner, draft):
    client.force_login(owner.user)
    data = {f"s-{code}": "4" for code in STATEMENTS[:10]} | {
        "s-8.9": "",
        "need-intro_website": "1",
        "need-other": "1",
        "need-other-text": "Hỗ trợ chữ ký số",
    }

    response = client.post(url(draft), data, follow=True)

    assert response.redirect_chain == [(url(draft), 302)]
    html = response.content.decode()
    assert "Đã lưu khảo sát: 9/38 nhận định được trả lời." in html
    assert SurveyAnswer.objects.filter(assessment=draft).count() == 9
    assert dict(NeedAnswer.objects.filter(assessment=draft).values_list("need__code", "text")) == {
        "intro_website": "",
        "other": "Hỗ trợ chữ ký số",
    }
    assert checked(html, "8.1") == "4"
    assert 'name="need-other-text" value="Hỗ trợ chữ ký số"' in html


def test_other_typed_without_its_box_is_ticked(client, owner, draft):
    client.force_login(owner.user)

    client.post(url(draft), {"need-other-text": "Kết nối ngân hàng"})

    assert NeedAnswer.objects.get(assessment=draft).text == "Kết nối ngân hàng"


def test_a_bad_post_keeps_everything_typed_and_shows_the_errors(client, owner, draft):
    survey_save(assessment_id=draft.pk, user=owner.user, answers={"8.3": 2}, needs={})
    client.force_login(owner.user)

    response = client.post(
        url(draft),
        {"s-8.1": "7", "s-8.2": "5", "s-7.1.1": "abc", "need-dx_training": "1", "need-other": "1"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="survey-error"' in html
    assert html.count("Hãy chọn một mức từ 1 đến 5 (hoặc bỏ trống).") == 2  # 8.1, 7.1.1
    assert "Hãy ghi rõ nhu cầu hỗ trợ khác." in html
    assert checked(html, "8.2") == "5"  # what was typed, not what is stored
    assert checked(html, "8.3") == ""  # sent blank: shown blank, though 2 is stored
    assert 'class="has-error"' in html
    assert re.search(r'name="need-dx_training" value="1" checked', html)
    assert dict(
        SurveyAnswer.objects.filter(assessment=draft).values_list("statement__code", "value")
    ) == {"8.3": 2}  # nothing saved


@pytest.mark.parametrize("who", ["province_officer", "ministry_reviewer"])
def test_reviewers_see_the_answers_read_only(request, client, survey_in, owner, who):
    assessment = survey_in(State.DRAFT)
    survey_save(
        assessment_id=assessment.pk,
        user=owner.user,
        answers={"8.1": 5, "7.2.3": 2},
        needs={"other": "Cần vốn"},
    )
    Assessment.objects.filter(pk=assessment.pk).update(state=State.PROVINCE_REVIEW)

    status, html = page(client, request.getfixturevalue(who), assessment)

    assert status == 200
    assert 'data-testid="survey-readonly"' in html
    assert "<form" not in html.split('id="main"')[1].split("</main>")[0]
    assert 'data-value="5">5 – Hoàn toàn đồng ý' in html
    assert 'data-value="2">2 – Phần lớn không đồng ý' in html
    assert "Nhu cầu khác: Cần vốn" in html
    assert "(chỉ xem)" in html


def test_the_member_sees_the_survey_read_only_once_submitted(client, owner, survey_in):
    status, html = page(client, owner.user, survey_in(State.SUBMITTED))

    assert status == 200
    assert 'data-testid="survey-readonly"' in html
    assert "Doanh nghiệp chưa chọn nhu cầu hỗ trợ nào." in html


def test_a_reviewer_posting_is_refused_with_403(client, province_officer, draft):
    client.force_login(province_officer)

    response = client.post(url(draft), {"s-8.1": "3"})

    assert response.status_code == 403
    assert not SurveyAnswer.objects.filter(assessment=draft).exists()


def test_a_member_posting_after_submission_goes_back_with_the_message(client, owner, survey_in):
    submitted = survey_in(State.SUBMITTED)
    client.force_login(owner.user)

    response = client.post(url(submitted), {"s-8.1": "3"}, follow=True)

    assert response.redirect_chain == [(url(submitted), 302)]
    assert "Cột này không sửa được ở trạng thái hiện tại của hồ sơ." in response.content.decode()
    assert not SurveyAnswer.objects.filter(assessment=submitted).exists()


@pytest.mark.parametrize("who", ["stranger", "other_province_officer"])
def test_strangers_and_other_provinces_get_404(request, client, draft, who):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url(draft)).status_code == 404
    assert client.post(url(draft), {"s-8.1": "3"}).status_code == 404


def test_a_version_without_a_survey_says_so(client, owner, assessment):
    status, html = page(client, owner.user, assessment)  # the guidance version

    assert status == 200
    assert 'data-testid="survey-none"' in html


def test_the_page_takes_the_same_queries_with_no_or_every_answer(
    client, owner, draft, django_assert_max_num_queries
):
    client.force_login(owner.user)
    client.get(url(draft))  # warms the questionnaire cache
    with django_assert_max_num_queries(14) as few:
        client.get(url(draft))
    survey_save(
        assessment_id=draft.pk,
        user=owner.user,
        answers=dict.fromkeys(STATEMENTS, 3),
        needs={"other": "x", "dx_training": ""},
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(draft))


# --- the prompt on the assessment page ---


def assessment_page(client, user, assessment) -> str:
    client.force_login(user)
    return client.get(reverse("assessment", args=[assessment.pk])).content.decode()


def test_the_assessment_page_prompts_for_the_survey_with_the_count(client, owner, draft):
    survey_save(assessment_id=draft.pk, user=owner.user, answers={"8.1": 3, "8.2": 4}, needs={})

    html = assessment_page(client, owner.user, draft)

    prompt = re.search(r'data-testid="survey-prompt">(.*?)</div>', html, re.S).group(1)
    assert "Khảo sát rào cản và nhu cầu hỗ trợ (không tính điểm)" in prompt
    assert "Đã trả lời 2/38 nhận định." in prompt
    assert f'href="{url(draft)}"' in prompt
    # Just above the steps (submission).
    assert html.index('data-testid="survey-prompt"') < html.index('data-step="submit"')


def test_no_prompt_once_the_survey_is_complete(client, owner, draft):
    survey_save(
        assessment_id=draft.pk, user=owner.user, answers=dict.fromkeys(STATEMENTS, 2), needs={}
    )

    assert 'data-testid="survey-prompt"' not in assessment_page(client, owner.user, draft)


def test_no_prompt_for_reviewers_or_a_closed_self_column_only_a_link(
    client, owner, province_officer, survey_in
):
    in_review = survey_in(State.PROVINCE_REVIEW)

    for user in (province_officer, owner.user):
        html = assessment_page(client, user, in_review)
        assert 'data-testid="survey-prompt"' not in html
        assert f'<a href="{url(in_review)}" data-testid="survey-link">' in html


def test_no_link_on_a_version_without_a_survey(client, owner, assessment):
    assert 'data-testid="survey-link"' not in assessment_page(client, owner.user, assessment)
