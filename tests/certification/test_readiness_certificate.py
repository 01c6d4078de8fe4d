"""A certificate of the SME readiness index (2023) states that framework — its name, version
and decision — and its score as R with the readiness index's level name, on the PDF and on the
public verification page; a 2021 certificate keeps its points (test_pdf, test_verification)."""

import shutil

import pytest

from certification.pdf import certificate_pdf
from certification.selectors import certificate_facts
from certification.services import certificate_issue

from ..pdf_text import text_of
from ..readiness_appraised import (
    DECISION_VI,
    LEVEL,
    LEVEL_NAME,
    NAME_VI,
    R_MILLI,
    R_TEXT,
    readiness_appraised,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(owner, signer, issuer, province_officer, ministry_reviewer):
    assessment = readiness_appraised(
        owner.enterprise, owner.user, province_officer, ministry_reviewer
    )
    return certificate_issue(assessment_id=assessment.pk, user=issuer)


def test_the_certificate_freezes_the_framework_version_and_method(certificate):
    assert (certificate.total_points, certificate.overall_level) == (R_MILLI, LEVEL)
    assert certificate.framework_code == "dbi-sme-readiness-2023"
    assert certificate.framework_version == 1
    assert certificate.scoring_method == "readiness-median-2023"
    assert certificate.level_name_vi == LEVEL_NAME


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_pdf_names_the_readiness_framework_and_shows_r(certificate):
    text = text_of(certificate_pdf(certificate_facts(certificate), language="vi"))

    # The subtitle and the level are printed in capitals.
    assert "mức độ sẵn sàng chuyển đổi số doanh nghiệp" in text.casefold()
    assert NAME_VI in text
    assert "(phiên bản 1)" in text
    assert DECISION_VI in text
    assert f"mức {LEVEL} – {LEVEL_NAME}".casefold() in text.casefold()
    assert f"Điểm sẵn sàng (R): {R_TEXT}" in text
    assert "Tổng điểm" not in text
    assert "/320" not in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_english_pdf_writes_r_the_english_way(certificate):
    text = text_of(certificate_pdf(certificate_facts(certificate), language="en"))

    assert "Digital transformation readiness index" in text
    assert "developed" in text.casefold()
    assert "(version 1)" in text
    assert "2.85" in text


def test_the_verification_page_names_the_framework_and_shows_r(client, certificate):
    response = client.get(f"/chung-nhan/{certificate.verification_code}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert NAME_VI in html
    assert "phiên bản 1" in html
    assert DECISION_VI in html
    assert f"Mức {LEVEL} – {LEVEL_NAME}" in html
    assert f"Điểm sẵn sàng (R): {R_TEXT}" in html
    assert "điểm</dd>" not in html
    # The pillars' medians, in R's unit: pillar 4 answered at level 5.
    assert "quản trị dữ liệu</td><td>5</td><td>5</td>" in html


def test_the_api_states_the_framework_version_and_the_unit(client, certificate):
    response = client.get(f"/api/v1/certificates/verify/{certificate.verification_code}/")

    found = response.json()["certificate"]
    assert found["framework_code"] == "dbi-sme-readiness-2023"
    assert found["framework_version"] == 1
    assert found["scoring_method"] == "readiness-median-2023"
    assert found["total_points"] == R_MILLI
    assert found["score_text"] == f"R = {R_TEXT}"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_a_large_index_certificate_shows_its_percent(certificate):
    """Pure: the large index's facts (no large assessment is certified here)."""
    from dataclasses import replace

    facts = replace(
        certificate_facts(certificate),
        framework_name_vi="Bộ chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp lớn",
        scoring_method="department-means-2023",
        total_points=6750,
        max_points=0,
        level_name_vi="Hình thành",
    )
    text = text_of(certificate_pdf(facts, language="vi"))

    assert "Tỷ lệ chuyển đổi: 67,5 %" in text
    assert "mức độ chuyển đổi số doanh nghiệp lớn (phiên bản 1)" in text
    assert "Tổng điểm" not in text
