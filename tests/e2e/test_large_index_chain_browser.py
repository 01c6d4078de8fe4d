"""The large-enterprise index reviewed and certified in Chromium, at a desktop's width and a
phone's: two departments have answered every criterion ("Kinh doanh" at 100 %, "Kế toán" at 50 %:
the enterprise at 75 %, level 4), the owner submits, the province officer starts and approves,
the ministry reviewer starts (its column starts from the enterprise's answers) and appraises, a
ministry issuer issues the certificate, and the public verification page shows 75 % and level 4
of the large-enterprise index. No CSP violation on the way."""

import pytest
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Column

from ..assessments.large_index import add_departments, fill_departments, large_assessment
from ..factories import MembershipFactory
from .review_and_certify import review_and_certify, reviewers
from .test_large_index_browser import WIDTHS, no_sideways_scroll

pytestmark = pytest.mark.e2e

PERCENTS = {"Kinh doanh": 100, "Kế toán": 50}


@pytest.fixture(params=list(WIDTHS))
def width(request, page: Page) -> int:
    w, h = WIDTHS[request.param]
    page.set_viewport_size({"width": w, "height": h})
    return w


def test_the_large_index_is_reviewed_and_certified(
    page: Page, violations, live_server, places, width
):
    base = live_server.url
    owner = MembershipFactory(user__email="dn.lon@example.vn")
    emails = reviewers(owner, "lon")
    assessment = large_assessment(owner)
    add_departments(assessment, owner.user, list(PERCENTS))
    fill_departments(assessment, Column.SELF, owner.user, PERCENTS)

    certificate = review_and_certify(page, base, assessment, "dn.lon@example.vn", emails, "75 %")
    expect(page.get_by_test_id("framework")).to_contain_text("doanh nghiệp lớn")
    expect(page.get_by_test_id("level")).to_contain_text("Mức 4")
    expect(page.get_by_test_id("level")).to_contain_text("75 %")
    no_sideways_scroll(page)

    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.APPRAISED
    assert (certificate.total_points, certificate.overall_level) == (7500, 4)
    assert violations == []
