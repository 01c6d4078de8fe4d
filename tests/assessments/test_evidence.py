"""Evidence files: accepted by content (PDF, PNG, JPEG, XLSX, DOCX), refused otherwise, when too
large or when a PDF or an image is also a web page; stored under a name the server chooses with
the detected type's extension, the uploader's name tidied and only shown; downloaded as
attachments of the detected type, never sniffed; uploaded only by whoever may fill in a column
now, downloaded only by those who may see the assessment."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.evidence_files import EXTENSIONS, MAX_EVIDENCE_BYTES
from assessments.models import Evidence
from assessments.services import assessment_create

from ..factories import ProvinceOfficerFactory, UserFactory

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


# --- stored names, polyglots and downloads ---

STORED = r"evidence/\d{4}/\d{2}/[0-9a-f]{32}"


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_the_file_is_stored_under_a_server_name_with_the_detected_extension(
    client, owner, assessment, name
):
    content, _content_type = ACCEPTED[name]
    client.force_login(owner.user)

    upload(client, assessment, f"../../{name}.html", content)

    evidence = Evidence.objects.get()
    extension = EXTENSIONS[evidence.content_type]
    assert re.fullmatch(STORED + re.escape(extension), evidence.file.name)
    # The uploader's name is only shown: its last part, ending with what the file really is.
    assert evidence.original_name == f"{name}.html{extension}"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Biên bản họp tháng 3.pdf", "Biên bản họp tháng 3.pdf"),
        ("C:\\Users\\an\\bao-cao.pdf", "bao-cao.pdf"),
        ("\u202efdp.exe", "fdp.exe.pdf"),  # a right-to-left override made it look like .pdf
        ("...", "tep.pdf"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
    ids=["vietnamese", "windows-path", "bidi-override", "no-name", "too-long"],
)
def test_the_shown_name_is_tidied(client, owner, assessment, name, shown):
    client.force_login(owner.user)

    upload(client, assessment, name, ACCEPTED["bien-ban.pdf"][0])

    assert Evidence.objects.get().original_name == shown


def test_downloads_are_attachments_of_the_detected_type_never_sniffed(client, owner, assessment):
    client.force_login(owner.user)
    upload(client, assessment, "Biên bản.html", ACCEPTED["bien-ban.pdf"][0])
    evidence = Evidence.objects.get()

    for url in (f"/evidence/{evidence.pk}/", f"/api/v1/evidence/{evidence.pk}/"):
        download = client.get(url)
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Disposition"] == (
            "attachment; filename*=utf-8''Bi%C3%AAn%20b%E1%BA%A3n.html.pdf"
        )


def test_a_file_stored_before_names_were_tidied_downloads_with_its_real_extension(
    client, owner, assessment
):
    client.force_login(owner.user)
    upload(client, assessment, "bien-ban.pdf", ACCEPTED["bien-ban.pdf"][0])
    Evidence.objects.update(original_name="trang.html")

    download = client.get(f"/evidence/{Evidence.objects.get().pk}/")

    assert download["Content-Disposition"] == 'attachment; filename="trang.html.pdf"'


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bao-cao.pdf", b"%PDF-1.7\n<html><body><script>alert(document.cookie)</script>"),
        ("bao-cao.pdf", b"%PDF-1.4\n%\xe2\xe3\n" + b"0" * 5000 + b"<!DOCTYPE html><p>hi"),
        ("anh.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR<SCRIPT src=//x.vn/a.js></SCRIPT>"),
        ("anh.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<svg/onload=alert(1)>"),
        ("anh.jpg", b"\xff\xd8\xff\xe1\x00\x10Exif\x00<iframe src=x>"),
    ],
    ids=["pdf-html", "pdf-doctype-later", "png-script", "jpeg-svg", "jpeg-iframe"],
)
def test_a_pdf_or_image_that_is_also_a_web_page_is_refused(
    client, owner, assessment, name, content
):
    client.force_login(owner.user)

    response = upload(client, assessment, name, content)

    assert response.status_code == 400
    assert "có chứa mã trang web" in response.content.decode()
    assert not Evidence.objects.exists()


def test_the_api_refuses_a_polyglot_too(client, owner, assessment):
    client.force_login(owner.user)

    response = client.post(
        f"/api/v1/assessments/{assessment.pk}/evidence/",
        {
            "criterion": "1.1.1",
            "column": "self",
            "file": SimpleUploadedFile("x.pdf", b"%PDF-1.7\n<html>"),
        },
    )

    assert response.status_code == 400
    assert "có chứa mã trang web" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_pdf_with_xml_metadata_is_still_accepted(client, owner, assessment):
    content = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Metadata /Subtype /XML >>\nstream\n"
        b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF></rdf:RDF></x:xmpmeta>'
        b"\nendstream\nendobj\n%%EOF\n"
    )
    client.force_login(owner.user)

    assert upload(client, assessment, "bien-ban.pdf", content).status_code == 302
    assert Evidence.objects.get().content_type == "application/pdf"
