"""The second factor (issue 10 item 5), with the rule on (``second_factor_on``) and the real
login wizard: the codes are computed here from the device's key, as an authenticator app does.

Expectations, by hand:

* a TOTP code is HMAC-SHA1 of the 30-second step number under the device key, 6 digits
  (RFC 6238); django-otp accepts the step before and after (tolerance 1) and never the same step
  twice on one device, so a second login in these tests uses the next step's code;
* province officers, ministry reviewers and administrators (``is_staff``/``is_superuser``) reach
  no portal page and no API endpoint until their session has passed the second factor: pages
  answer 302 to the setup wizard (no device yet) or to the login (a device exists), the API
  answers 403 ``{"error": {"code": "second_factor_required", …}}`` in the caller's language;
* enterprises and consultants sign in with the password alone unless they turned the second
  factor on (a link on /me/), after which the login asks them for the code too;
* a backup code works once; five wrong passwords still lock the login (django-axes).
"""

from __future__ import annotations

import base64
import re
from binascii import unhexlify
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.permissions import AllowAny

from demo.people import DEMO_BACKUP_CODES, DEMO_TOTP_KEY
from enterprises.models import User
from enterprises.second_factor import OPEN_VIEWS

from ..factories import (
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_on")]

PASSWORD = "correct horse battery staple"  # UserFactory's
LOGIN = "/accounts/login/"
SETUP = "/accounts/two-factor/setup/"
STEP = "login_view-current_step"  # the login wizard's step field
HOME_QUERIES = 10 + 1 + 1  # test_views_accounts.py's, + "must this person use 2FA?" + a member's
# assessments (the work queue of /me/, tests/worklist/test_home.py)


def text(response) -> str:
    return " ".join(response.content.decode().split())


def code(key_hex: str, *, later: int = 0) -> str:
    """The code an authenticator app shows now (``later`` steps of 30 s ahead)."""
    return f"{totp(unhexlify(key_hex), step=30, t0=0, digits=6, drift=later):06d}"


def password_step(client, email: str, password: str = PASSWORD, **extra):
    return client.post(
        LOGIN, {STEP: "auth", "username": email, "password": password, "next": ""}, **extra
    )


def code_step(client, token: str):
    return client.post(LOGIN, {STEP: "token", "token-otp_token": token})


def backup_step(client, token: str):
    client.post(LOGIN, {STEP: "token", "wizard_goto_step": "backup"})
    return client.post(LOGIN, {STEP: "backup", "backup-otp_token": token})


def with_device(user, *, backup_codes=()) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    if backup_codes:
        static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
        for token in backup_codes:
            StaticToken.objects.create(device=static, token=token)
    return device


def api_error(response) -> dict:
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    return response.json()["error"]


@pytest.fixture
def officer():
    return ProvinceOfficerFactory(user__email="so.vl@example.vn").user


# --- a staff member without a second factor yet --------------------------------------------------


def test_an_officer_with_only_the_password_is_sent_to_set_up_the_second_factor(client, officer):
    response = password_step(client, "so.vl@example.vn")
    assert response.status_code == 302  # the password was right: signed in, not yet verified

    home = client.get("/me/")
    assert home.status_code == 302
    assert home["Location"] == SETUP
    setup = client.get(SETUP)
    assert setup.status_code == 200
    assert "Bật xác thực hai lớp" in text(setup)
    assert "hãy bật xác thực hai lớp để tiếp tục làm việc" in text(setup)
    for staff_page in ("/enterprises/", "/enterprises/import/", "/reports/"):
        assert client.get(staff_page)["Location"] == SETUP, staff_page


def test_the_api_refuses_an_unverified_officer_with_a_structured_403(client, officer):
    password_step(client, "so.vl@example.vn")

    error = api_error(client.get("/api/v1/enterprises/"))

    assert error["code"] == "second_factor_required"
    assert "phải xác thực hai lớp" in error["message"]
    assert error["fields"] == {}
    english = api_error(client.get("/api/v1/enterprises/", HTTP_ACCEPT_LANGUAGE="en"))
    assert "two-factor" in english["message"]


def test_an_htmx_request_of_an_unverified_officer_is_sent_to_the_setup_page(client, officer):
    client.force_login(officer)

    response = client.get("/enterprises/", HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"] == SETUP


def test_an_officer_sets_up_totp_then_signs_in_with_password_and_code(client, officer):
    password_step(client, "so.vl@example.vn")
    page = text(client.post(SETUP, {"setup_view-current_step": "welcome"}))
    secret = re.search(r'data-testid="secret-key">([A-Z2-7]+)<', page).group(1)
    key_hex = base64.b32decode(secret).hex()
    assert 'src="/accounts/two-factor/qrcode/"' in page
    assert client.get("/accounts/two-factor/qrcode/")["Content-Type"].startswith("image/svg+xml")

    wrong = client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": "1"})
    assert "Mã xác thực không đúng" in text(wrong)
    done = client.post(
        SETUP, {"setup_view-current_step": "generator", "generator-token": code(key_hex)}
    )
    assert done.status_code == 302
    assert done["Location"] == "/accounts/two-factor/setup/complete/"
    assert TOTPDevice.objects.get(user=officer, confirmed=True).key == key_hex
    assert client.get("/me/").status_code == 200  # the setup verified this session
    assert client.get("/api/v1/enterprises/").status_code == 200

    client.post("/accounts/logout/")
    token_page = password_step(client, "so.vl@example.vn")
    assert token_page.status_code == 200
    assert "Nhập mã xác thực" in text(token_page)
    assert client.get("/me/")["Location"].startswith(LOGIN)  # the password alone is not enough
    signed_in = code_step(client, code(key_hex, later=1))  # the setup used this step's code
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/me/"
    assert client.get("/me/").status_code == 200
    assert client.get("/enterprises/").status_code == 200


def test_a_backup_code_signs_in_once(client, officer):
    with_device(officer, backup_codes=["abcd2345", "efgh6789"])
    password_step(client, "so.vl@example.vn")

    response = backup_step(client, "abcd2345")

    assert response.status_code == 302
    assert client.get("/me/").status_code == 200
    client.post("/accounts/logout/")
    password_step(client, "so.vl@example.vn")
    again = backup_step(client, "abcd2345")
    assert again.status_code == 200
    assert "Mã xác thực không đúng hoặc đã dùng" in text(again)
    assert client.get("/me/")["Location"].startswith(LOGIN)
    assert list(StaticToken.objects.values_list("token", flat=True)) == ["efgh6789"]


def test_the_backup_codes_page_makes_ten_new_codes_for_a_verified_officer(client, officer):
    device = with_device(officer)
    password_step(client, "so.vl@example.vn")
    code_step(client, code(device.key))

    client.post("/accounts/two-factor/backup-codes/")

    page = client.get("/accounts/two-factor/backup-codes/")
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", page.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))


def test_an_officer_with_a_device_but_an_unverified_session_is_asked_for_the_code(client, officer):
    with_device(officer)
    client.force_login(officer)  # e.g. a session from before the device was confirmed

    response = client.get("/enterprises/?q=x")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fenterprises%2F%3Fq%3Dx"
    error = api_error(client.get("/api/v1/enterprises/"))
    assert "mật khẩu và mã xác thực" in error["message"]


def test_a_wrong_code_is_refused_and_leaves_the_session_unverified(client, officer):
    device = with_device(officer)
    password_step(client, "so.vl@example.vn")

    response = code_step(client, "000000" if code(device.key) != "000000" else "111111")

    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã dùng" in text(response)
    assert client.get("/me/")["Location"].startswith(LOGIN)


def test_a_wrong_code_makes_the_device_wait_before_the_next_one(client, officer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # django-otp: 60 s × 2^(failures - 1), not 1 s
    device = with_device(officer)
    password_step(client, "so.vl@example.vn")
    code_step(client, "000000" if code(device.key) != "000000" else "111111")

    response = code_step(client, code(device.key))

    assert response.status_code == 200  # the right code, but too soon after a wrong one
    assert "Tạm ngừng xác thực sau 1 lần nhập sai mã" in text(response)
    assert client.get("/me/")["Location"].startswith(LOGIN)


@pytest.mark.parametrize("role", ["reviewer", "superuser", "is_staff"])
def test_every_staff_role_needs_the_second_factor(client, role):
    user = {
        "reviewer": lambda: MinistryReviewerFactory().user,
        "superuser": lambda: UserFactory(is_superuser=True, is_staff=True),
        "is_staff": lambda: UserFactory(is_staff=True),
    }[role]()
    client.force_login(user)

    assert client.get("/me/")["Location"] == SETUP
    assert api_error(client.get("/api/v1/assessments/"))["code"] == "second_factor_required"


# --- every address, and the ones left open -----------------------------------------------------

SAMPLE = {"IntConverter": "1"}  # any other converter takes "x"


def walk(resolver: URLResolver, namespace: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(
                pattern, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def named_urls() -> dict[str, str]:
    urls = {}
    for name, pattern in walk(get_resolver()):
        if not isinstance(pattern.pattern, RoutePattern):
            continue  # the admin's per-app regex pages; its other pages are walked
        converters = pattern.pattern.converters
        kwargs = {key: SAMPLE.get(type(c).__name__, "x") for key, c in converters.items()}
        urls.setdefault(name, reverse(name, kwargs=kwargs))
    return urls


URLS = named_urls()
PUBLIC = {
    "calculator",
    "calculator-framework",
    "certificate-search",
    "certificate-verify",
    "honour-list",
    "rankings",
    "schema",
    "swagger-ui",
    "api:framework-list",
    "api:framework-detail",
    "api:certificate-verify",
    "api:certificate-list",
}


def test_every_api_open_to_anyone_is_open_to_an_unverified_officer():
    # The allowlist follows the API's own permissions, so a new public endpoint cannot be
    # left refusing staff who have not yet passed their second factor.
    public_apis = {
        name
        for name, pattern in walk(get_resolver())
        if (view_class := getattr(pattern.callback, "view_class", None))
        and hasattr(view_class, "permission_classes")
        and all(p is AllowAny for p in view_class.permission_classes)
    }
    assert public_apis
    assert public_apis <= OPEN_VIEWS


@pytest.mark.parametrize("name", sorted(set(URLS) - OPEN_VIEWS))
def test_no_address_outside_the_open_ones_serves_an_unverified_officer(client, officer, name):
    client.force_login(officer)

    response = client.get(URLS[name])

    if URLS[name].startswith("/api/"):
        assert api_error(response)["code"] == "second_factor_required"
    else:
        assert response.status_code == 302
        assert response["Location"] == SETUP


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_the_public_pages_left_open_are_open_to_anyone(client, name):
    """The allowlist holds no staff page: what it opens, a visitor may see anyway."""
    assert name in OPEN_VIEWS
    response = client.get(URLS[name])

    assert response.status_code not in (302, 401, 403), response.status_code


def test_a_form_posted_by_an_unverified_officer_changes_nothing(client, officer):
    client.force_login(officer)

    response = client.post(
        "/staff/invite/", {"email": "x@example.vn", "unit": "ministry", "can_appraise": "on"}
    )

    assert response["Location"] == SETUP
    assert not User.objects.filter(email="x@example.vn").exists()


def test_the_unverified_officer_can_still_leave_switch_language_and_read_public_pages(
    client, officer
):
    client.force_login(officer)

    assert client.get("/").status_code == 200
    assert client.get("/vinh-danh/").status_code == 200
    assert client.get("/healthz/").status_code in (200, 503)
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


# --- the admin -----------------------------------------------------------------------------------


def test_the_admin_requires_the_second_factor(client):
    admin = UserFactory(email="qt@example.vn", is_superuser=True, is_staff=True)
    device = with_device(admin)
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == "/accounts/login/?next=%2Fadmin%2F"

    password_step(client, "qt@example.vn")
    code_step(client, code(device.key))

    assert client.get("/admin/").status_code == 200


def test_the_admin_site_itself_refuses_an_unverified_superuser(client, settings):
    """Even without the middleware the admin site asks for the second factor, and its login page
    is the portal's login wizard."""
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "enterprises.second_factor.SecondFactorMiddleware"
    ]
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[0][0] == "/admin/login/?next=/admin/"
    assert response.redirect_chain[-1][0].startswith(LOGIN)


# --- enterprises and consultants -----------------------------------------------------------------


def test_an_enterprise_member_signs_in_with_the_password_alone(
    client, django_assert_max_num_queries
):
    MembershipFactory(user__email="dn@example.vn")

    response = password_step(client, "dn@example.vn")

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    with django_assert_max_num_queries(HOME_QUERIES):
        home = client.get("/me/")
    assert home.status_code == 200
    assert client.get("/api/v1/enterprises/").status_code == 200


def test_an_enterprise_member_may_opt_in_from_their_page(client):
    member = MembershipFactory(user__email="dn@example.vn").user
    password_step(client, "dn@example.vn")
    home = text(client.get("/me/"))
    assert 'href="/accounts/two-factor/"' in home
    profile = text(client.get("/accounts/two-factor/"))
    assert "Chưa bật" in profile

    generator = client.post(SETUP, {"setup_view-current_step": "welcome"})
    secret = re.search(r'data-testid="secret-key">([A-Z2-7]+)<', generator.content.decode())
    key_hex = base64.b32decode(secret.group(1)).hex()
    client.post(SETUP, {"setup_view-current_step": "generator", "generator-token": code(key_hex)})
    assert "Đang bật" in text(client.get("/accounts/two-factor/"))

    client.post("/accounts/logout/")
    assert password_step(client, "dn@example.vn").status_code == 200  # now the code is asked
    assert client.get("/me/")["Location"].startswith(LOGIN)
    code_step(client, code(key_hex, later=1))
    assert client.get("/me/").status_code == 200
    assert TOTPDevice.objects.filter(user=member).count() == 1


def test_an_enterprise_member_may_turn_the_second_factor_off_again(client):
    member = MembershipFactory(user__email="dn@example.vn").user
    device = with_device(member)
    password_step(client, "dn@example.vn")
    code_step(client, code(device.key))

    response = client.post("/accounts/two-factor/disable/", {"understand": "on"})

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=member).exists()
    client.post("/accounts/logout/")
    assert password_step(client, "dn@example.vn").status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/two-factor/",
        "/accounts/two-factor/setup/",
        "/accounts/two-factor/qrcode/",
        "/accounts/two-factor/backup-codes/",
        "/accounts/two-factor/disable/",  # django-two-factor-auth sends it to /me/ first
    ],
)
def test_the_second_factor_pages_are_for_signed_in_people(client, url):
    response = client.get(url, follow=True)

    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "<h1>Đăng nhập</h1>" in text(response)


def test_backup_codes_and_disabling_need_a_verified_session(client, officer):
    with_device(officer, backup_codes=["abcd2345"])
    client.force_login(officer)

    for url in ("/accounts/two-factor/backup-codes/", "/accounts/two-factor/disable/"):
        response = client.post(url, {"understand": "on"})
        assert response.status_code == 302, url
    assert TOTPDevice.objects.filter(user=officer).exists()
    assert StaticToken.objects.filter(token="abcd2345").exists()


# --- the login page, django-axes ------------------------------------------------------------------


def test_opening_the_login_page_stores_no_session_for_a_visitor(client):
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert not Session.objects.exists()


def test_five_wrong_passwords_lock_the_login_wizard_even_for_the_right_password(client, officer):
    with_device(officer)
    for _ in range(4):
        assert password_step(client, "so.vl@example.vn", "wrong").status_code == 200
    assert password_step(client, "so.vl@example.vn", "wrong").status_code == 429  # the fifth

    response = password_step(client, "so.vl@example.vn")

    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in text(response)
    assert "Nhập mã xác thực" not in text(response)


# --- the demo -------------------------------------------------------------------------------------


def test_the_demo_staff_sign_in_with_the_key_and_backup_codes_in_the_readme(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    assert f"oathtool --totp -b {DEMO_TOTP_KEY}" in readme
    for backup in DEMO_BACKUP_CODES:
        assert backup in readme
    key_hex = base64.b32decode(DEMO_TOTP_KEY).hex()

    assert password_step(client, "so.vinhlong@dbi.local", "dbi-demo-2026").status_code == 200
    assert code_step(client, code(key_hex))["Location"] == "/me/"
    assert client.get("/enterprises/").status_code == 200
    client.post("/accounts/logout/")
    password_step(client, "bo.thamdinh@dbi.local", "dbi-demo-2026")
    assert backup_step(client, DEMO_BACKUP_CODES[0])["Location"] == "/me/"

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert StaticToken.objects.filter(
        device__user__email="bo.thamdinh@dbi.local", token=DEMO_BACKUP_CODES[0]
    ).exists()  # put back: the demo stays as documented
    assert TOTPDevice.objects.filter(user__email__endswith="@dbi.local").count() == 5
