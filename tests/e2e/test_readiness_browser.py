"""The SME readiness index (2023) in Chromium at a desktop's width and a phone's: the owner answers
on the portal's reference questions, which the page says are not the Ministry's; each answer is
saved and R, the pillar medians and the level follow; the public calculator offers the framework
in its picker and scores the same answers the same way. No CSP violation, no sideways scroll.

Pillar 1 (weight 22 %) answered at level 4 and pillar 3 (33 %) at level 5, nothing else:
R = (22 × 4 + 33 × 5) / 100 = 2.53 → level 2 (from 1.8, below 2.6)."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Column, ColumnResult, Framework
from assessments.selectors import catalog_index
from assessments.services import assessment_create

from ..factories import MembershipFactory
from .national_form import pick
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e

CODE = "dbi-sme-readiness-2023"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
ANSWERED = {"1": 4, "3": 5}
R_TEXT, LEVEL = "R = 2,53", 2


@pytest.fixture(params=list(WIDTHS))
def width(request, page: Page) -> int:
    w, h = WIDTHS[request.param]
    page.set_viewport_size({"width": w, "height": h})
    return w


@pytest.fixture
def readiness(places) -> Framework:
    call_command("load_catalog", CODE, verbosity=0)
    return Framework.objects.get(code=CODE)


def no_sideways_scroll(page: Page) -> None:
    wide, window = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert wide <= window, f"the page is {wide} px wide in {window} px"


def codes_of(framework: Framework, pillar_code: str) -> list[str]:
    pillar = next(p for p in catalog_index(framework).snapshot.pillars if p.code == pillar_code)
    return [c.code for c in pillar.criteria]


def test_the_owner_answers_and_sees_r_and_its_level(
    page: Page, violations, live_server, readiness, width
):
    owner = MembershipFactory(user__email="chu.sansang@example.vn")
    assessment = assessment_create(
        enterprise=owner.enterprise, framework=readiness, period=2026, user=owner.user
    )
    log_in(page, live_server.url, "chu.sansang@example.vn")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")

    expect(page.get_by_test_id("reference-questions")).to_contain_text(
        "không phải câu hỏi chính thức của Bộ"
    )
    for pillar_code, level in ANSWERED.items():
        for code in codes_of(readiness, pillar_code):
            pick(page, code, level - 1)  # the answers are levels 1..5 at positions 0..4

    expect(page.locator("#total-score")).to_have_text(R_TEXT)
    expect(page.locator("#overall-level")).to_have_attribute("data-level", str(LEVEL))
    expect(page.locator('tr[data-pillar="3"] td[data-value]')).to_have_text("5")
    result = ColumnResult.objects.get(assessment=assessment, column=Column.SELF)
    assert (result.total, result.level) == (2530, LEVEL)
    assert Assessment.objects.get(pk=assessment.pk).state == Assessment.State.DRAFT
    no_sideways_scroll(page)
    assert violations == []


def test_the_calculator_offers_the_framework_and_scores_it(
    page: Page, violations, live_server, readiness, sme_framework, width
):
    page.goto(f"{live_server.url}/calculator/dbi-sme-2021/")
    page.get_by_test_id("framework-picker").get_by_role("link", name=readiness.name_vi).click()
    expect(page.get_by_test_id("reference-questions")).to_be_visible()

    for pillar_code, level in ANSWERED.items():
        for code in codes_of(readiness, pillar_code):
            with page.expect_response(lambda r: CODE in r.url and r.request.method == "GET"):
                page.locator(f'input[name="c-{code}"][value="{level - 1}"]').check()

    expect(page.locator("#total-score")).to_have_text(R_TEXT)
    expect(page.locator("#overall-level")).to_have_attribute("data-level", str(LEVEL))
    no_sideways_scroll(page)
    assert violations == []
