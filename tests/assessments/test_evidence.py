"""Evidence files: accepted by content (PDF, PNG, JPEG, XLSX, DOCX), refused otherwise or when
too large, uploaded only by whoever may fill in a column now, downloaded only by those who may
see the assessment."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.evidence_files import MAX_EVIDENCE_BYTES
from assessments.models import Evidence
from assessments.services import assessment_create

from ..factories import MembershipFactory, ProvinceOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def office_file(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml" if kind == "xlsx" else "word/document.xml", "<x/>")
    return buffer.getvalue()


ACCEPTED = {
    "bien-ban.pdf": (b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n", "application/pdf"),
    "anh.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),
    "anh.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
    "so-lieu.xlsx": (
        office_file("xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "ke-hoach.docx": (
        office_file("docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


@pytest.fixture
def owner(sme_framework):
    return MembershipFactory()


@pytest.fixture
def assessment(owner, sme_framework):
    return assessment_create(
        enterprise=owner.enterprise, framework=sme_framework, period=2026, user=owner.user
    )


def upload(client, assessment, name, content, code="1.1.1"):
    return client.post(
        f"/assessments/{assessment.pk}/evidence/{code}/",
        {"file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_each_accepted_type_is_stored_with_its_real_type(client, owner, assessment, name):
    content, content_type = ACCEPTED[name]
    client.force_login(owner.user)

    response = upload(client, assessment, name, content)

    assert response.status_code == 302
    evidence = Evidence.objects.get(assessment=assessment)
    assert (evidence.original_name, evidence.content_type) == (name, content_type)
    download = client.get(f"/evidence/{evidence.pk}/")
    assert download["Content-Type"] == content_type
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this is a Windows program"),
        ("anh.png", b"#!/bin/sh\nrm -rf /\n"),
        ("so-lieu.xlsx", b"PK\x03\x04 not really an archive"),
        ("tai-lieu.docx", office_file("xlsx")[:0] + b"PK\x05\x06" + b"\x00" * 18),
    ],
    ids=["renamed-executable", "script-as-png", "broken-zip", "empty-zip"],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(client, owner, assessment, name, content):
    client.force_login(owner.user)

    response = upload(client, assessment, name, content)

    assert response.status_code == 400
    assert "Chỉ nhận tệp PDF, PNG, JPEG" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused(client, owner, assessment):
    client.force_login(owner.user)
    big = b"%PDF-1.7\n" + b"0" * MAX_EVIDENCE_BYTES

    response = upload(client, assessment, "lon.pdf", big)

    assert response.status_code == 400
    assert "Tệp quá lớn" in response.content.decode()


def test_an_officer_may_see_the_evidence_but_not_add_to_the_self_column(client, owner, assessment):
    client.force_login(owner.user)
    upload(client, assessment, "bien-ban.pdf", ACCEPTED["bien-ban.pdf"][0])
    evidence = Evidence.objects.get()

    officer = ProvinceOfficerFactory(province=assessment.enterprise.province).user
    client.force_login(officer)
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 200
    assert upload(client, assessment, "x.pdf", ACCEPTED["bien-ban.pdf"][0]).status_code == 403


def test_strangers_can_neither_see_nor_download_evidence(client, owner, assessment):
    client.force_login(owner.user)
    upload(client, assessment, "bien-ban.pdf", ACCEPTED["bien-ban.pdf"][0])
    evidence = Evidence.objects.get()

    client.force_login(UserFactory())
    assert client.get(f"/evidence/{evidence.pk}/").status_code == 404
    assert client.get(f"/assessments/{assessment.pk}/evidence/1.1.1/").status_code == 404
