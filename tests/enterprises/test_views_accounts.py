"""Accounts through the browser's eyes: sign-up with email verification, login and its lockout
(django-axes), password reset, and the sign-in wall around the home page.

Expectations, by hand:

* sign-up leaves the account inactive until the emailed link is opened and the sign-up's password
  typed there (opening the link alone changes nothing); the link's token is Django's reset token
  plus ``is_active`` (enterprises/tokens.py), so once the account is active, or its password
  changed, the same link is refused;
* sign-up answers an address that already has an account exactly as a new one (same page, one
  email) and never changes that account (tests/enterprises/test_account_takeover.py);
* django-axes counts failures per (username, IP): ``AXES_FAILURE_LIMIT`` = 5, so after five wrong
  passwords even the right one is answered with the lockout page, status 429
  (``AXES_HTTP_RESPONSE_CODE``'s default), for 15 minutes; four failures are under the limit,
  so the right password then still signs in. The login takes the email in any letter case, so
  the count must be per person, not per spelling;
* ``LOGIN_URL`` is "login" and ``LOGIN_REDIRECT_URL`` "home", i.e. /accounts/login/ and /me/;
* a person whose link expired is told (verify_failed.html) to use the forgotten-password page;
  signing up again mails them the same set-password link; both must lead to a working account.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from enterprises.models import User

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # UserFactory's
NEW_PASSWORD = "Dua-BenTre-2026!"

# Pinned after measuring on SQLite and PostgreSQL (test client, ATOMIC_REQUESTS, database
# sessions); the request's SAVEPOINT/RELEASE count as queries.
SIGNUP_QUERIES = 6  # savepoint, email taken?, savepoint, insert, release ×2
VERIFY_PAGE_QUERIES = 3  # savepoint, user, release
VERIFY_QUERIES = 15  # user, activate, then login: axes' bookkeeping, last_login, session rows
LOGIN_QUERIES = 17  # axes lockout check and bookkeeping, user, their 2FA devices (TOTP,
# backup codes: django-two-factor-auth asks for a code if there is one), last_login, session
HOME_QUERIES = 10  # session, user, memberships, consultant, officer, reviewer, visible count
FORM_PAGE_QUERIES = 2  # the request's savepoint and release: a visitor has no session yet


def text(response) -> str:
    """The page as a person reads it: tags kept, whitespace collapsed."""
    return " ".join(response.content.decode().split())


def signup_data(**overrides) -> dict:
    return {
        "full_name": "Nguyễn Thị Hoa",
        "email": "hoa@dua-bentre.vn",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **overrides,
    }


def link_in(body: str, path_prefix: str) -> str:
    """The path of the first absolute link in an email body that starts with ``path_prefix``."""
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", body)
    assert match, f"no {path_prefix} link in:\n{body}"
    return match.group(1)


def login(client, email: str, password: str):
    return client.post("/accounts/login/", {"username": email, "password": password})


def signed_in(client) -> bool:
    return client.get("/me/").status_code == 200


def verify(client, link: str, password: str = NEW_PASSWORD):
    """Open the verification link, then type the sign-up's password on the page it shows."""
    page = client.get(link)
    assert page.status_code == 200, text(page)
    return client.post(link, {"password": password})


@pytest.fixture
def signed_up(
    client, mailoutbox, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """Sign up Nguyễn Thị Hoa; return the sign-up response and the verification link's path."""
    with (
        django_capture_on_commit_callbacks(execute=True),
        django_assert_max_num_queries(SIGNUP_QUERIES),
    ):
        response = client.post("/accounts/signup/", signup_data())
    assert len(mailoutbox) == 1
    return response, link_in(mailoutbox[0].body, "/accounts/verify/")


# --- sign-up and verification ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/accounts/signup/", "Đăng ký tài khoản"),
        ("/accounts/login/", "Đăng nhập"),
        ("/accounts/password_reset/", "Quên mật khẩu"),
    ],
    ids=["signup", "login", "password-reset"],
)
def test_the_account_forms_open_for_a_visitor(client, url, heading, django_assert_max_num_queries):
    with django_assert_max_num_queries(FORM_PAGE_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in text(response)


def test_signup_page_asks_for_name_email_and_the_password_twice(client):
    page = text(client.get("/accounts/signup/"))

    for name in ("full_name", "email", "password1", "password2"):
        assert f'name="{name}"' in page


def test_signup_creates_an_inactive_user_and_sends_one_verification_email(signed_up, mailoutbox):
    response, _link = signed_up

    assert response.status_code == 200
    assert "Kiểm tra email của bạn" in text(response)
    assert "hoa@dua-bentre.vn" in text(response)
    user = User.objects.get(email="hoa@dua-bentre.vn")
    assert user.full_name == "Nguyễn Thị Hoa"
    assert not user.is_active
    assert user.check_password(NEW_PASSWORD)
    (email,) = mailoutbox
    assert email.to == ["hoa@dua-bentre.vn"]
    assert "Xác nhận địa chỉ email" in email.subject
    assert "Xin chào Nguyễn Thị Hoa" in email.body


def test_an_unverified_account_cannot_log_in(signed_up, client):
    response = login(client, "hoa@dua-bentre.vn", NEW_PASSWORD)

    assert response.status_code == 200  # the login form again, with an error
    assert not signed_in(client)


def test_opening_the_verification_link_asks_for_the_password_and_activates_nothing(
    signed_up, client, django_assert_max_num_queries
):
    """A mail scanner fetching the link, or a person whose address a stranger signed up with,
    must not switch the account on."""
    _response, link = signed_up

    with django_assert_max_num_queries(VERIFY_PAGE_QUERIES):
        response = client.get(link)

    assert response.status_code == 200
    page = text(response)
    assert "<h1>Xác nhận email</h1>" in page
    assert "hoa@dua-bentre.vn" in page
    assert 'name="password"' in page
    assert not User.objects.get(email="hoa@dua-bentre.vn").is_active
    assert not signed_in(client)


def test_the_verification_link_with_a_wrong_password_activates_nothing(signed_up, client):
    _response, link = signed_up

    response = verify(client, link, password="not the sign-up password")

    assert response.status_code == 400
    assert "Mật khẩu không đúng." in text(response)
    assert not User.objects.get(email="hoa@dua-bentre.vn").is_active
    assert not signed_in(client)
    assert verify(client, link).status_code == 302  # the right one still does


def test_the_verification_link_and_password_activate_the_account_log_in_and_open_home(
    signed_up, client, django_assert_max_num_queries
):
    _response, link = signed_up
    assert client.get(link).status_code == 200

    with django_assert_max_num_queries(VERIFY_QUERIES):
        response = client.post(link, {"password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert User.objects.get(email="hoa@dua-bentre.vn").is_active
    home = client.get("/me/")
    assert home.status_code == 200
    assert "Email đã được xác nhận. Chào mừng bạn!" in text(home)
    assert "Xin chào, Nguyễn Thị Hoa" in text(home)


def test_the_verification_link_works_only_once(signed_up, client):
    _response, link = signed_up
    assert verify(client, link).status_code == 302
    client.post("/accounts/logout/")

    response = client.get(link)

    assert response.status_code == 400
    assert "không hợp lệ" in text(response)
    assert not signed_in(client)


def test_a_tampered_verification_token_is_refused(signed_up, client):
    _response, link = signed_up
    uid, token = link.strip("/").split("/")[-2:]
    tampered = token[:-1] + ("a" if token[-1] != "a" else "b")

    response = client.get(f"/accounts/verify/{uid}/{tampered}/")

    assert response.status_code == 400
    assert "Liên kết xác nhận không hợp lệ hoặc đã hết hạn" in text(response)
    assert not User.objects.get(email="hoa@dua-bentre.vn").is_active
    assert not signed_in(client)


def test_a_verification_link_for_an_unknown_user_is_refused(client):
    response = client.get("/accounts/verify/not-base64/abc-123/")

    assert response.status_code == 400
    assert "không hợp lệ" in text(response)


@pytest.mark.parametrize("typed", ["hoa@dua-bentre.vn", "HOA@Dua-BenTre.vn"], ids=["same", "case"])
def test_signup_with_an_existing_email_answers_as_usual_and_mails_the_owner_a_way_in(
    client, mailoutbox, django_capture_on_commit_callbacks, typed
):
    """Refusing with "this email already has an account" told anyone who is registered; now
    the page is the usual one and the mailbox hears of it (tests/enterprises/
    test_account_takeover.py compares the two answers in full)."""
    owner = UserFactory(email="hoa@dua-bentre.vn", full_name="Nguyễn Thị Hoa")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/", signup_data(email=typed, full_name="Trần Văn Bình")
        )

    assert response.status_code == 200
    assert "Kiểm tra email của bạn" in text(response)
    assert "Email này đã có tài khoản" not in text(response)
    assert User.objects.filter(email__iexact="hoa@dua-bentre.vn").count() == 1
    owner.refresh_from_db()
    assert owner.full_name == "Nguyễn Thị Hoa"
    assert owner.check_password(PASSWORD)
    (email,) = mailoutbox
    assert email.to == ["hoa@dua-bentre.vn"]
    assert "Có người vừa đăng ký bằng email của bạn" in email.subject
    assert "Xin chào Nguyễn Thị Hoa" in email.body
    assert "/accounts/login/" in email.body
    link_in(email.body, "/accounts/reset/")


def test_signup_with_mismatched_passwords_is_refused_and_creates_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/signup/", signup_data(password2=NEW_PASSWORD + "x"))

    assert response.status_code == 400
    assert 'value="Nguyễn Thị Hoa"' in text(response)
    assert "Hai trường mật khẩu không giống nhau." in text(response)
    assert not User.objects.filter(email="hoa@dua-bentre.vn").exists()
    assert mailoutbox == []


def test_a_signed_in_person_opening_signup_goes_home(client):
    client.force_login(UserFactory())

    response = client.get("/accounts/signup/")

    assert response.status_code == 302
    assert response["Location"] == "/me/"


# --- login and lockout -------------------------------------------------------------------------


def test_login_with_the_right_password_goes_home(client, django_assert_max_num_queries):
    user = UserFactory(email="binh@example.vn")

    with django_assert_max_num_queries(LOGIN_QUERIES):
        response = login(client, "binh@example.vn", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/me/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_accepts_the_email_in_any_letter_case(client):
    """Emails are unique case-insensitively and stored lower-case; phones capitalise the first
    letter, so "Binh@Example.vn" must sign in the same person."""
    user = UserFactory(email="binh@example.vn")

    response = login(client, "Binh@Example.vn", PASSWORD)

    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)


def test_login_with_a_wrong_password_shows_the_form_again(client):
    UserFactory(email="binh@example.vn")

    response = login(client, "binh@example.vn", "wrong password")

    assert response.status_code == 200
    assert 'value="binh@example.vn"' in text(response)
    assert "alert-error" in text(response)
    assert not signed_in(client)


def test_five_wrong_passwords_lock_the_login_even_for_the_right_password(client):
    UserFactory(email="binh@example.vn")
    for _ in range(5):
        login(client, "binh@example.vn", "wrong password")

    response = login(client, "binh@example.vn", PASSWORD)

    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in text(response)
    assert "15 phút" in text(response)
    assert not signed_in(client)


def test_four_wrong_passwords_then_the_right_one_still_sign_in(client):
    UserFactory(email="binh@example.vn")
    for _ in range(4):
        assert login(client, "binh@example.vn", "wrong password").status_code == 200

    response = login(client, "binh@example.vn", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/me/"


def test_the_lockout_is_per_username_so_another_account_still_signs_in(client):
    UserFactory(email="binh@example.vn")
    UserFactory(email="chi@example.vn")
    for _ in range(5):
        login(client, "binh@example.vn", "wrong password")

    response = login(client, "chi@example.vn", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/me/"


def test_the_lockout_cannot_be_dodged_by_changing_the_letter_case_of_the_email(client):
    """Login accepts the email in any letter case, so the five tries must count for the
    person, not for each spelling: otherwise every case variant buys five more guesses."""
    UserFactory(email="binh@example.vn")
    for typed in ["binh@example.vn", "Binh@example.vn", "BINH@example.vn", "bInh@example.vn"]:
        login(client, typed, "wrong password")
    login(client, "binH@example.vn", "wrong password")

    response = login(client, "Binh@Example.vn", PASSWORD)

    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in text(response)
    assert not signed_in(client)


# --- an account that was never verified ----------------------------------------------------------


@pytest.fixture
def unverified():
    """Signed up four days ago; the 3-day verification link has expired (or was lost)."""
    return UserFactory(
        email="hoa@dua-bentre.vn",
        full_name="Nguyễn Thị Hoa",
        is_active=False,
        date_joined=timezone.now() - datetime.timedelta(days=4),
    )


def test_an_expired_unverified_signup_signing_up_again_gets_a_link_to_set_the_password(
    unverified, client, mailoutbox, django_capture_on_commit_callbacks
):
    """Signing up again may be the owner or a stranger, so what is typed is not used: the
    mailbox gets a link to choose the password, which also activates the account."""
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            signup_data(password1="Typed-Again-2026!", password2="Typed-Again-2026!"),
        )

    assert response.status_code == 200
    assert "Kiểm tra email của bạn" in text(response)
    assert len(mailoutbox) == 1
    link = link_in(mailoutbox[0].body, "/accounts/reset/")
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert login(client, "hoa@dua-bentre.vn", "Typed-Again-2026!").status_code == 200
    response = login(client, "hoa@dua-bentre.vn", NEW_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_an_unverified_account_can_be_recovered_through_password_reset(
    unverified, client, mailoutbox
):
    """verify_failed.html's other advice: "hoặc dùng chức năng quên mật khẩu"."""
    client.post("/accounts/password_reset/", {"email": "hoa@dua-bentre.vn"})

    assert len(mailoutbox) == 1
    link = link_in(mailoutbox[0].body, "/accounts/reset/")
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = login(client, "hoa@dua-bentre.vn", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/me/"


# --- password reset ----------------------------------------------------------------------------


def test_password_reset_email_link_sets_a_new_password_that_logs_in(client, mailoutbox):
    UserFactory(email="binh@example.vn")

    response = client.post("/accounts/password_reset/", {"email": "binh@example.vn"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert "Đã gửi email" in text(client.get(response["Location"]))
    (email,) = mailoutbox
    assert email.to == ["binh@example.vn"]
    assert "Đặt lại mật khẩu" in email.subject

    link = link_in(email.body, "/accounts/reset/")
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Đặt mật khẩu mới" in text(form_page)
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done["Location"] == "/accounts/reset/done/"
    assert "Đã đặt mật khẩu mới" in text(client.get(done["Location"]))

    assert login(client, "binh@example.vn", PASSWORD).status_code == 200  # the old one fails
    response = login(client, "binh@example.vn", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/me/"


def test_a_used_password_reset_link_is_refused(client, mailoutbox):
    UserFactory(email="binh@example.vn")
    client.post("/accounts/password_reset/", {"email": "binh@example.vn"})
    link = link_in(mailoutbox[0].body, "/accounts/reset/")
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link, follow=True)

    assert "Liên kết đặt lại mật khẩu không hợp lệ hoặc đã được dùng." in text(response)


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client, mailoutbox):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.vn"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password_reset/done/"
    assert mailoutbox == []


# --- the sign-in wall --------------------------------------------------------------------------


def test_home_requires_login(client):
    response = client.get("/me/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/me/"


def test_home_greets_the_signed_in_person(client, django_assert_max_num_queries):
    client.force_login(UserFactory(full_name="Lê Thị Cúc"))

    with django_assert_max_num_queries(HOME_QUERIES):
        response = client.get("/me/")

    assert response.status_code == 200
    assert "Xin chào, Lê Thị Cúc" in text(response)
    assert "Bạn chưa thuộc doanh nghiệp nào." in text(response)
