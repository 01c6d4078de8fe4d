"""In Chromium, at 1280 and 390 px: a province officer shows only the criteria where the
province differs from the column before, takes that column's level with one button, sees it
saved and the filter's count follow, jumps by keyboard to the next criterion to rate, and finds
the copy at the top of the history (issue 14, point 7)."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Column, Rating
from assessments.selectors import questionnaire_of
from assessments.services import assessment_create, rating_save

from ..factories import MembershipFactory, ProvinceOfficerFactory
from .national_form import _autosave, criterion
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
CODE = "1.1.2"


@pytest.fixture(params=list(WIDTHS))
def width(request, page: Page) -> int:
    w, h = WIDTHS[request.param]
    page.set_viewport_size({"width": w, "height": h})
    return w


def rate(assessment, user, column, levels):
    for code, level in levels.items():
        rating_save(
            assessment_id=assessment.pk, column=column, criterion_code=code, level=level,
            user=user, expected_version=0,
        )  # fmt: skip


def test_the_province_filters_to_the_differences_and_takes_the_enterprises_level(
    page: Page, live_server, sme_framework, places, violations, width
):
    base = live_server.url
    owner = MembershipFactory()
    officer = ProvinceOfficerFactory(
        user__email="so.ratsoat@example.vn", province=owner.enterprise.province
    ).user
    assessment = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )
    rate(assessment, owner.user, Column.SELF, {"1.1.1": 4, CODE: 3})
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    rate(assessment, officer, Column.PROVINCE, {"1.1.1": 4, CODE: 1})
    log_in(page, base, "so.ratsoat@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")

    page.get_by_role("link", name="Chỉ hiện tiêu chí khác cột trước (1)").click()
    expect(page).to_have_url(f"{base}/assessments/{assessment.pk}/?only=differs")
    expect(page.locator("fieldset.criterion")).to_have_count(1)
    button = criterion(page, CODE).get_by_role(
        "button", name="Lấy mức của cột Doanh nghiệp tự đánh giá (mức 3)"
    )
    box = button.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= width  # on the screen, even a phone's
    with _autosave(page, f'[id="criterion-{CODE}"]', f"/ratings/{CODE}/copy/"):
        button.click()

    expect(criterion(page, CODE).locator('[data-state="saved"]')).to_have_text("✓ Đã lưu")
    expect(criterion(page, CODE).get_by_test_id("copy-level")).to_have_count(0)
    option = next(
        o for o in questionnaire_of(assessment).questions[CODE].options.all() if o.level == 3
    )
    chosen = criterion(page, CODE).locator(f'input[value="{option.position}"]')
    expect(chosen).to_be_checked()
    expect(chosen).to_be_focused()  # the keyboard stays on the criterion
    expect(page.get_by_role("link", name="Chỉ hiện tiêu chí khác cột trước (0)")).to_be_visible()
    rating = Rating.objects.get(assessment=assessment, column=Column.PROVINCE, criterion__code=CODE)
    assert rating.level == 3

    # The next criterion to rate, by keyboard: the whole page opens at it (the filter hides it).
    jump = page.get_by_test_id("next-unanswered")
    expect(jump).to_have_text("Tiêu chí chưa chấm tiếp theo: 1.1.3")
    jump.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/assessments/{assessment.pk}/#criterion-1.1.3")
    expect(criterion(page, "1.1.3")).to_be_in_viewport()
    expect(criterion(page, "1.1.3").locator("input:not([type=hidden])").first).to_be_focused()
    expect(page.locator("fieldset.criterion")).to_have_count(60)

    page.get_by_role("link", name="Lịch sử").first.click()
    first = page.locator("table.history tbody tr").first
    expect(first).to_contain_text(f"{CODE}: 1 → 3")
    expect(first).to_contain_text("sao chép từ cột Doanh nghiệp tự đánh giá")
    page.get_by_label("Cột").select_option("self")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("table.history tbody tr")).to_have_count(2)
    expect(page.locator("tr[data-copied-from]")).to_have_count(0)

    # On the page of the criteria not rated, the jump stays on the page.
    page.goto(f"{base}/assessments/{assessment.pk}/?only=unanswered")
    expect(page.locator("fieldset.criterion")).to_have_count(58)
    page.get_by_test_id("next-unanswered").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/assessments/{assessment.pk}/?only=unanswered#criterion-1.1.3")
    expect(criterion(page, "1.1.3").locator("input:not([type=hidden])").first).to_be_focused()
    assert violations == []
