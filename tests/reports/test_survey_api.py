"""The survey's dashboard API: the same question and scoping as the dashboard API, the figures as
JSON, structured errors, its place in the OpenAPI schema, and a query count that does not grow
with the data. The numbers are the hand counts of tests/reports/survey_world.py."""

import pytest
from django.urls import reverse

from assessments.models import Column

from ..factories import EnterpriseFactory, MembershipFactory, UserFactory
from .conftest import YEAR, assessed
from .survey_world import answer, survey_country

pytestmark = pytest.mark.django_db

URL = reverse("api:dashboard-survey")


@pytest.fixture
def surveyed(country):
    return survey_country(country)


def get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_the_ministry_gets_the_nations_survey(client, surveyed):
    data = get(client, surveyed.reviewer, year=YEAR).json()

    assert (data["year"], data["column"], data["province"], data["respondents"]) == (
        2026,
        "reference",
        None,
        3,
    )
    assert data["barriers"][0] == {
        "code": "8.1",
        "text": "Rào cản về chi phí đầu tư, ứng dụng công nghệ",
        "responding": 3,
        "high": 2,
        "share": 66.7,
    }
    assert data["barriers"][3]["share"] is None  # 8.4: nobody answered it
    needs = {n["code"]: (n["ticked"], n["share"]) for n in data["needs"]}
    assert needs["dx_training"] == (2, 66.7)
    assert needs["other"] == (1, 33.3)
    assert data["breakdown"] == "province"
    groups = {g["key"]: g for g in data["groups"]}
    assert set(groups) == {"86", "79"}
    assert groups["86"]["respondents"] == 2
    assert groups["86"]["barriers"][0] == {"code": "8.1", "responding": 2, "high": 1, "share": 50.0}
    assert groups["79"]["needs"][4] == {"code": "dx_training", "ticked": 0, "share": 0.0}


def test_the_same_question_as_the_dashboard_by_sector_in_a_province(client, surveyed):
    data = get(client, surveyed.reviewer, province=86, by="sector", column="self").json()

    assert (data["province"], data["respondents"], data["breakdown"]) == (86, 2, "sector")
    assert {g["key"]: g["respondents"] for g in data["groups"]} == {"C": 1, "G": 1}


def test_an_officer_gets_their_province_by_ward(client, surveyed):
    data = get(client, surveyed.officer, by="ward").json()

    assert (data["province"], data["respondents"]) == (86, 2)
    assert {g["key"] for g in data["groups"]} == {str(surveyed.ward_1.pk), str(surveyed.ward_2.pk)}


def test_an_officer_naming_another_province_gets_a_structured_404(client, surveyed):
    response = get(client, surveyed.officer, province=79)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_officer_of_another_province_never_sees_this_one(
    client, surveyed, other_province_officer
):
    assert get(client, other_province_officer, province=86).status_code == 404
    data = get(client, other_province_officer).json()
    assert (data["province"], data["respondents"], data["groups"]) == (75, 0, [])


def test_a_member_gets_403_with_a_message(client, surveyed):
    member = MembershipFactory(enterprise=surveyed.enterprises[1]).user

    response = get(client, member)

    assert response.status_code == 403
    assert response.json()["error"]["message"].startswith("Chỉ cán bộ Sở và cán bộ Bộ")


def test_a_bad_parameter_is_a_structured_400_naming_it(client, surveyed):
    response = get(client, surveyed.reviewer, year="abc", by="colour")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"year", "by"}


def test_nobody_answered_is_an_empty_answer(client, surveyed):
    data = get(client, surveyed.reviewer, year=2024).json()

    assert (data["respondents"], data["groups"]) == (0, [])
    assert all(b["responding"] == 0 and b["share"] is None for b in data["barriers"])


def test_it_is_documented_in_the_schema(client, surveyed):
    schema = client.get(reverse("schema"), {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/reports/survey/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"year", "province", "by", "sector"}
    assert set(operation["responses"]) == {"200", "400", "403", "404"}


def test_the_query_count_does_not_grow_with_the_data(
    client, surveyed, django_assert_max_num_queries
):
    client.force_login(surveyed.reviewer)
    client.get(URL)
    with django_assert_max_num_queries(16) as few:
        client.get(URL, {"year": YEAR})
    user = UserFactory()
    for i in range(10):
        answer(
            assessed(
                EnterpriseFactory(province=surveyed.hcm, sector_section="CG"[i % 2]),
                YEAR,
                "appraised",
                {Column.MINISTRY: [i % 6] * 6},
                user,
            ),
            {"8.9": 1 + i % 5},
            {"management_software": ""},
            user,
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        data = client.get(URL, {"year": YEAR}).json()

    assert data["respondents"] == 13
