"""The assessment report PDF of a large-enterprise assessment (dbi-large-2023, criteria made up
by tests/assessments/large_index.py), read from the database as its readers download it
(/assessments/<pk>/report.pdf): two departments answered through the grid, "Kinh doanh" at
100 % and "Kế toán" at 50 % on every criterion, taken through the review chain to the ministry's
appraisal. The report shows the department table (each department's percent) and the
enterprise's (100 + 50) / 2 = 75 %, level 4; no 2021 points. The pure rendering is tested in
test_readiness_report.py (test_the_large_index_report_shows_percents_by_department)."""

import shutil

import pytest

from assessments.models import Assessment, Column
from assessments.services import assessment_transition

from ..assessments.large_index import add_departments, fill_departments, large_assessment
from ..factories import MembershipFactory
from ..pdf_text import text_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed"),
]

PERCENTS = {"Kinh doanh": 100, "Kế toán": 50}


@pytest.fixture
def appraised(owner, province_officer, ministry_reviewer) -> Assessment:
    assessment = large_assessment(owner)
    add_departments(assessment, owner.user, list(PERCENTS))
    fill_departments(assessment, Column.SELF, owner.user, PERCENTS)
    for name, user in (
        ("submit", owner.user),
        ("province_start", province_officer),
        ("province_approve", province_officer),
        ("ministry_start", ministry_reviewer),
        ("ministry_appraise", ministry_reviewer),
    ):
        assessment_transition(assessment_id=assessment.pk, name=name, user=user, comment="")
    assessment.refresh_from_db()
    assert assessment.state == Assessment.State.APPRAISED
    return assessment


def download(client, user, assessment, language="vi") -> str:
    client.force_login(user)
    client.cookies["django_language"] = language  # chosen with the language selector
    response = client.get(f"/assessments/{assessment.pk}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return text_of(b"".join(response.streaming_content))


def test_the_report_shows_the_departments_and_the_enterprise_s_percent(client, owner, appraised):
    text = download(client, owner.user, appraised)

    assert "Bộ chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp lớn – phiên bản 1" in text
    # The four columns: the enterprise's and the ministry's at 75 %, level 4; the consultant
    # and the province (which approved without answering) have none.
    assert "Tỷ lệ chuyển đổi 75 % — — 75 %" in text
    assert "Số tiêu chí đã chấm 50/50 0/50 0/50 50/50" in text
    # Every dimension is (100 + 50) / 2 = 75 % in both columns.
    assert text.count("Mức 4 · 75 %") == 12
    assert "Theo cột Bộ đánh giá: mức 4 – Nâng cao, 75 %." in text
    assert "Tỷ lệ chuyển đổi từ 100 % trở lên (còn thiếu 25 %)" in text
    # The department table of the ministry's column: each department's percent and level.
    table = text.split("Tỷ lệ chuyển đổi theo bộ phận (cột Bộ đánh giá)")[1]
    assert table.startswith(" Bộ phận Tỷ lệ chuyển đổi Mức ")
    assert "Kinh doanh 100 % 5 – Dẫn dắt" in table
    assert "Kế toán 50 % 3 – Hình thành" in table
    # No 2021 points arithmetic.
    assert "Tổng điểm" not in text
    assert "/320" not in text


def test_the_english_report_shows_the_same_figures(client, owner, appraised):
    text = download(client, owner.user, appraised, language="en")

    assert "Digital transformation index for large enterprises – version 1" in text
    assert "Transformation rate 75 % — — 75 %" in text
    assert "By the Ministry assessment column: level 4 – Advanced, 75 %." in text
    table = text.split("Transformation rate by department (Ministry assessment column)")[1]
    assert "Kinh doanh 100 % 5 – Leading" in table
    assert "Kế toán 50 % 3 – Forming" in table
    assert "Total points" not in text


def test_a_member_of_another_enterprise_gets_404(client, appraised):
    client.force_login(MembershipFactory().user)

    assert client.get(f"/assessments/{appraised.pk}/report.pdf").status_code == 404
