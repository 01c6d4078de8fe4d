"""Vietnamese first, in Chromium: a browser set to English still opens the portal in Vietnamese;
choosing English with the header's selector turns the pages English, and the choice outlives the
visit (a cookie kept for a year), on a phone as on a desktop. The API still answers in the
language the caller asks for."""

import time

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.e2e
YEAR = 365 * 24 * 60 * 60


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_an_english_browser_opens_in_vietnamese_until_english_is_chosen(
    browser: Browser, live_server, sme_framework, width
):
    base = live_server.url
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tự tính mức độ chuyển đổi số")

    page.locator("#language-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(base + "/")
    cookie = next(c for c in context.cookies() if c["name"] == "django_language")
    assert cookie["value"] == "en"
    assert cookie["expires"] > time.time() + YEAR - 24 * 60 * 60  # not only for this visit

    later = context.new_page()
    later.goto(base + "/accounts/login/")
    expect(later.locator("html")).to_have_attribute("lang", "en")
    expect(later.get_by_role("heading", level=1)).to_have_text("Log in")
    context.close()


def test_the_api_answers_an_english_caller_in_english(browser: Browser, live_server, sme_framework):
    context = browser.new_context(locale="en-GB")
    response = context.request.get(
        live_server.url + "/api/v1/frameworks/dbi-nope/", headers={"Accept-Language": "en-GB"}
    )
    assert response.status == 404
    assert response.json()["error"]["message"] == "The requested resource was not found."
    context.close()
