"""The pages work in Chromium under the Content-Security-Policy, and the browser reports no
violation of it: the calculator recalculates (htmx) and draws its radar (Chart.js), the language
switch still sends its form when a language is picked, Swagger UI renders the API, an
enterprise's assessment autosaves, its results and the dashboard draw their charts, and the
admin opens."""

import time

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Column

from ..factories import (
    AssessmentFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    UserFactory,
)
from ..reports.conftest import assessed
from .test_review_chain_browser import answer, log_in
from .waits import WAIT_MS

pytestmark = pytest.mark.e2e

# Runs in every page before its own scripts (Playwright's init scripts and bindings are not
# subject to the page's CSP) and reports each violation to the test as it happens.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.reportViolation(`${location.pathname}: ${event.violatedDirective} blocked `
    + `${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def violations(page: Page) -> list[str]:
    """What the browser refused or complained of on every page visited: CSP violation events,
    console errors (Chromium logs each refusal there too) and uncaught exceptions."""
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


def test_public_pages_run_under_the_policy(page: Page, live_server, sme_framework, violations):
    base = live_server.url

    policy = page.goto(base + "/").headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"  # django-csp writes the directives in any order
    assert "unsafe" not in policy
    page.locator('input[name="c-2.1.1"][value="1"]').check()
    expect(page.locator('tr[data-pillar="2"] .pillar-level')).to_have_attribute("data-level", "1")
    chart_drawn(page, "radar-chart")

    page.locator("#language-select").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(base + "/")
    page.locator("#language-select").select_option("vi")
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    page.goto(base + "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("DBI Portal API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()

    assert violations == []


def test_signed_in_pages_run_under_the_policy(page: Page, live_server, sme_framework, violations):
    base = live_server.url
    owner = MembershipFactory(user__email="dn.csp@example.vn")
    assessment = AssessmentFactory(enterprise=owner.enterprise, created_by=owner.user)
    assessed(owner.enterprise, 2025, "appraised", {Column.SELF: [3] * 6}, owner.user)
    assessed(EnterpriseFactory(), 2026, "submitted", {Column.SELF: [2] * 6}, owner.user)
    MinistryReviewerFactory(user__email="bo.csp@example.vn")
    UserFactory(email="admin.csp@example.vn", is_staff=True, is_superuser=True)

    log_in(page, base, "dn.csp@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    answer(page, "1.1.1", 3)
    chart_drawn(page, "radar-chart")
    page.goto(f"{base}/enterprises/{owner.enterprise.pk}/results/")
    chart_drawn(page, "radar-self")

    log_in(page, base, "bo.csp@example.vn")
    page.goto(f"{base}/reports/")
    chart_drawn(page, "chart-levels")

    log_in(page, base, "admin.csp@example.vn")
    page.goto(f"{base}/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    page.goto(f"{base}/admin/enterprises/enterprise/{owner.enterprise.pk}/change/")
    expect(page.locator("input[name=name_vi]")).to_have_value(owner.enterprise.name_vi)

    assert violations == []
