"""One certificate per request, however often it is sent: an issue or re-issue request names the
valid certificate it saw (none for a first issue); sent again — a double click, a retried API
call, two tabs — it answers with the certificate the first one issued and issues nothing."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from certification.models import Certificate
from certification.services import certificate_issue, certificate_revoke

from .conftest import appraised_assessment
from .test_concurrency import run_together

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)


@pytest.fixture
def api():
    cache.clear()  # throttling counts live in the cache
    return APIClient()


def issue_url(assessment) -> str:
    return f"/assessments/{assessment.pk}/certificate/issue/"


def api_url(assessment) -> str:
    return f"/api/v1/assessments/{assessment.pk}/certificate/"


def seen_on_the_confirm_page(client, assessment) -> str:
    """The value of the hidden field the confirm page sends with its "Xác nhận"."""
    html = client.get(issue_url(assessment)).content.decode()
    start = html.index('name="replaces" value="') + len('name="replaces" value="')
    return html[start : html.index('"', start)]


def test_the_confirm_form_sent_twice_issues_one_certificate(client, appraised, issuer):
    client.force_login(issuer)
    seen = seen_on_the_confirm_page(client, appraised)

    first = client.post(issue_url(appraised), {"replaces": seen}, follow=True)
    again = client.post(issue_url(appraised), {"replaces": seen}, follow=True)

    certificate = Certificate.objects.get(assessment=appraised)
    assert certificate.status == "valid"
    assert f"Đã cấp chứng nhận số {certificate.number}." in first.content.decode()
    html = again.content.decode()
    assert again.redirect_chain[-1][0] == f"/assessments/{appraised.pk}/certificate/"
    assert f"chứng nhận số {certificate.number} đã được cấp" in html
    assert "không cấp thêm chứng nhận nào" in html


def test_a_re_issue_sent_twice_replaces_the_certificate_once(client, appraised, issuer):
    old = certificate_issue(assessment_id=appraised.pk, user=issuer)
    client.force_login(issuer)
    seen = seen_on_the_confirm_page(client, appraised)
    assert seen == str(old.pk)

    client.post(issue_url(appraised), {"replaces": seen})
    client.post(issue_url(appraised), {"replaces": seen})

    statuses = list(
        Certificate.objects.filter(assessment=appraised).order_by("pk").values_list("status")
    )
    assert statuses == [("replaced",), ("valid",)]


def test_the_api_answers_a_repeated_issue_with_the_certificate_it_issued(api, appraised, issuer):
    api.force_authenticate(issuer)

    first = api.post(api_url(appraised), {"replaces": None}, format="json")
    again = api.post(api_url(appraised), {"replaces": None}, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"]
    assert Certificate.objects.filter(assessment=appraised).count() == 1


def test_the_api_re_issues_once_for_the_certificate_seen(api, appraised, issuer):
    old = certificate_issue(assessment_id=appraised.pk, user=issuer)
    api.force_authenticate(issuer)

    first = api.post(api_url(appraised), {"replaces": old.pk}, format="json")
    again = api.post(api_url(appraised), {"replaces": old.pk}, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["number"] == again.json()["number"] != old.number
    assert Certificate.objects.filter(assessment=appraised).count() == 2


def test_re_issuing_a_certificate_revoked_since_it_was_seen_is_refused(api, appraised, issuer):
    old = certificate_issue(assessment_id=appraised.pk, user=issuer)
    certificate_revoke(certificate_id=old.pk, user=issuer, reason="Sai số liệu")
    api.force_authenticate(issuer)

    response = api.post(api_url(appraised), {"replaces": old.pk}, format="json")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "changed_since_seen"
    assert Certificate.objects.filter(assessment=appraised).count() == 1


def test_a_replaces_that_is_not_an_id_is_a_400_under_its_field(api, appraised, issuer):
    api.force_authenticate(issuer)

    response = api.post(api_url(appraised), {"replaces": "abc"}, format="json")

    assert response.status_code == 400
    assert "replaces" in response.json()["error"]["fields"]
    assert not Certificate.objects.exists()


def test_only_issuers_hear_about_an_applied_request(api, appraised, issuer, people):
    certificate_issue(assessment_id=appraised.pk, user=issuer)
    api.force_authenticate(people["officer"])

    response = api.post(api_url(appraised), {"replaces": None}, format="json")

    assert response.status_code == 403


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("replaces", ["none", "old"])
def test_two_concurrent_api_requests_issue_one_certificate(sme_framework, signer, issuer, replaces):
    assessment = appraised_assessment()
    seen = None
    if replaces == "old":
        seen = certificate_issue(assessment_id=assessment.pk, user=issuer).pk
    answers: list[int] = []

    def send(_):
        api = APIClient()
        api.force_authenticate(issuer)
        response = api.post(api_url(assessment), {"replaces": seen}, format="json")
        answers.append(response.status_code)

    outcomes = run_together(send, range(2))

    assert outcomes == [None, None]
    assert sorted(answers) == [200, 201]
    valid = Certificate.objects.filter(assessment=assessment, status="valid")
    assert valid.count() == 1
    assert Certificate.objects.filter(assessment=assessment).count() == (1 if seen is None else 2)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_confirm_pages_issue_one_certificate(sme_framework, signer, issuer):
    assessment = appraised_assessment()

    def send(_):
        client = Client()
        client.force_login(issuer)
        client.post(issue_url(assessment), {"replaces": ""})

    assert run_together(send, range(2)) == [None, None]
    assert Certificate.objects.filter(assessment=assessment).count() == 1
