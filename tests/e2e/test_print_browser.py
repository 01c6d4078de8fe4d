"""Printing in Chromium (page.pdf, the print stylesheet): an answered assessment prints as a
compact questionnaire — each criterion with the answer chosen, its figures and notes, then the
result — in a few pages instead of the 36 of the screen layout; the unchosen answers, the menu,
the buttons and the radar are left out. The public calculator prints compactly too."""

import pytest
from playwright.sync_api import Page

from assessments.models import Rating
from assessments.selectors import questionnaire_of

from ..factories import AssessmentFactory, MembershipFactory, official_version
from ..official_form import answer_all
from ..pdf_text import page_count, text_of
from .test_review_chain_browser import log_in

pytestmark = pytest.mark.e2e
MOST_PAGES = 8  # 60 criteria and the result on A4 (the screen layout printed 36 pages)


def test_an_answered_assessment_prints_as_a_compact_questionnaire(
    page: Page, live_server, sme_framework, violations
):
    owner = MembershipFactory(user__email="dn.print@example.vn")
    assessment = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )
    answer_all(assessment, owner.user, level=3)
    rating = Rating.objects.get(assessment=assessment, column="self", criterion__code="2.1.1")
    rating.note = "Kế hoạch chuyển đổi số được Hội đồng thành viên thông qua."
    rating.save()
    question = questionnaire_of(assessment).questions["2.1.1"]
    options = {o.level: o.label_vi for o in question.options.all()}

    log_in(page, live_server.url, "dn.print@example.vn")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    pdf = page.pdf(format="A4")

    assert page_count(pdf) <= MOST_PAGES
    text = text_of(pdf)
    assert "2.1.1" in text
    assert " ".join(options[3].split()) in text  # the answer chosen
    assert " ".join(options[5].split()) not in text  # an answer not chosen
    assert "Kế hoạch chuyển đổi số được Hội đồng thành viên thông qua." in text
    assert "Mức tổng thể" in text  # the result after the criteria
    assert "Đăng xuất" not in text  # no menu
    assert "Lưu tất cả" not in text  # no buttons
    assert violations == []


def test_the_calculator_prints_in_a_few_pages(page: Page, live_server, sme_framework, violations):
    page.goto(live_server.url + "/?c-2.1.1=4")
    pdf = page.pdf(format="A4")

    assert page_count(pdf) <= MOST_PAGES
    assert "Tự tính mức độ chuyển đổi số" in text_of(pdf, 1)
    assert violations == []
