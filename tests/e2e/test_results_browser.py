"""In Chromium: the enterprise's results page draws a radar for the latest year over the
previous one, and switching the column reloads the table. Both years are answered on the
national form (the second starts from the first's answers and figures, as on the same version)."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Column, QuestionKind
from assessments.selectors import column_ratings, questionnaire_of
from assessments.services import assessment_create, figures_save, rating_save

from ..factories import AssessmentFactory, MembershipFactory, official_version
from ..official_form import DENOMINATOR, answer_for, numerator_for
from .policy import chart_drawn

pytestmark = pytest.mark.e2e


def rate(assessment, user, levels: dict[str, int]):
    """Give these criteria these levels the way the national form asks them: the answer giving
    the level, or figures whose share gives it."""
    asked = questionnaire_of(assessment)
    current = column_ratings(assessment, Column.SELF)
    figures = {}
    for code, level in levels.items():
        question = asked.questions[code]
        if question.kind == QuestionKind.FIGURES:
            figures[question.numerator.key] = numerator_for(question, level)
            figures[question.denominator.key] = DENOMINATOR
            continue
        rating_save(
            assessment_id=assessment.pk, column=Column.SELF, criterion_code=code, level=None,
            option=answer_for(question, level), user=user,
            expected_version=current[code].version if code in current else 0,
        )  # fmt: skip
    if figures:
        figures_save(assessment_id=assessment.pk, column=Column.SELF, values=figures, user=user)


def test_the_radar_draws_the_latest_year_over_the_previous_one(
    page: Page, violations, live_server, sme_framework
):
    owner = MembershipFactory(user__email="ketqua.e2e@example.vn")
    first = AssessmentFactory(
        enterprise=owner.enterprise,
        period=2025,
        created_by=owner.user,
        catalog_version=official_version(),
    )
    rate(first, owner.user, {"2.1.1": 2, "6.1.1": 5, "6.1.2": 5})  # 6.1.1 asked as figures
    second = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )
    assert second.catalog_version == first.catalog_version
    rate(second, owner.user, {"2.1.1": 4})

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Địa chỉ email").fill("ketqua.e2e@example.vn")
    page.locator("#id_password").fill("correct horse battery staple")
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server.url}/enterprises/{owner.enterprise.pk}/")
    page.get_by_role("link", name="Kết quả qua các năm").click()

    expect(page.locator('tr[data-row="pillar-2"] td[data-period="2026"]')).to_contain_text("↑ +2")
    expect(page.locator("#radar-self")).to_be_visible()
    chart_drawn(page, "radar-self")
    drawn = page.evaluate("Chart.getChart('radar-self').data.datasets.map(d => [d.label, d.data])")
    assert drawn == [
        ["Năm 2026", [0, 4, 0, 0, 0, 2]],
        ["Năm 2025", [0, 2, 0, 0, 0, 2]],
    ]
    # Columns nobody has answered have no canvas; switching works by link.
    assert page.locator("canvas").count() == 1
    page.get_by_role("link", name="Sở đánh giá").click()
    expect(page.locator('a[data-column="province"]')).to_have_attribute("aria-current", "page")
    assert violations == []
