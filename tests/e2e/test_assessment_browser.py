"""In Chromium: an enterprise starts its assessment, answers criteria that save themselves
(htmx), sees the result move, and finds its answers after a reload."""

import pytest
from playwright.sync_api import Page, expect

from ..factories import MembershipFactory

pytestmark = pytest.mark.e2e


def test_answers_autosave_and_survive_a_reload(page: Page, live_server, sme_framework):
    owner = MembershipFactory(user__email="chu.e2e@example.vn")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Địa chỉ email").fill("chu.e2e@example.vn")
    page.locator("#id_password").fill("correct horse battery staple")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/enterprises/{owner.enterprise.pk}/")
    page.get_by_role("button", name="Bắt đầu đánh giá").click()
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "draft")

    page.locator('input[name="c-2.1.1"][value="4"]').check()
    expect(page.locator('[id="criterion-2.1.1"] [data-state="saved"]')).to_be_visible()
    expect(page.locator("#total-points")).to_have_text("20")
    page.locator('input[name="c-1.1.1"][value="5"]').check()
    expect(page.locator('[id="criterion-1.1.1"] [data-state="saved"]')).to_be_visible()
    expect(page.locator("#total-points")).to_have_text("25")
    expect(page.locator(".progress-text")).to_contain_text("2/60")

    page.reload()
    expect(page.locator('input[name="c-2.1.1"][value="4"]')).to_be_checked()
    expect(page.locator("#total-points")).to_have_text("25")
