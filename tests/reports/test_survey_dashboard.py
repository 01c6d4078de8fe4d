"""The survey on the dashboards: per barrier the enterprises that answered it and the share at
4–5, per need those that ticked it, by the dashboard's breakdown; only the assessments the
dashboard counts (its year, column and filters, never a draft); an officer's own province only;
an empty state; and a query count that does not grow with the data. The numbers are the hand
counts of tests/reports/survey_world.py."""

import pytest

from assessments.models import Assessment, Column
from reports.selectors import DashboardQuery, dashboard_framework
from reports.survey import survey_dashboard

from ..factories import EnterpriseFactory, MinistryReviewerFactory, UserFactory
from .conftest import YEAR, assessed
from .survey_world import answer, survey_country
from .test_views import NATIONAL, login, province_url, table_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def surveyed(country):
    return survey_country(country)


def question(**filters) -> DashboardQuery:
    return DashboardQuery(framework=dashboard_framework(), period=YEAR, **filters)


def board(country, **filters):
    return survey_dashboard(question(**filters))


def barriers(survey) -> dict[str, tuple[int, int, float | None]]:
    return {
        item.code: (c.responding, c.high, c.share)
        for item, c in survey.barrier_figures
        if c.responding
    }


def needs(survey) -> dict[str, tuple[int, float | None]]:
    return {item.code: (c.ticked, c.share) for item, c in survey.need_figures}


# --- the figures ---


def test_the_nation_counts_each_counted_assessments_answers(surveyed):
    survey = board(surveyed)

    assert survey.respondents == 3  # E1, E2, E5; not E3 (a draft) nor E6 (2025)
    assert barriers(survey) == {
        "8.1": (3, 2, 66.7),
        "8.2": (2, 2, 100.0),
        "8.3": (1, 0, 0.0),
    }
    assert [item.code for item in survey.barriers] == [f"8.{i}" for i in range(1, 10)]
    assert survey.barriers[0].text == "Rào cản về chi phí đầu tư, ứng dụng công nghệ"
    assert needs(survey) == {
        "management_software": (0, 0.0),
        "intro_website": (1, 33.3),
        "ecommerce_website": (0, 0.0),
        "dx_consulting": (0, 0.0),
        "dx_training": (2, 66.7),
        "other": (1, 33.3),
    }


def test_the_nation_by_province(surveyed):
    survey = board(surveyed)

    rows = {row.key: row for row in survey.rows}
    assert survey.breakdown == "province"
    assert set(rows) == {86, 79}
    assert rows[86].respondents == 2
    assert (rows[86].barriers[0].responding, rows[86].barriers[0].high) == (2, 1)
    assert rows[86].barriers[0].share == 50.0
    assert rows[79].barriers[0].share == 100.0
    assert [n.ticked for n in rows[86].needs] == [0, 1, 0, 0, 2, 1]
    assert rows[79].needs[4].share == 0.0


@pytest.mark.parametrize(
    ("breakdown", "expected"),
    [
        ("sector", {"C": (2, 2, 1), "G": (1, 0, 1)}),  # (respondents, 8.1 at 4–5, dx_training)
        ("size", {"small": (1, 1, 1), "micro": (1, 0, 1), "medium": (1, 1, 0)}),
        ("kind", {"enterprise": (2, 2, 1), "household": (1, 0, 1)}),
    ],
)
def test_the_other_breakdowns(surveyed, breakdown, expected):
    survey = board(surveyed, breakdown=breakdown)

    assert {
        row.key: (row.respondents, row.barriers[0].high, row.needs[4].ticked) for row in survey.rows
    } == expected


def test_a_province_by_ward(surveyed):
    survey = board(surveyed, province=surveyed.vinh_long, breakdown="ward")

    assert survey.respondents == 2
    wards = {row.key: (row.label, row.respondents, row.barriers[1].share) for row in survey.rows}
    assert wards == {
        surveyed.ward_1.pk: (surveyed.ward_1.name, 1, 100.0),
        surveyed.ward_2.pk: (surveyed.ward_2.name, 1, 100.0),
    }


@pytest.mark.parametrize(
    ("filters", "respondents", "answered_8_1"),
    [
        ({"sector": "G"}, 1, 1),
        ({"size": "medium"}, 1, 1),
        ({"kind": "household"}, 1, 1),
        ({"column": Column.MINISTRY}, 1, 1),  # only E1 has a ministry column
        ({"column": Column.SELF}, 3, 3),  # E3's draft never counts
        ({"column": Column.CONSULTANT}, 0, 0),
    ],
)
def test_the_dashboards_filters_apply(surveyed, filters, respondents, answered_8_1):
    survey = board(surveyed, **filters)

    assert survey.respondents == respondents
    assert survey.barrier_counts[0].responding == answered_8_1


def test_last_year_counts_its_own_assessments(surveyed):
    survey = survey_dashboard(DashboardQuery(framework=dashboard_framework(), period=YEAR - 1))

    assert survey.respondents == 1  # E6
    assert needs(survey)["other"] == (1, 100.0)


def test_nobody_answered_is_empty(country):
    survey = board(country)  # the country without survey answers

    assert survey.empty
    assert survey.rows == []
    assert all(c.share is None for c in survey.barrier_counts)


def test_a_counted_assessment_without_a_survey_is_no_respondent(surveyed):
    assessed(
        EnterpriseFactory(province=surveyed.vinh_long, sector_section="C"),
        YEAR,
        Assessment.State.SUBMITTED,
        {Column.SELF: [1] * 6},
        UserFactory(),
    )

    assert board(surveyed).respondents == 3


# --- the page ---


def test_the_national_dashboard_shows_the_survey(client, surveyed):
    html = login(client, surveyed.reviewer).get(NATIONAL).content.decode()

    assert 'data-testid="survey-dashboard"' in html
    assert "Khảo sát rào cản và nhu cầu hỗ trợ (không tính điểm)" in html
    rows = table_rows(html, "survey-barriers")
    assert rows["8.1"][1:] == ["Rào cản về chi phí đầu tư, ứng dụng công nghệ", "3", "2", "66,7%"]
    assert rows["8.4"][2:] == ["0", "0", "—"]
    assert table_rows(html, "survey-needs")["dx_training"][1:] == ["2", "66,7%"]
    by_province = table_rows(html, "survey-breakdown-barriers")
    assert by_province["86"][1:3] == ["2", "50,0% (1/2)"]
    assert table_rows(html, "survey-breakdown-needs")["86"][1:] == [
        "2",
        "0",
        "1",
        "0",
        "0",
        "2",
        "1",
    ]
    assert 'href="/reports/survey/export/?year=2026&amp;column=reference&amp;format=xlsx"' in html


def test_the_survey_follows_the_pages_breakdown_tabs(client, surveyed):
    html = login(client, surveyed.reviewer).get(NATIONAL, {"by": "size"}).content.decode()

    assert set(table_rows(html, "survey-breakdown-barriers")) == {"small", "micro", "medium"}
    assert 'data-survey-breakdown="sector"' in html
    assert "#survey" in html


def test_an_officer_sees_their_province_by_ward_and_nothing_else(client, surveyed):
    login(client, surveyed.officer)

    html = client.get(province_url(86), {"by": "ward"}).content.decode()

    assert set(table_rows(html, "survey-breakdown-barriers")) == {
        str(surveyed.ward_1.pk),
        str(surveyed.ward_2.pk),
    }
    assert table_rows(html, "survey-barriers")["8.1"][2:] == ["2", "1", "50,0%"]
    assert "province=" not in html.split('data-testid="survey-dashboard"')[1].split("</section>")[0]
    assert client.get(province_url(79)).status_code == 404


def test_an_officer_of_another_province_gets_404(client, surveyed, other_province_officer):
    login(client, other_province_officer)

    assert client.get(province_url(86)).status_code == 404


def test_the_empty_state_when_nobody_answered(client, surveyed):
    html = login(client, surveyed.reviewer).get(NATIONAL, {"year": 2024}).content.decode()

    assert 'data-testid="survey-empty"' in html
    assert "Chưa có doanh nghiệp nào trả lời khảo sát năm 2024 theo bộ lọc này." in html
    assert 'data-table="survey-barriers"' not in html


def test_the_page_in_english(client, surveyed):
    client.cookies["django_language"] = "en"
    html = login(client, surveyed.reviewer).get(NATIONAL).content.decode()

    assert "Barriers and support needs survey (not scored)" in html
    assert "Barrier of the cost of investing in and applying technology" in html
    assert "Share rating it 4–5" in html


def test_the_surveys_queries_do_not_grow_with_the_data(surveyed, django_assert_max_num_queries):
    asked = question()
    # The barriers and needs, the province names, then three aggregates.
    with django_assert_max_num_queries(6) as few:
        survey_dashboard(asked)
    user = UserFactory()
    for i in range(12):
        enterprise = EnterpriseFactory(province=surveyed.hcm, sector_section="CG"[i % 2])
        answer(
            assessed(enterprise, YEAR, "appraised", {Column.MINISTRY: [i % 6] * 6}, user),
            {f"8.{1 + i % 9}": 1 + i % 5, "7.2.1": 3},
            {"other": f"Nhu cầu {i}"} if i % 3 else {"dx_training": ""},
            user,
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        survey = survey_dashboard(asked)

    assert survey.respondents == 15


def test_the_dashboard_page_runs_as_many_queries_with_more_answers(
    client, surveyed, django_assert_max_num_queries
):
    reviewer = MinistryReviewerFactory().user
    login(client, reviewer)
    client.get(NATIONAL)
    with django_assert_max_num_queries(22) as few:
        client.get(NATIONAL)
    user = UserFactory()
    for _ in range(8):
        enterprise = EnterpriseFactory(province=surveyed.vinh_long, sector_section="G")
        answer(
            assessed(enterprise, YEAR, "submitted", {Column.SELF: [2] * 6}, user),
            {"8.5": 4},
            {"ecommerce_website": ""},
            user,
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(NATIONAL).content.decode()

    assert table_rows(html, "survey-barriers")["8.5"][2:] == ["8", "8", "100,0%"]
