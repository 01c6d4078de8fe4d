"""No live-server request outlives its test: a page asks for something slow and the test ends
before the answer; its teardown waits for the server to finish (the late write lands before
the flush), and the next test starts on a clean, working database. The two tests run in this
order (the file's)."""

import pytest
from playwright.sync_api import Page, expect

from enterprises.models import User

from ..factories import UserFactory
from .slow_urls import LATE_EMAIL

pytestmark = pytest.mark.e2e
SLOW_SECONDS = 4


def test_a_request_still_running_when_the_test_ends(
    page: Page, live_server, settings, requests_in_flight
):
    settings.ROOT_URLCONF = "tests.e2e.slow_urls"
    page.goto(live_server.url + "/accounts/login/")

    page.evaluate(f"() => {{ fetch('/e2e/slow/?seconds={SLOW_SECONDS}'); }}")

    running = requests_in_flight.wait_until_busy(timeout=60, request="GET /e2e/slow/")
    assert "GET /e2e/slow/" in running
    assert not User.objects.filter(email=LATE_EMAIL).exists()  # the answer has not come yet


def test_the_next_test_starts_after_it_on_a_clean_database(
    page: Page, live_server, requests_in_flight
):
    test, waited, running = requests_in_flight.waits[-1]
    assert "::test_a_request_still_running_when_the_test_ends[" in test
    assert "GET /e2e/slow/" in running
    assert waited > 1  # the teardown waited for the slow answer, not a moment
    assert requests_in_flight.running == []
    assert not User.objects.filter(email=LATE_EMAIL).exists()  # flushed with the rest

    user = UserFactory(email="ke.tiep@example.vn")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Địa chỉ email").fill(user.email)
    page.locator("#id_password").fill("correct horse battery staple")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(live_server.url + "/me/")
