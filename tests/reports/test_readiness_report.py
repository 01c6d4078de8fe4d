"""The assessment report of an SME readiness assessment (2023): the readiness index named with
its version, R and the pillars' medians in R's unit, the readiness index's level names, its next
threshold instead of the 2021 points arithmetic; no 2021 points maxima anywhere. The 2021
report is tested unchanged in test_assessment_report_pdf / _download."""

import datetime
import shutil

import pytest

from assessments.models import Assessment
from reports.assessment_report.facts import report_facts_from
from reports.assessment_report.pdf import report_pdf
from reports.assessment_report.selectors import assessment_report_inputs

from ..pdf_text import text_of
from ..readiness_appraised import LEVEL, LEVEL_NAME, NAME_VI, R_TEXT, readiness_appraised

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed"),
]


@pytest.fixture
def report_facts(owner, province_officer, ministry_reviewer):
    assessment = readiness_appraised(
        owner.enterprise, owner.user, province_officer, ministry_reviewer
    )
    assessment = Assessment.objects.select_related("enterprise__province", "framework").get(
        pk=assessment.pk
    )
    inputs = assessment_report_inputs(assessment=assessment)
    return report_facts_from(**inputs.facts_arguments(), generated_on=datetime.date(2026, 12, 6))


def test_the_report_names_the_readiness_index_and_shows_r(report_facts):
    text = text_of(report_pdf(report_facts, language="vi"))

    assert "báo cáo kết quả đánh giá mức độ sẵn sàng chuyển đổi số doanh nghiệp" in text.casefold()
    assert f"{NAME_VI} – phiên bản 1" in text
    assert f"Điểm sẵn sàng (R) {R_TEXT}" in text
    assert f"Mức {LEVEL} {LEVEL_NAME}" in text
    # The ministry's column: R = 2,85 at level 3; level 4 starts at 3,4.
    assert f"mức {LEVEL} – {LEVEL_NAME}, R = {R_TEXT}." in text
    assert "Để đạt mức 4 – Nâng cao: Điểm sẵn sàng (R) từ 3,4 trở lên (còn thiếu 0,55)." in text
    # Pillar 4 answered at 5 everywhere: its median is 5 (not "5000/5000").
    assert "Mức 5 · 5 " in text
    assert "Mức 1–5 của từng câu hỏi" in text
    assert "Tổng điểm" not in text
    assert "/5000" not in text


def test_the_english_report_writes_r_the_english_way(report_facts):
    text = text_of(report_pdf(report_facts, language="en"))

    assert "Digital transformation readiness index" in text
    assert "Developed" in text
    assert "R = 2.85" in text


def test_the_large_index_report_shows_percents_by_department():
    # Pure: the large-enterprise structure with made-up criteria, the hand-computed case of
    # tests/assessments/frameworks_2023.py in the ministry's column.
    from ..assessments.frameworks_2023 import DEPARTMENTS_CASE, large_test_definition

    facts = report_facts_from(
        definition=large_test_definition(),
        ratings={},
        departments={"ministry": DEPARTMENTS_CASE},
        enterprise_name="Tổng công ty Thử nghiệm",
        tax_code="0100000001",
        province_name="Hà Nội",
        period=2026,
        generated_on=datetime.date(2026, 12, 6),
    )
    text = text_of(report_pdf(facts, language="vi"))

    assert "Tỷ lệ chuyển đổi 59,16 %" in text or "Tỷ lệ chuyển đổi — — — 59,16 %" in text
    assert "mức 3 – Hình thành, 59,16 %." in text
    assert "Để đạt mức 4 – Nâng cao: Tỷ lệ chuyển đổi từ 75 % trở lên (còn thiếu 15,84 %)." in text
    assert "Kinh doanh 75 % 4 – Nâng cao" in text
    assert "Kế toán 43,33 % 2 – Bắt đầu" in text
    assert "Bảng điểm chi tiết theo tiêu chí" not in text
    assert "Tổng điểm" not in text
