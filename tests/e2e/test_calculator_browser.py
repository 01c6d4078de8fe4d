"""The public calculator in Debian's Chromium: picking answers and typing figures changes the
levels live (htmx; each computation next to its inputs), a bad figure is said next to it with
what was typed kept, and the page still works with JavaScript turned off.

The radio's value is the option's position; for the criteria below the options run level 0..5
in order, so position = level."""

import re

import pytest
from playwright.sync_api import Page, expect

from .waits import WAIT_MS

pytestmark = pytest.mark.e2e

# Four pillars lifted to level ≥ 1 with 29 points in all: the overall rule for level 1
# (total > 20 and at least 4 pillars at level ≥ 1) holds only once the last answer is in.
ANSWERS_BEFORE_LAST = {
    "2.1.1": 1,  # 5/25 = 20 %  → pillar 2 level 1
    "6.1.2": 5,
    "6.1.4": 5,  # 10/35 ≈ 29 % → pillar 6 level 2
    "5.2.3": 5,
    "5.2.5": 1,  # 6/50 = 12 %  → pillar 5 level 1
    "4.1.1": 5,  # 5/65 ≈ 8 %   → pillar 4 still level 0; total 26
}
LAST_ANSWER = ("4.1.2", 3)  # 8/65 ≈ 12 % → pillar 4 level 1, total 29


def choose(page: Page, code: str, level: int) -> None:
    page.locator(f'input[name="c-{code}"][value="{level}"]').check()


def test_picking_answers_raises_overall_level_live(
    page: Page, violations, live_server, sme_framework
):
    page.goto(live_server.url + "/")
    overall = page.locator("#overall-level")
    expect(overall).to_have_attribute("data-level", "0")
    expect(page.locator("fieldset.criterion")).to_have_count(60)

    for code, level in ANSWERS_BEFORE_LAST.items():
        choose(page, code, level)
    expect(page.locator("#total-points")).to_have_text("26")
    expect(page.locator('tr[data-pillar="6"] .pillar-level')).to_have_attribute("data-level", "2")
    expect(overall).to_have_attribute("data-level", "0")

    choose(page, *LAST_ANSWER)
    expect(page.locator("#total-points")).to_have_text("29")
    expect(overall).to_have_attribute("data-level", "1")
    expect(overall).to_contain_text("Khởi động")
    expect(page.locator(".progress-text")).to_contain_text("7/60")
    # The radar chart is redrawn from the new levels after the swap.
    expect(page.locator("#radar-chart")).to_be_visible()
    drawn = page.evaluate("Chart.getChart('radar-chart').data.datasets[0].data")
    assert drawn == [0, 1, 0, 1, 1, 2]
    assert violations == []


def test_calculator_works_without_javascript(browser, live_server, sme_framework):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(live_server.url + "/")
    for code, level in {**ANSWERS_BEFORE_LAST, LAST_ANSWER[0]: LAST_ANSWER[1]}.items():
        choose(page, code, level)
    page.get_by_role("button", name="Tính điểm").click()
    expect(page).to_have_url(re.compile(r"c-4\.1\.2=3"))
    expect(page.locator("#overall-level")).to_have_attribute("data-level", "1")
    expect(page.locator("#total-points")).to_have_text("29")
    # What the user picked is still picked after the round trip.
    expect(page.locator('input[name="c-6.1.2"][value="5"]')).to_be_checked()
    context.close()


def test_typed_figures_are_computed_live_next_to_their_inputs(
    page: Page, violations, live_server, sme_framework
):
    page.goto(live_server.url + "/")
    numerator = page.locator('input[name="f-c3_2_3_num"]')
    denominator = page.locator('input[name="f-c3_2_3_den"]')
    computation = page.locator("#computation-3\\.2\\.3")
    expect(computation).to_have_text("Nhập đủ số liệu để tính mức.")

    numerator.fill("12")
    denominator.fill("40")
    denominator.press("Tab")  # change fires on leaving the input
    # 12 / 40 = 30 %: level 2 by 3.2.3's thresholds (0/25/50/75/100 %).
    expect(computation).to_have_text("12 / 40 = 30 % → mức 2")
    expect(page.locator('tr[data-pillar="3"]')).to_contain_text("2/80")

    numerator.fill("50")
    numerator.press("Tab")
    fieldset = page.locator("#criterion-3\\.2\\.3")
    expect(fieldset.locator(".field-error")).to_contain_text("Tiêu chí 3.2.3:")
    expect(fieldset).to_have_class(re.compile(r"has-error"))
    expect(numerator).to_have_value("50")  # what was typed is kept
    expect(page.locator('tr[data-pillar="3"]')).to_contain_text("0/80")

    numerator.fill("40")
    numerator.press("Tab")
    expect(computation).to_have_text("40 / 40 = 100 % → mức 5")
    expect(fieldset.locator(".field-error")).to_have_count(0)
    expect(fieldset).not_to_have_class(re.compile(r"has-error"))
    assert violations == []


def test_a_shared_figure_updates_every_criterion_that_divides_by_it(
    page: Page, violations, live_server, sme_framework
):
    page.goto(live_server.url + "/")
    page.locator('input[name="f-c4_2_1_num"]').fill("12")
    staff = page.locator('input[name="f-staff_total"]')
    staff.fill("40")
    staff.press("Tab")

    expect(page.locator("#denominator-4\\.2\\.1")).to_have_text("40")
    expect(page.locator("#computation-4\\.2\\.1")).to_contain_text("12 / 40 = 30 % → mức")

    staff.fill("12,5")
    staff.press("Tab")
    expect(page.locator("#figure-error-staff_total")).to_contain_text("“12,5”")
    expect(staff).to_have_value("12,5")
    expect(page.locator("#computation-4\\.2\\.1")).to_have_text("Nhập đủ số liệu để tính mức.")
    assert violations == []
