"""What the browser refused or complained of while a test ran: Content-Security-Policy violation
events, console errors (Chromium logs each refusal there too) and uncaught exceptions; and a
wait for Chart.js that works under the policy. The ``violations`` fixture (conftest.py) watches
a test's page."""

import time

from playwright.sync_api import Page

from .waits import WAIT_MS

# Runs in every page before its own scripts (Playwright's init scripts and bindings are not
# subject to the page's CSP) and reports each violation to the test as it happens.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${location.pathname}: ${event.violatedDirective} blocked `
    + `${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


def watch(page: Page) -> list[str]:
    """Start watching ``page`` (before it opens anything); the list fills as things happen."""
    seen: list[str] = []
    page.expose_function("reportViolation", lambda text: seen.append(text))
    page.add_init_script(LISTEN)

    def console(message) -> None:
        where = message.location["url"]
        if where.endswith("/favicon.ico"):
            return  # the admin's pages name no icon, so Chromium asks for one (a 404)
        if message.type == "error" or "Policy" in message.text:
            seen.append(f"console {message.type}: {message.text} ({where})")

    page.on("console", console)
    page.on("pageerror", lambda error: seen.append(f"page error: {error}"))
    return seen


def chart_drawn(page: Page, canvas: str) -> None:
    """Wait until Chart.js has drawn on ``canvas`` (polled from here: Playwright's own
    wait_for_function compiles its predicate with eval, which the page's policy refuses), for as
    long as any other wait of the browser tests."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while time.monotonic() < deadline:
        if page.evaluate(f"!!(window.Chart && Chart.getChart({canvas!r}))"):
            return
        page.wait_for_timeout(100)  # the polling interval, not a wait for the chart
    raise AssertionError(f"no chart on #{canvas} at {page.url}")
