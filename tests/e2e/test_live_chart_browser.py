"""The live radar stays drawn (issue 14): on the calculator and on each column of the assessment
page, after an answer and after the next one, the radar's canvas has pixels painted on it, at a
desktop's width and a phone's. (It used to be drawn when htmx swapped the results in, and wiped
a moment later when htmx settled the new canvas's size.)"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Column
from enterprises.models import Membership

from ..factories import AssessmentFactory, official_version
from .national_form import criterion, pick
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}

# How many of the canvas's pixels are not transparent (read in the page; a blank canvas has 0).
PAINTED = """(id) => {
  const canvas = document.getElementById(id);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted += 1;
  return painted;
}"""


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request, page: Page) -> int:
    w, h = WIDTHS[request.param]
    page.set_viewport_size({"width": w, "height": h})
    return w


@contextmanager
def settled(page: Page) -> Iterator[None]:
    """Around a change: wait until htmx has settled the swap it causes, and a frame is painted."""
    page.evaluate(
        """() => { window.e2eSettled = new Promise((done) =>
             document.addEventListener("htmx:afterSettle", () => done(), { once: true })); }"""
    )
    yield
    page.evaluate(
        "() => window.e2eSettled.then(() => new Promise((done) => requestAnimationFrame(done)))"
    )


def painted(page: Page) -> int:
    expect(page.locator("#radar-chart")).to_be_attached()
    return page.evaluate(PAINTED, "radar-chart")


def test_the_calculator_radar_stays_drawn_after_each_answer(
    page: Page, violations, live_server, sme_framework, width
):
    page.goto(live_server.url + "/")
    expect(page.locator("#overall-level")).to_have_attribute("data-level", "0")
    assert painted(page) > 0, "no radar on the page as it opens"
    with settled(page):
        page.locator('input[name="c-2.1.1"][value="1"]').check()
    expect(page.locator('tr[data-pillar="2"] .pillar-level')).to_have_attribute("data-level", "1")
    first = painted(page)
    with settled(page):
        page.locator('input[name="c-6.1.2"][value="5"]').check()
    expect(page.locator(".progress-text")).to_contain_text("2/60")
    second = painted(page)
    print(f"\ncalculator at {width} px: {first} then {second} pixels painted")
    assert first > 0, "the radar went blank after the first answer"
    assert second > 0, "the radar went blank after the second answer"
    assert violations == []


# Each column in the state where it is open, and who fills it in.
COLUMNS = {
    Column.SELF: Assessment.State.DRAFT,
    Column.CONSULTANT: Assessment.State.CONSULTANT_ASSESSING,
    Column.PROVINCE: Assessment.State.PROVINCE_REVIEW,
    Column.MINISTRY: Assessment.State.MINISTRY_APPRAISAL,
}


@pytest.mark.parametrize("column", list(COLUMNS))
def test_each_assessment_column_radar_stays_drawn_after_each_answer(
    page: Page,
    violations,
    live_server,
    sme_framework,
    owner: Membership,
    consultant,
    province_officer,
    ministry_reviewer,
    column,
    width,
):
    assessment = AssessmentFactory(
        enterprise=owner.enterprise,
        created_by=owner.user,
        state=COLUMNS[column],
        catalog_version=official_version(),
    )
    person = {
        Column.SELF: owner.user,
        Column.CONSULTANT: consultant.user,
        Column.PROVINCE: province_officer,
        Column.MINISTRY: ministry_reviewer,
    }[column]
    log_in(page, live_server.url, person.email)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    expect(page.get_by_role("heading", name=f"Kết quả – {Column(column).label}")).to_be_visible()
    assert painted(page) > 0, "no radar on the page as it opens"

    counts = []
    for code, position in (("1.1.1", 1), ("2.1.1", 2)):
        if column == Column.MINISTRY:  # the ministry says why it changes a level
            criterion(page, code).locator(f'input[name="r-{code}"]').fill("Kiểm tra thực tế")
        with settled(page):
            pick(page, code, position)
        counts.append(painted(page))
    print(f"\n{column} column at {width} px: {counts} pixels painted")
    assert counts[0] > 0, "the radar went blank after the first answer"
    assert counts[1] > 0, "the radar went blank after the second answer"
    assert violations == []
