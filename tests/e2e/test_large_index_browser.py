"""The large-enterprise index in Chromium at a desktop's width and a phone's: the owner of a large
enterprise starts the index the ministry opened for the year (its criteria made up by
tests/assessments/large_index.py), lists two departments, answers cells — one "not relevant" —
and sees the enterprise's percent and level follow each save. The grid scrolls inside its own
container; the page does not scroll sideways; no CSP violation.

Two criteria per group, four groups in dimension 1, six dimensions, means bottom-up:
* "Kinh doanh" 1.1.1 = 100 %: its group 1.1 = (100 + 0) / 2 = 50, dimension 1 = 12.5, the
  department 12.5 / 6 = 2.083 %; "Kế toán" 0 %: the enterprise 1.0416 % → "1,04 %", level 1.
* "Kế toán" 1.1.1 not relevant, 1.1.2 = 100 %: its group 1.1 = 100, dimension 1 = 25, the
  department 4.166 %: the enterprise (2.083 + 4.166) / 2 = 3.125 → "3,12 %", level 1.
* Every other cell then answered 100 % (as if saved earlier), the page reloaded: 100 %, level 5;
  "Kinh doanh" 1.1.1 set to 0: group 1.1 = 50, dimension 1 = 87.5, the department 97.916 %,
  the enterprise 98.958 % → "98,95 %", level 4.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Column, DepartmentRating
from assessments.services.departments import department_rating_save

from ..assessments.large_index import criterion_codes, load_large_index, open_large_index
from ..factories import MembershipFactory
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
EMAIL = "chu.doanhnghieplon@example.vn"


@pytest.fixture(params=list(WIDTHS))
def width(request, page: Page) -> int:
    w, h = WIDTHS[request.param]
    page.set_viewport_size({"width": w, "height": h})
    return w


def no_sideways_scroll(page: Page) -> None:
    wide, window = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert wide <= window, f"the page is {wide} px wide in {window} px"


def add_department(page: Page, name: str) -> None:
    page.get_by_label("Tên bộ phận mới").fill(name)
    with page.expect_response(lambda r: r.url.endswith("/departments/") and r.ok):
        page.get_by_role("button", name="Thêm bộ phận").click()
    expect(page.locator("#department-grid thead").first).to_contain_text(name)


def cell_saved(page: Page, code: str, department: str):
    return page.expect_response(
        lambda r: f"/cells/{code}/" in r.url and r.request.method == "POST" and r.ok
    )


def fill(page: Page, code: str, department: str, percent: str) -> None:
    field = page.get_by_label(f"Tỷ lệ hoàn thành (%) của tiêu chí {code}, bộ phận {department}")
    with cell_saved(page, code, department) as saved:
        field.fill(percent)
        field.press("Tab")
    # The cell sends its own inputs, not the whole grid's form around it.
    assert saved.value.request.post_data.count("p-") == 1


def not_relevant(page: Page, code: str, department: str) -> None:
    box = page.get_by_role("checkbox", name=f"Không liên quan ({code}, {department})")
    with cell_saved(page, code, department):
        box.check()


def shows(page: Page, total: str, level: int) -> None:
    expect(page.locator("#total-score")).to_have_text(total)
    expect(page.locator("#overall-level")).to_have_attribute("data-level", str(level))


def test_the_owner_answers_by_department_and_sees_the_percent_and_level(
    page: Page, violations, live_server, places, width
):
    year = timezone.localdate().year
    framework = load_large_index()
    open_large_index(year)
    owner = MembershipFactory(user__email=EMAIL, enterprise__size_class="large")
    log_in(page, live_server.url, EMAIL)
    page.goto(f"{live_server.url}/enterprises/{owner.enterprise.pk}/")
    page.get_by_role("button", name="Bắt đầu đánh giá").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/$"))
    assessment = Assessment.objects.get(enterprise=owner.enterprise, period=year)
    assert assessment.framework_id == framework.pk
    expect(page.get_by_test_id("no-departments")).to_be_visible()

    add_department(page, "Kinh doanh")
    add_department(page, "Kế toán")
    fill(page, "1.1.1", "Kinh doanh", "100")
    shows(page, "1,04 %", 1)
    not_relevant(page, "1.1.1", "Kế toán")
    fill(page, "1.1.2", "Kế toán", "100")
    shows(page, "3,12 %", 1)
    expect(page.locator('tr[data-department-name="Kế toán"] td[data-value]')).to_have_text("4,16 %")
    assert (
        DepartmentRating.objects.get(department__name="Kế toán", criterion__code="1.1.1").percent
        is None
    )

    # The rest answered 100 % (as if saved earlier), then one cell lowered: the level drops.
    answered = set(
        DepartmentRating.objects.filter(assessment=assessment).values_list(
            "department_id", "criterion__code"
        )
    )
    for department in assessment.departments.all():
        for code in criterion_codes(framework):
            if (department.pk, code) not in answered:
                department_rating_save(
                    assessment_id=assessment.pk,
                    column=Column.SELF,
                    department_id=department.pk,
                    criterion_code=code,
                    percent=100,
                    version=0,
                    user=owner.user,
                )
    page.reload()
    shows(page, "100 %", 5)
    fill(page, "1.1.1", "Kinh doanh", "0")
    shows(page, "98,95 %", 4)

    grid = page.locator(".department-grid").first
    if width < 600:  # the grid scrolls in its own box, not the page
        assert grid.evaluate("e => e.scrollWidth > e.clientWidth")
    no_sideways_scroll(page)
    assert violations == []
