"""No account takeover through sign-up, verification links or staff invitations.

The attacks, by hand (each test below failed on the code before the fix):

* the owner signs up and gets a link; a stranger signs up again with the same address and a
  password of their own. Before, the second sign-up replaced the password, so the owner's link
  then activated the account with the stranger's password. Now an existing account is never
  changed by a sign-up (``services.account_sign_up``);
* a verification link mailed before the password changed must not activate the account with the
  new password: the token is Django's password-reset token (which hashes the password) plus
  ``is_active`` (enterprises/tokens.py);
* sign-up refused an existing address with "Email này đã có tài khoản", which told anyone who is
  registered. Now both answers are the same page, status and one email, and both hash the typed
  password (an answer that skipped PBKDF2 would come measurably sooner);
* a stranger signs up with a province officer's address before the administrator invites them.
  Before, the invitation reused that account (and sent no email), so the stranger's password
  opened a province officer's account as soon as the officer clicked the sign-up link. Now an
  invitation to an account that has never signed in voids its password and mails the set-password
  link (``services.staff_invite``).
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.test import Client

from enterprises.access import visible_enterprises
from enterprises.models import Province, ProvinceOfficer, User

from ..factories import UserFactory

pytestmark = pytest.mark.django_db

OWNER_PASSWORD = "Dua-BenTre-2026!"
STRANGER_PASSWORD = "Ke-La-Mat-2026!"
OFFICER_PASSWORD = "DongNai-So-2026!"
FACTORY_PASSWORD = "correct horse battery staple"  # UserFactory's


def text(response) -> str:
    return " ".join(response.content.decode().split())


def link_in(body: str, path_prefix: str) -> str:
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", body)
    assert match, f"no {path_prefix} link in:\n{body}"
    return match.group(1)


def signup(client, email: str, password: str, full_name: str = "Nguyễn Thị Hoa"):
    return client.post(
        "/accounts/signup/",
        {"full_name": full_name, "email": email, "password1": password, "password2": password},
    )


def open_verification_link(client, link: str, password: str):
    """What the owner does with the link: open it and, if the page asks, type the password."""
    response = client.get(link)
    if response.status_code == 200 and 'name="password"' in response.content.decode():
        response = client.post(link, {"password": password})
    return response


def login(client, email: str, password: str):
    return client.post("/accounts/login/", {"username": email, "password": password})


def set_password_through(client, link: str, password: str):
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    return client.post(set_password_url, {"new_password1": password, "new_password2": password})


# --- a second sign-up ------------------------------------------------------------------------


def test_a_second_signup_changes_nothing_so_the_owners_link_activates_the_owners_password(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    stranger = Client()
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, "hoa@dua-bentre.vn", OWNER_PASSWORD)
    owners_link = link_in(mailoutbox[0].body, "/accounts/verify/")

    with django_capture_on_commit_callbacks(execute=True):
        response = signup(stranger, "hoa@dua-bentre.vn", STRANGER_PASSWORD, "Kẻ Lạ Mặt")
    assert response.status_code == 200

    assert open_verification_link(client, owners_link, OWNER_PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    assert login(stranger, "hoa@dua-bentre.vn", STRANGER_PASSWORD).status_code == 200
    assert stranger.get("/me/").status_code == 302  # not signed in
    assert login(client, "hoa@dua-bentre.vn", OWNER_PASSWORD).status_code == 302
    assert User.objects.get(email="hoa@dua-bentre.vn").full_name == "Nguyễn Thị Hoa"
    # The second sign-up reached the owner's mailbox, not the stranger.
    assert [m.to for m in mailoutbox] == [["hoa@dua-bentre.vn"], ["hoa@dua-bentre.vn"]]
    assert "Có người vừa đăng ký bằng email của bạn" in mailoutbox[1].subject


def test_the_mail_for_a_second_signup_lets_the_owner_choose_the_password_not_use_the_strangers(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    """The stranger signed up first this time: the account holds the stranger's password. The
    owner's own sign-up mails a set-password link; using it voids the stranger's password."""
    stranger = Client()
    with django_capture_on_commit_callbacks(execute=True):
        signup(stranger, "hoa@dua-bentre.vn", STRANGER_PASSWORD, "Kẻ Lạ Mặt")
        signup(client, "hoa@dua-bentre.vn", OWNER_PASSWORD)
    strangers_link = link_in(mailoutbox[0].body, "/accounts/verify/")
    owners_link = link_in(mailoutbox[1].body, "/accounts/reset/")

    assert set_password_through(client, owners_link, OWNER_PASSWORD).status_code == 302
    assert login(client, "hoa@dua-bentre.vn", OWNER_PASSWORD).status_code == 302
    assert login(stranger, "hoa@dua-bentre.vn", STRANGER_PASSWORD).status_code == 200
    assert stranger.get(strangers_link).status_code == 400


# --- verification links die with a password change ------------------------------------------


def test_a_verification_link_sent_before_a_password_change_is_refused_afterwards(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, "hoa@dua-bentre.vn", OWNER_PASSWORD)
    link = link_in(mailoutbox[0].body, "/accounts/verify/")
    user = User.objects.get(email="hoa@dua-bentre.vn")
    # An administrator sets another password on the (still unverified) account.
    admin = UserFactory(is_superuser=True, is_staff=True)
    admin_client = Client()
    admin_client.force_login(admin)
    changed = admin_client.post(
        f"/admin/enterprises/user/{user.pk}/password/",
        {"usable_password": "true", "password1": "Moi-Dat-2026!", "password2": "Moi-Dat-2026!"},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Moi-Dat-2026!")

    response = open_verification_link(client, link, "Moi-Dat-2026!")

    assert response.status_code == 400
    page = text(response)
    assert "Liên kết xác nhận không hợp lệ hoặc đã hết hạn" in page
    assert "mật khẩu của tài khoản đã thay đổi" in page
    assert not User.objects.get(pk=user.pk).is_active
    assert client.get("/me/").status_code == 302


def test_the_refusal_page_reads_in_english(client):
    client.cookies["django_language"] = "en"  # chosen with the language selector
    response = client.get("/accounts/verify/MQ/abc-123/")

    assert response.status_code == 400
    page = text(response)
    assert "The confirmation link is invalid or has expired" in page
    assert "the account's password was changed after the link was sent" in page


# --- sign-up does not tell who has an account -------------------------------------------------


class CountingHasher(MD5PasswordHasher):
    """Django's test hasher that counts how many passwords it hashes."""

    algorithm = "counting_md5"
    hashed = 0

    def encode(self, password, salt):
        type(self).hashed += 1
        return super().encode(password, salt)


def normalized(response, email: str) -> str:
    """The page with the per-request tokens and the typed address blanked out."""
    page = response.content.decode().replace(email, "EMAIL")
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", page)
    return re.sub(r'nonce="[^"]+"', "NONCE", page)


def answer(client, settings, capture, mailoutbox, email: str) -> dict:
    CountingHasher.hashed = 0
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    mailoutbox.clear()
    with capture(execute=True):
        response = signup(client, email, OWNER_PASSWORD)
    return {
        "status": response.status_code,
        "page templates": [t.name for t in response.templates if "emails/" not in t.name],
        "location": response.get("Location"),
        "page": normalized(response, email.lower()),
        "cookies": sorted(response.cookies),
        "mails to the address": [m.to for m in mailoutbox] == [[email.lower()]],
        "passwords hashed": CountingHasher.hashed,
    }


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ({"is_active": True}, "hoa@dua-bentre.vn"),
        ({"is_active": True}, "Hoa@Dua-BenTre.vn"),
        ({"is_active": False}, "hoa@dua-bentre.vn"),
    ],
    ids=["verified", "verified-other-case", "unverified"],
)
def test_signup_answers_an_existing_address_exactly_as_a_new_one(
    client, settings, django_capture_on_commit_callbacks, mailoutbox, existing, typed
):
    UserFactory(email="hoa@dua-bentre.vn", **existing)
    capture = django_capture_on_commit_callbacks

    new = answer(client, settings, capture, mailoutbox, "moi@dua-bentre.vn")
    registered = answer(client, settings, capture, mailoutbox, typed)

    assert new["status"] == 200
    assert new["mails to the address"]
    assert new["passwords hashed"] >= 1
    assert registered == new


# --- staff invitations ------------------------------------------------------------------------


def test_inviting_an_officer_whose_address_a_stranger_signed_up_with_shuts_the_stranger_out(
    client, django_capture_on_commit_callbacks, mailoutbox
):
    stranger, officer = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        signup(stranger, "can.bo@sokhcn.dongnai.gov.vn", STRANGER_PASSWORD, "Kẻ Lạ Mặt")
    signup_link = link_in(mailoutbox[0].body, "/accounts/verify/")  # in the officer's mailbox
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    dong_nai = Province.objects.get(code=75)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/staff/invite/",
            {
                "email": "can.bo@sokhcn.dongnai.gov.vn",
                "full_name": "Phạm Văn Cán",
                "unit": str(dong_nai.pk),
                "can_assess": "on",
                "can_approve": "on",
            },
            follow=True,
        )

    assert "chưa từng đăng nhập" in text(response)
    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["can.bo@sokhcn.dongnai.gov.vn"]
    invitation_link = link_in(mailoutbox[1].body, "/accounts/reset/")
    # The stranger's password opens nothing, and the sign-up link (even if the officer opens it,
    # and even with the stranger's password typed) no longer activates the account.
    assert open_verification_link(officer, signup_link, STRANGER_PASSWORD).status_code == 400
    assert login(stranger, "can.bo@sokhcn.dongnai.gov.vn", STRANGER_PASSWORD).status_code == 200
    assert stranger.get("/me/").status_code == 302
    # The officer chooses the password through the invitation and signs in as an officer.
    assert set_password_through(officer, invitation_link, OFFICER_PASSWORD).status_code == 302
    assert login(officer, "can.bo@sokhcn.dongnai.gov.vn", OFFICER_PASSWORD).status_code == 302
    assert login(stranger, "can.bo@sokhcn.dongnai.gov.vn", STRANGER_PASSWORD).status_code == 200
    user = ProvinceOfficer.objects.get(user__email="can.bo@sokhcn.dongnai.gov.vn").user
    assert user.full_name == "Phạm Văn Cán"
    assert user.is_active
    assert set(visible_enterprises(user).values_list("province__code", flat=True)) <= {75}
