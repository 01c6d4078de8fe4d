"""Every export keeps text that looks like a spreadsheet formula as text (OWASP "CSV injection"):
one rule, ``dbi_portal.spreadsheets.spreadsheet_text``, puts an apostrophe before it, so an
XLSX cell is a string cell showing the text and a CSV cell starts with the quote."""

import csv
import io

import openpyxl
import pytest
from django.core.files.storage import default_storage

from assessments.models import Assessment, Column, Criterion, Pillar
from enterprises.models import Province
from reports.export_services import report_job_create_export, report_job_run
from reports.selectors import DashboardQuery

from .factories import (
    AssessmentFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
)
from .reports.conftest import YEAR, assessed

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd", "-1+1", "@SUM(1)"]
AS_TEXT = {"'" + formula for formula in FORMULAS}


def xlsx_cells(content: bytes) -> list[list]:
    """Every cell of the first sheet (not read-only: the cell keeps its data type)."""
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows()]


def assert_text_cells(cells, column: int) -> None:
    found = {row[column].value: row[column].data_type for row in cells[1:]}
    # Each shows as typed after the quote, in a string cell (not a formula, data type "f").
    assert {value: found.get(value) for value in AS_TEXT} == dict.fromkeys(AS_TEXT, "s")
    assert not set(FORMULAS) & set(found)


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def named_like_formulas(sme_framework):
    """Four assessed enterprises of Vĩnh Long whose names are formulas, and who may export."""
    vinh_long = Province.objects.get(code=86)
    officer = ProvinceOfficerFactory(province=vinh_long).user
    for formula in FORMULAS:
        enterprise = EnterpriseFactory(name_vi=formula, province=vinh_long)
        assessed(enterprise, YEAR, Assessment.State.SUBMITTED, {Column.SELF: [2] * 6}, officer)
    return officer


def test_the_enterprise_list_export_writes_formula_names_as_text(client, named_like_formulas):
    client.force_login(named_like_formulas)

    cells = xlsx_cells(client.get("/enterprises/export/?format=xlsx").content)
    rows = csv_cells(client.get("/enterprises/export/?format=csv").content)

    name = [cell.value for cell in cells[0]].index("name_vi")
    assert_text_cells(cells, name)
    assert {row[name] for row in rows[1:]} == AS_TEXT


def test_the_dashboard_export_writes_formula_names_as_text(client, named_like_formulas):
    client.force_login(MinistryReviewerFactory().user)

    params = {"year": YEAR, "province": 86}
    cells = xlsx_cells(body(client.get("/reports/export/", {**params, "format": "xlsx"})))
    rows = csv_cells(body(client.get("/reports/export/", {**params, "format": "csv"})))

    assert_text_cells(cells, 1)
    assert {row[1] for row in rows[1:]} == AS_TEXT


def test_the_background_dashboard_export_writes_formula_names_as_text(named_like_formulas):
    query = DashboardQuery(
        framework=Assessment.objects.first().framework,
        period=YEAR,
        province=Province.objects.get(code=86),
    )
    job = report_job_create_export(
        user=named_like_formulas, query=query, file_format="xlsx", language="vi"
    )
    job = report_job_run(job_id=job.pk)

    with default_storage.open(job.file.name, "rb") as handle:
        assert_text_cells(xlsx_cells(handle.read()), 1)


def test_the_comparison_download_writes_formula_texts_as_text(client, sme_framework):
    owner = MembershipFactory()
    assessment = AssessmentFactory(enterprise=owner.enterprise, created_by=owner.user)
    codes = ["1.1.1", "1.1.2", "2.1.1"]
    for code, formula in zip(codes, FORMULAS, strict=False):
        Criterion.objects.filter(framework=sme_framework, code=code).update(text_vi=formula)
    Pillar.objects.filter(framework=sme_framework, code="1").update(name_vi=FORMULAS[-1])
    client.force_login(owner.user)

    response = client.get(f"/assessments/{assessment.pk}/compare.xlsx")

    assert_text_cells(xlsx_cells(response.content), 1)
