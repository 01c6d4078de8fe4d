"""The dashboard pages: the ministry's national view with a drill-down to each province, a
province officer's own province only, filters in the query string, tables under the charts,
empty states, refusals for everyone else, and a query count that does not grow with the data."""

import json
import re

import pytest
from django.urls import reverse

from assessments.models import Column

from ..factories import (
    AccreditationFactory,
    EngagementFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    UserFactory,
)
from .conftest import YEAR, assessed

pytestmark = pytest.mark.django_db

NATIONAL = reverse("dashboard")


def province_url(code: int) -> str:
    return reverse("dashboard-province", args=[code])


def figure(html: str, name: str) -> str:
    """The number shown on one of the summary cards."""
    card = re.search(rf'<div class="card" data-figure="{name}">(.*?)</div>', html, re.S).group(1)
    return re.search(r"<strong>(.*?)</strong>", card).group(1)


def table_rows(html: str, table: str) -> dict[str, list[str]]:
    """{row key: [cell texts]} of one of the tables under the charts."""
    body = re.search(rf'<table class="data" data-table="{table}"[^>]*>(.*?)</table>', html, re.S)
    rows = {}
    for attrs, cells in re.findall(r"<tr ([^>]*)>(.*?)</tr>", body.group(1), re.S):
        key = re.search(r'data-\w+="([^"]*)"', attrs).group(1)
        texts = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", cells, re.S)
        rows[key] = [re.sub(r"<[^>]+>", "", t).strip() for t in texts]
    return rows


def login(client, user):
    client.force_login(user)
    return client


def test_the_ministry_sees_the_nation_with_each_province_a_link(client, country):
    html = login(client, country.reviewer).get(NATIONAL).content.decode()

    assert "Toàn quốc, năm 2026" in html
    assert (figure(html, "registered"), figure(html, "assessed"), figure(html, "certified")) == (
        "6",
        "3",
        "1",
    )
    provinces = table_rows(html, "breakdown")
    # Registered, assessed, share, certified, average, then levels 0–5.
    assert provinces["86"][1:5] == ["5", "2", "40,0%", "1"]
    assert provinces["79"][1:5] == ["1", "1", "100,0%", "0"]
    link = province_url(86) + "?year=2026"
    assert f'href="{link}"' in html
    levels = table_rows(html, "levels")
    assert [levels[str(k)][2] for k in range(6)] == ["0", "1", "1", "0", "1", "0"]


def test_the_tables_carry_the_same_numbers_as_the_charts(client, country):
    html = login(client, country.reviewer).get(NATIONAL).content.decode()
    charts = json.loads(re.search(r'id="dashboard-charts"[^>]*>(.*?)</script>', html, re.S)[1])

    assert charts["levels"] == [0, 1, 1, 0, 1, 0]
    pillars = table_rows(html, "pillars")
    assert [int(pillars["1"][2 + k]) for k in range(6)] == [
        charts["pillars"]["distribution"][k][0] for k in range(6)
    ]
    assert charts["trend"] == {
        "labels": ["2025", "2026"],
        "assessed": [1, 3],
        "certified": [1, 1],
        "averages": [1.0, 2.33],
    }
    assert 'src="/static/vendor/chart.umd.min.js"' in html


def test_the_ministry_drills_down_to_a_province_and_back(client, country):
    login(client, country.reviewer)
    response = client.get(NATIONAL, {"province": 86, "column": "self", "year": 2026})

    assert response.status_code == 302
    assert response["Location"] == province_url(86) + "?year=2026&column=self"
    html = client.get(response["Location"]).content.decode()
    assert "Vĩnh Long, năm 2026" in html
    assert figure(html, "assessed") == "2"  # E1's 3 and E2's 2, in their own columns
    assert f'href="{NATIONAL}?' in html  # back to the nation


def test_an_officer_sees_their_province_only(client, country):
    login(client, country.officer)

    response = client.get(NATIONAL, {"year": 2026})
    assert response.status_code == 302
    assert response["Location"] == province_url(86) + "?year=2026"
    html = client.get(province_url(86), {"by": "ward"}).content.decode()
    assert figure(html, "registered") == "5"
    wards = table_rows(html, "breakdown")
    assert wards[str(country.ward_1.pk)][1:3] == ["2", "1"]
    assert 'name="province"' not in html  # no other province to choose

    assert client.get(province_url(79)).status_code == 404
    assert client.get(NATIONAL, {"province": 79}).status_code == 404
    assert client.get(NATIONAL, {"province": "abc"}).status_code == 404


def test_no_number_of_another_province_reaches_an_officer(client, country):
    hcm_only = EnterpriseFactory(province=country.hcm, sector_section="J")
    assessed(hcm_only, YEAR, "appraised", {Column.SELF: [5] * 6}, UserFactory())
    html = login(client, country.officer).get(province_url(86), {"sector": "J"}).content.decode()

    assert figure(html, "registered") == "0"
    assert "Không có doanh nghiệp nào khớp với bộ lọc này." in html


@pytest.mark.parametrize("who", ["member", "consultant", "stranger"])
def test_everyone_else_is_refused(client, country, who):
    enterprise = country.enterprises[1]
    user = {
        "member": lambda: MembershipFactory(enterprise=enterprise).user,
        "consultant": lambda: (
            EngagementFactory(
                enterprise=enterprise, consultant=AccreditationFactory().consultant
            ).consultant.user
        ),
        "stranger": UserFactory,
    }[who]()
    login(client, user)

    assert client.get(NATIONAL).status_code == 403
    assert client.get(province_url(86)).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client, country):
    response = client.get(NATIONAL)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_filters_and_tabs_stay_in_the_query_string(client, country):
    login(client, country.reviewer)
    html = client.get(
        NATIONAL, {"column": "ministry", "sector": "C", "by": "size"}
    ).content.decode()

    assert figure(html, "assessed") == "1"
    assert '<option value="ministry" selected>' in html
    assert '<option value="C" selected>' in html
    assert 'href="?year=2026&amp;column=ministry&amp;sector=C&amp;by=kind"' in html
    assert 'data-table="breakdown" data-breakdown="size"' in html


def test_a_bad_filter_value_falls_back_instead_of_failing(client, country):
    login(client, country.reviewer)
    response = client.get(NATIONAL, {"year": "abc", "column": "nobody", "by": "planet"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "năm 2026" in html
    assert figure(html, "assessed") == "3"


def test_a_year_without_assessments_says_so(client, country):
    html = login(client, country.reviewer).get(NATIONAL, {"year": 2022}).content.decode()

    assert figure(html, "assessed") == "0"
    assert "Chưa có doanh nghiệp nào được đánh giá năm 2022 theo bộ lọc này." in html
    assert 'id="chart-levels"' not in html


def test_the_page_runs_as_many_queries_for_30_enterprises_as_for_3(
    client, sme_framework, django_assert_max_num_queries
):
    reviewer = MinistryReviewerFactory().user
    user = UserFactory()
    login(client, reviewer)

    def add(n):
        for i in range(n):
            enterprise = EnterpriseFactory(sector_section="CG"[i % 2])
            assessed(enterprise, YEAR, "appraised", {Column.MINISTRY: [i % 6] * 6}, user)

    add(3)
    # Session, user, access, the dashboard's figures, the targets, the navigation count, and
    # the survey's six (reports/survey.py).
    with django_assert_max_num_queries(22) as few:
        assert client.get(NATIONAL).status_code == 200
    add(27)
    with django_assert_max_num_queries(22) as many:
        assert client.get(NATIONAL).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)
