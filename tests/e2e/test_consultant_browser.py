"""The consultant's path in Chromium: an accredited consultant engaged by an enterprise that has
submitted logs in, starts the consultant step, rates a few criteria beside the enterprise's own
answers (each saved on its own, the consultant total moving), and hands over to the province;
the province officer then finds the assessment under review with the consultant's column on the
comparison page. No page of it breaks the Content-Security-Policy. A consultant the enterprise
did not engage gets a 404."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment, AuditEntry, Column, Framework, Rating
from assessments.selectors import questionnaire_of
from assessments.services import assessment_create, assessment_transition

from ..factories import (
    AccreditationFactory,
    EngagementFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
)
from ..official_form import answer_all
from .national_form import criterion, pick_level
from .test_review_chain_browser import log_in, step

pytestmark = pytest.mark.e2e


def _submitted_assessment(owner) -> Assessment:
    """The enterprise's part, through the services: every criterion of the national form at
    level 2 (answers, and figures over 1000), submitted."""
    assessment = assessment_create(
        enterprise=owner.enterprise,
        framework=Framework.objects.get(code="dbi-sme-2021"),
        period=2026,
        user=owner.user,
    )
    assert assessment.catalog_version.label == "official-2021"
    answer_all(assessment, owner.user, level=2)
    return assessment_transition(assessment_id=assessment.pk, name="submit", user=owner.user)


def test_engaged_consultant_rates_and_hands_over_to_the_province(
    page: Page, live_server, sme_framework, violations
):
    base = live_server.url
    owner = MembershipFactory(user__email="dn.tuvan@example.vn")
    engagement = EngagementFactory(
        enterprise=owner.enterprise,
        consultant__user__email="tuvan.e2e@example.vn",
        invited_by=owner.user,
    )
    AccreditationFactory(consultant=engagement.consultant)
    ProvinceOfficerFactory(
        province=owner.enterprise.province, can_approve=True, user__email="so.tuvan@example.vn"
    )
    assessment = _submitted_assessment(owner)

    log_in(page, base, "tuvan.e2e@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "submitted")
    step(page, "Bắt đầu đánh giá (tư vấn)")
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "consultant_assessing")
    expect(page.locator("#results-title")).to_contain_text("Tư vấn đánh giá")
    # The enterprise's own answer stands beside the consultant's choice.
    beside = page.locator('[id="criterion-1.1.1"] li[data-column="self"]')
    expect(beside).to_have_attribute("data-level", "2")
    # … and a criterion asked as figures shows the enterprise's computation.
    figures = criterion(page, "5.1.1").locator('.figures-beside li[data-column="self"]')
    expect(figures).to_have_text("200 / 1.000 = 20 % → mức 2")
    expect(page.locator("#total-points")).to_have_text("0")

    asked = questionnaire_of(assessment)
    pick_level(page, asked, "1.1.1", 3)
    expect(criterion(page, "1.1.1").locator('[data-state="saved"]')).to_have_text("✓ Đã lưu")
    expect(page.locator("#total-points")).to_have_text("3")
    pick_level(page, asked, "2.1.1", 4)
    expect(page.locator("#total-points")).to_have_text("23")
    pick_level(page, asked, "4.1.1", 1)
    expect(page.locator("#total-points")).to_have_text("24")
    expect(page.locator(".progress-text")).to_contain_text("3/60")
    step(page, "Hoàn tất, chuyển Sở", leave_out="Chưa khảo sát tại chỗ")
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "province_review")

    log_in(page, base, "so.tuvan@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "province_review")
    expect(page.get_by_role("link", name="Sở phê duyệt")).to_be_visible()
    consultant_level = page.locator('[id="criterion-2.1.1"] li[data-column="consultant"]')
    expect(consultant_level).to_have_attribute("data-level", "4")
    page.get_by_role("link", name="So sánh bốn cột").click()
    expect(page).to_have_url(f"{base}/assessments/{assessment.pk}/compare/")
    # Columns: code, criterion, self, consultant, province, ministry.
    row = page.locator('tr[data-code="1.1.1"] td')
    expect(row.nth(2)).to_have_text("2")
    expect(row.nth(3)).to_have_text("3")
    expect(page.locator('tr[data-code="1.1.1"]')).to_have_attribute("data-differs", "yes")
    expect(page.locator('tr[data-code="2.1.1"] td').nth(3)).to_have_text("4")
    expect(page.locator('tr[data-code="4.1.1"] td').nth(3)).to_have_text("1")
    # Left out, the other 57 criteria are scored at the enterprise's levels (none is 2.1.1,
    # the one worth 5 points a level): 24 + their levels.
    expect(page.locator('tr[data-code="1.1.2"] td').nth(3)).to_have_text(
        "không đánh giá: Chưa khảo sát tại chỗ"
    )
    own = Rating.objects.filter(assessment=assessment, column=Column.SELF).exclude(
        criterion__code__in=("1.1.1", "2.1.1", "4.1.1")
    )
    total = 24 + sum(own.values_list("level", flat=True))
    expect(page.get_by_test_id("overall").nth(1)).to_contain_text(f"{total} · mức")

    consultant_ratings = Rating.objects.filter(assessment=assessment, column=Column.CONSULTANT)
    assert set(consultant_ratings.values_list("rated_by__email", flat=True)) == {
        "tuvan.e2e@example.vn"
    }
    assert list(
        AuditEntry.objects.filter(assessment=assessment, action=AuditEntry.Action.TRANSITION)
        .order_by("pk")
        .values_list("to_state", "actor__email")
    ) == [
        ("submitted", "dn.tuvan@example.vn"),
        ("consultant_assessing", "tuvan.e2e@example.vn"),
        ("province_review", "tuvan.e2e@example.vn"),
    ]
    assert violations == []


def test_consultant_not_engaged_by_the_enterprise_gets_404(page: Page, live_server, sme_framework):
    owner = MembershipFactory()
    EngagementFactory(enterprise=owner.enterprise)  # someone else is the enterprise's consultant
    assessment = _submitted_assessment(owner)
    # An accredited consultant with a client of their own, just not this enterprise.
    stranger = EngagementFactory(consultant__user__email="tuvan.khac@example.vn")
    AccreditationFactory(consultant=stranger.consultant)

    log_in(page, live_server.url, "tuvan.khac@example.vn")
    expect(page).to_have_url(f"{live_server.url}/me/")
    response = page.goto(f"{live_server.url}/assessments/{assessment.pk}/")

    assert response.status == 404
    response = page.goto(f"{live_server.url}/assessments/{assessment.pk}/compare/")
    assert response.status == 404
