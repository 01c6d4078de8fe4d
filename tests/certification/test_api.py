"""Certificates API: public, throttled verification and search; issue and revoke for ministry
issuers only (403 for other roles, 404 for strangers, 409 for the wrong state)."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from certification.models import Certificate
from certification.services import certificate_issue

from .conftest import appraised_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    cache.clear()  # throttling counts live in the cache
    return APIClient()


@pytest.fixture
def certificate(appraised, issuer):
    return certificate_issue(assessment_id=appraised.pk, user=issuer)


def test_anyone_verifies_a_code(api, certificate):
    response = api.get(f"/api/v1/certificates/verify/{certificate.verification_code}/")

    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "found"
    assert body["certificate"]["number"] == certificate.number
    assert body["certificate"]["status"] == "valid"
    assert body["certificate"]["overall_level"] == 3
    assert [p["level"] for p in body["certificate"]["pillars"]] == [3] * 6
    assert body["certificate"]["verification_url"].endswith(
        f"/chung-nhan/{certificate.verification_code}/"
    )


def test_an_unknown_code_is_a_404_that_says_so(api, sme_framework):
    response = api.get("/api/v1/certificates/verify/AAAAAAAAAAAAAAAA/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown"


def test_a_tampered_record_is_a_404_that_says_so(api, certificate):
    Certificate.objects.filter(pk=certificate.pk).update(total_points=300)

    response = api.get(f"/api/v1/certificates/verify/{certificate.verification_code}/")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "tampered"


def test_verification_is_throttled(api, certificate, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "certificates": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    url = f"/api/v1/certificates/verify/{certificate.verification_code}/"

    statuses = [api.get(url).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_search_by_tax_code(api, certificate):
    response = api.get("/api/v1/certificates/", {"tax_code": certificate.tax_code})

    assert response.status_code == 200
    assert [c["number"] for c in response.json()["results"]] == [certificate.number]


def test_search_needs_a_number_or_tax_code(api, certificate):
    response = api.get("/api/v1/certificates/")

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"number", "tax_code"}


def test_an_issuer_issues_and_revokes(api, appraised, issuer):
    api.force_authenticate(issuer)

    issued = api.post(f"/api/v1/assessments/{appraised.pk}/certificate/")
    assert issued.status_code == 201
    number = issued.json()["number"]

    missing = api.post(f"/api/v1/certificates/{issued.json()['id']}/revoke/", {"reason": ""})
    assert missing.status_code == 400
    assert "reason" in missing.json()["error"]["fields"]

    revoked = api.post(
        f"/api/v1/certificates/{issued.json()['id']}/revoke/", {"reason": "Sai số liệu"}
    )
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    assert revoked.json()["revocation_reason"] == "Sai số liệu"
    assert Certificate.objects.get(number=number).status == "revoked"


def test_issuing_a_not_appraised_assessment_is_a_conflict(api, signer, issuer):
    assessment = appraised_assessment()
    assessment.state = "ministry_appraisal"
    assessment.save()
    api.force_authenticate(issuer)

    response = api.post(f"/api/v1/assessments/{assessment.pk}/certificate/")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "not_appraised"


@pytest.mark.parametrize("role", ["member", "consultant", "officer", "appraiser"])
def test_other_roles_are_refused_with_403(api, appraised, certificate, people, role):
    api.force_authenticate(people[role])

    issue = api.post(f"/api/v1/assessments/{appraised.pk}/certificate/")
    revoke = api.post(f"/api/v1/certificates/{certificate.pk}/revoke/", {"reason": "Sai"})

    assert (issue.status_code, revoke.status_code) == (403, 403)
    assert issue.json()["error"]["code"] == "not_issuer"
    assert Certificate.objects.get().status == "valid"


def test_strangers_get_404(api, appraised, certificate, people):
    api.force_authenticate(people["stranger"])

    assert api.post(f"/api/v1/assessments/{appraised.pk}/certificate/").status_code == 404
    assert (
        api.post(f"/api/v1/certificates/{certificate.pk}/revoke/", {"reason": "x"}).status_code
        == 404
    )


def test_anonymous_callers_cannot_issue(api, appraised):
    assert api.post(f"/api/v1/assessments/{appraised.pk}/certificate/").status_code == 403


def test_the_schema_validates(tmp_path):
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    schema = (tmp_path / "schema.yml").read_text()
    assert "/api/v1/certificates/verify/{code}/" in schema
    assert "/api/v1/assessments/{id}/certificate/" in schema
