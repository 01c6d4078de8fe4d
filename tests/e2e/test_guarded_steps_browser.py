"""In Chromium, at 1280 and 390 px (issue 14, point 5): a province officer who tries to approve a
column with criteria still unrated is shown them on the step's confirmation page and cannot
approve; once they are marked "không đánh giá" with a reason — one on its criterion, the rest
together on the confirmation page — the officer confirms and the assessment is approved."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Column, Rating
from assessments.services import assessment_transition, rating_save

from ..assessments.sme_reference import ALL_CODES
from ..factories import AssessmentFactory, MembershipFactory, ProvinceOfficerFactory
from .national_form import _autosave, criterion
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
LEFT = ALL_CODES[-3:]  # what the officer has not rated


def _under_province_review(prefix: str) -> Assessment:
    """Every criterion of the enterprise at 3, submitted; the province rated all but LEFT."""
    owner = MembershipFactory()
    officer = ProvinceOfficerFactory(
        province=owner.enterprise.province, can_approve=True, user__email=f"so.{prefix}@example.vn"
    ).user
    assessment = AssessmentFactory(enterprise=owner.enterprise, created_by=owner.user)
    for column, user, codes in ((Column.SELF, owner.user, ALL_CODES),):
        for code in codes:
            rating_save(
                assessment_id=assessment.pk, column=column, criterion_code=code, level=3, user=user
            )
    assessment_transition(assessment_id=assessment.pk, name="submit", user=owner.user)
    assessment_transition(assessment_id=assessment.pk, name="province_start", user=officer)
    for code in ALL_CODES[:-3]:
        rating_save(
            assessment_id=assessment.pk,
            column=Column.PROVINCE,
            criterion_code=code,
            level=4,
            user=officer,
        )
    return assessment


@pytest.mark.parametrize("width", WIDTHS)
def test_an_officer_cannot_approve_gaps_until_they_are_left_out_with_a_reason(
    page: Page, live_server, sme_framework, places, violations, width
):
    w, h = WIDTHS[width]
    page.set_viewport_size({"width": w, "height": h})
    base = live_server.url
    assessment = _under_province_review(width)
    log_in(page, base, f"so.{width}@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")

    page.get_by_role("link", name="Sở phê duyệt").click()
    missing = page.get_by_test_id("missing")
    expect(missing).to_contain_text("Còn 3 tiêu chí chưa chấm ở cột Sở đánh giá")
    for code in LEFT:
        expect(missing.get_by_role("link", name=code, exact=True)).to_be_visible()
    expect(page.get_by_test_id("confirm-step")).to_have_count(0)  # it cannot be approved

    # One criterion left out on its own: the tick asks for the reason, the reason saves it.
    page.get_by_role("link", name="Quay lại").click()
    first = LEFT[0]
    with _autosave(page, f'[id="criterion-{first}"]', f"/ratings/{first}/"):
        criterion(page, first).get_by_label("Không đánh giá tiêu chí này").check()
    expect(criterion(page, first).locator('[data-state="error"]')).to_have_text(
        "Hãy ghi lý do không đánh giá tiêu chí này."
    )
    with _autosave(page, f'[id="criterion-{first}"]', f"/ratings/{first}/"):
        box = criterion(page, first).get_by_label("Lý do không đánh giá")
        box.fill("Doanh nghiệp không dùng dữ liệu lớn")
        box.press("Tab")
    expect(criterion(page, first).locator('[data-state="saved"]')).to_be_visible()
    expect(criterion(page, first).get_by_test_id("not-assessed-note")).to_be_visible()

    # The other two together, on the confirmation page; then it confirms.
    page.get_by_role("link", name="Sở phê duyệt").click()
    expect(page.get_by_test_id("missing")).to_contain_text("Còn 2 tiêu chí")
    page.get_by_label("Lý do không đánh giá").fill("Chưa kiểm tra tại chỗ")
    page.get_by_role("button", name="Đánh dấu “không đánh giá”").click()
    expect(page.locator(".messages .alert-success")).to_contain_text(
        f"Đã đánh dấu 2 tiêu chí là “không đánh giá”: {LEFT[1]}, {LEFT[2]}."
    )
    expect(page.get_by_test_id("not-assessed")).to_contain_text("Doanh nghiệp không dùng dữ liệu")
    page.get_by_role("button", name="Xác nhận").click()

    expect(page.locator(".messages .alert-success")).to_contain_text(
        "Sở đã phê duyệt hồ sơ. Tiếp theo: Bộ thẩm định"
    )
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "province_approved")
    left = Rating.objects.filter(assessment=assessment, column=Column.PROVINCE, not_assessed=True)
    assert dict(left.values_list("criterion__code", "not_assessed_reason")) == {
        LEFT[0]: "Doanh nghiệp không dùng dữ liệu lớn",
        LEFT[1]: "Chưa kiểm tra tại chỗ",
        LEFT[2]: "Chưa kiểm tra tại chỗ",
    }
    assert violations == []
