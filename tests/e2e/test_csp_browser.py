"""The pages work in Chromium under the Content-Security-Policy, and the browser reports no
violation of it (policy.py): the calculator recalculates (htmx) and draws its radar (Chart.js),
the language switch still sends its form when a language is picked, Swagger UI renders the API,
an enterprise's assessment on the national form autosaves its answers and figures (the shared
figures too), its survey saves, its results and the dashboard draw their charts, and the admin
opens."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Column
from assessments.selectors import questionnaire_of

from ..factories import (
    AssessmentFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    UserFactory,
    official_version,
)
from ..reports.conftest import assessed
from .national_form import pick_level, type_figure, type_shared
from .policy import chart_drawn
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e


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
    assessment = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )
    assessed(owner.enterprise, 2025, "appraised", {Column.SELF: [3] * 6}, owner.user)
    assessed(EnterpriseFactory(), 2026, "submitted", {Column.SELF: [2] * 6}, owner.user)
    MinistryReviewerFactory(user__email="bo.csp@example.vn")
    UserFactory(email="admin.csp@example.vn", is_staff=True, is_superuser=True)

    log_in(page, base, "dn.csp@example.vn")
    page.goto(f"{base}/assessments/{assessment.pk}/")
    pick_level(page, questionnaire_of(assessment), "1.1.1", 3)
    type_shared(page, "staff_total", "40")
    type_figure(page, "5.1.1", "c5_1_1_num", "12")
    expect(page.get_by_test_id("computation-5.1.1")).to_have_text("12 / 40 = 30 % → mức 2")
    chart_drawn(page, "radar-chart")
    page.get_by_test_id("survey-link").click()
    page.locator('tr[data-statement="8.1"] input[value="4"]').check()
    page.get_by_role("button", name="Lưu khảo sát").click()
    expect(page.get_by_test_id("survey-count")).to_contain_text("Đã trả lời 1/38")
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
