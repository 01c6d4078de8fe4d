"""In Chromium: an enterprise signs up, verifies its email from the outbox, registers its
enterprise, and invites a consultant, who declares independence and accepts."""

import re

import pytest
from playwright.sync_api import Page, expect

from enterprises.models import Engagement, Enterprise, Membership

from ..factories import AccreditationFactory

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery staple"


def test_register_verify_register_enterprise_and_engage_a_consultant(
    page: Page, violations, live_server, mailoutbox, sme_framework
):
    consultant = AccreditationFactory(consultant__user__email="tuvan.e2e@example.vn").consultant

    # Sign up; the account waits for the email link.
    page.goto(live_server.url + "/accounts/signup/")
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    page.get_by_label("Email").fill("hoa@dua-bentre.vn")
    page.locator("#id_password1").fill("Dua-BenTre-2026!")
    page.locator("#id_password2").fill("Dua-BenTre-2026!")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_role("heading", name="Kiểm tra email của bạn")).to_be_visible()

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/verify/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    # The link alone activates nothing (tests/enterprises/test_account_takeover.py): the page
    # asks for the password chosen at sign-up.
    page.get_by_label("Mật khẩu bạn đã chọn khi đăng ký").fill("Dua-BenTre-2026!")
    page.get_by_role("button", name="Kích hoạt tài khoản").click()
    expect(page.get_by_text("Email đã được xác nhận")).to_be_visible()

    # Register the enterprise; the ward list follows the province (htmx).
    page.get_by_role("link", name="Đăng ký doanh nghiệp").first.click()
    page.get_by_label("Mã số thuế").fill("0100109107")  # wrong check digit first
    page.get_by_label("Loại hình").select_option("enterprise")
    page.get_by_label("Tên doanh nghiệp").fill("Công ty Cổ phần Dừa Bến Tre")
    page.get_by_label("Tỉnh/thành phố").select_option(label="Vĩnh Long")
    expect(page.locator("#id_ward option")).not_to_have_count(1)
    page.locator("#id_ward").select_option(index=1)
    page.get_by_label("Ngành (VSIC cấp 1)").select_option("C")
    page.get_by_label("Số lao động có BHXH").fill("40")
    page.get_by_role("button", name="Đăng ký doanh nghiệp").click()
    expect(page.get_by_text("chữ số kiểm tra")).to_be_visible()
    # Nothing typed is lost; fix the code and send again.
    expect(page.get_by_label("Tên doanh nghiệp")).to_have_value("Công ty Cổ phần Dừa Bến Tre")
    page.get_by_label("Mã số thuế").fill("0100109106")
    page.get_by_role("button", name="Đăng ký doanh nghiệp").click()
    expect(page.get_by_role("heading", name="Công ty Cổ phần Dừa Bến Tre")).to_be_visible()
    enterprise = Enterprise.objects.get(tax_code="0100109106")
    assert enterprise.memberships.get().role == Membership.Role.OWNER

    # Invite the consultant by email.
    page.get_by_label("Email hoặc số chứng nhận của chuyên gia").fill("tuvan.e2e@example.vn")
    page.get_by_role("button", name="Mời chuyên gia").click()
    expect(page.get_by_text("Đã gửi lời mời tới chuyên gia.")).to_be_visible()

    # The consultant logs in, declares independence and accepts.
    page.get_by_role("button", name="Đăng xuất").click()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Địa chỉ email").fill(consultant.user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Trả lời lời mời").click()
    page.get_by_role("button", name="Cam kết và nhận lời").click()
    expect(page.get_by_text("Cần cam kết độc lập")).to_be_visible()
    page.get_by_label("Tôi không phải người lao động").check()
    page.get_by_label("Tổ chức của tôi không phải đơn vị thành viên").check()
    page.get_by_role("button", name="Cam kết và nhận lời").click()
    expect(page.get_by_text("Đã nhận lời.")).to_be_visible()
    assert Engagement.objects.get(enterprise=enterprise).status == Engagement.Status.ACTIVE

    page.get_by_role("link", name="Mở").click()
    expect(page.get_by_role("heading", name="Công ty Cổ phần Dừa Bến Tre")).to_be_visible()
    assert violations == []
