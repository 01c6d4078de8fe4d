"""The whole review chain in Chromium: the enterprise answers all 60 criteria of the national form
(answers picked, figures typed, the shared denominators once) and submits, the province officer
sees the enterprise's computations, scores, sets one figures criterion's level directly with a
note, and approves, the ministry reviewer changes two criteria with reasons and appraises, and
the enterprise sees all the columns side by side (computations and the direct level with its
note). No page of it breaks the Content-Security-Policy."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment, AuditEntry, Column, Rating
from assessments.selectors import questionnaire_of

from ..factories import MembershipFactory, MinistryReviewerFactory, ProvinceOfficerFactory
from .national_form import answer_whole_form, criterion, pick_level, set_directly

pytestmark = pytest.mark.e2e
PASSWORD = "correct horse battery staple"


def log_in(page: Page, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Địa chỉ email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def step(page: Page, label: str, *, leave_out: str = "") -> None:
    """Take the step ``label`` on the assessment page: its button, or — a guarded step — its
    link, then "Xác nhận" on the confirmation page (with ``leave_out``, first mark the criteria
    the reviewer's column has not rated "không đánh giá" with that reason); the message says
    what comes next."""
    control = page.get_by_role("button", name=label).or_(page.get_by_role("link", name=label))
    with page.expect_navigation():
        control.click()
    if page.get_by_test_id("step-confirm").count():
        if leave_out:
            leave_the_rest_out(page, leave_out)
        with page.expect_navigation():
            page.get_by_test_id("confirm-step").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("Tiếp theo:")


def leave_the_rest_out(page: Page, reason: str) -> None:
    """On a finishing step's confirmation page: mark the criteria listed not assessed."""
    page.get_by_label("Lý do không đánh giá").fill(reason)
    with page.expect_navigation():
        page.get_by_role("button", name="Đánh dấu “không đánh giá”").click()
    expect(page.locator(".messages .alert-success")).to_contain_text("Đã đánh dấu")
    expect(page.get_by_test_id("missing")).to_have_count(0)


def test_enterprise_province_and_ministry_complete_the_chain(
    page: Page, live_server, sme_framework, violations
):
    base = live_server.url
    owner = MembershipFactory(user__email="dn.chain@example.vn")
    province = owner.enterprise.province
    ProvinceOfficerFactory(province=province, can_approve=True, user__email="so.chain@example.vn")
    MinistryReviewerFactory(user__email="bo.chain@example.vn")

    log_in(page, base, "dn.chain@example.vn")
    page.goto(f"{base}/enterprises/{owner.enterprise.pk}/")
    with page.expect_navigation():  # the assessment exists once the answer is in
        page.get_by_role("button", name="Bắt đầu đánh giá").click()
    assessment = Assessment.objects.get(enterprise=owner.enterprise)
    asked = questionnaire_of(assessment)
    assert len(asked.figure_questions()) == 26  # asked as figures, the rest by their answers
    answer_whole_form(page, assessment, 3)  # every criterion at level 3: 64 points a level
    expect(page.locator("#total-points")).to_have_text("192")
    expect(page.locator(".progress-text")).to_contain_text("60/60")
    step(page, "Nộp hồ sơ")
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "submitted")

    log_in(page, base, "so.chain@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    step(page, "Sở bắt đầu xem xét")
    # The officer checks the enterprise's figures by the computation they gave.
    beside = criterion(page, "5.1.1").locator('.figures-beside li[data-column="self"]')
    expect(beside).to_have_text("400 / 1.000 = 40 % → mức 3")
    pick_level(page, asked, "1.1.1", 2)
    pick_level(page, asked, "2.1.1", 4)
    set_directly(page, "4.2.1", 1, "Chưa có hợp đồng của cán bộ IT")
    step(page, "Sở phê duyệt", leave_out="Sở đối chiếu, đồng ý với doanh nghiệp")

    log_in(page, base, "bo.chain@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    step(page, "Bộ bắt đầu thẩm định")
    for code, level, reason in (
        ("3.2.5", 1, "Chưa dùng điện toán đám mây"),
        ("4.1.1", 4, "Có chính sách ICT"),
    ):
        criterion(page, code).locator(f'input[name="r-{code}"]').fill(reason)
        pick_level(page, asked, code, level)
    step(page, "Hoàn tất thẩm định")

    log_in(page, base, "dn.chain@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/compare/")
    expect(page.locator('tr[data-code="3.2.5"]')).to_have_attribute("data-differs", "yes")
    ministry = page.locator('tr[data-code="3.2.5"] td').nth(5)
    expect(ministry).to_contain_text("1")
    expect(ministry.get_by_test_id("ministry-reason")).to_have_text(
        "Lý do của Bộ: Chưa dùng điện toán đám mây"
    )
    expect(page.locator('tr[data-code="1.1.1"] td').nth(4)).to_have_text("2")
    expect(page.get_by_test_id("overall").nth(0)).to_contain_text("192")
    # Columns: code, criterion, self, consultant, province, ministry.
    it_staff = page.locator('tr[data-code="4.2.1"] td')
    expect(it_staff.nth(2)).to_contain_text("→ mức 3")
    expect(it_staff.nth(4)).to_contain_text("1")
    expect(it_staff.nth(4).get_by_test_id("direct")).to_have_text(
        "đặt trực tiếp: Chưa có hợp đồng của cán bộ IT"
    )

    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.APPRAISED
    reasons = set(
        AuditEntry.objects.filter(assessment=assessment, column=Column.MINISTRY)
        .exclude(old_level=None)  # the changes, not the levels the column started at
        .values_list("reason", flat=True)
    )
    assert reasons == {"Chưa dùng điện toán đám mây", "Có chính sách ICT"}
    assert Rating.objects.filter(assessment=assessment, column=Column.SELF).count() == 60
    direct = Rating.objects.get(
        assessment=assessment, column=Column.PROVINCE, criterion__code="4.2.1"
    )
    assert (direct.level, direct.basis, direct.note) == (
        1,
        "direct",
        "Chưa có hợp đồng của cán bộ IT",
    )
    assert violations == []
