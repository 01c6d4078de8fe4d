"""The portal on a phone (390 px wide) in Chromium, for every role: no page scrolls sideways
(a wide table scrolls inside its own box), the header's links wrap so that logging out and the
language selector stay on the screen, and the live result stays at hand while answering (a
summary bar at the bottom of the screen, updated by each answer, with a link to the full panel).
No page breaks the Content-Security-Policy (and, through the ``violations`` fixture, any other
page check the browser tests make)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment
from assessments.selectors import questionnaire_of
from certification.services import certificate_issue

from ..certification.conftest import appraised_assessment
from ..factories import (
    AccreditationFactory,
    AssessmentFactory,
    EngagementFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    SignerFactory,
    official_version,
)
from .national_form import criterion, pick_level
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def world(sme_framework):
    """An enterprise with a certified 2025 assessment and a 2026 draft, its engaged consultant,
    its province's officer and a ministry reviewer who issues."""
    SignerFactory()
    owner = MembershipFactory(user__email="dn.phone@example.vn")
    enterprise = owner.enterprise
    engagement = EngagementFactory(
        enterprise=enterprise,
        consultant__user__email="tuvan.phone@example.vn",
        invited_by=owner.user,
    )
    AccreditationFactory(consultant=engagement.consultant)
    ProvinceOfficerFactory(
        province=enterprise.province, can_approve=True, user__email="so.phone@example.vn"
    )
    issuer = MinistryReviewerFactory(can_issue=True, user__email="bo.phone@example.vn").user
    certified = appraised_assessment(enterprise=enterprise, period=2025)
    certificate_issue(assessment_id=certified.pk, user=issuer)
    draft = AssessmentFactory(
        enterprise=enterprise,
        created_by=owner.user,
        period=2026,
        catalog_version=official_version(),
    )
    return {"enterprise": enterprise, "certified": certified, "draft": draft}


def pages_of(world) -> dict[str | None, list[str]]:
    enterprise, certified, draft = world["enterprise"].pk, world["certified"].pk, world["draft"].pk
    return {
        None: [
            "/",
            "/accounts/login/",
            "/accounts/signup/",
            "/chung-nhan/",
            "/vinh-danh/",
            "/reports/rankings/",
            "/help/",
        ],
        "dn.phone@example.vn": [
            "/me/",
            "/enterprises/",
            f"/enterprises/{enterprise}/",
            f"/enterprises/{enterprise}/results/",
            f"/assessments/{draft}/",
            f"/assessments/{certified}/compare/",
            f"/assessments/{certified}/history/",
            f"/assessments/{certified}/certificate/",
            "/inbox/",
            "/help/",
        ],
        "tuvan.phone@example.vn": ["/me/", f"/assessments/{certified}/", "/inbox/"],
        "so.phone@example.vn": [
            "/me/",
            "/enterprises/",
            f"/enterprises/{enterprise}/",
            f"/assessments/{certified}/",
            f"/assessments/{certified}/compare/",
            "/reports/",
            "/inbox/",
        ],
        "bo.phone@example.vn": [
            "/me/",
            "/reports/",
            "/reports/rankings/",
            f"/assessments/{certified}/certificate/",
            f"/assessments/{certified}/history/",
            "/certificates/batch/",
            "/inbox/",
        ],
    }


def page_width(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("role", [None, "dn", "tuvan", "so", "bo"], ids=lambda r: r or "visitor")
def test_no_page_scrolls_sideways_on_a_phone_and_the_header_stays_on_screen(
    page: Page, live_server, world, violations, role
):
    base = live_server.url
    page.set_viewport_size(PHONE)
    email = next((e for e in pages_of(world) if e and role and e.startswith(role + ".")), None)
    if email:
        log_in(page, base, email)
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    header = page.locator("header.site-header")
    for path in pages_of(world)[email]:
        response = page.goto(base + path)
        assert response is not None
        assert response.ok, f"{path} answered {response.status}"
        width, screen = page_width(page)
        assert width <= screen, f"{path} is {width} px wide on a {screen} px screen"
        expect(page.locator("#language-select")).to_be_in_viewport(ratio=1)
        if email:
            expect(header.get_by_role("button", name="Đăng xuất")).to_be_in_viewport(ratio=1)
        else:
            expect(header.get_by_role("link", name="Đăng nhập")).to_be_in_viewport(ratio=1)
    assert violations == []


def test_a_wide_table_scrolls_in_its_own_box_that_the_keyboard_reaches(
    page: Page, live_server, world, violations
):
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, "dn.phone@example.vn")
    page.goto(f"{base}/assessments/{world['certified'].pk}/compare/")

    box = page.get_by_role("region", name="So sánh bốn cột")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # wider than the screen, inside
    assert page_width(page)[0] <= PHONE["width"]
    box.focus()
    expect(box).to_be_focused()
    box.press("ArrowRight")  # scrolls the table, not the page
    expect(box).not_to_have_js_property("scrollLeft", 0)
    assert page.evaluate("window.scrollX") == 0
    assert violations == []


def test_the_summary_follows_each_answer_while_scrolled_among_criteria(
    page: Page, live_server, world, violations
):
    base = live_server.url
    page.set_viewport_size(PHONE)
    draft: Assessment = world["draft"]
    asked = questionnaire_of(draft)
    log_in(page, base, "dn.phone@example.vn")
    page.goto(f"{base}/assessments/{draft.pk}/")
    summary = page.get_by_test_id("result-summary")
    expect(summary.get_by_test_id("summary-answered")).to_contain_text("0/60")

    criterion(page, "3.1.1").scroll_into_view_if_needed()
    expect(summary).to_be_in_viewport(ratio=1)
    pick_level(page, asked, "3.1.1", 3)
    expect(summary.get_by_test_id("summary-answered")).to_contain_text("1/60")
    expect(summary.get_by_test_id("summary-score")).to_have_text(
        page.locator("#total-points").inner_text() + "/320 điểm"
    )
    expect(summary).to_be_in_viewport(ratio=1)
    # The full panel, below the form on a phone, is one tap away.
    expect(page.locator("#results-title")).not_to_be_in_viewport()
    summary.get_by_role("link", name="Xem kết quả đầy đủ").click()
    expect(page.locator("#results-title")).to_be_in_viewport()
    assert violations == []


def test_the_calculator_summary_follows_each_answer(
    page: Page, live_server, sme_framework, violations
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    summary = page.get_by_test_id("result-summary")
    expect(summary.get_by_test_id("summary-score")).to_have_text("0/320 điểm")

    criterion(page, "2.1.1").scroll_into_view_if_needed()
    page.locator('input[name="c-2.1.1"][value="4"]').check()
    expect(summary.get_by_test_id("summary-score")).to_have_text("20/320 điểm")
    expect(summary.get_by_test_id("summary-answered")).to_contain_text("1/60")
    expect(summary).to_be_in_viewport(ratio=1)
    assert page_width(page)[0] <= PHONE["width"]
    assert violations == []


def test_on_a_wide_screen_the_panel_itself_stays_beside_the_criteria(
    page: Page, live_server, sme_framework, violations
):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/")
    criterion(page, "2.1.1").scroll_into_view_if_needed()
    page.locator('input[name="c-2.1.1"][value="4"]').check()
    expect(page.locator("#total-points")).to_have_text("20")
    expect(page.locator("#overall-level")).to_be_in_viewport()
    expect(page.get_by_test_id("result-summary")).to_be_hidden()  # the panel says it all
    assert violations == []


def test_in_english_the_longer_words_still_fit_a_phone(page: Page, live_server, world, violations):
    """English labels are longer than Vietnamese ones in places: the member's pages still fit."""
    base = live_server.url
    page.set_viewport_size(PHONE)
    log_in(page, base, "dn.phone@example.vn")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    header = page.locator("header.site-header")
    for path in pages_of(world)["dn.phone@example.vn"]:
        page.goto(base + path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        width, screen = page_width(page)
        assert width <= screen, f"{path} is {width} px wide on a {screen} px screen"
        expect(header.get_by_role("button", name="Log out")).to_be_in_viewport(ratio=1)
        expect(page.locator("#language-select")).to_be_in_viewport(ratio=1)
    assert violations == []
