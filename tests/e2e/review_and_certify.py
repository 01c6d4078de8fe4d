"""The review chain and the certificate in the browser, framework-agnostic: the people who take
each step (made here), the steps clicked by each, the score the page shows on the way, and the
public verification page the certificate opens on."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from certification.models import Certificate

from ..factories import MinistryReviewerFactory, ProvinceOfficerFactory, SignerFactory
from .test_review_chain_browser import log_in, step


def reviewers(owner, prefix: str) -> dict[str, str]:
    """An approving officer of the owner's province, a ministry reviewer and a ministry issuer
    with a signer; their login emails by role."""
    emails = {role: f"{role}.{prefix}@example.vn" for role in ("so", "bo", "cap")}
    ProvinceOfficerFactory(
        province=owner.enterprise.province, can_approve=True, user__email=emails["so"]
    )
    MinistryReviewerFactory(user__email=emails["bo"])
    MinistryReviewerFactory(can_issue=True, user__email=emails["cap"])
    SignerFactory(title="Thứ trưởng")
    return emails


def review_and_certify(
    page: Page, base: str, assessment, owner_email: str, emails: dict[str, str], score: str
) -> Certificate:
    """Submit, the province's and the ministry's steps (the page shows ``score`` before and
    after the ministry's column starts), issue the certificate, then open its verification page
    as an anonymous visitor."""
    page_of = f"{base}/assessments/{assessment.pk}/"
    log_in(page, base, owner_email)
    page.goto(page_of)
    expect(page.locator("#total-score")).to_contain_text(score)
    step(page, "Nộp hồ sơ")
    log_in(page, base, emails["so"])
    page.goto(page_of)
    step(page, "Sở bắt đầu xem xét")
    step(page, "Sở phê duyệt")
    log_in(page, base, emails["bo"])
    page.goto(page_of)
    step(page, "Bộ bắt đầu thẩm định")
    expect(page.locator("#total-score")).to_contain_text(score)  # started from the earlier
    step(page, "Hoàn tất thẩm định")
    log_in(page, base, emails["cap"])
    page.goto(page_of)
    page.get_by_test_id("certificate-link").click()
    page.get_by_role("link", name="Cấp chứng nhận").click()  # what it certifies, first
    expect(page.get_by_test_id("certified-result")).to_be_visible()
    with page.expect_navigation():  # issued once the answer is in
        page.get_by_test_id("confirm-step").click()
    certificate = Certificate.objects.get(assessment=assessment)
    expect(page.get_by_text(f"Đã cấp chứng nhận số {certificate.number}.")).to_be_visible()
    page.context.clear_cookies()
    page.goto(f"{base}/chung-nhan/{certificate.verification_code}/")
    expect(page.get_by_test_id("verdict")).to_contain_text("còn hiệu lực")
    return certificate
