"""Figures on the assessment page: typed in, autosaved, computed beside the criterion; what was
typed stays when it is refused; the shared figures update every criterion dividing by them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Column, Figure, Rating

from ..factories import AssessmentFactory, official_version

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def on_form(owner, sme_framework):
    return AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )


def post_criterion(client, assessment, code, **figures):
    data = {f"f-{key}": value for key, value in figures.items()} | {f"v-{code}": "0"}
    return client.post(
        f"/assessments/{assessment.pk}/ratings/{code}/", data, headers=HTMX
    ).content.decode()


def post_shared(client, assessment, **figures):
    data = {f"f-{key}": value for key, value in figures.items()}
    return client.post(f"/assessments/{assessment.pk}/figures/", data, headers=HTMX)


def computation(html, code):
    match = re.search(rf'data-testid="computation-{re.escape(code)}">([^<]*)<', html)
    return match.group(1).strip() if match else None


def test_the_page_asks_figures_and_shows_the_computation(client, owner, on_form):
    client.force_login(owner.user)
    html = post_criterion(client, on_form, "3.2.3", c3_2_3_num="12", c3_2_3_den="40")
    assert computation(html, "3.2.3") == "12 / 40 = 30 % → mức 2"
    assert "✓ Đã lưu" in html
    page = client.get(f"/assessments/{on_form.pk}/").content.decode()
    assert computation(page, "3.2.3") == "12 / 40 = 30 % → mức 2"
    assert 'name="f-c3_2_3_num" value="12"' in page
    assert "Tổng số hoá đơn điện tử được doanh nghiệp phát hành trong kỳ đánh giá" in page


def test_amounts_are_read_with_thousands_separators(client, owner, on_form):
    client.force_login(owner.user)
    post_shared(client, on_form, revenue_3m="1.250.000.000")
    html = post_criterion(client, on_form, "1.1.5", c1_1_5_num="125.000.000")
    assert computation(html, "1.1.5") == "125.000.000 / 1.250.000.000 = 10 % → mức 3"
    assert Figure.objects.get(assessment=on_form, field__key="revenue_3m").value == 1_250_000_000


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"c3_2_3_num": "12,5", "c3_2_3_den": "40"}, "không phải số nguyên không âm"),
        ({"c3_2_3_num": "-3", "c3_2_3_den": "40"}, "không phải số nguyên không âm"),
        ({"c3_2_3_num": "41", "c3_2_3_den": "40"}, "lớn hơn"),
    ],
)
def test_refused_figures_keep_what_was_typed(client, owner, on_form, typed, message):
    client.force_login(owner.user)
    html = post_criterion(client, on_form, "3.2.3", **typed)
    assert message in html
    assert 'data-state="error"' in html
    assert f'name="f-c3_2_3_num" value="{typed["c3_2_3_num"]}"' in html
    assert not Figure.objects.filter(assessment=on_form).exists()
    assert not Rating.objects.filter(assessment=on_form, level__isnull=False).exists()


def test_a_shared_figure_updates_the_criteria_dividing_by_it(client, owner, on_form):
    client.force_login(owner.user)
    post_criterion(client, on_form, "5.1.1", c5_1_1_num="45")
    response = post_shared(client, on_form, staff_total="50")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="criterion-5.1.1" data-code="5.1.1" hx-swap-oob="true"' in html
    assert computation(html, "5.1.1") == "45 / 50 = 90 % → mức 5"
    assert 'id="results" hx-swap-oob="true"' in html


def test_the_shared_figures_keep_a_refused_value(client, owner, on_form):
    client.force_login(owner.user)
    post_criterion(client, on_form, "5.1.1", c5_1_1_num="45")
    post_shared(client, on_form, staff_total="50")
    html = post_shared(client, on_form, staff_total="40").content.decode()
    assert re.search(r'name="f-staff_total" value="40" data-testid="shared-staff_total"', html)
    assert "5.1.1" in html
    assert 'data-state="error"' in html
    assert Figure.objects.get(assessment=on_form, field__key="staff_total").value == 50


def test_the_whole_form_without_javascript_saves_figures(client, owner, on_form):
    client.force_login(owner.user)
    response = client.post(
        f"/assessments/{on_form.pk}/",
        {"f-staff_total": "20", "f-c5_1_1_num": "10", "c-1.1.1": "3", "v-1.1.1": "0"},
    )
    assert response.status_code == 302
    assert Rating.objects.get(assessment=on_form, criterion__code="5.1.1").level == 3
    assert Rating.objects.get(assessment=on_form, criterion__code="1.1.1").level == 3


def test_the_whole_form_keeps_refused_figures(client, owner, on_form):
    client.force_login(owner.user)
    response = client.post(f"/assessments/{on_form.pk}/", {"f-staff_total": "hai mươi"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'data-testid="figures-error"' in html
    assert 'name="f-staff_total" value="hai mươi"' in html


def test_reviewers_see_the_enterprises_computation_beside_their_own(
    client, owner, on_form, province_assessor
):
    client.force_login(owner.user)
    post_criterion(client, on_form, "3.2.3", c3_2_3_num="12", c3_2_3_den="40")
    Assessment.objects.filter(pk=on_form.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    client.force_login(province_assessor)
    page = client.get(f"/assessments/{on_form.pk}/").content.decode()
    block = page[page.index('id="criterion-3.2.3"') :]
    block = block[: block.index('class="criterion', 10)]
    assert '<li data-column="self">12 / 40 = 30 % → mức 2</li>' in block
    assert "Hoặc đặt mức trực tiếp" in block


@pytest.mark.parametrize("who", ["stranger", "other_province_officer"])
def test_outsiders_do_not_find_the_figures(client, on_form, who, request):
    client.force_login(request.getfixturevalue(who))
    assert post_shared(client, on_form, staff_total="5").status_code == 404


def test_a_reviewer_cannot_write_the_enterprises_figures(client, on_form, province_assessor):
    client.force_login(province_assessor)
    assert post_shared(client, on_form, staff_total="5").status_code == 403
    assert not Figure.objects.filter(assessment=on_form, column=Column.SELF).exists()


def test_figure_saves_take_the_same_queries_with_few_or_many_figures(
    client, owner, on_form, django_assert_max_num_queries
):
    client.force_login(owner.user)
    post_shared(client, on_form, staff_total="50")
    post_criterion(client, on_form, "5.1.1", c5_1_1_num="10")
    with CaptureQueriesContext(connection) as few:
        post_criterion(client, on_form, "5.1.1", c5_1_1_num="11")
    measured = len(few.captured_queries)  # read now: the next capture resets the log
    for code, key in [("5.1.2", "c5_1_2_num"), ("5.1.4", "c5_1_4_num"), ("6.1.1", "c6_1_1_num")]:
        post_criterion(client, on_form, code, **{key: "5"})
    # Measured: 30 — the visible assessment, the figures save (lock, figures, ratings, audit,
    # result), the criterion's fieldset and the results panel; the same with 1 or 4 stored.
    with django_assert_max_num_queries(measured):
        post_criterion(client, on_form, "5.1.1", c5_1_1_num="12")  # 24 %: still level 2
