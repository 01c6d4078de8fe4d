"""A certificate of an assessment answered on the portal's reference questions (the readiness
index until the ministry publishes its questions) says so on the PDF, on the public
verification page and in the API; a 2021 certificate, on the official form, does not."""

import shutil

import pytest

from certification.pdf import certificate_pdf
from certification.selectors import certificate_facts
from certification.services import certificate_issue

from ..pdf_text import text_of
from ..readiness_appraised import readiness_appraised

pytestmark = pytest.mark.django_db

NOTE_VI = "Đánh giá theo bộ câu hỏi tham khảo của Cổng, không phải câu hỏi chính thức của Bộ"


@pytest.fixture
def certificate(owner, signer, issuer, province_officer, ministry_reviewer):
    assessment = readiness_appraised(
        owner.enterprise, owner.user, province_officer, ministry_reviewer
    )
    return certificate_issue(assessment_id=assessment.pk, user=issuer)


def test_the_certificate_records_the_reference_questions(certificate):
    assert certificate.on_reference_questions is True


def test_the_verification_page_and_the_api_say_so(client, certificate):
    html = client.get(f"/chung-nhan/{certificate.verification_code}/").content.decode()
    found = client.get(f"/api/v1/certificates/verify/{certificate.verification_code}/").json()

    assert 'data-testid="reference-questions"' in html
    assert NOTE_VI in html
    assert found["certificate"]["on_reference_questions"] is True


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_pdf_says_so_in_both_languages(certificate):
    vi = " ".join(text_of(certificate_pdf(certificate_facts(certificate), language="vi")).split())
    en = " ".join(text_of(certificate_pdf(certificate_facts(certificate), language="en")).split())

    assert NOTE_VI in vi
    assert "the portal's reference questions" in en


def test_a_2021_certificate_on_the_official_form_does_not(client, appraised, issuer, signer):
    certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)

    html = client.get(f"/chung-nhan/{certificate.verification_code}/").content.decode()

    assert certificate.on_reference_questions is False
    assert 'data-testid="reference-questions"' not in html
