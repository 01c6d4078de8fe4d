"""In Chromium, at a desktop's width and a phone's: /me/ opens on "Việc cần làm". A province
officer sees the province's files grouped by what is to be done, with counts and empty states,
and opens one; an enterprise member sees the next step of each assessment with its button (the
return comment beside a returned one) and follows it. The work queue fits the window, and the
browser reports no violation of the Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment
from enterprises.models import Membership, Province

from ..cast import DONG_NAI
from ..factories import (
    AssessmentFactory,
    EnterpriseFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
)
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e
State = Assessment.State
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(params=list(WIDTHS))
def width(request, page: Page) -> int:
    w, h = WIDTHS[request.param]
    page.set_viewport_size({"width": w, "height": h})
    return w


def signed_in_home(page: Page, base: str, email: str) -> None:
    log_in(page, base, email)
    expect(page).to_have_url(re.compile(r"/me/$"))  # where the login leads
    expect(page.get_by_role("heading", name=re.compile("^Việc cần làm"))).to_be_visible()


def fits(page: Page, width: int) -> None:
    """The work queue is no wider than the window and nothing in it overflows its box."""
    worklist = page.get_by_test_id("worklist")
    box = worklist.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= width + 0.5, f"{box} in {width} px"
    inner, outer = worklist.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert inner <= outer, f"the work queue is {inner} px wide in {outer} px"


def test_an_officer_sees_the_province_files_and_opens_one(
    page: Page, live_server, sme_framework, places, violations, width
):
    officer = ProvinceOfficerFactory(can_approve=True, user__email="so.hangdoi@example.vn")
    province = officer.province
    new = AssessmentFactory(
        enterprise=EnterpriseFactory(province=province, name_vi="Công ty Mới Nộp"),
        state=State.SUBMITTED,
    )
    AssessmentFactory(enterprise=EnterpriseFactory(province=province), state=State.RETURNED)
    elsewhere = EnterpriseFactory(province=Province.objects.get(code=DONG_NAI))
    AssessmentFactory(enterprise=elsewhere, state=State.SUBMITTED)  # another province's

    signed_in_home(page, live_server.url, "so.hangdoi@example.vn")

    officer_queue = page.locator('[data-queue="officer"]')
    expect(officer_queue.get_by_role("heading", level=3)).to_contain_text("Hồ sơ của Sở")
    to_start = officer_queue.locator('[data-group="to_start"]')
    expect(to_start.get_by_test_id("count")).to_have_text("1")
    expect(officer_queue.locator('[data-group="returned"]').get_by_test_id("count")).to_have_text(
        "1"
    )
    expect(officer_queue.locator('[data-group="to_approve"]')).to_contain_text(
        "Không có hồ sơ nào chờ phê duyệt."
    )
    fits(page, width)

    to_start.get_by_role("link", name="Công ty Mới Nộp").click()

    expect(page).to_have_url(re.compile(rf"/assessments/{new.pk}/$"))
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "submitted")
    assert violations == []


def test_an_enterprise_member_follows_the_next_step_of_each_assessment(
    page: Page, live_server, sme_framework, places, violations, width
):
    owner = MembershipFactory(
        user__email="dn.hangdoi@example.vn", enterprise__name_vi="Công ty Trả Lại"
    )
    returned = AssessmentFactory(enterprise=owner.enterprise, state=State.RETURNED)
    officer = ProvinceOfficerFactory(province=owner.enterprise.province)
    returned.audit.create(
        action="transition",
        from_state=State.PROVINCE_REVIEW,
        to_state=State.RETURNED,
        reason="Bổ sung minh chứng cho tiêu chí 3.2.5",
        actor=officer.user,
    )
    second = EnterpriseFactory(name_vi="Công ty Mới Bắt Đầu")
    MembershipFactory(enterprise=second, user=owner.user, role=Membership.Role.STAFF)
    draft = AssessmentFactory(enterprise=second)

    signed_in_home(page, live_server.url, "dn.hangdoi@example.vn")

    steps = page.get_by_test_id("next-step")
    expect(steps).to_have_count(2)
    returned_step = page.locator(f'[data-assessment="{returned.pk}"]')
    expect(returned_step.get_by_test_id("return-comment")).to_have_text(
        "Bổ sung minh chứng cho tiêu chí 3.2.5"
    )
    draft_step = page.locator(f'[data-assessment="{draft.pk}"]')
    expect(draft_step).to_contain_text("Công ty Mới Bắt Đầu")
    fits(page, width)

    draft_step.get_by_role("link", name="Bắt đầu tự đánh giá").click()
    expect(page).to_have_url(re.compile(rf"/assessments/{draft.pk}/$"))
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "draft")

    page.go_back()
    returned_step.get_by_role("link", name="Xem ý kiến trả lại và sửa").click()
    expect(page).to_have_url(re.compile(rf"/assessments/{returned.pk}/$"))
    expect(page.get_by_test_id("state")).to_have_attribute("data-state", "returned")
    assert violations == []
