"""The dashboard API: the page's figures as JSON for the same question, the officer's province
imposed (404 for naming another), 403 for everyone without a dashboard, structured errors, and a
query count that does not grow with the data. Figures are the hand counts of ``country``."""

import pytest
from django.urls import reverse

from assessments.models import Column

from ..factories import (
    AccreditationFactory,
    EngagementFactory,
    EnterpriseFactory,
    MembershipFactory,
    UserFactory,
)
from .conftest import YEAR, assessed

pytestmark = pytest.mark.django_db

URL = reverse("api:dashboard")


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_the_ministry_gets_the_nations_figures(client, country):
    data = get(client, country.reviewer, year=YEAR).json()

    assert (data["province"], data["registered"], data["assessed"], data["certified"]) == (
        None,
        6,
        3,
        1,
    )
    assert data["levels"]["counts"] == [0, 1, 1, 0, 1, 0]
    assert data["breakdown"] == "province"
    by_province = {g["key"]: (g["registered"], g["assessed"]) for g in data["groups"]}
    assert by_province == {"86": (5, 2), "79": (1, 1)}
    assert [(y["period"], y["assessed"]) for y in data["trend"]] == [(2025, 1), (2026, 3)]
    assert len(data["pillars"]) == 6


def test_the_same_question_as_the_page_in_a_province_by_column_and_sector(client, country):
    data = get(client, country.reviewer, year=YEAR, province=86, column="self", sector="C").json()

    # Vĩnh Long, sector C: E1, E3 (draft, not counted), E6 (2025); 2026 self column: E1 only.
    assert (data["province"], data["column"], data["registered"], data["assessed"]) == (
        86,
        "self",
        3,
        1,
    )
    assert data["levels"]["counts"][3] == 1  # E1's own answers: every pillar at 3


def test_an_officer_gets_their_province_even_without_asking(client, country):
    data = get(client, country.officer, year=YEAR).json()

    assert (data["province"], data["registered"], data["assessed"]) == (86, 5, 2)


def test_an_officer_naming_another_province_gets_404(client, country):
    response = get(client, country.officer, province=79)

    assert response.status_code == 404
    assert "error" in response.json()


@pytest.mark.parametrize("role", ["member", "consultant", "stranger"])
def test_people_without_a_dashboard_get_403_with_a_message(client, country, role):
    enterprise = country.enterprises[1]
    if role == "member":
        user = MembershipFactory(enterprise=enterprise).user
    elif role == "consultant":
        consultant = AccreditationFactory().consultant
        EngagementFactory(consultant=consultant, enterprise=enterprise)
        user = consultant.user
    else:
        user = UserFactory()

    response = get(client, user)

    assert response.status_code == 403
    assert response.json()["error"]["message"].startswith("Chỉ cán bộ Sở và cán bộ Bộ")


def test_anonymous_callers_are_refused(client, country):
    assert client.get(URL).status_code in (401, 403)


def test_the_query_count_does_not_grow_with_the_data(
    client, country, django_assert_max_num_queries
):
    client.force_login(country.reviewer)
    client.get(URL)  # warms the catalog index
    with django_assert_max_num_queries(20) as few:
        client.get(URL, {"year": YEAR})
    for i in range(12):
        assessed(
            EnterpriseFactory(province=country.hcm, sector_section="CG"[i % 2]),
            YEAR,
            "appraised",
            {Column.MINISTRY: [i % 6] * 6},
            country.reviewer,
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.get(URL, {"year": YEAR}).json()

    assert data["assessed"] == 15
