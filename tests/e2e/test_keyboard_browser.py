"""The criteria by keyboard (issue 14), in Chromium: from the page's top, the skip links and the
criterion index reach criterion 4.1.1 in a few keys (not 160 Tabs on the assessment page, 91 on
the calculator); an answer picked from the keyboard saves its criterion and the focus stays on
the answer when the saved criterion is swapped in; Enter on a radio saves that criterion and
does not send the whole form; the result panel says the new result in one polite status line.
Each test prints how many keys answering 4.1.1 took."""

from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Rating
from enterprises.models import Membership

from ..factories import AssessmentFactory, official_version
from .national_form import criterion
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e

WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
STALE = "data-e2e-stale"

# The focused element: its name and value, whether it is checked, and whether it sits in a
# criterion swapped out since (marked stale before the change).
FOCUSED = f"""() => {{
  const e = document.activeElement;
  return {{ name: e.name || null, value: e.value || null, checked: !!e.checked,
           tag: e.tagName, text: (e.textContent || "").trim(),
           stale: !!e.closest("[{STALE}]"), attached: e.isConnected }};
}}"""


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request, page: Page) -> int:
    w, h = WIDTHS[request.param]
    page.set_viewport_size({"width": w, "height": h})
    return w


@pytest.fixture
def draft(page: Page, live_server, owner: Membership, sme_framework) -> Assessment:
    """The owner's draft on the national form, open in the page."""
    assessment = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )
    log_in(page, live_server.url, owner.user.email)
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    expect(page.locator("#overall-level")).to_be_visible()
    return assessment


class Keys:
    """Presses keys in the page and counts them."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.count += 1

    def focused(self) -> dict:
        return self.page.evaluate(FOCUSED)


@contextmanager
def autosaved(page: Page, code: str) -> Iterator[None]:
    """Around a key that changes criterion ``code``: wait for its autosave (answered 200) and
    for the criterion the answer swaps in."""
    criterion(page, code).evaluate(f"el => el.setAttribute('{STALE}', '')")
    with page.expect_response(
        lambda r: r.request.method == "POST" and urlsplit(r.url).path.endswith(f"/ratings/{code}/")
    ) as response:
        yield
    assert response.value.status == 200
    expect(page.locator(f'[id="criterion-{code}"]:not([{STALE}])')).to_be_attached()
    expect(criterion(page, code).locator('[data-state="saved"]')).to_be_visible()


def to_criterion(keys: Keys, code: str) -> None:
    """From the top of the page: the skip link to the index, the criterion's first digit typed
    in the list, Enter."""
    keys.press("Tab")
    assert keys.focused()["text"] == "Bỏ qua đến nội dung chính"  # the first thing focused
    keys.press("Tab")
    assert keys.focused()["text"] == "Đến một tiêu chí theo mã"
    keys.press("Enter")
    expect(keys.page.locator("#criterion-jump")).to_be_focused()
    keys.press(code[0])  # the list jumps to the first criterion of the pillar: 4 → 4.1.1
    expect(keys.page.locator("#criterion-jump")).to_have_value(code)
    keys.press("Enter")


def test_the_keyboard_reaches_and_answers_4_1_1_in_a_few_keys_and_keeps_the_focus(
    page: Page, violations, draft, width
):
    keys = Keys(page)
    to_criterion(keys, "4.1.1")
    focused = keys.focused()
    assert (focused["name"], focused["value"]) == ("c-4.1.1", "0")
    with autosaved(page, "4.1.1"):
        keys.press("Space")
    print(f"\nassessment page at {width} px: 4.1.1 answered in {keys.count} keys")
    assert keys.count <= 6
    focused = keys.focused()
    assert focused == {**focused, "name": "c-4.1.1", "value": "0", "checked": True}
    assert focused["attached"], "the focus fell off the saved criterion"
    assert not focused["stale"], "the focus fell off the saved criterion"

    with autosaved(page, "4.1.1"):  # the next answer down, from where the focus stayed
        keys.press("ArrowDown")
    focused = keys.focused()
    assert (focused["name"], focused["value"], focused["checked"]) == ("c-4.1.1", "1", True)
    assert focused["attached"]
    assert not focused["stale"]
    assert Rating.objects.get(assessment=draft, criterion__code="4.1.1").option.position == 1

    # The result panel says the new result in one status line; the panel itself is not live
    # (it would be read out whole), and it takes the focus to be scrolled.
    expect(page.locator("#results-status")).to_contain_text("Đã trả lời 1/60")
    expect(page.locator("#results")).not_to_have_attribute("aria-live", "polite")
    expect(page.locator("aside.results-panel")).to_have_attribute("tabindex", "0")
    assert violations == []


def test_enter_on_a_radio_saves_its_criterion_and_not_the_whole_form(
    page: Page, violations, live_server, draft
):
    posted: list[str] = []
    page.on("request", lambda r: posted.append(urlsplit(r.url).path) if r.method == "POST" else 0)
    url = page.url
    page.locator('input[name="c-1.1.1"][value="1"]').focus()
    with autosaved(page, "1.1.1"):
        page.keyboard.press("Enter")
    expect(page.locator('input[name="c-1.1.1"][value="1"]')).to_be_checked()
    expect(page.locator('input[name="c-1.1.1"][value="1"]')).to_be_focused()
    page.keyboard.press("Enter")  # on the answer already picked: nothing is sent
    expect(page.locator(".progress-text")).to_contain_text("1/60")
    assert page.url == url
    assert posted == [f"/assessments/{draft.pk}/ratings/1.1.1/"], "the whole form was sent"
    assert violations == []


def test_the_calculator_by_keyboard(page: Page, violations, live_server, sme_framework):
    page.goto(live_server.url + "/")
    expect(page.locator("#overall-level")).to_have_attribute("data-level", "0")
    keys = Keys(page)
    to_criterion(keys, "4.1.1")
    focused = keys.focused()
    assert focused["name"] == "c-4.1.1"
    keys.press("Space")
    expect(page.locator(".progress-text")).to_contain_text("1/60")
    print(f"\ncalculator: 4.1.1 answered in {keys.count} keys")
    assert keys.count <= 6
    expect(page.locator("#results-status")).to_contain_text("Đã trả lời 1/60")

    url = page.url
    page.locator('input[name="c-2.1.1"][value="1"]').focus()
    page.keyboard.press("Enter")  # picks the answer; the page is not sent (no new URL)
    expect(page.locator(".progress-text")).to_contain_text("2/60")
    assert page.url == url
    assert violations == []
