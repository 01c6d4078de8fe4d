"""The SME readiness index (2023) reviewed and certified in Chromium, at a desktop's width and a
phone's: the enterprise's answers are in (each pillar at one level, R = 2.85, level 3), the owner
submits, the province officer starts and approves, the ministry reviewer starts and appraises, a
ministry issuer issues the certificate, and an anonymous visitor's verification page shows R, the
framework, its decision and that the questions were the portal's reference ones. No CSP
violation on the way."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from assessments.models import Assessment, Framework
from assessments.services import assessment_create

from ..assessments.test_readiness_assessment import PILLAR_LEVELS, answer
from ..factories import MembershipFactory
from .review_and_certify import review_and_certify, reviewers
from .test_readiness_browser import CODE, WIDTHS, no_sideways_scroll

pytestmark = pytest.mark.e2e


@pytest.fixture(params=list(WIDTHS))
def width(request, page: Page) -> int:
    w, h = WIDTHS[request.param]
    page.set_viewport_size({"width": w, "height": h})
    return w


@pytest.fixture
def readiness(places) -> Framework:
    call_command("load_catalog", CODE, verbosity=0)
    return Framework.objects.get(code=CODE)


def test_the_readiness_index_is_reviewed_and_certified(
    page: Page,
    violations,
    live_server,
    readiness,
    width,
):
    base = live_server.url
    owner = MembershipFactory(user__email="dn.sansang@example.vn")
    emails = reviewers(owner, "sansang")
    assessment = assessment_create(
        enterprise=owner.enterprise, framework=readiness, period=2026, user=owner.user
    )
    answer(assessment, "self", owner.user, PILLAR_LEVELS)

    certificate = review_and_certify(
        page, base, assessment, "dn.sansang@example.vn", emails, "2,85"
    )
    expect(page.get_by_test_id("framework")).to_contain_text("2158/QĐ-BTTTT")
    expect(page.get_by_test_id("level")).to_contain_text("Mức 3 – Phát triển")
    expect(page.get_by_test_id("level")).to_contain_text("2,85")
    expect(page.get_by_test_id("reference-questions")).to_be_visible()
    no_sideways_scroll(page)

    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.APPRAISED
    assert (certificate.total_points, certificate.overall_level) == (2850, 3)
    assert violations == []
