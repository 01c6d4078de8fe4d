"""Exports of the dashboard's assessments: one row per assessment the dashboard counts, with every
column's results, as XLSX or CSV; a province officer only ever gets their province's rows;
small files come at once, large ones from a background job whose page and file are the
requester's alone; the number of queries does not grow with the rows."""

import csv
import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from openpyxl import load_workbook

from assessments.column_results import column_results_mark_reference
from assessments.models import Assessment, Column, ColumnResult, FigureField
from assessments.services import figures_save
from reports.export_services import report_job_create_export, report_job_run
from reports.models import ReportJob
from reports.selectors import DashboardQuery, dashboard
from reports.tasks import report_job_task

from ..factories import (
    AssessmentFactory,
    EnterpriseFactory,
    MembershipFactory,
    ProvinceOfficerFactory,
    UserFactory,
    official_version,
)
from ..refusals import refused
from .conftest import YEAR, assessed

pytestmark = pytest.mark.django_db

EXPORT = reverse("dashboard-export")
HEADERS = 10  # enterprise and assessment columns before the four columns' results
PER_COLUMN = 8  # total, overall level, six pillar levels


def xlsx_rows(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def export(client, user, **params) -> list[list]:
    client.force_login(user)
    response = client.get(EXPORT, {"year": YEAR, **params})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    content = body(response)
    return csv_rows(content) if params.get("format") == "csv" else xlsx_rows(content)


def results(row: list, column: str) -> list:
    start = HEADERS + Column.values.index(column) * PER_COLUMN
    return row[start : start + PER_COLUMN]


def total(assessment, column: str) -> int:
    return ColumnResult.objects.get(assessment__enterprise=assessment, column=column).total


# --- the rows ---


def test_each_assessed_assessment_is_a_row_with_all_four_columns(client, country):
    rows = export(client, country.reviewer, format="xlsx")
    header, data = rows[0], rows[1:]
    e1, e2, e5 = (country.enterprises[n] for n in (1, 2, 5))

    assert header[:HEADERS] == [
        "Mã số thuế", "Tên doanh nghiệp", "Tỉnh/thành phố", "Phường/xã", "Ngành (VSIC cấp 1)",
        "Quy mô", "Loại hình", "Năm", "Trạng thái", "Cột tham chiếu",
    ]  # fmt: skip
    assert header[HEADERS : HEADERS + 3] == [
        "Doanh nghiệp tự đánh giá: tổng điểm",
        "Doanh nghiệp tự đánh giá: mức tổng thể",
        "Doanh nghiệp tự đánh giá: trụ cột 1",
    ]
    # Then the catalog version; these assessments' version (the guidance) asks no figures.
    assert header[HEADERS + 4 * PER_COLUMN :] == ["Phiên bản bộ câu hỏi"]
    assert {row[-1] for row in data} == {"guidance-2021"}
    # E3 is a draft, E4 has no assessment, E6's is of 2025: three rows, HCM (79) first.
    assert [row[0] for row in data] == [e5.tax_code, *sorted([e1.tax_code, e2.tax_code])]
    by_tax_code = {row[0]: row for row in data}

    one = by_tax_code[e1.tax_code]
    assert one[1:HEADERS] == [
        e1.name_vi, "Vĩnh Long", country.ward_1.name, "C – Công nghiệp chế biến, chế tạo",
        "Nhỏ", "Doanh nghiệp", YEAR, "Đã thẩm định", "Bộ đánh giá",
    ]  # fmt: skip
    assert results(one, Column.SELF)[1:] == [3, 3, 3, 3, 3, 3, 3]
    assert results(one, Column.SELF)[0] == total(e1, Column.SELF)
    assert results(one, Column.CONSULTANT) == [None] * PER_COLUMN
    assert results(one, Column.PROVINCE)[1:] == [2, 2, 2, 2, 2, 2, 2]
    assert results(one, Column.MINISTRY)[1:] == [4, 4, 4, 4, 4, 4, 5]
    assert results(one, Column.MINISTRY)[0] == total(e1, Column.MINISTRY)

    two = by_tax_code[e2.tax_code]
    assert two[0] == "086123456789"  # a text cell: the leading zero stays
    assert two[6:HEADERS] == ["Hộ kinh doanh", YEAR, "Đã nộp", "Doanh nghiệp tự đánh giá"]
    assert results(two, Column.SELF)[1:] == [2] * 7
    five = by_tax_code[e5.tax_code]
    assert five[HEADERS - 1] == "Sở đánh giá"
    assert results(five, Column.PROVINCE)[1:] == [1] * 7


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {1, 2, 5}),
        ({"sector": "C"}, {1, 5}),
        ({"sector": "G"}, {2}),
        ({"size": "micro"}, {2}),
        ({"kind": "household"}, {2}),
        ({"column": "province"}, {1, 5}),
        ({"column": "ministry"}, {1}),
        ({"column": "consultant"}, set()),
        ({"province": 86}, {1, 2}),
        ({"province": 86, "sector": "C"}, {1}),
        ({"year": YEAR - 1}, {6}),
    ],
)
def test_the_rows_are_those_the_dashboard_counts(client, country, filters, expected):
    rows = export(client, country.reviewer, format="csv", **filters)

    tax_codes = {row[0] for row in rows[1:]}
    assert tax_codes == {country.enterprises[n].tax_code for n in expected}
    province = country.vinh_long if filters.get("province") else None
    board = dashboard(
        DashboardQuery(
            framework=country.enterprises[1].assessments.get().framework,
            period=filters.get("year", YEAR),
            column=filters.get("column", "reference"),
            province=province,
            sector=filters.get("sector", ""),
            size=filters.get("size", ""),
            kind=filters.get("kind", ""),
        )
    )
    assert len(rows) - 1 == board.assessed


def test_the_csv_opens_with_vietnamese_diacritics(client, country):
    response = client.get(EXPORT, {"year": YEAR, "format": "csv", "province": 86})
    assert response.status_code == 302  # not logged in: to the login page
    client.force_login(country.reviewer)
    response = client.get(EXPORT, {"year": YEAR, "format": "csv", "province": 86})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="dbi-2026-86.csv"' in response["Content-Disposition"]
    rows = csv_rows(body(response))
    assert rows[0][2] == "Tỉnh/thành phố"
    assert "Bộ đánh giá: trụ cột 6" in rows[0]
    assert {row[2] for row in rows[1:]} == {"Vĩnh Long"}
    assert {row[8] for row in rows[1:]} == {"Đã thẩm định", "Đã nộp"}


def test_an_export_in_english_has_english_headers(client, country):
    client.force_login(country.reviewer)
    client.cookies["django_language"] = "en"  # chosen with the language selector
    response = client.get(EXPORT, {"year": YEAR, "format": "csv"})
    rows = csv_rows(body(response))

    assert rows[0][0] == "Tax code"
    assert rows[0][-1] == "Questionnaire version"


# --- scoping ---


def test_an_officer_only_ever_gets_their_province(client, country):
    e1, e2 = country.enterprises[1], country.enterprises[2]
    hcm_only = EnterpriseFactory(province=country.hcm, sector_section="G")
    assessed(hcm_only, YEAR, "appraised", {Column.SELF: [5] * 6}, UserFactory())

    rows = export(client, country.officer, format="xlsx")
    assert {row[0] for row in rows[1:]} == {e1.tax_code, e2.tax_code}
    assert {row[2] for row in rows[1:]} == {"Vĩnh Long"}
    rows = export(client, country.officer, format="csv", sector="G", province=86)
    assert [row[0] for row in rows[1:]] == [e2.tax_code]

    # Another province in the query string: as if it did not exist, by GET or POST.
    for province in (79, "79", "abc", "-1"):
        for method in (client.get, client.post):
            response = method(f"{EXPORT}?year={YEAR}&format=csv&province={province}")
            assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_a_job_for_another_province_is_refused_by_the_service(country, sme_framework):
    query = DashboardQuery(framework=sme_framework, period=YEAR, province=country.hcm)

    with refused("not_yours"):
        report_job_create_export(
            user=country.officer, query=query, file_format="xlsx", language="vi"
        )
    with refused("not_yours"):
        report_job_create_export(user=UserFactory(), query=query, file_format="xlsx", language="vi")


def test_people_without_a_dashboard_cannot_export(client, country):
    member = MembershipFactory(enterprise=country.enterprises[1]).user
    client.force_login(member)

    assert client.get(EXPORT, {"format": "xlsx"}).status_code == 403
    assert client.post(EXPORT).status_code == 403
    assert client.post(reverse("report-yearly")).status_code == 403


# --- large exports: a background job ---


@pytest.fixture
def small_limit(settings):
    settings.REPORTS_DIRECT_EXPORT_MAX_ROWS = 1


def test_a_large_export_is_prepared_in_the_background_with_progress(
    client, country, small_limit, django_capture_on_commit_callbacks
):
    client.force_login(country.officer)
    url = f"{EXPORT}?year={YEAR}&format=xlsx&sector=C"
    response = client.get(url)  # one row, within the limit: the file itself
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")

    url = f"{EXPORT}?year={YEAR}&format=xlsx"
    page = client.get(url).content.decode()
    assert "Tệp có 2 dòng, nhiều hơn 1 dòng" in page
    assert f'action="{url.replace("&", "&amp;")}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    job = ReportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("report-job", args=[job.pk])
    assert (job.status, job.processed, job.total, job.province) == ("done", 2, 2, country.vinh_long)
    assert (job.created_by, job.kind) == (country.officer, "export_xlsx")

    html = client.get(reverse("report-job", args=[job.pk])).content.decode()
    assert "Hoàn tất" in html
    assert "2/2 dòng" in html
    download = reverse("report-job-download", args=[job.pk])
    assert download in html
    fragment = client.get(
        reverse("report-job", args=[job.pk]), {"progress": 1}, headers={"hx-request": "true"}
    ).content.decode()
    assert fragment.startswith('<div id="job-progress"')
    assert "hx-get" not in fragment

    response = client.get(download)
    assert response.status_code == 200
    assert 'filename="dbi-2026-86.xlsx"' in response["Content-Disposition"]
    rows = xlsx_rows(b"".join(response.streaming_content))
    assert {row[0] for row in rows[1:]} == {
        country.enterprises[1].tax_code,
        country.enterprises[2].tax_code,
    }


def test_a_running_job_polls_and_shows_rows_done(client, country, sme_framework):
    job = ReportJob.objects.create(
        created_by=country.officer, kind="export_csv", framework=sme_framework, period=YEAR,
        province=country.vinh_long, status="running", total=12_000, processed=3_000,
    )  # fmt: skip
    client.force_login(country.officer)
    html = client.get(reverse("report-job", args=[job.pk])).content.decode()

    assert "3.000/12.000 dòng" in html  # Vietnamese groups thousands with dots
    assert f'hx-get="{reverse("report-job", args=[job.pk])}?progress=1"' in html
    assert 'value="25"' in html
    assert reverse("report-job-download", args=[job.pk]) not in html
    assert client.get(reverse("report-job-download", args=[job.pk])).status_code == 404


def test_the_job_and_its_file_are_only_for_the_person_who_asked(client, country, sme_framework):
    query = DashboardQuery(framework=sme_framework, period=YEAR, province=country.vinh_long)
    job = report_job_create_export(
        user=country.officer, query=query, file_format="csv", language="vi"
    )
    report_job_run(job_id=job.pk)
    page = reverse("report-job", args=[job.pk])
    download = reverse("report-job-download", args=[job.pk])
    colleague = ProvinceOfficerFactory(province=country.vinh_long).user
    member = MembershipFactory(enterprise=country.enterprises[1]).user

    for other in (colleague, country.reviewer, member, UserFactory()):
        client.force_login(other)
        assert client.get(page).status_code == 404
        assert client.get(download).status_code == 404
    client.force_login(country.officer)
    assert client.get(download).status_code == 200

    # Moved to another province: the old province's file is no longer theirs to take.
    country.officer.province_officer.province = country.hcm
    country.officer.province_officer.save()
    assert client.get(download).status_code == 404


def test_running_the_task_twice_leaves_one_file(country, sme_framework):
    query = DashboardQuery(framework=sme_framework, period=YEAR, province=country.vinh_long)
    job = report_job_create_export(
        user=country.officer, query=query, file_format="csv", language="vi"
    )
    report_job_run(job_id=job.pk)
    first = ReportJob.objects.get(pk=job.pk)
    report_job_run(job_id=job.pk)  # delivered twice: the finished job is left alone
    ReportJob.objects.filter(pk=job.pk).update(status="running")  # a worker died after saving
    again = report_job_run(job_id=job.pk)

    assert again.file.name == first.file.name == f"reports/jobs/{job.pk}/dbi-2026-86.csv"
    _folders, files = default_storage.listdir(f"reports/jobs/{job.pk}")
    assert files == ["dbi-2026-86.csv"]
    assert (again.status, again.processed, again.total) == ("done", 2, 2)
    with again.file.open("rb") as handle:
        assert len(csv_rows(handle.read())) == 3


# --- queries ---


def _add_assessed(n: int, province, user) -> None:
    for i in range(n):
        enterprise = EnterpriseFactory(province=province, sector_section="CG"[i % 2])
        assessed(
            enterprise, YEAR, "appraised",
            {Column.SELF: [i % 6] * 6, Column.MINISTRY: [(i + 1) % 6] * 6}, user,
        )  # fmt: skip


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_an_export_runs_as_many_queries_for_30_rows_as_for_3(
    client, country, django_assert_max_num_queries, file_format
):
    client.force_login(country.officer)
    user = UserFactory()

    def run():
        with django_assert_max_num_queries(13) as queries:
            response = client.get(EXPORT, {"year": YEAR, "format": file_format})
            rows = xlsx_rows(body(response)) if file_format == "xlsx" else csv_rows(body(response))
        return len(rows) - 1, len(queries.captured_queries)

    few_rows, few = run()
    _add_assessed(28, country.vinh_long, user)
    many_rows, many = run()
    assert (few_rows, many_rows) == (2, 30)
    assert few == many


def test_the_background_export_runs_as_many_queries_for_30_rows_as_for_3(
    country, sme_framework, django_assert_max_num_queries
):
    query = DashboardQuery(framework=sme_framework, period=YEAR, province=country.vinh_long)

    def run():
        job = report_job_create_export(
            user=country.officer, query=query, file_format="xlsx", language="vi"
        )
        with django_assert_max_num_queries(14) as queries:
            job = report_job_run(job_id=job.pk)
        return job.total, len(queries.captured_queries)

    few_rows, few = run()
    _add_assessed(28, country.vinh_long, UserFactory())
    many_rows, many = run()
    assert (few_rows, many_rows) == (2, 30)
    assert few == many


def test_a_name_that_looks_like_a_formula_stays_text_in_the_file(client, country):
    enterprise = country.enterprises[1]
    enterprise.name_vi = '=HYPERLINK("http://example.com","Bấm vào đây")'
    enterprise.save(update_fields=["name_vi"])
    client.force_login(country.reviewer)

    body = b"".join(client.get(EXPORT, {"year": YEAR, "format": "csv"}).streaming_content).decode(
        "utf-8-sig"
    )

    names = [row[1] for row in csv.reader(io.StringIO(body))]
    assert '\'=HYPERLINK("http://example.com","Bấm vào đây")' in names
    assert not [name for name in names if name.startswith("=")]


# --- the national form: its version and the reference column's figures ---


def national_assessment(province, officer, *, own=(12, 40), province_figures=(5, 40)):
    """A 2026 assessment on the national form whose enterprise entered ``own`` for 1.1.3 and
    whose province entered ``province_figures`` (and 30 staff) before approving it: the
    province's column is the reference."""
    owner = MembershipFactory(enterprise=EnterpriseFactory(province=province))
    assessment = AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, period=YEAR,
        catalog_version=official_version(),
    )  # fmt: skip
    figures_save(
        assessment_id=assessment.pk, column=Column.SELF, user=owner.user,
        values={"c1_1_3_num": own[0], "c1_1_3_den": own[1], "staff_total": 25},
    )  # fmt: skip
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_REVIEW)
    figures_save(
        assessment_id=assessment.pk, column=Column.PROVINCE, user=officer,
        values={"c1_1_3_num": province_figures[0], "c1_1_3_den": province_figures[1],
                "staff_total": 30},
    )  # fmt: skip
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.PROVINCE_APPROVED)
    column_results_mark_reference(assessment=Assessment.objects.get(pk=assessment.pk))
    return assessment


def test_each_row_has_its_version_and_the_reference_columns_figures(client, country):
    national = national_assessment(country.vinh_long, country.officer)

    rows = export(client, country.reviewer, format="xlsx")

    header = rows[0]
    first = HEADERS + 4 * PER_COLUMN
    assert header[first] == "Phiên bản bộ câu hỏi"
    keys = list(FigureField.objects.filter(version=official_version()).order_by("position"))
    assert header[first + 1 :] == [f"{f.key}: {f.label_vi}" for f in keys]
    assert header[first + 1] == "staff_total: Tổng số nhân viên của doanh nghiệp"
    # (an empty cell at the end of a row is no cell at all in the file)
    by_tax_code = {row[0]: dict(zip(header, row, strict=False)) for row in rows[1:]}
    row = by_tax_code[national.enterprise.tax_code]
    assert row["Phiên bản bộ câu hỏi"] == "official-2021"
    assert row["Cột tham chiếu"] == "Sở đánh giá"
    assert row["staff_total: Tổng số nhân viên của doanh nghiệp"] == 30  # the province's
    assert row["c1_1_3_num: Tổng đầu tư vào hoạt động tiếp thị số"] == 5
    assert row["c1_1_3_den: Tổng đầu tư vào hoạt động tiếp thị"] == 40
    label = {f.key: f.label_vi for f in keys}["c1_1_4_num"]
    assert f"c1_1_4_num: {label}" in header
    assert row.get(f"c1_1_4_num: {label}") is None  # not entered
    older = by_tax_code[country.enterprises[1].tax_code]
    assert older["Phiên bản bộ câu hỏi"] == "guidance-2021"
    assert older.get("staff_total: Tổng số nhân viên của doanh nghiệp") is None


def test_a_figure_label_that_looks_like_a_formula_stays_text(client, country):
    national_assessment(country.vinh_long, country.officer)
    FigureField.objects.filter(version=official_version(), key="staff_total").update(
        label_vi="=1+1"
    )
    client.force_login(country.reviewer)

    response = client.get(EXPORT, {"year": YEAR, "format": "xlsx"})

    sheet = load_workbook(io.BytesIO(body(response))).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert "staff_total: =1+1" in [c.value for c in cells]
    assert all(c.data_type != "f" for c in cells)


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_figures_take_as_many_queries_for_12_rows_as_for_4(
    client, country, django_assert_max_num_queries, file_format
):
    client.force_login(country.officer)

    def run():
        with django_assert_max_num_queries(14) as queries:
            response = client.get(EXPORT, {"year": YEAR, "format": file_format})
            rows = xlsx_rows(body(response)) if file_format == "xlsx" else csv_rows(body(response))
        return len(rows) - 1, len(queries.captured_queries)

    national_assessment(country.vinh_long, country.officer)
    few_rows, few = run()
    for n in range(8):
        national_assessment(country.vinh_long, country.officer, own=(n, 40))
    many_rows, many = run()
    assert (few_rows, many_rows) == (3, 11)
    assert few == many


def test_a_job_whose_last_retry_fails_says_so_and_stops_polling(
    client, country, sme_framework, settings, tmp_path
):
    query = DashboardQuery(framework=sme_framework, period=YEAR, province=country.vinh_long)
    job = report_job_create_export(
        user=country.officer, query=query, file_format="csv", language="vi"
    )
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked  # the storage cannot write: every attempt fails with OSError

    with pytest.raises(OSError):
        report_job_task.apply(kwargs={"job_id": job.pk}, retries=report_job_task.max_retries)

    assert ReportJob.objects.get(pk=job.pk).status == ReportJob.Status.FAILED
    client.force_login(country.officer)
    html = client.get(reverse("report-job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in html
