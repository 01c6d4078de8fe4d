"""Reviewers work faster, still independently: the criteria where their column differs from the
previous one (or not yet rated) on their own, a link to the next criterion not rated, and the
previous column's level taken with one button that the history records as a copy."""

import re

import pytest

from assessments.models import Assessment, AuditEntry, Column, QuestionKind, Rating
from assessments.selectors import questionnaire_of
from assessments.services import assessment_create, rating_save

from ..factories import UserFactory
from .sme_reference import ALL_CODES

pytestmark = pytest.mark.django_db

State = Assessment.State


def move(assessment, state):
    # Tests of what a page shows start from a state; the transitions have their own tests.
    Assessment.objects.filter(pk=assessment.pk).update(state=state)


def save(assessment, user, column, code, level, reason="Đối chiếu hồ sơ", note=""):
    version = (
        Rating.objects.filter(assessment=assessment, column=column, criterion__code=code)
        .values_list("version", flat=True)
        .first()
    )
    rating_save(
        assessment_id=assessment.pk, column=column, criterion_code=code, level=level,
        user=user, reason=reason, note=note, expected_version=version or 0,
    )  # fmt: skip


@pytest.fixture
def chain(sme_framework, owner, consultant, province_assessor, ministry_reviewer):
    """Self 4/3/2 on 1.1.1–1.1.7; the consultant 3/3 on 1.1.1–1.1.2; the province, now open,
    3 (as the consultant) on 1.1.1, 1 (not the consultant's 3) on 1.1.2, 2 (as the enterprise:
    the consultant did not rate it) on 1.1.7, and 5 on 6.1.2 (which nobody rated before)."""
    assessment = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )
    for code, level in {"1.1.1": 4, "1.1.2": 3, "1.1.7": 2}.items():
        save(assessment, owner.user, Column.SELF, code, level)
    move(assessment, State.CONSULTANT_ASSESSING)
    for code, level in {"1.1.1": 3, "1.1.2": 3}.items():
        save(assessment, consultant.user, Column.CONSULTANT, code, level)
    move(assessment, State.PROVINCE_REVIEW)
    for code, level in {"1.1.1": 3, "1.1.2": 1, "1.1.7": 2, "6.1.2": 5}.items():
        save(assessment, province_assessor, Column.PROVINCE, code, level)
    return {
        "assessment": assessment,
        "owner": owner.user,
        "consultant": consultant.user,
        "officer": province_assessor,
        "reviewer": ministry_reviewer,
    }


def shown(page: str) -> list[str]:
    return re.findall(r'<fieldset class="criterion[^"]*" id="criterion-([\d.]+)"', page)


def fieldset(page: str, code: str) -> str:
    """The criterion's fieldset, up to its save state (a figures question nests one)."""
    block = page[page.index(f'id="criterion-{code}"') :]
    return block[: block.index("</p>", block.index('class="save-state"'))]


def level_of(assessment, column, code):
    return Rating.objects.get(assessment=assessment, column=column, criterion__code=code).level


def version_of(assessment, column, code):
    return Rating.objects.get(assessment=assessment, column=column, criterion__code=code).version


def test_the_province_sees_only_the_criteria_it_rated_otherwise_than_the_column_before(
    client, chain
):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])

    page = client.get(f"/assessments/{assessment.pk}/?only=differs").content.decode()

    assert shown(page) == ["1.1.2"]
    assert "Chỉ hiện tiêu chí khác cột trước (1)" in page
    assert "Đã trả lời 4/60 tiêu chí" in page  # the result is still the whole column's
    assert 'aria-current="page" data-filter="differs"' in page
    # The pillar and sub-index of what is shown, not the others.
    assert 'id="pillar-1"' in page
    assert 'id="pillar-6"' not in page
    assert "<h3>1.1 " in page
    assert "<h3>1.2 " not in page


def test_the_whole_page_shows_every_criterion_and_counts_the_filters(client, chain):
    client.force_login(chain["officer"])

    page = client.get(f"/assessments/{chain['assessment'].pk}/").content.decode()

    assert shown(page) == ALL_CODES
    assert "Chỉ hiện tiêu chí khác cột trước (1)" in page
    assert "Chỉ hiện tiêu chí chưa chấm (56)" in page


def test_the_unanswered_filter_shows_what_the_column_has_not_rated(client, chain):
    client.force_login(chain["officer"])

    page = client.get(f"/assessments/{chain['assessment'].pk}/?only=unanswered").content.decode()

    assert shown(page) == [c for c in ALL_CODES if c not in {"1.1.1", "1.1.2", "1.1.7", "6.1.2"}]


def test_a_filter_that_leaves_nothing_says_so(client, chain):
    assessment = chain["assessment"]
    move(assessment, State.CONSULTANT_ASSESSING)  # the consultant rated 1.1.2 as the enterprise
    Rating.objects.filter(
        assessment=assessment, column=Column.CONSULTANT, criterion__code="1.1.1"
    ).update(level=4)
    client.force_login(chain["consultant"])

    page = client.get(f"/assessments/{assessment.pk}/?only=differs").content.decode()

    assert shown(page) == []
    assert 'data-testid="filter-empty"' in page
    assert "Không có tiêu chí nào cột của bạn chấm khác cột trước." in page


def test_the_enterprise_gets_no_comparison_filter(client, chain):
    assessment = chain["assessment"]
    move(assessment, State.DRAFT)
    client.force_login(chain["owner"])

    page = client.get(f"/assessments/{assessment.pk}/").content.decode()

    assert 'data-filter="differs"' not in page
    assert 'data-testid="copy-level"' not in page
    assert 'data-testid="next-unanswered" data-code="1.1.3"' in page


def test_a_reader_who_may_not_edit_gets_no_tools_and_the_whole_page(client, chain):
    client.force_login(chain["consultant"])  # the province's turn

    page = client.get(f"/assessments/{chain['assessment'].pk}/?only=differs").content.decode()

    assert 'data-testid="review-tools"' not in page
    assert shown(page) == ALL_CODES


def test_the_next_unanswered_link_goes_to_the_first_criterion_not_rated_and_follows_autosaves(
    client, chain
):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])

    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert re.search(r'href="#criterion-1\.1\.3"[^>]*data-testid="next-unanswered"', page)

    # 1.1.3 is asked as figures: the province sets its level directly, with a note.
    response = client.post(
        f"/assessments/{assessment.pk}/ratings/1.1.3/",
        {"c-1.1.3": "2", "v-1.1.3": "0", "n-1.1.3": "Theo báo cáo"},
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://testserver/assessments/{assessment.pk}/",
        },
    )

    html = response.content.decode()
    assert level_of(assessment, Column.PROVINCE, "1.1.3") == 2
    tools = html[html.index('<nav class="review-tools"') :]
    assert 'hx-swap-oob="true"' in tools[: tools.index(">")]
    assert re.search(r'href="#criterion-1\.1\.4"[^>]*data-testid="next-unanswered"', tools)
    assert "Chỉ hiện tiêu chí chưa chấm (55)" in tools


def test_on_the_differs_filter_the_next_unanswered_link_opens_the_whole_page(client, chain):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])

    page = client.get(f"/assessments/{assessment.pk}/?only=differs").content.decode()

    assert f'href="/assessments/{assessment.pk}/#criterion-1.1.3"' in page


def copy(client, assessment, code, version, **extra):
    return client.post(
        f"/assessments/{assessment.pk}/ratings/{code}/copy/",
        {f"v-{code}": str(version), **extra},
        headers={"HX-Request": "true"},
    )


def test_the_province_takes_the_consultants_level_with_one_button(client, chain):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Lấy mức của cột Tư vấn đánh giá (mức 3)" in fieldset(page, "1.1.2")
    assert 'data-testid="copy-level"' not in fieldset(page, "1.1.1")  # the same level already
    assert 'data-testid="copy-level"' not in fieldset(page, "6.1.2")  # nothing to take

    response = copy(client, assessment, "1.1.2", version_of(assessment, Column.PROVINCE, "1.1.2"))

    assert response.status_code == 200
    assert level_of(assessment, Column.PROVINCE, "1.1.2") == 3
    html = response.content.decode()
    assert 'data-state="saved"' in fieldset(html, "1.1.2")
    assert 'data-testid="copy-level"' not in fieldset(html, "1.1.2")
    entry = AuditEntry.objects.filter(assessment=assessment, column=Column.PROVINCE).latest("pk")
    assert (entry.old_level, entry.new_level, entry.copied_from) == (1, 3, Column.CONSULTANT)
    assert entry.actor == chain["officer"]


def test_the_copy_is_in_the_history_as_a_copy(client, chain):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])
    copy(client, assessment, "1.1.7", 0)  # province rated 2 as the enterprise: nothing changes
    save(assessment, chain["officer"], Column.PROVINCE, "1.1.7", 5)
    copy(client, assessment, "1.1.7", version_of(assessment, Column.PROVINCE, "1.1.7"))

    html = client.get(f"/assessments/{assessment.pk}/history/").content.decode()

    assert "1.1.7: 5 → 2" in html
    assert "sao chép từ cột Doanh nghiệp tự đánh giá" in html
    assert level_of(assessment, Column.PROVINCE, "1.1.7") == 2


def test_without_javascript_the_copy_saves_and_returns_to_the_criterion(client, chain):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    # The button sends its own small form (the version as its value), not the page's: Enter in
    # a text box of the page's form never presses it.
    button = re.search(r'<button[^>]*data-testid="copy-level"[^>]*>', fieldset(page, "1.1.2"))[0]
    assert 'form="copy-form"' in button
    assert re.search(r'<form id="copy-form" method="post" hidden>', page)
    name, value = re.search(r'name="(v-1\.1\.2)" value="(\d+)"', button).groups()
    assert value == str(version_of(assessment, Column.PROVINCE, "1.1.2"))
    Rating.objects.filter(
        assessment=assessment, column=Column.PROVINCE, criterion__code="1.1.2"
    ).update(note="Theo tư vấn")

    response = client.post(f"/assessments/{assessment.pk}/ratings/1.1.2/copy/", {name: value})

    assert response.status_code == 302
    assert response.url == f"/assessments/{assessment.pk}/#criterion-1.1.2"
    rating = Rating.objects.get(
        assessment=assessment, column=Column.PROVINCE, criterion__code="1.1.2"
    )
    assert (rating.level, rating.note) == (3, "Theo tư vấn")  # the stored note is kept
    page = client.get(response.url).content.decode()
    assert "Tiêu chí 1.1.2: đã lấy mức 3 của cột trước." in page


def test_a_stale_copy_is_refused_and_changes_nothing(client, chain):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])
    stale = version_of(assessment, Column.PROVINCE, "1.1.2")
    save(assessment, chain["officer"], Column.PROVINCE, "1.1.2", 0)  # someone else, meanwhile

    response = copy(client, assessment, "1.1.2", stale)

    assert "vừa được người khác sửa" in fieldset(response.content.decode(), "1.1.2")
    assert level_of(assessment, Column.PROVINCE, "1.1.2") == 0
    assert not AuditEntry.objects.exclude(copied_from="").exists()


def test_someone_else_may_not_copy_into_the_province_column(client, chain):
    assessment = chain["assessment"]
    version = version_of(assessment, Column.PROVINCE, "1.1.2")
    client.force_login(chain["consultant"])
    assert copy(client, assessment, "1.1.2", version).status_code == 403
    client.force_login(chain["owner"])
    assert copy(client, assessment, "1.1.2", version).status_code == 403
    client.force_login(UserFactory())
    assert copy(client, assessment, "1.1.2", version).status_code == 404
    assert level_of(assessment, Column.PROVINCE, "1.1.2") == 1


def test_no_copy_once_the_column_is_closed(client, chain):
    assessment = chain["assessment"]
    move(assessment, State.PROVINCE_APPROVED)
    client.force_login(chain["officer"])

    response = copy(client, assessment, "1.1.2", version_of(assessment, Column.PROVINCE, "1.1.2"))

    assert response.status_code == 403
    assert level_of(assessment, Column.PROVINCE, "1.1.2") == 1


def test_the_ministry_comes_back_to_the_provinces_level_without_a_reason(client, chain):
    assessment = chain["assessment"]
    move(assessment, State.MINISTRY_APPRAISAL)
    save(assessment, chain["reviewer"], Column.MINISTRY, "1.1.2", 4, reason="Thiếu minh chứng")
    client.force_login(chain["reviewer"])
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Lấy mức của cột Sở đánh giá (mức 1)" in fieldset(page, "1.1.2")

    response = copy(client, assessment, "1.1.2", version_of(assessment, Column.MINISTRY, "1.1.2"))

    assert 'data-state="saved"' in fieldset(response.content.decode(), "1.1.2")
    assert level_of(assessment, Column.MINISTRY, "1.1.2") == 1
    page = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Thiếu minh chứng" not in fieldset(page, "1.1.2")  # no change left to explain
    entry = AuditEntry.objects.filter(assessment=assessment, column=Column.MINISTRY).latest("pk")
    assert (entry.new_level, entry.copied_from, entry.reason) == (1, Column.PROVINCE, "")


def test_a_criterion_asked_as_figures_takes_the_level_directly_saying_where_from(client, chain):
    assessment = chain["assessment"]
    code = "1.1.3"
    assert questionnaire_of(assessment).questions[code].kind == QuestionKind.FIGURES
    save(assessment, chain["officer"], Column.PROVINCE, code, 2, note="Theo báo cáo năm")
    move(assessment, State.MINISTRY_APPRAISAL)
    client.force_login(chain["reviewer"])

    response = copy(client, assessment, code, 0)

    assert 'data-state="saved"' in fieldset(response.content.decode(), code)
    rating = Rating.objects.get(assessment=assessment, column=Column.MINISTRY, criterion__code=code)
    assert (rating.level, rating.basis, rating.note) == (2, "direct", "Mức lấy từ cột Sở đánh giá")


def api_copy(client, assessment, code, **body):
    return client.post(
        f"/api/v1/assessments/{assessment.pk}/ratings/{code}/copy/",
        body,
        content_type="application/json",
    )


def test_the_api_takes_the_previous_columns_level_as_a_copy(client, chain):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])
    version = version_of(assessment, Column.PROVINCE, "1.1.2")

    response = api_copy(client, assessment, "1.1.2", column="province", version=version)

    assert response.status_code == 200
    assert (response.json()["level"], response.json()["version"]) == (3, version + 1)
    entry = AuditEntry.objects.filter(assessment=assessment, column=Column.PROVINCE).latest("pk")
    assert entry.copied_from == Column.CONSULTANT
    history = client.get(f"/api/v1/assessments/{assessment.pk}/history/").json()["results"]
    assert history[-1]["copied_from"] == "consultant"


def test_the_api_refuses_a_stale_copy_the_wrong_column_and_nothing_to_copy(client, chain):
    assessment = chain["assessment"]
    client.force_login(chain["officer"])

    stale = api_copy(client, assessment, "1.1.2", column="province", version=0)
    wrong = api_copy(client, assessment, "1.1.2", column="consultant", version=1)
    nothing = api_copy(client, assessment, "6.1.2", column="province", version=1)

    assert (stale.status_code, stale.json()["error"]["code"]) == (409, "stale")
    assert (wrong.status_code, wrong.json()["error"]["code"]) == (403, "not_your_column")
    assert (nothing.status_code, nothing.json()["error"]["code"]) == (409, "nothing_to_copy")
    assert level_of(assessment, Column.PROVINCE, "1.1.2") == 1
