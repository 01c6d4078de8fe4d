"""With DJANGO_STORAGE=s3 the portal keeps its files in an S3-compatible object store, so that
several web servers and workers share them: evidence uploaded on the page, certificate PDFs and
report files are written there (nothing on the local disk), stay private (no public grant) and
are downloaded through the portal's own views with their access checks.

The store is moto's server mode on a free local port, reached over HTTP like MinIO or AWS."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from assessments.models import Evidence
from assessments.services import assessment_create
from certification.services import certificate_issue
from reports.export_services import report_job_create_export
from reports.models import ReportJob
from reports.selectors import DashboardQuery

from .certification.conftest import appraised_assessment
from .factories import MinistryReviewerFactory, ProvinceOfficerFactory, SignerFactory

pytestmark = pytest.mark.django_db

BASE_DIR = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<< >>\nendobj\n" + bytes(range(256)) * 40
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
REGION = "us-east-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 emulator as a real HTTP server (the portal talks to it through boto3)."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh, empty bucket that the portal's default storage now uses, as the settings do for
    DJANGO_STORAGE=s3 with AWS_S3_ENDPOINT_URL and AWS_STORAGE_BUCKET_NAME."""
    name = f"dbi-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **CREDENTIALS)
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": name,
                "endpoint_url": s3_endpoint,
                "region_name": REGION,
                "access_key": CREDENTIALS["aws_access_key_id"],
                "secret_key": CREDENTIALS["aws_secret_access_key"],
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return Bucket(client, name)


class Bucket:
    def __init__(self, client, name: str) -> None:
        self.client, self.name = client, name

    def keys(self) -> list[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def is_private(self, key: str) -> bool:
        grants = self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]
        return all(grant["Grantee"].get("Type") == "CanonicalUser" for grant in grants)


def local_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_evidence_uploaded_on_the_page_is_in_the_bucket_and_downloaded_with_checks(
    client, bucket, settings, owner, sme_framework, stranger, other_province_officer
):
    assessment = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )
    client.force_login(owner.user)

    response = client.post(
        f"/assessments/{assessment.pk}/evidence/1.1.1/",
        {"file": SimpleUploadedFile("bien-ban.pdf", PDF)},
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get(assessment=assessment)
    assert bucket.keys() == [evidence.file.name]
    assert bucket.read(evidence.file.name) == PDF
    assert bucket.is_private(evidence.file.name)
    assert local_files(settings) == []

    download = client.get(f"/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="bien-ban.pdf"' in download["Content-Disposition"]
    assert body(download) == PDF
    api = client.get(f"/api/v1/evidence/{evidence.pk}/")
    assert (api.status_code, body(api)) == (200, PDF)

    for outsider in (stranger, other_province_officer):
        client.force_login(outsider)
        assert client.get(f"/evidence/{evidence.pk}/").status_code in (403, 404)
        assert client.get(f"/api/v1/evidence/{evidence.pk}/").status_code in (403, 404)


def test_two_uploads_of_one_name_keep_both_files(client, bucket, owner, sme_framework):
    assessment = assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )
    client.force_login(owner.user)
    first, second = PDF, PDF + b"% second version\n"

    for content in (first, second):
        client.post(
            f"/assessments/{assessment.pk}/evidence/1.1.1/",
            {"file": SimpleUploadedFile("bien-ban.pdf", content)},
        )

    downloads = [
        body(client.get(f"/evidence/{evidence.pk}/"))
        for evidence in Evidence.objects.filter(assessment=assessment).order_by("pk")
    ]
    assert downloads == [first, second]
    assert len(bucket.keys()) == 2


def test_a_certificate_pdf_is_rendered_into_the_bucket_and_served_to_the_enterprise(
    client, bucket, settings, owner, sme_framework, stranger, django_capture_on_commit_callbacks
):
    SignerFactory()
    appraised = appraised_assessment(enterprise=owner.enterprise)
    issuer = MinistryReviewerFactory(can_issue=True).user
    with django_capture_on_commit_callbacks(execute=True):  # the rendering task runs (eager)
        certificate = certificate_issue(assessment_id=appraised.pk, user=issuer)
    certificate.refresh_from_db()

    assert bucket.keys() == [certificate.pdf.name]
    assert bucket.read(certificate.pdf.name).startswith(b"%PDF-")
    assert bucket.is_private(certificate.pdf.name)
    assert local_files(settings) == []

    client.force_login(owner.user)
    response = client.get(f"/certificates/{certificate.pk}/pdf/")
    assert response.status_code == 200
    assert body(response) == bucket.read(certificate.pdf.name)
    client.force_login(stranger)
    assert client.get(f"/certificates/{certificate.pk}/pdf/").status_code in (403, 404)


def test_a_report_job_file_is_stored_in_the_bucket_and_only_its_requester_downloads_it(
    client, bucket, settings, sme_framework, places, django_capture_on_commit_callbacks
):
    officer = ProvinceOfficerFactory().user
    query = DashboardQuery(
        framework=sme_framework, period=2026, province=officer.province_officer.province
    )
    with django_capture_on_commit_callbacks(execute=True):
        job = report_job_create_export(user=officer, query=query, file_format="csv", language="vi")
    job.refresh_from_db()

    assert job.status == ReportJob.Status.DONE
    assert bucket.keys() == [job.file.name]
    assert bucket.is_private(job.file.name)
    assert local_files(settings) == []

    download = reverse("report-job-download", args=[job.pk])
    client.force_login(officer)
    response = client.get(download)
    assert response.status_code == 200
    content = body(response)
    assert content == bucket.read(job.file.name)
    assert content.startswith("\ufeff".encode())  # the CSV, as Excel reads it
    client.force_login(ProvinceOfficerFactory(province=officer.province_officer.province).user)
    assert client.get(download).status_code == 404


def test_the_assessment_report_pdf_is_cached_in_the_bucket(client, bucket, settings, owner):
    assessment = appraised_assessment(enterprise=owner.enterprise)
    client.force_login(owner.user)

    first = client.get(f"/assessments/{assessment.pk}/report.pdf")
    second = client.get(f"/assessments/{assessment.pk}/report.pdf")

    assert first.status_code == second.status_code == 200
    content = body(first)
    assert content.startswith(b"%PDF-")
    assert body(second) == content
    (key,) = bucket.keys()  # rendered once, stored once
    assert bucket.read(key) == content
    assert local_files(settings) == []


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    """``manage.py`` started as a server is, from environment variables only."""
    inherited = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_", "DBI_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**inherited, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_environment_switches_the_storage_to_the_bucket(s3_endpoint, tmp_path):
    name = f"dbi-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **CREDENTIALS)
    client.create_bucket(Bucket=name)
    code = (
        "from django.core.files.base import ContentFile;"
        "from django.core.files.storage import storages;"
        "s = storages['default'];"
        "print(type(s).__name__);"
        "print(s.save('evidence/a.pdf', ContentFile(b'%PDF-1.7 hello')))"
    )

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        AWS_STORAGE_BUCKET_NAME=name,
        AWS_S3_ENDPOINT_URL=s3_endpoint,
        AWS_S3_REGION_NAME=REGION,
        AWS_ACCESS_KEY_ID=CREDENTIALS["aws_access_key_id"],
        AWS_SECRET_ACCESS_KEY=CREDENTIALS["aws_secret_access_key"],
        DJANGO_MEDIA_ROOT=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "evidence/a.pdf"]
    assert Bucket(client, name).read("evidence/a.pdf") == b"%PDF-1.7 hello"
    assert list(tmp_path.iterdir()) == []


def test_without_a_bucket_the_files_stay_on_the_local_disk(tmp_path):
    code = (
        "from django.core.files.base import ContentFile;"
        "from django.core.files.storage import default_storage as s;"
        "print(s.save('evidence/a.pdf', ContentFile(b'%PDF-1.7 hello')))"
    )

    result = manage("shell", "--no-imports", "-c", code, DJANGO_MEDIA_ROOT=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "evidence" / "a.pdf").read_bytes() == b"%PDF-1.7 hello"


@pytest.mark.parametrize(
    "environment",
    [{"DJANGO_STORAGE": "s4"}, {"DJANGO_STORAGE": "s3"}],
    ids=["misspelt", "no-bucket"],
)
def test_a_storage_setting_that_cannot_work_stops_the_start(environment):
    result = manage("check", **environment)

    assert result.returncode != 0
    assert "DJANGO_STORAGE" in result.stderr
