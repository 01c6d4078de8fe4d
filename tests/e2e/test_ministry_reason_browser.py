"""In Chromium: the ministry changes a level, is told a reason is required, types the reason and
leaves the box — and the change is saved with it, without "Lưu tất cả" (issue 14, point 6)."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment, AuditEntry, Column, Rating
from assessments.selectors import questionnaire_of

from ..factories import AssessmentFactory, MinistryReviewerFactory
from ..official_form import answer_for
from .national_form import _autosave, criterion
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e
CODE = "1.1.1"


def test_typing_the_reason_after_the_refusal_saves_the_level(
    page: Page, live_server, sme_framework, places, violations
):
    base = live_server.url
    assessment = AssessmentFactory(state=Assessment.State.MINISTRY_APPRAISAL)
    MinistryReviewerFactory(user__email="bo.reason@example.vn")
    position = answer_for(questionnaire_of(assessment).questions[CODE], 4)
    log_in(page, base, "bo.reason@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")

    radio = f'input[name="c-{CODE}"][value="{position}"]'
    with _autosave(page, f'[id="criterion-{CODE}"]', f"/ratings/{CODE}/"):
        criterion(page, CODE).locator(radio).check()
    refusal = criterion(page, CODE).locator('[data-state="error"]')
    expect(refusal).to_have_text("Cần ghi lý do cho mỗi thay đổi của Bộ.")
    assert not Rating.objects.filter(assessment=assessment, column=Column.MINISTRY).exists()

    with _autosave(page, f'[id="criterion-{CODE}"]', f"/ratings/{CODE}/"):
        box = criterion(page, CODE).locator(f'input[name="r-{CODE}"]')
        box.fill("Có website bán hàng riêng")
        box.press("Tab")
    expect(criterion(page, CODE).locator('[data-state="saved"]')).to_have_text("✓ Đã lưu")
    expect(criterion(page, CODE).locator('[data-state="error"]')).to_have_count(0)

    page.reload()
    expect(criterion(page, CODE).locator(radio)).to_be_checked()
    expect(criterion(page, CODE).get_by_test_id("ministry-reason")).to_contain_text(
        "Có website bán hàng riêng"
    )
    rating = Rating.objects.get(assessment=assessment, column=Column.MINISTRY, criterion__code=CODE)
    assert rating.level == 4
    entry = AuditEntry.objects.get(assessment=assessment, column=Column.MINISTRY)
    assert (entry.new_level, entry.reason) == (4, "Có website bán hàng riêng")
    assert violations == []


def test_a_reason_typed_before_the_level_goes_with_it(
    page: Page, live_server, sme_framework, places, violations
):
    """Typed first, the reason is not saved alone (which would swap the criterion while its
    level is being picked): it is sent with the level picked next."""
    base = live_server.url
    assessment = AssessmentFactory(state=Assessment.State.MINISTRY_APPRAISAL)
    MinistryReviewerFactory(user__email="bo.first@example.vn")
    position = answer_for(questionnaire_of(assessment).questions[CODE], 2)
    log_in(page, base, "bo.first@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    criterion(page, CODE).locator(f'input[name="r-{CODE}"]').fill("Website chưa cập nhật")
    with _autosave(page, f'[id="criterion-{CODE}"]', f"/ratings/{CODE}/"):
        criterion(page, CODE).locator(f'input[name="c-{CODE}"][value="{position}"]').check()
    expect(criterion(page, CODE).locator('[data-state="saved"]')).to_be_visible()
    expect(criterion(page, CODE).get_by_test_id("ministry-reason")).to_contain_text(
        "Website chưa cập nhật"
    )
    entry = AuditEntry.objects.get(assessment=assessment, column=Column.MINISTRY)
    assert (entry.new_level, entry.reason) == (2, "Website chưa cập nhật")
    assert violations == []
