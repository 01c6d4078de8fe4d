"""The four-column comparison: levels side by side, differences marked, results per column,
the same as an Excel download; only for those who may see the assessment."""

import io
import re

import openpyxl
import pytest

from assessments.models import Assessment, Column
from assessments.services import figures_save, rating_save

from ..factories import (
    AssessmentFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
    UserFactory,
    official_version,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(sme_framework):
    owner = MembershipFactory()
    assessment = AssessmentFactory(enterprise=owner.enterprise, created_by=owner.user)
    officer = ProvinceOfficerFactory(province=owner.enterprise.province).user
    for code, level in {"1.1.1": 3, "2.1.1": 2}.items():
        rating_save(
            assessment_id=assessment.pk, column=Column.SELF, criterion_code=code, level=level,
            user=owner.user, expected_version=0,
        )  # fmt: skip
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    for code, level in {"1.1.1": 3, "2.1.1": 4}.items():
        rating_save(
            assessment_id=assessment.pk, column=Column.PROVINCE, criterion_code=code, level=level,
            user=officer, expected_version=0,
        )  # fmt: skip
    return assessment, owner.user, officer


def test_levels_stand_side_by_side_and_differences_are_marked(
    client, scored, django_assert_max_num_queries
):
    assessment, owner, _officer = scored
    client.force_login(owner)

    with django_assert_max_num_queries(14):
        html = client.get(f"/assessments/{assessment.pk}/compare/").content.decode()

    assert html.count('data-differs="yes"') == 1
    assert 'data-code="2.1.1" data-differs="yes"' in html
    assert 'data-code="1.1.1" data-differs="no"' in html
    # Self: 3 + 2×5 = 13 points; province: 3 + 4×5 = 23 points.
    assert "13 · mức 0" in html
    assert "23 · mức 0" in html


def test_the_excel_download_has_the_same_table(client, scored):
    assessment, owner, _officer = scored
    client.force_login(owner)

    response = client.get(f"/assessments/{assessment.pk}/compare.xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], {r[0]: r for r in rows[1:] if r[0]}
    assert header[2:6] == (
        "Doanh nghiệp tự đánh giá", "Tư vấn đánh giá", "Sở đánh giá", "Bộ đánh giá",
    )  # fmt: skip
    assert body["2.1.1"][2:7] == (2, None, 4, None, "có")
    assert body["1.1.1"][6] in (None, "")
    overall = next(r for r in rows if r[1] == "Tổng điểm (mức tổng thể)")
    assert overall[2] == "13 (0)"
    assert rows[-1][1] == "Câu hỏi theo phiên bản 1: Câu hỏi hướng dẫn của cổng (2021)."


def test_strangers_get_404(client, scored):
    assessment, _owner, _officer = scored
    client.force_login(UserFactory())
    assert client.get(f"/assessments/{assessment.pk}/compare/").status_code == 404
    assert client.get(f"/assessments/{assessment.pk}/compare.xlsx").status_code == 404


# The national form: 1.1.3 is asked as figures (digital marketing spending over all marketing
# spending; level 3 from 25 %), 1.1.1 as descriptors.


@pytest.fixture
def national(sme_framework):
    """The enterprise enters 12 of 40 (million đồng) for 1.1.3: 30 % gives level 3. The province
    enters 5 of 40 (12.5 %: level 2) for 1.1.3, then sets 1.1.4 directly with a note."""
    owner = MembershipFactory()
    assessment = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )
    officer = ProvinceOfficerFactory(province=owner.enterprise.province).user
    figures_save(
        assessment_id=assessment.pk, column=Column.SELF, user=owner.user,
        values={"c1_1_3_num": 12_000_000, "c1_1_3_den": 40_000_000},
    )  # fmt: skip
    rating_save(
        assessment_id=assessment.pk, column=Column.SELF, criterion_code="1.1.1", level=None,
        option=2, user=owner.user, expected_version=0,
    )  # fmt: skip
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    figures_save(
        assessment_id=assessment.pk, column=Column.PROVINCE, user=officer,
        values={"c1_1_3_num": 5_000_000, "c1_1_3_den": 40_000_000},
    )  # fmt: skip
    rating_save(
        assessment_id=assessment.pk, column=Column.PROVINCE, criterion_code="1.1.4", level=4,
        note="=Hợp đồng quảng cáo số 12/2025 cho thấy mức 4", user=officer, expected_version=0,
    )  # fmt: skip
    return assessment, owner.user


def cells_of(html: str, code: str) -> list[str]:
    """The text of each column's cell of one criterion row, tags dropped."""
    row = re.search(rf'data-code="{re.escape(code)}".*?</tr>', html, re.S).group(0)
    cells = re.findall(r'<td data-column="\d">(.*?)</td>', row, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]


def test_the_page_states_the_version_the_assessment_was_answered_on(client, national):
    assessment, owner = national
    client.force_login(owner)

    html = client.get(f"/assessments/{assessment.pk}/compare/").content.decode()

    assert "Câu hỏi theo phiên bản 2: Phiếu khảo sát quốc gia (2021)." in html


def test_a_figures_criterion_shows_each_columns_computation_beside_its_level(client, national):
    assessment, owner = national
    client.force_login(owner)

    html = client.get(f"/assessments/{assessment.pk}/compare/").content.decode()

    own, consultant, province, ministry = cells_of(html, "1.1.3")
    assert own == "3 12.000.000 / 40.000.000 = 30 % → mức 3"
    assert province == "2 5.000.000 / 40.000.000 = 12,5 % → mức 2"
    assert consultant == ministry == "—"
    assert 'data-code="1.1.3" data-differs="yes"' in html
    # An answered criterion shows its level alone.
    assert cells_of(html, "1.1.1")[0] == "2"


def test_a_level_set_directly_says_so_with_the_reviewers_note(client, national):
    assessment, owner = national
    client.force_login(owner)

    html = client.get(f"/assessments/{assessment.pk}/compare/").content.decode()

    province = cells_of(html, "1.1.4")[2]
    assert province == "4 đặt trực tiếp: =Hợp đồng quảng cáo số 12/2025 cho thấy mức 4"


def test_the_computation_speaks_english_when_asked(client, national):
    assessment, owner = national
    client.force_login(owner)

    client.cookies["django_language"] = "en"  # chosen with the language selector
    html = client.get(f"/assessments/{assessment.pk}/compare/").content.decode()

    assert cells_of(html, "1.1.3")[0] == "3 12,000,000 / 40,000,000 = 30 % → level 3"
    assert cells_of(html, "1.1.4")[2].startswith("4 set directly: ")


def test_the_excel_download_has_the_computations_and_the_version(client, national):
    assessment, owner = national
    client.force_login(owner)

    response = client.get(f"/assessments/{assessment.pk}/compare.xlsx")

    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    header, body = rows[0], {r[0]: r for r in rows[1:] if r[0]}
    assert header[7:11] == (
        "Doanh nghiệp tự đánh giá: căn cứ", "Tư vấn đánh giá: căn cứ", "Sở đánh giá: căn cứ",
        "Bộ đánh giá: căn cứ",
    )  # fmt: skip
    assert body["1.1.3"][2:5] == (3, None, 2)
    assert body["1.1.3"][7] == "12.000.000 / 40.000.000 = 30 % → mức 3"
    assert body["1.1.3"][9] == "5.000.000 / 40.000.000 = 12,5 % → mức 2"
    assert body["1.1.4"][9] == "đặt trực tiếp: =Hợp đồng quảng cáo số 12/2025 cho thấy mức 4"
    assert rows[-1][1] == "Câu hỏi theo phiên bản 2: Phiếu khảo sát quốc gia (2021)."


def test_a_note_that_looks_like_a_formula_stays_text_in_the_excel_file(client, national):
    """The note is the reviewer's own text; in the cell it follows "đặt trực tiếp", and a text
    cell (not a formula) it stays."""
    assessment, owner = national
    client.force_login(owner)

    response = client.get(f"/assessments/{assessment.pk}/compare.xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
