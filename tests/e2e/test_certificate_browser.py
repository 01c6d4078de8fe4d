"""A certificate in Chromium: a ministry issuer issues it from the assessment, the enterprise
downloads the PDF, and an anonymous visitor opens the verification address from the QR code."""

import pytest
from playwright.sync_api import Page, expect

from certification.models import Certificate

from ..certification.conftest import appraised_assessment
from ..factories import MembershipFactory, MinistryReviewerFactory, SignerFactory

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"


def log_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Địa chỉ email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_issue_download_and_verify(page: Page, violations, live_server, sme_framework):
    base = live_server.url
    SignerFactory(title="Thứ trưởng")
    owner = MembershipFactory(
        user__email="dn.cert@example.vn", enterprise__name_vi="Công ty TNHH Gốm Sứ Bát Tràng"
    )
    MinistryReviewerFactory(can_issue=True, user__email="bo.cert@example.vn")
    assessment = appraised_assessment(enterprise=owner.enterprise)

    log_in(page, base, "bo.cert@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    page.get_by_test_id("certificate-link").click()
    page.get_by_role("link", name="Cấp chứng nhận").click()  # what it certifies, first
    expect(page.get_by_test_id("certified-result")).to_be_visible()
    with page.expect_navigation():  # issued once the answer is in
        page.get_by_test_id("confirm-step").click()
    certificate = Certificate.objects.get(assessment=assessment)
    expect(page.get_by_text(f"Đã cấp chứng nhận số {certificate.number}.")).to_be_visible()

    log_in(page, base, "dn.cert@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/certificate/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải chứng nhận (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"{certificate.number}.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    page.context.clear_cookies()
    page.goto(f"{base}/chung-nhan/{certificate.verification_code}/")
    expect(page.get_by_test_id("verdict")).to_contain_text("còn hiệu lực")
    expect(page.get_by_test_id("enterprise-name")).to_have_text("Công ty TNHH Gốm Sứ Bát Tràng")
    expect(page.get_by_test_id("level")).to_contain_text("Mức 3 – Hình thành")
    assert violations == []
