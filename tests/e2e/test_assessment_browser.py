"""In Chromium: an enterprise starts its assessment (on the national form), answers criteria that
save themselves (htmx) — answers picked, figures typed — sees the result move, and finds its
answers and figures after a reload."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment
from assessments.selectors import questionnaire_of

from ..factories import MembershipFactory
from .national_form import pick_level, type_figure, type_shared

pytestmark = pytest.mark.e2e


def test_answers_autosave_and_survive_a_reload(page: Page, violations, live_server, sme_framework):
    owner = MembershipFactory(user__email="chu.e2e@example.vn")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Địa chỉ email").fill("chu.e2e@example.vn")
    page.locator("#id_password").fill("correct horse battery staple")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/enterprises/{owner.enterprise.pk}/")
    with page.expect_navigation():  # the assessment exists once the page is there
        page.get_by_role("button", name="Bắt đầu đánh giá").click()
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "draft")
    assessment = Assessment.objects.get(enterprise=owner.enterprise)
    assert assessment.catalog_version.label == "official-2021"
    asked = questionnaire_of(assessment)

    strategy = pick_level(page, asked, "2.1.1", 4)  # 4 × 5 points
    expect(page.locator("#total-points")).to_have_text("20")
    website = pick_level(page, asked, "1.1.1", 5)
    expect(page.locator("#total-points")).to_have_text("25")
    type_shared(page, "staff_total", "40")
    type_figure(page, "5.1.1", "c5_1_1_num", "12")
    expect(page.get_by_test_id("computation-5.1.1")).to_have_text("12 / 40 = 30 % → mức 2")
    expect(page.locator("#total-points")).to_have_text("27")
    expect(page.locator(".progress-text")).to_contain_text("3/60")

    page.reload()
    expect(page.locator(f'input[name="c-2.1.1"][value="{strategy}"]')).to_be_checked()
    expect(page.locator(f'input[name="c-1.1.1"][value="{website}"]')).to_be_checked()
    expect(page.get_by_test_id("shared-staff_total")).to_have_value("40")
    expect(page.locator('input[name="f-c5_1_1_num"]')).to_have_value("12")
    expect(page.get_by_test_id("computation-5.1.1")).to_have_text("12 / 40 = 30 % → mức 2")
    expect(page.locator("#total-points")).to_have_text("27")
    assert violations == []
