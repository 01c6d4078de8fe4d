"""The assessment page: starting a year, autosave with saved/error states, stale saves refused
with the user's choice kept, save-all without JavaScript, roles, and the submission step."""

import re

import pytest

from assessments.models import Assessment, CatalogVersion, Column, QuestionKind, Rating
from assessments.selectors import questionnaire_of
from assessments.services import assessment_create, rating_save

from ..factories import (
    AssessmentFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
    UserFactory,
    official_version,
)
from ..official_form import answer_for, numerator_for
from .sme_reference import ALL_CODES

pytestmark = pytest.mark.django_db

AUTOSAVE_QUERIES = 18  # … and the levels of the columns before (the next criterion to rate)
PAGE_QUERIES = (
    19  # session, assessment, role checks, catalog tree, ratings, evidence, steps, survey
)


@pytest.fixture
def assessment(owner, sme_framework):
    return assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )


def autosave(client, assessment, code, level, version=0, **extra):
    return client.post(
        f"/assessments/{assessment.pk}/ratings/{code}/",
        {f"c-{code}": str(level), f"v-{code}": str(version), **extra},
        headers={"HX-Request": "true"},
    )


def test_a_member_starts_the_years_assessment(client, owner, sme_framework):
    client.force_login(owner.user)

    response = client.post(
        f"/enterprises/{owner.enterprise.pk}/assessments/new/", {"period": "2026"}
    )

    assessment = Assessment.objects.get(enterprise=owner.enterprise, period=2026)
    assert response.status_code == 302
    assert response.url == f"/assessments/{assessment.pk}/"
    page = client.get(response.url).content.decode()
    assert page.count('class="criterion') == 60
    assert "hx-post" in page


def test_a_second_assessment_for_the_same_year_is_refused_with_a_message(client, owner, assessment):
    client.force_login(owner.user)
    response = client.post(
        f"/enterprises/{owner.enterprise.pk}/assessments/new/", {"period": "2026"}, follow=True
    )
    assert "đã có hồ sơ đánh giá năm 2026" in response.content.decode()


def test_next_year_starts_from_this_years_self_answers(owner, assessment, sme_framework):
    rating_save(
        assessment_id=assessment.pk, column=Column.SELF, criterion_code="1.1.1", level=4,
        user=owner.user, expected_version=0,
    )  # fmt: skip
    following = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2027, user=owner.user
    )
    copied = Rating.objects.get(assessment=following, criterion__code="1.1.1")
    assert copied.level == 4
    assert following.results.get(column=Column.SELF).total == 4


def test_a_past_year_names_an_older_version_whose_answers_stay_with_it(owner, sme_framework):
    guidance = CatalogVersion.objects.get(framework=sme_framework, label="guidance-2021")
    past = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2025, user=owner.user,
        catalog_version=guidance,
    )  # fmt: skip
    rating_save(
        assessment_id=past.pk, column=Column.SELF, criterion_code="1.1.1", level=4,
        user=owner.user, expected_version=0,
    )  # fmt: skip
    current = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )

    assert past.catalog_version == guidance
    assert current.catalog_version == official_version()
    assert not Rating.objects.filter(assessment=current).exists()  # other questions


def test_autosave_shows_saved_and_updates_the_results(client, owner, assessment):
    client.force_login(owner.user)

    response = autosave(client, assessment, "2.1.1", 3)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-state="saved"' in html
    assert 'hx-swap-oob="true"' in html
    assert re.search(r'id="total-points">15<', html)  # 2.1.1 is worth 5 points per level
    assert 'name="v-2.1.1" value="1"' in html  # the next save must name version 1


def test_a_stale_autosave_is_refused_and_keeps_the_users_choice(client, owner, assessment):
    colleague = MembershipFactory(enterprise=owner.enterprise, role="staff").user
    client.force_login(colleague)
    autosave(client, assessment, "3.1.1", 2, version=0)

    client.force_login(owner.user)
    response = autosave(client, assessment, "3.1.1", 5, version=0)

    html = response.content.decode()
    assert 'data-state="error"' in html
    assert "vừa được người khác sửa" in html
    assert re.search(r'name="c-3\.1\.1" value="5"[^>]* checked', html)
    assert Rating.objects.get(assessment=assessment, criterion__code="3.1.1").level == 2


def test_autosave_issues_a_constant_number_of_queries(
    client, owner, assessment, django_assert_max_num_queries
):
    client.force_login(owner.user)
    autosave(client, assessment, "1.1.1", 1)
    # Measured: session, user, the visible assessment, the save itself (11), the criterion's
    # evidence; catalog rows come from the cached index. The same with 2 or 30 criteria stored.
    with django_assert_max_num_queries(AUTOSAVE_QUERIES):
        autosave(client, assessment, "1.1.2", 2)
    for code in ALL_CODES[2:30]:
        autosave(client, assessment, code, 3)
    with django_assert_max_num_queries(AUTOSAVE_QUERIES):
        autosave(client, assessment, "6.1.7", 4)


def test_save_all_without_javascript(client, owner, assessment):
    client.force_login(owner.user)

    response = client.post(
        f"/assessments/{assessment.pk}/",
        {"c-1.1.1": "2", "v-1.1.1": "0", "c-1.1.2": "9", "v-1.1.2": "0", "n-1.1.1": "Có web"},
    )

    assert response.status_code == 400  # 1.1.2 is invalid; 1.1.1 was saved
    assert Rating.objects.get(assessment=assessment, criterion__code="1.1.1").note == "Có web"
    assert "Mức không hợp lệ." in response.content.decode()
    assert re.search(r'name="c-1\.1\.2" value="9"', response.content.decode()) is None


def test_a_province_officer_sees_the_draft_read_only_and_cannot_write_it(client, assessment):
    officer = ProvinceOfficerFactory(province=assessment.enterprise.province).user
    client.force_login(officer)

    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "hx-post" not in page
    assert autosave(client, assessment, "1.1.1", 3).status_code == 403
    assert not Rating.objects.filter(assessment=assessment, column=Column.PROVINCE).exists()


def test_strangers_do_not_find_the_assessment(client, assessment):
    client.force_login(UserFactory())
    assert client.get(f"/assessments/{assessment.pk}/").status_code == 404
    assert autosave(client, assessment, "1.1.1", 3).status_code == 404


def test_submitting_too_early_lists_what_is_missing(client, owner, assessment):
    client.force_login(owner.user)
    autosave(client, assessment, "1.1.1", 1)

    page = client.post(
        f"/assessments/{assessment.pk}/step/", {"step": "submit"}, follow=True
    ).content.decode()

    assert "Còn 59 tiêu chí chưa tự đánh giá" in page
    assert "6.1.7" in page


def test_a_complete_self_assessment_is_submitted(client, owner, assessment):
    client.force_login(owner.user)
    asked = questionnaire_of(assessment)
    shared = {f"f-{f.key}": "1000" for f in asked.shared_figures}
    client.post(f"/assessments/{assessment.pk}/figures/", shared, headers={"HX-Request": "true"})
    for code in ALL_CODES:
        question = asked.questions[code]
        if question.kind == QuestionKind.FIGURES:
            assert question.numerator is not None
            assert question.denominator is not None
            own = {f"f-{question.numerator.key}": str(numerator_for(question, 2))}
            if not question.denominator.shared:
                own[f"f-{question.denominator.key}"] = "1000"
            client.post(
                f"/assessments/{assessment.pk}/ratings/{code}/",
                own | {f"v-{code}": "0"},
                headers={"HX-Request": "true"},
            )
        else:
            autosave(client, assessment, code, answer_for(question, 2))

    client.post(f"/assessments/{assessment.pk}/step/", {"step": "submit"})

    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.SUBMITTED


def test_someone_elses_step_is_403(client, assessment):
    client.force_login(ProvinceOfficerFactory(province=assessment.enterprise.province).user)
    response = client.post(f"/assessments/{assessment.pk}/step/", {"step": "submit"})
    assert response.status_code == 403


def test_a_non_member_cannot_start_an_assessment(client, owner, sme_framework):
    officer = ProvinceOfficerFactory(province=owner.enterprise.province).user
    client.force_login(officer)
    response = client.post(
        f"/enterprises/{owner.enterprise.pk}/assessments/new/", {"period": "2026"}
    )
    assert response.status_code == 403
    assert not AssessmentFactory._meta.model.objects.exists()


def test_the_history_tab_lists_changes_newest_first(client, owner, assessment):
    client.force_login(owner.user)
    autosave(client, assessment, "1.1.1", 2)
    autosave(client, assessment, "1.1.1", 4, version=1)
    client.post(f"/assessments/{assessment.pk}/step/", {"step": "submit"})  # refused: incomplete

    html = client.get(f"/assessments/{assessment.pk}/history/").content.decode()

    assert html.count('data-action="rating"') == 2
    assert html.index("1.1.1: 2 → 4") < html.index("1.1.1: — → 2")
    assert 'data-action="transition"' not in html


def test_strangers_do_not_see_the_history(client, assessment):
    client.force_login(UserFactory())
    assert client.get(f"/assessments/{assessment.pk}/history/").status_code == 404


def test_the_province_officer_works_beside_the_enterprises_answers(client, owner, assessment):
    client.force_login(owner.user)
    autosave(client, assessment, "1.1.1", 4, **{"n-1.1.1": "Website cập nhật hằng tháng"})
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    officer = ProvinceOfficerFactory(province=assessment.enterprise.province).user
    client.force_login(officer)

    page = client.get(f"/assessments/{assessment.pk}/").content.decode()

    assert 'data-column="self" data-level="4"' in page
    assert "Website cập nhật hằng tháng" in page
    assert "Sở đánh giá" in page  # the officer's own column is the editable one
    assert "hx-post" in page


def test_the_page_takes_the_same_queries_with_few_or_many_answers(
    client, owner, assessment, django_assert_max_num_queries
):
    client.force_login(owner.user)
    autosave(client, assessment, "1.1.1", 1)
    with django_assert_max_num_queries(PAGE_QUERIES):
        client.get(f"/assessments/{assessment.pk}/")
    for code in ALL_CODES[1:45]:
        autosave(client, assessment, code, 2)
    with django_assert_max_num_queries(PAGE_QUERIES):
        client.get(f"/assessments/{assessment.pk}/")
