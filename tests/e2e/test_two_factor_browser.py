"""In Chromium, with the second factor required (as in production): a province officer signs in
with the password, is sent to set up an authenticator app, types the key shown on the page into
the "app" (the code is computed here, as the app would), keeps the backup codes, reaches the
province's enterprises; then signs in again with the password and the next code. On a desktop
screen and on a phone's."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from ..factories import EnterpriseFactory, ProvinceOfficerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("second_factor_on")]

PASSWORD = "correct horse battery staple"


def app_code(secret: str, *, later: int = 0) -> str:
    """What an authenticator app shows for the base32 ``secret`` (``later`` 30-s steps on)."""
    return f"{totp(base64.b32decode(secret), step=30, t0=0, digits=6, drift=later):06d}"


def password_step(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Địa chỉ email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
    ids=["desktop", "phone"],
)
def test_an_officer_sets_up_the_second_factor_and_signs_in_with_a_code(
    page: Page, violations, live_server, sme_framework, viewport
):
    page.set_viewport_size(viewport)
    base = live_server.url
    officer = ProvinceOfficerFactory(user__email="so.2fa@example.vn")
    EnterpriseFactory(province=officer.province, name_vi="Công ty Trong Tỉnh")

    password_step(page, base, "so.2fa@example.vn")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/setup/$"))
    expect(page.get_by_text("Tài khoản cán bộ phải bật xác thực hai lớp")).to_be_visible()
    page.get_by_role("button", name="Bắt đầu").click()
    expect(page.get_by_role("img", name="Mã QR")).to_be_visible()
    secret = page.get_by_test_id("secret-key").inner_text().strip()
    page.get_by_label("Mã xác thực").fill(app_code(secret))
    page.get_by_role("button", name="Xác nhận").click()

    expect(page.get_by_role("heading", name="Đã bật xác thực hai lớp")).to_be_visible()
    page.get_by_role("link", name="Tạo mã dự phòng").click()
    page.get_by_role("button", name="Tạo bộ mã mới").click()
    expect(page.get_by_test_id("backup-codes").locator("li")).to_have_count(10)
    page.goto(base + "/enterprises/")
    expect(page.get_by_text("Công ty Trong Tỉnh")).to_be_visible()

    page.context.clear_cookies()
    password_step(page, base, "so.2fa@example.vn")
    expect(page.get_by_role("heading", name="Nhập mã xác thực")).to_be_visible()
    page.goto(base + "/enterprises/")  # the password alone opens nothing
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    password_step(page, base, "so.2fa@example.vn")
    page.get_by_label("Mã xác thực").fill(app_code(secret, later=1))  # setup used this step's
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    expect(page.get_by_role("heading", name=re.compile("Cán bộ Sở"))).to_be_visible()
    assert violations == []
