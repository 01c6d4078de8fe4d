"""The four-column comparison: levels side by side, differences marked, results per column,
the same as an Excel download; only for those who may see the assessment."""

import io

import openpyxl
import pytest

from assessments.models import Assessment, Column
from assessments.services import rating_save

from ..factories import AssessmentFactory, MembershipFactory, ProvinceOfficerFactory, UserFactory

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

    with django_assert_max_num_queries(12):
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
    assert rows[-1][2] == "13 (0)"


def test_strangers_get_404(client, scored):
    assessment, _owner, _officer = scored
    client.force_login(UserFactory())
    assert client.get(f"/assessments/{assessment.pk}/compare/").status_code == 404
    assert client.get(f"/assessments/{assessment.pk}/compare.xlsx").status_code == 404
