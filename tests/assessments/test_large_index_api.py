"""The large-enterprise index through the HTTP API alone: the enterprise lists its departments,
answers every cell of its column (one criterion not relevant to one department), reads its
percent and level, and submits; the province and the ministry take their steps and a ministry
issuer certifies. Wrong callers are refused with structured errors and nothing changes.

"Kinh doanh" at 100 % everywhere and "Kế toán" at 50 % everywhere give (100 + 50) / 2 = 75 %,
level 4; "Kế toán" marking one criterion not relevant keeps its average at 50 %."""

import pytest

from assessments.models import DepartmentRating

from ..factories import EnterpriseFactory, MembershipFactory
from .api_chain import review_and_certify
from .large_index import criterion_codes, large_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(owner):
    return large_assessment(owner)


def url(assessment, tail=""):
    return f"/api/v1/assessments/{assessment.pk}/departments/{tail}"


def add(client, assessment, name):
    return client.post(url(assessment), {"name": name}, content_type="application/json")


def cell(client, assessment, department, code, **body):
    return client.put(
        url(assessment, f"{department}/ratings/{code}/"),
        {"column": "self", "version": 0, **body},
        content_type="application/json",
    )


def answer_all(client, assessment, departments):
    codes = criterion_codes(assessment.framework)
    for name, department in departments.items():
        for code in codes:
            percent = None if (name, code) == ("Kế toán", codes[0]) else PERCENTS[name]
            saved = cell(client, assessment, department, code, percent=percent)
            assert saved.status_code == 200, saved.json()


PERCENTS = {"Kinh doanh": 100, "Kế toán": 50}


def test_departments_are_listed_named_nfc_and_unique(client, started, owner):
    client.force_login(owner.user)

    first = add(client, started, "  Kinh   doanh ")
    decomposed = add(client, started, "Ke\u0302\u0301 toa\u0301n")  # "Kế toán", combining marks
    again = add(client, started, "kinh doanh")

    assert (first.status_code, first.json()["name"]) == (201, "Kinh doanh")
    assert decomposed.json()["name"] == "Kế toán"
    assert again.status_code == 409
    assert again.json()["error"]["message"]
    listing = client.get(url(started)).json()
    assert [d["name"] for d in listing["departments"]] == ["Kinh doanh", "Kế toán"]
    assert listing["answers"] == {"Kinh doanh": {}, "Kế toán": {}}


def test_a_cell_is_versioned_and_a_bad_percent_is_refused(client, started, owner):
    client.force_login(owner.user)
    department = add(client, started, "Kinh doanh").json()["id"]
    code = criterion_codes(started.framework)[0]

    saved = cell(client, started, department, code, percent=40)
    stale = cell(client, started, department, code, percent=60, version=0)
    too_much = cell(client, started, department, code, percent=101, version=1)

    assert (saved.status_code, saved.json()["version"], saved.json()["percent"]) == (200, 1, 40)
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale"
    assert too_much.status_code == 400
    assert "percent" in too_much.json()["error"]["fields"]
    stored = client.get(url(started)).json()["answers"]["Kinh doanh"][code]
    assert stored == {"percent": 40, "version": 1}


def test_strangers_and_the_wrong_roles_are_refused_and_nothing_changes(
    client, started, owner, province_officer, other_province_officer
):
    client.force_login(owner.user)
    department = add(client, started, "Kinh doanh").json()["id"]
    code = criterion_codes(started.framework)[0]
    stranger = MembershipFactory(enterprise=EnterpriseFactory()).user

    for user in (stranger, other_province_officer):
        client.force_login(user)
        assert client.get(url(started)).status_code == 404
        assert add(client, started, "Nhân sự").status_code == 404
        assert cell(client, started, department, code, percent=10).status_code == 404
    client.force_login(province_officer)
    assert add(client, started, "Nhân sự").status_code == 403
    assert cell(client, started, department, code, percent=10).status_code == 403
    delete = client.delete(url(started, f"{department}/"))
    assert delete.status_code == 403

    assert list(started.departments.values_list("name", flat=True)) == ["Kinh doanh"]
    assert not DepartmentRating.objects.filter(assessment=started).exists()


def test_the_whole_chain_through_the_api(
    client, started, owner, province_officer, ministry_reviewer
):
    client.force_login(owner.user)
    departments = {name: add(client, started, name).json()["id"] for name in PERCENTS}
    answer_all(client, started, departments)

    detail = client.get(f"/api/v1/assessments/{started.pk}/").json()
    own = next(r for r in detail["results"] if r["column"] == "self")
    assert (own["unit"], own["score"], own["level"]) == ("percent", 75.0, 4)
    issued = review_and_certify(
        client,
        started,
        owner_user=owner.user,
        province_officer=province_officer,
        ministry_reviewer=ministry_reviewer,
    )

    assert issued.status_code in (200, 201), issued.json()
    assert (issued.json()["framework_code"], issued.json()["overall_level"]) == (
        "dbi-large-2023",
        4,
    )
