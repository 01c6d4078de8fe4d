"""The yearly report: a province's (or the nation's) dashboard for one year as a PDF made in a
background task, headed by the authority of that province (or the ministry) as named on the
report's date; for the ministry and for a province's own officers; the file is the
requester's alone and running the task again replaces it."""

import datetime
import re
import subprocess
import unicodedata

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Authority
from reports.export_services import report_job_create_yearly, report_job_run
from reports.models import ReportJob
from reports.yearly_report import yearly_report_facts

from ..factories import MembershipFactory, ProvinceOfficerFactory, UserFactory
from ..refusals import refused
from .conftest import YEAR

pytestmark = pytest.mark.django_db

YEARLY = reverse("report-yearly")


def pdf_text(content: bytes) -> str:
    """The PDF's text as pdftotext reads it (layout kept, Unicode composed)."""
    assert content.startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return unicodedata.normalize("NFC", text)


def ask(client, user, **data) -> ReportJob:
    client.force_login(user)
    response = client.post(YEARLY, {"year": YEAR, **data})
    job = ReportJob.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("report-job", args=[job.pk])
    return job


def download(client, job: ReportJob) -> bytes:
    response = client.get(reverse("report-job-download", args=[job.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def department(province) -> Authority:
    today = timezone.localdate()
    return Authority.objects.filter(
        kind=Authority.Kind.DEPARTMENT, province=province, valid_from__lte=today
    ).get(valid_until__isnull=True)


def test_an_officer_gets_their_provinces_report_with_its_figures(
    client, country, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = ask(client, country.officer)
    job.refresh_from_db()
    assert (job.kind, job.province, job.period, job.status) == (
        "yearly_pdf",
        country.vinh_long,
        YEAR,
        "done",
    )
    assert job.processed == job.total == 5  # four breakdowns, then the document

    page = client.get(reverse("report-job", args=[job.pk])).content.decode()
    assert "bao-cao-dbi-2026-86.pdf" in page
    text = pdf_text(download(client, job))
    flat = " ".join(text.split())

    assert department(country.vinh_long).name_vi.upper() in flat
    assert "Vĩnh Long · Năm 2026" in flat
    # Registered 5, assessed 2 (40%), certified 1 (20%): E1–E4 and E6 are Vĩnh Long's; E3 is a
    # draft, E6 assessed in 2025; E2's certificate is past its date.
    assert re.search(r"5\s+2 \(40,0%\)\s+1 \(20,0%\)", text)
    # By sector: C has E1, E3, E6 registered, E1 assessed and certified; G has E2, E4.
    assert re.search(r"C – Công nghiệp chế biến, chế tạo\s+3\s+1\s+33,3%\s+1\s+4,00", text)
    # (a long name wraps in its cell: the figures stand beside its second line)
    assert re.search(r"tô, mô tô, xe máy và xe có động cơ\s+2\s+1\s+50,0%\s+0\s+2,00", text)
    # The trend: 2025 (E6, certified) and 2026.
    assert re.search(r"2025\s+1\s+1\s+1,00", text)
    assert re.search(r"2026\s+2\s+1\s+3,00", text)
    assert "Thành phố Hồ Chí Minh" not in text


def test_the_ministry_gets_the_national_report_or_any_provinces(
    client, country, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        national = ask(client, country.reviewer)
        hcm = ask(client, country.reviewer, province=79)

    text = pdf_text(download(client, national))
    ministry = Authority.objects.filter(kind="ministry").get(valid_until__isnull=True)
    assert ministry.name_vi.upper() in " ".join(text.split())
    assert "Toàn quốc · Năm 2026" in text
    assert re.search(r"6\s+3 \(50,0%\)\s+1 \(16,7%\)", text)
    assert re.search(r"Thành phố Hồ Chí(?: Minh)?\s+1\s+1\s+100,0%\s+0\s+1,00", text)
    assert re.search(r"Vĩnh Long\s+5\s+2\s+40,0%\s+1\s+3,00", text)

    text = pdf_text(download(client, hcm))
    assert department(country.hcm).name_vi.upper() in " ".join(text.split())
    assert re.search(r"1\s+1 \(100,0%\)\s+0 \(0,0%\)", text)


def test_the_authority_is_the_one_named_on_the_report_date(country, sme_framework):
    old = department(country.vinh_long)
    renamed_on = datetime.date(2027, 1, 1)
    Authority.objects.filter(pk=old.pk).update(valid_until=renamed_on - datetime.timedelta(1))
    Authority.objects.create(
        kind=Authority.Kind.DEPARTMENT,
        province=country.vinh_long,
        name_vi="Sở Chuyển đổi số tỉnh Vĩnh Long",
        valid_from=renamed_on,
    )

    def authority(day):
        return yearly_report_facts(
            framework=sme_framework, period=YEAR, province=country.vinh_long,
            language="vi", today=day,
        ).authority_name  # fmt: skip

    assert authority(renamed_on - datetime.timedelta(1)) == old.name_vi
    assert authority(renamed_on) == "Sở Chuyển đổi số tỉnh Vĩnh Long"


def test_an_officer_cannot_have_another_provinces_report(client, country, sme_framework):
    client.force_login(country.officer)

    assert client.post(YEARLY, {"year": YEAR, "province": 79}).status_code == 404
    assert client.post(YEARLY, {"year": YEAR, "province": "x"}).status_code == 404
    assert not ReportJob.objects.exists()
    with refused("not_yours"):
        report_job_create_yearly(
            user=country.officer, framework=sme_framework, period=YEAR, province=None,
            language="vi",
        )  # fmt: skip
    client.force_login(MembershipFactory(enterprise=country.enterprises[1]).user)
    assert client.post(YEARLY, {"year": YEAR}).status_code == 403
    client.force_login(country.officer)
    assert client.get(YEARLY).status_code == 405


def test_the_report_is_only_for_the_person_who_asked(
    client, country, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = ask(client, country.officer)
    colleague = ProvinceOfficerFactory(province=country.vinh_long).user

    for other in (colleague, country.reviewer, UserFactory()):
        client.force_login(other)
        assert client.get(reverse("report-job", args=[job.pk])).status_code == 404
        assert client.get(reverse("report-job-download", args=[job.pk])).status_code == 404


def test_running_the_report_task_twice_leaves_one_file(country, sme_framework):
    job = report_job_create_yearly(
        user=country.reviewer, framework=sme_framework, period=YEAR, province=country.vinh_long,
        language="vi",
    )  # fmt: skip
    first = report_job_run(job_id=job.pk)
    ReportJob.objects.filter(pk=job.pk).update(status="running")  # a worker died after saving
    again = report_job_run(job_id=job.pk)

    assert again.file.name == first.file.name == f"reports/jobs/{job.pk}/bao-cao-dbi-2026-86.pdf"
    _folders, files = default_storage.listdir(f"reports/jobs/{job.pk}")
    assert files == ["bao-cao-dbi-2026-86.pdf"]
    assert (again.status, again.processed, again.total) == ("done", 5, 5)
