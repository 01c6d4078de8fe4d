"""Dashboards per framework: a 2021 result and a readiness result in the same province are
never counted together. The 2021 index is the default; ?framework= picks another, whose level
names, levels and mean score (R for the readiness index) the page shows."""

import pytest

from assessments.models import Column

from ..factories import EnterpriseFactory, MinistryReviewerFactory, UserFactory
from ..readiness_appraised import CODE, R_TEXT, readiness_appraised
from .conftest import YEAR, assessed
from .test_views import NATIONAL, figure, province_url, table_rows

pytestmark = pytest.mark.django_db

SME_NAME = "Bộ chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp nhỏ và vừa"
READINESS_NAME = "Bộ chỉ số đánh giá mức độ sẵn sàng chuyển đổi số cho doanh nghiệp nhỏ và vừa"


@pytest.fixture
def province(sme_framework, owner, province_officer, ministry_reviewer):
    """One 2021 result at level 2 and one readiness result (R = 2.85, level 3), same province."""
    province = owner.enterprise.province
    other = EnterpriseFactory(province=province)
    assessed(other, YEAR, "appraised", {Column.MINISTRY: [2] * 6}, UserFactory())
    readiness_appraised(owner.enterprise, owner.user, province_officer, ministry_reviewer, YEAR)
    return province


@pytest.fixture
def reviewer(client):
    user = MinistryReviewerFactory().user
    client.force_login(user)
    return user


def levels_of(html: str) -> dict[str, str]:
    """{level: how many} of the overall level table."""
    return {level: cells[2] for level, cells in table_rows(html, "levels").items()}


def test_the_2021_index_is_the_default_and_counts_only_its_own(client, province, reviewer):
    html = client.get(province_url(province.code)).content.decode()

    assert SME_NAME in html
    assert figure(html, "assessed") == "1"
    assert levels_of(html)["2"] == "1"
    assert levels_of(html)["3"] == "0"
    assert 'data-figure="average-score"' not in html
    # Both frameworks can be picked.
    assert f'<option value="{CODE}">{READINESS_NAME}</option>' in html


def test_the_readiness_dashboard_counts_only_its_own_and_shows_the_mean_r(
    client, province, reviewer, django_assert_max_num_queries
):
    with django_assert_max_num_queries(22):
        response = client.get(province_url(province.code), {"framework": CODE, "year": YEAR})
    html = response.content.decode()

    assert f"Bộ chỉ số: <strong>{READINESS_NAME}</strong>" in html
    assert figure(html, "assessed") == "1"
    assert levels_of(html)["3"] == "1"
    assert levels_of(html)["2"] == "0"
    assert table_rows(html, "levels")["3"][1] == "Phát triển"
    assert figure(html, "average-score") == R_TEXT
    assert "Điểm sẵn sàng (R) trung bình" in html
    # The breakdown tabs keep the framework.
    assert f"framework={CODE}" in html
    # Targets are set on the 2021 levels: not shown against the readiness index's.
    assert 'data-testid="dashboard-targets"' not in html


def test_the_national_dashboard_keeps_them_apart_too(client, province, reviewer):
    sme = client.get(NATIONAL).content.decode()
    readiness = client.get(NATIONAL, {"framework": CODE}).content.decode()

    assert figure(sme, "assessed") == figure(readiness, "assessed") == "1"
    assert levels_of(sme)["2"] == levels_of(readiness)["3"] == "1"
    row = table_rows(readiness, "breakdown")[str(province.code)]
    assert R_TEXT in row


def test_an_unknown_framework_falls_back_to_the_default(client, province, reviewer):
    html = client.get(NATIONAL, {"framework": "no-such-index"}).content.decode()

    assert f"Bộ chỉ số: <strong>{SME_NAME}</strong>" in html


def test_the_benchmark_compares_within_one_framework(
    client, sme_framework, owner, province_officer, ministry_reviewer
):
    """Five 2021 peers in the province: the 2021 comparison has them, the readiness one (the
    latest result, shown by default) has nobody to compare with."""
    province = owner.enterprise.province
    user = UserFactory()
    assessed(owner.enterprise, YEAR, "submitted", {Column.SELF: [3] * 6}, user)
    for _ in range(5):
        assessed(
            EnterpriseFactory(province=province), YEAR, "submitted", {Column.SELF: [2] * 6}, user
        )
    readiness_appraised(owner.enterprise, owner.user, province_officer, ministry_reviewer, YEAR)
    client.force_login(owner.user)
    url = f"/enterprises/{owner.enterprise.pk}/benchmark/"

    readiness = client.get(url).content.decode()
    sme = client.get(url, {"framework": "dbi-sme-2021"}).content.decode()

    assert f"Bộ chỉ số: <strong>{READINESS_NAME}</strong>" in readiness
    assert 'data-group="province" data-enough="no"' in readiness
    assert f"Bộ chỉ số: <strong>{SME_NAME}</strong>" in sme
    assert 'data-group="province" data-enough="yes"' in sme


def test_the_yearly_report_of_the_readiness_dashboard_is_the_readiness_index(
    client, province, reviewer, django_capture_on_commit_callbacks
):
    from reports.models import ReportJob

    from .test_yearly_report import ask, download, pdf_text

    html = client.get(NATIONAL, {"framework": CODE}).content.decode()
    assert f'<input type="hidden" name="framework" value="{CODE}">' in html
    with django_capture_on_commit_callbacks(execute=True):
        job = ask(client, reviewer, framework=CODE)

    assert ReportJob.objects.get(pk=job.pk).framework.code == CODE
    assert "mức độ sẵn sàng chuyển đổi số" in " ".join(pdf_text(download(client, job)).split())


def test_the_api_answers_per_framework_with_the_mean_score(client, province, reviewer):
    sme = client.get("/api/v1/reports/dashboard/").json()
    readiness = client.get("/api/v1/reports/dashboard/", {"framework": CODE}).json()

    assert (sme["framework"], sme["assessed"], sme["levels"]["average_score"]) == (
        "dbi-sme-2021",
        1,
        None,
    )
    assert (readiness["framework"], readiness["assessed"]) == (CODE, 1)
    assert readiness["scoring_method"] == "readiness-median-2023"
    assert readiness["levels"]["average_score"] == 2850
