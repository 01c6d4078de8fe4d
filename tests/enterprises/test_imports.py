"""Bulk import of enterprise lists: checked by content, row-by-row errors, idempotent on the
tax code, scoped to the officer's province, with progress saved as it goes."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import Enterprise, ImportJob, Province
from enterprises.resources import OUT_OF_SCOPE
from enterprises.services import import_job_confirm, import_job_create, import_job_run
from enterprises.services.imports import CHUNK_ROWS
from enterprises.tax_codes import check_digit

from ..factories import EnterpriseFactory, ProvinceOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "tax_code,name_vi,kind,province,ward,sector_section,sector_division,employees,annual_revenue"
)


def valid_codes(count: int, start: int = 20_000_000) -> list[str]:
    codes, prefix = [], start
    while len(codes) < count:
        digit = check_digit(f"{prefix:09d}")
        if digit is not None:
            codes.append(f"{prefix:09d}{digit}")
        prefix += 1
    return codes


def csv_upload(lines: list[str], name="ds.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join([HEADER, *lines]) + "\n").encode())


def run(user, upload) -> ImportJob:
    return import_job_run(job_id=import_job_create(user=user, upload=upload).pk)


@pytest.fixture
def officer():
    return ProvinceOfficerFactory(province=Province.objects.get(code=86)).user


def test_dry_run_reports_every_bad_row_and_writes_nothing(officer):
    good = valid_codes(2)
    job = run(
        officer,
        csv_upload(
            [
                f"{good[0]},Công ty A,enterprise,Vĩnh Long,,C,10,40,30000000000",
                "0100109107,Công ty B,enterprise,Vĩnh Long,,C,,5,",  # check digit
                f"{good[1]},Công ty C,hợp tác xã,Bến Tre,,G,47,x,",  # employees not a number
                "012345678901,Công ty D,enterprise,Vĩnh Long,,C,47,,",  # personal id; 47 ∉ C
                # Another province than the officer's:
                f"{valid_codes(1, 30_000_000)[0]},Công ty E,enterprise,Đồng Nai,,C,,,",
            ]
        ),
    )

    assert job.status == ImportJob.Status.DONE
    assert (job.total, job.processed, job.new_count, job.failed) == (5, 5, 1, 4)
    by_row = {e["row"]: e for e in job.row_errors}
    assert sorted(by_row) == [3, 4, 5, 6]  # file lines; the header is line 1
    assert "chữ số kiểm tra" in by_row[3]["errors"]["tax_code"][0]
    assert by_row[4]["errors"]["employees"] == ["Phải là số nguyên không âm, ví dụ 1500000000."]
    assert set(by_row[5]["errors"]) == {"tax_code", "sector_division"}
    assert by_row[6]["errors"] == {"province": [str(OUT_OF_SCOPE)]}  # and nothing else checked
    assert not Enterprise.objects.filter(name_vi__startswith="Công ty ").exists()


def test_confirmed_import_writes_the_valid_rows_and_again_changes_nothing(officer):
    codes = valid_codes(3)
    checked = run(
        officer,
        csv_upload(
            [
                f"{codes[0]},Công ty Dừa,enterprise,Bến Tre,,C,10,40,30000000000",
                f"{codes[1]},HTX Bưởi,cooperative,Trà Vinh,,A,,8,1000000000",
                f"{codes[2]},Công ty Lỗi,enterprise,Vĩnh Long,,Z,,,",
            ]
        ),
    )
    real = import_job_run(job_id=import_job_confirm(job=checked, user=officer).pk)

    assert (real.new_count, real.failed) == (2, 1)
    dua = Enterprise.objects.get(tax_code=codes[0])
    # Bến Tre and Trà Vinh became part of Vĩnh Long on 1 July 2025.
    assert dua.province.code == 86
    assert dua.size_class == "small"

    again = import_job_run(job_id=import_job_confirm(job=checked, user=officer).pk)
    assert (again.new_count, again.updated_count, again.skipped_count) == (0, 0, 2)
    assert Enterprise.objects.filter(tax_code__in=codes).count() == 2


def test_import_updates_an_existing_enterprise_matched_on_tax_code(officer):
    existing = EnterpriseFactory(name_vi="Tên cũ", employees=3)
    job = run(officer, csv_upload([f"{existing.tax_code},Tên mới,enterprise,86,,C,,120,"]))
    real = import_job_run(job_id=import_job_confirm(job=job, user=officer).pk)

    assert real.updated_count == 1
    existing.refresh_from_db()
    assert (existing.name_vi, existing.employees) == ("Tên mới", 120)


def test_xlsx_files_are_read_too(officer):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append([valid_codes(1)[0], "Công ty Excel", "Doanh nghiệp", 86, None, "C", None, 12, 5e9])
    buffer = io.BytesIO()
    workbook.save(buffer)

    job = run(officer, SimpleUploadedFile("ds.xlsx", buffer.getvalue()))

    assert (job.new_count, job.failed) == (1, 0), job.row_errors


def test_progress_is_saved_chunk_by_chunk_for_a_large_file(officer):
    codes = valid_codes(CHUNK_ROWS + 10)
    job = run(officer, csv_upload([f"{c},Công ty {c},enterprise,86,,G,,3," for c in codes]))

    assert (job.total, job.processed, job.new_count) == (
        len(codes),
        len(codes),
        len(codes),
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00binary", "danh-sach.csv", "Chỉ nhận tệp CSV"),
        (b"PK\x03\x04not really a zip", "danh-sach.xlsx", "không phải bảng tính Excel"),
        ("mã,tên\n1,Công ty".encode("utf-16"), "danh-sach.csv", "Chỉ nhận tệp CSV"),
        ("tax_code,name_vi\n1,Công ty Đ".encode("cp1258"), "danh-sach.csv", "UTF-8"),
    ],
    ids=["renamed-executable", "fake-xlsx", "utf16", "windows-1258"],
)
def test_unreadable_uploads_are_refused_with_a_reason(client, officer, content, name, message):
    client.force_login(officer)

    response = client.post("/enterprises/import/", {"file": SimpleUploadedFile(name, content)})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_without_the_required_columns_fails_with_the_list_of_columns(officer):
    job = run(officer, SimpleUploadedFile("x.csv", b"ma_so_thue,ten\n0100109106,A\n"))

    assert job.status == ImportJob.Status.FAILED
    assert "Thiếu cột" in job.failure
    assert "tax_code" in job.failure


def test_upload_page_runs_the_check_and_shows_the_errors(
    client, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/enterprises/import/",
            {"file": csv_upload(["0100109107,Công ty B,enterprise,Vĩnh Long,,C,,5,"])},
        )
    assert response.status_code == 302

    page = client.get(response.url).content.decode()
    assert "1 dòng lỗi" in page
    assert "chữ số kiểm tra" in page


def _person(role: str):
    """Someone without the import duty: a stranger, an enterprise member, or a consultant engaged
    by a Vĩnh Long enterprise (all of whom see some enterprises, but import none)."""
    from ..factories import (
        AccreditationFactory,
        ConsultantFactory,
        EngagementFactory,
        MembershipFactory,
    )

    if role == "member":
        return MembershipFactory().user
    if role == "consultant":
        consultant = ConsultantFactory()
        AccreditationFactory(consultant=consultant)
        EngagementFactory(consultant=consultant)
        return consultant.user
    return UserFactory()


@pytest.mark.parametrize("role", ["stranger", "member", "consultant"])
def test_people_without_an_import_duty_get_403_on_upload_and_confirm(client, officer, role):
    job = run(officer, csv_upload([f"{valid_codes(1)[0]},A,enterprise,86,,G,,3,"]))
    client.force_login(_person(role))

    assert client.get("/enterprises/import/").status_code == 403
    upload = csv_upload([f"{valid_codes(1)[0]},A,enterprise,86,,G,,3,"])
    assert client.post("/enterprises/import/", {"file": upload}).status_code == 403
    assert client.post(f"/enterprises/import/{job.pk}/confirm/").status_code == 403
    assert ImportJob.objects.count() == 1


@pytest.mark.parametrize("role", ["member", "consultant", "other officer"])
def test_someone_elses_import_job_is_not_found(client, officer, role):
    job = run(officer, csv_upload([f"{valid_codes(1)[0]},A,enterprise,86,,G,,3,"]))
    other = ProvinceOfficerFactory().user if role == "other officer" else _person(role)
    client.force_login(other)

    assert client.get(f"/enterprises/import/{job.pk}/").status_code == 404
    progress = client.get(f"/enterprises/import/{job.pk}/?progress=1", HTTP_HX_REQUEST="true")
    assert progress.status_code == 404
    if role == "other officer":
        assert client.post(f"/enterprises/import/{job.pk}/confirm/").status_code == 404
    assert not ImportJob.objects.filter(dry_run=False).exists()


def test_an_officer_who_lost_the_duty_cannot_confirm_their_old_check(client, officer):
    job = run(officer, csv_upload([f"{valid_codes(1)[0]},A,enterprise,86,,G,,3,"]))
    officer.province_officer.delete()
    client.force_login(officer)

    assert client.post(f"/enterprises/import/{job.pk}/confirm/").status_code == 403
    assert not ImportJob.objects.filter(dry_run=False).exists()


def test_export_carries_the_list_filters_and_only_visible_enterprises(client, officer):
    EnterpriseFactory(name_vi="Dừa Sáp", sector_section="C")
    EnterpriseFactory(name_vi="Bưởi Da Xanh", sector_section="A")
    EnterpriseFactory(name_vi="Điều Đồng Nai", province=Province.objects.get(code=75))
    client.force_login(officer)

    body = client.get("/enterprises/export/?sector=C&format=csv").content.decode("utf-8-sig")

    assert "Dừa Sáp" in body
    assert "Bưởi Da Xanh" not in body
    assert "Điều Đồng Nai" not in body
    assert body.splitlines()[0].startswith("tax_code,name_vi")
