"""The SME readiness index (2023) reviewed and certified in Chromium, at a desktop's width and a
phone's: the enterprise's answers are in (each pillar at one level, R = 2.85, level 3), the owner
submits, the province officer starts and approves, the ministry reviewer starts and appraises, a
ministry issuer issues the certificate, and an anonymous visitor's verification page shows R, the
framework, its decision and that the questions were the portal's reference ones. No CSP
violation on the way."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Framework
from assessments.services import assessment_create
from certification.models import Certificate

from ..assessments.test_readiness_assessment import PILLAR_LEVELS, answer
from ..factories import (
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    SignerFactory,
)
from .test_readiness_browser import CODE, WIDTHS, no_sideways_scroll
from .test_review_chain_browser import log_in, step

pytestmark = pytest.mark.e2e


@pytest.fixture(params=list(WIDTHS))
def width(request, page: Page) -> int:
    w, h = WIDTHS[request.param]
    page.set_viewport_size({"width": w, "height": h})
    return w


@pytest.fixture
def readiness(places) -> Framework:
    call_command("load_catalog", CODE, verbosity=0)
    return Framework.objects.get(code=CODE)


def test_the_readiness_index_is_reviewed_and_certified(
    page: Page,
    violations,
    live_server,
    readiness,
    width,
):
    base = live_server.url
    owner = MembershipFactory(user__email="dn.sansang@example.vn")
    ProvinceOfficerFactory(
        province=owner.enterprise.province, can_approve=True, user__email="so.sansang@example.vn"
    )
    MinistryReviewerFactory(user__email="bo.sansang@example.vn")
    MinistryReviewerFactory(can_issue=True, user__email="cap.sansang@example.vn")
    SignerFactory(title="Thứ trưởng")
    assessment = assessment_create(
        enterprise=owner.enterprise, framework=readiness, period=2026, user=owner.user
    )
    answer(assessment, "self", owner.user, PILLAR_LEVELS)

    log_in(page, base, "dn.sansang@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    expect(page.locator("#total-score")).to_contain_text("2,85")
    step(page, "Nộp hồ sơ")
    log_in(page, base, "so.sansang@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    step(page, "Sở bắt đầu xem xét")
    step(page, "Sở phê duyệt")
    log_in(page, base, "bo.sansang@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    step(page, "Bộ bắt đầu thẩm định")
    expect(page.locator("#total-score")).to_contain_text("2,85")  # started from the enterprise's
    step(page, "Hoàn tất thẩm định")

    log_in(page, base, "cap.sansang@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    page.get_by_test_id("certificate-link").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Cấp chứng nhận").click()
    certificate = Certificate.objects.get(assessment=assessment)
    expect(page.get_by_text(f"Đã cấp chứng nhận số {certificate.number}.")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{base}/chung-nhan/{certificate.verification_code}/")
    expect(page.get_by_test_id("verdict")).to_contain_text("còn hiệu lực")
    expect(page.get_by_test_id("framework")).to_contain_text("2158/QĐ-BTTTT")
    expect(page.get_by_test_id("level")).to_contain_text("Mức 3 – Phát triển")
    expect(page.get_by_test_id("level")).to_contain_text("2,85")
    expect(page.get_by_test_id("reference-questions")).to_be_visible()
    no_sideways_scroll(page)

    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.APPRAISED
    assert (certificate.total_points, certificate.overall_level) == (2850, 3)
    assert violations == []
