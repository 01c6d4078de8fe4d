"""Bad input never gives a 500 (issue 10, item 7).

"²" passes ``str.isdigit()`` but not ``int()``; 2**64 parses but fits no database column; a NUL
character cannot be stored or compared by PostgreSQL. Each used to be a 500 somewhere. Now a
page ignores a malformed filter (or says 404 where the value names a thing), the API says 400
naming the parameter, and NUL anywhere is a 400 — in the JSON error format for the API, as the
400 page otherwise. Run with DATABASE_URL on PostgreSQL to see the NUL cases bite; they pass on
SQLite too.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.forms import field_name
from assessments.models import Assessment, Criterion, Rating
from certification.models import Certificate
from demo.seed import demo_seed
from enterprises.models import User

SUPERSCRIPT = "²"  # str.isdigit() is True, int() raises ValueError
TOO_BIG = str(2**64)  # beyond every integer column
BAD_NUMBERS = [SUPERSCRIPT, TOO_BIG]
NUL = "\x00"


@pytest.fixture
def demo(db, sme_framework):
    demo_seed()
    owner = User.objects.get(email="dn.chu@dbi.local")
    draft = Assessment.objects.get(
        enterprise__memberships__user=owner, state=Assessment.State.DRAFT
    )
    return {
        "reviewer": User.objects.get(email="bo.thamdinh@dbi.local"),
        "officer": User.objects.get(email="so.vinhlong@dbi.local"),
        "owner": owner,
        "draft": draft,
        "enterprise": draft.enterprise,
        "certificate": Certificate.objects.order_by("pk").first(),
    }


def _json(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


# The API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_api_number_parameters_are_a_400_naming_the_parameter(client, demo, value):
    client.force_login(demo["reviewer"])
    draft = demo["draft"]
    asked = [
        ("/api/v1/assessments/", "period"),
        ("/api/v1/enterprises/", "province"),
        ("/api/v1/reports/dashboard/", "province"),
        ("/api/v1/reports/dashboard/", "year"),
    ]
    for url, name in asked:
        response = client.get(url, {name: value})
        assert response.status_code == 400, (url, name, response.status_code)
        error = _json(response)["error"]
        assert error["code"] == "invalid"
        assert name in error["fields"], (url, error)
    response = client.get(f"/api/v1/assessments/{draft.pk}/ratings/", {"column": value})
    assert response.status_code == 400
    assert "column" in _json(response)["error"]["fields"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_api_pages_and_paths_out_of_range_are_a_json_404(client, demo, value):
    client.force_login(demo["reviewer"])
    urls = [
        f"/api/v1/frameworks/?page={value}",
        f"/api/v1/assessments/?page={value}",
        f"/api/v1/certificates/?number=DBI&page={value}",
        f"/api/v1/assessments/{value}/",
        f"/api/v1/assessments/{value}/ratings/",
        f"/api/v1/assessments/{value}/comparison/",
        f"/api/v1/enterprises/{value}/",
        f"/api/v1/evidence/{value}/",
        f"/api/v1/frameworks/{value}/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, (url, response.status_code)
        assert _json(response)["error"]["code"] == "not_found", url
    for url in (
        f"/api/v1/assessments/{value}/transitions/",
        f"/api/v1/certificates/{value}/revoke/",
    ):
        response = client.post(url, {}, content_type="application/json")
        assert response.status_code == 404, (url, response.status_code)
        assert _json(response)["error"]["code"] == "not_found", url


def test_api_nul_in_a_query_parameter_or_path_is_a_400(client, demo):
    response = client.get("/api/v1/certificates/", {"number": f"DBI{NUL}", "tax_code": ""})
    assert response.status_code == 400
    error = _json(response)["error"]
    assert error["code"] == "invalid"
    assert error["fields"] == {"number": ["Không được chứa ký tự NUL (0x00)."]}

    response = client.get(f"/api/v1/certificates/verify/AB{NUL}CD/")
    assert response.status_code == 400
    assert "path" in _json(response)["error"]["fields"]

    client.force_login(demo["reviewer"])
    response = client.get("/api/v1/enterprises/", {"q": f"Sông{NUL}"})
    assert response.status_code == 400
    assert "q" in _json(response)["error"]["fields"]


def test_api_nul_in_a_json_or_multipart_body_is_a_400(client, demo):
    client.force_login(demo["owner"])
    draft, code = demo["draft"], Criterion.objects.order_by("position").first().code
    body = {"column": "self", "level": 2, "note": "", "version": 0, f"extra{NUL}": 1}
    response = client.put(
        f"/api/v1/assessments/{draft.pk}/ratings/{code}/",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert _json(response)["error"]["code"] == "invalid"

    upload = SimpleUploadedFile("minh-chung.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = client.post(
        f"/api/v1/assessments/{draft.pk}/evidence/",
        {"criterion": f"{code}{NUL}", "column": "self", "file": upload},
    )
    assert response.status_code == 400
    assert "criterion" in _json(response)["error"]["fields"]
    assert not draft.evidence.exists()


def test_api_errors_speak_the_callers_language(client, demo):
    response = client.get(
        "/api/v1/certificates/", {"number": NUL}, headers={"accept-language": "en"}
    )
    assert _json(response)["error"] == {
        "code": "invalid",
        "message": "The submitted data is invalid.",
        "fields": {"number": ["Must not contain a NUL character (0x00)."]},
    }
    response = client.get("/api/v1/assessments/", headers={"accept-language": "en"})
    assert response.status_code == 403
    assert _json(response)["error"]["message"] == "Sign in to use this operation."
    response = client.get("/api/v1/assessments/")
    assert _json(response)["error"]["message"] == "Hãy đăng nhập để dùng thao tác này."


# Pages --------------------------------------------------------------------------------------


def _pages(demo) -> list[tuple[str, dict, int]]:
    """(url, query, expected status) for every page that reads a number from its query."""
    return [
        (reverse("enterprise-list"), {"province": "{v}", "page": "{v}"}, 200),
        (reverse("ward-options"), {"province": "{v}"}, 200),
        (reverse("dashboard"), {"year": "{v}"}, 200),
        (reverse("dashboard"), {"province": "{v}"}, 404),
        (reverse("rankings"), {"province": "{v}", "page": "{v}"}, 200),
        (reverse("honour-list"), {"level": "{v}", "province": "{v}", "page": "{v}"}, 200),
        (reverse("certificate-search"), {"number": "DBI", "page": "{v}"}, 200),
        (reverse("inbox"), {"page": "{v}"}, 200),
        (reverse("assessment-history", args=[demo["draft"].pk]), {"page": "{v}"}, 200),
        (reverse("accreditation-queue"), {"page": "{v}"}, 200),
    ]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_pages_ignore_a_malformed_number_or_say_404(client, demo, value):
    client.force_login(demo["reviewer"])
    for url, query, expected in _pages(demo):
        response = client.get(url, {k: v.format(v=value) for k, v in query.items()})
        assert response.status_code == expected, (url, query, response.status_code)
    for url in (
        f"/enterprises/{value}/",
        f"/assessments/{value}/",
        f"/reports/provinces/{value}/",
        f"/certificates/{value}/pdf/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_forms_with_a_malformed_number_are_refused_without_a_500(client, demo, value):
    owner, enterprise, draft = demo["owner"], demo["enterprise"], demo["draft"]
    client.force_login(owner)
    response = client.post(reverse("assessment-start", args=[enterprise.pk]), {"period": value})
    assert response.status_code == 404
    response = client.post(
        reverse("honour-preference", args=[enterprise.pk]), {"listed": "yes", "assessment": value}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("enterprise-detail", args=[enterprise.pk])
    # A version that is not a number reads as "not read yet": a stale save, said on the page.
    code = Criterion.objects.order_by("position").first().code
    response = client.post(
        reverse("rating-autosave", args=[draft.pk, code]),
        {field_name(code): "2", f"v-{code}": value},
    )
    assert response.status_code == 200
    client.force_login(demo["reviewer"])
    response = client.post(reverse("certificate-batch-new"), {"assessment": [value]})
    assert response.status_code < 500


def test_pages_answer_nul_with_the_400_page(client, demo):
    for url, query in [
        (reverse("certificate-search"), {"number": NUL}),
        (reverse("certificate-search"), {"tax_code": f"0101{NUL}"}),
        (reverse("honour-list"), {"sector": NUL}),
        (reverse("rankings"), {"province": NUL}),
        (reverse("calculator"), {f"1.1.1{NUL}": "2"}),
    ]:
        response = client.get(url, query)
        assert response.status_code == 400, (url, query)
        assert "Yêu cầu không hợp lệ" in response.content.decode()
    response = client.get(f"/chung-nhan/ABC{NUL}/")
    assert response.status_code == 400

    client.force_login(demo["owner"])
    draft, code = demo["draft"], Criterion.objects.order_by("position").first().code
    response = client.post(
        reverse("rating-autosave", args=[draft.pk, code]),
        {field_name(code): "2", f"n-{code}": f"ghi chú{NUL}", f"v-{code}": "0"},
    )
    assert response.status_code == 400
    assert not Rating.objects.filter(assessment=draft, note__contains="ghi").exists()

    client.force_login(demo["officer"])
    client.cookies["django_language"] = "en"  # chosen with the language selector
    response = client.get(reverse("enterprise-list"), {"q": NUL})
    assert response.status_code == 400
    assert "Must not contain a NUL character (0x00)." in response.content.decode()


# The schema ---------------------------------------------------------------------------------


def test_the_schema_lists_the_errors_every_operation_can_give(client, db):
    schema = json.loads(client.get("/api/schema/?format=json").content)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "400" in responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            for code, response in responses.items():
                if int(code) >= 400:
                    content = response["content"]["application/json"]["schema"]
                    assert content == {"$ref": "#/components/schemas/Error"}, (method, path, code)
    website = schema["components"]["schemas"]["Enterprise"]["properties"]["website"]
    assert "format" not in website  # "" is the website of an enterprise without one
