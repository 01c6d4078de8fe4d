"""Browser tests hold on a busy machine: every wait is for the thing the test depends on (a
response, a navigation, an element) with a generous limit, never a fixed pause; and no request
to the live server outlives its test (``requests_in_flight``)."""

import pytest
from playwright.sync_api import expect

from . import policy
from .in_flight import RequestsInFlight
from .waits import WAIT_MS

expect.set_options(timeout=WAIT_MS)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Vietnamese user's browser: the portal answers in Vietnamese.
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.fixture
def context(context):
    """Actions, navigations and downloads wait as long as assertions do (Playwright's own
    default, 30 s, is shorter than an import's upload on a loaded machine)."""
    context.set_default_timeout(WAIT_MS)
    context.set_default_navigation_timeout(WAIT_MS)
    return context


@pytest.fixture(autouse=True)
def requests_in_flight(request):
    """At the end of a live-server test, wait until the server has finished every request
    before the database is flushed (a request still running then would write into, or lock,
    the next test's database). The browser page closes first (it is set up after this
    fixture), so no new request starts while we wait."""
    if "live_server" not in request.fixturenames:
        yield None
        return
    request.getfixturevalue("transactional_db")  # set up before us: flushed after we waited
    httpd = request.getfixturevalue("live_server").thread.httpd
    counter = httpd.get_app()
    if not isinstance(counter, RequestsInFlight):
        counter = RequestsInFlight(counter)
        httpd.set_app(counter)
    yield counter
    waited = counter.wait_until_idle(timeout=WAIT_MS / 1000, test=request.node.nodeid)
    if waited > 0.1:
        print(f"\nlive server: waited {waited:.1f} s for {counter.waits[-1][2]} to finish")


@pytest.fixture
def violations(page):
    """What the browser refused or complained of on every page this test's ``page`` visited,
    and the serious or critical accessibility problems axe-core found there (policy.watch): a
    test that asks for it ends asserting the list is empty. The page it ends on is audited once
    more afterwards, as the test left it."""
    watched = policy.watch(page)
    yield watched.seen
    before = len(watched.seen)
    watched.audit()
    found = watched.seen[before:]
    assert found == [], f"on the page the test ended on ({page.url}): {found}"
