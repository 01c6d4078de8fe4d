"""Every page answers with the Content-Security-Policy (no inline script or style, no eval, nothing
may frame it), a Permissions-Policy switching off the browser features no page uses, and
Django's Referrer-Policy, Cross-Origin-Opener-Policy and nosniff headers; and what each page
sends contains no inline code the policy would block (including what Django's admin and
drf-spectacular's Swagger UI render)."""

import pytest

from .factories import (
    MinistryReviewerFactory,
    UserFactory,
)
from .test_templates_csp import inline_code

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return dict(parts)


def assert_safe_page(response) -> None:
    assert response["Content-Type"].startswith("text/html")
    header = response["Content-Security-Policy"]
    assert directives(header) == POLICY
    assert "unsafe" not in header  # neither 'unsafe-inline' nor 'unsafe-eval'
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert inline_code(response.content.decode()) == []


@pytest.fixture
def people(sme_framework, assessment, owner, province_assessor):
    """The shared cast (tests/cast.py), an issuing reviewer and an administrator."""
    return {
        "owner": owner.user,
        "officer": province_assessor,
        "reviewer": MinistryReviewerFactory(can_issue=True).user,
        "admin": UserFactory(is_staff=True, is_superuser=True),
        "enterprise": owner.enterprise.pk,
        "assessment": assessment.pk,
        "framework": sme_framework.pk,
    }


ANONYMOUS_PAGES = [
    "/",
    "/calculator/dbi-sme-2021/",
    "/chung-nhan/",
    "/vinh-danh/",
    "/reports/rankings/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/api/docs/",
]


@pytest.mark.parametrize("url", ANONYMOUS_PAGES)
def test_public_pages_carry_the_policy_and_no_inline_code(client, sme_framework, url):
    response = client.get(url)

    assert response.status_code == 200
    assert_safe_page(response)


@pytest.mark.parametrize("url", ["/no-such-page/", "/chung-nhan/KHONG-CO-MA/"])
def test_a_missing_page_carries_the_policy_too(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert_safe_page(response)


SIGNED_IN_PAGES = [
    ("owner", "/me/"),
    ("owner", "/inbox/"),
    ("owner", "/enterprises/"),
    ("owner", "/enterprises/{enterprise}/"),
    ("owner", "/enterprises/{enterprise}/edit/"),
    ("owner", "/enterprises/{enterprise}/results/"),
    ("owner", "/assessments/{assessment}/"),
    ("owner", "/assessments/{assessment}/evidence/1.1.1/"),
    ("owner", "/assessments/{assessment}/compare/"),
    ("owner", "/assessments/{assessment}/history/"),
    ("owner", "/assessments/{assessment}/certificate/"),
    ("owner", "/accounts/password_change/"),
    ("owner", "/accounts/two-factor/"),
    ("owner", "/accounts/two-factor/setup/"),
    ("officer", "/accounts/two-factor/setup/"),
    ("officer", "/enterprises/import/"),
    ("officer", "/reports/provinces/86/"),
    ("reviewer", "/reports/"),
    ("reviewer", "/reports/targets/"),
    ("reviewer", "/certificates/batch/"),
    ("admin", "/admin/"),
    ("admin", "/admin/enterprises/enterprise/"),
    ("admin", "/admin/enterprises/enterprise/{enterprise}/change/"),
    ("admin", "/admin/enterprises/user/add/"),
    ("admin", "/admin/assessments/criterion/"),
    ("admin", "/admin/assessments/framework/{framework}/change/"),
]


@pytest.mark.parametrize(("who", "url"), SIGNED_IN_PAGES)
def test_signed_in_pages_carry_the_policy_and_no_inline_code(client, people, who, url):
    client.force_login(people[who])

    response = client.get(url.format(**people))

    assert response.status_code == 200
    assert_safe_page(response)


def test_swagger_ui_gets_its_start_up_script_as_a_file(client):
    page = client.get("/api/docs/").content.decode()
    assert 'src="/api/docs/?script="' in page

    script = client.get("/api/docs/?script=")

    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()


def test_api_and_file_responses_carry_the_headers_too(client, sme_framework):
    response = client.get("/api/v1/frameworks/")

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
