"""Assessments API: visibility, the caller's column, optimistic locking and transitions, with
structured errors."""

import pytest

from assessments.models import Assessment

from ..factories import AssessmentFactory, UserFactory
from .sme_reference import ALL_CODES

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(assessment, owner, province_officer):
    """The shared cast (tests/cast.py): a draft, its owner, a province officer who approves."""
    return assessment, owner.user, province_officer


def put(client, assessment, code, **body):
    return client.put(
        f"/api/v1/assessments/{assessment.pk}/ratings/{code}/",
        {"column": "self", "version": 0, **body},
        content_type="application/json",
    )


def test_a_member_writes_the_self_column_and_reads_the_result(client, setup):
    assessment, owner, _ = setup
    client.force_login(owner)

    saved = put(client, assessment, "2.1.1", level=3)

    assert saved.status_code == 200
    assert (saved.json()["level"], saved.json()["version"]) == (3, 1)
    detail = client.get(f"/api/v1/assessments/{assessment.pk}/").json()
    self_result = next(r for r in detail["results"] if r["column"] == "self")
    assert self_result["total"] == 15
    assert {"code": "2", "points": 15, "level": 3} in self_result["pillars"]
    ratings = client.get(f"/api/v1/assessments/{assessment.pk}/ratings/?column=self").json()
    assert [(r["criterion"], r["level"]) for r in ratings] == [("2.1.1", 3)]


def test_a_stale_version_is_a_409(client, setup):
    assessment, owner, _ = setup
    client.force_login(owner)
    put(client, assessment, "1.1.1", level=2)

    response = put(client, assessment, "1.1.1", level=4, version=0)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "stale"


def test_the_wrong_column_is_a_403_and_a_bad_level_a_400(client, setup):
    assessment, owner, officer = setup
    client.force_login(officer)
    assert put(client, assessment, "1.1.1", level=2).status_code == 403
    client.force_login(owner)
    response = put(client, assessment, "1.1.1", level=11)
    assert response.status_code == 400
    assert "level" in response.json()["error"]["fields"]


def test_submission_lists_missing_criteria_then_succeeds(client, setup):
    assessment, owner, _ = setup
    client.force_login(owner)
    url = f"/api/v1/assessments/{assessment.pk}/transitions/"

    early = client.post(url, {"name": "submit"}, content_type="application/json")
    assert early.status_code == 409
    assert early.json()["error"]["fields"]["missing"] == ALL_CODES

    for code in ALL_CODES:
        put(client, assessment, code, level=1)
    done = client.post(url, {"name": "submit"}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["state"] == "submitted"


def test_the_officer_returns_with_a_comment_through_the_api(client, setup):
    assessment, _owner, officer = setup
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    client.force_login(officer)
    url = f"/api/v1/assessments/{assessment.pk}/transitions/"

    response = client.post(
        url, {"name": "return", "comment": "Thiếu minh chứng"}, content_type="application/json"
    )

    assert response.status_code == 200
    assert response.json()["state"] == "returned"


@pytest.mark.parametrize("path", ["", "ratings/", "transitions/"])
def test_strangers_get_404(client, setup, path):
    assessment, _owner, _officer = setup
    client.force_login(UserFactory())
    url = f"/api/v1/assessments/{assessment.pk}/{path}"
    response = (
        client.post(url, {"name": "submit"}, content_type="application/json")
        if path == "transitions/"
        else client.get(url)
    )
    assert response.status_code == 404


def test_the_list_shows_only_visible_assessments(client, setup):
    assessment, owner, _ = setup
    AssessmentFactory()  # someone else's
    client.force_login(owner)
    ids = [a["id"] for a in client.get("/api/v1/assessments/").json()["results"]]
    assert ids == [assessment.pk]
