"""Which evidence files are accepted: PDF, PNG, JPEG, XLSX and DOCX, recognised by their content
(the first bytes and, for Office files, the archive's parts), never by their name."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dbi_portal.uploads import read_head, refuse_if_larger, zip_names

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _office_type(upload) -> str | None:
    names = zip_names(upload)
    if "[Content_Types].xml" not in names:
        return None
    if "xl/workbook.xml" in names:
        return XLSX
    if "word/document.xml" in names:
        return DOCX
    return None


def evidence_content_type(upload) -> str:
    """The file's real type, or ValidationError saying what is accepted."""
    refuse_if_larger(upload, MAX_EVIDENCE_BYTES)
    head = read_head(upload, 8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        office = _office_type(upload)
        if office:
            return office
    raise ValidationError(
        _(
            "Chỉ nhận tệp PDF, PNG, JPEG, Excel (.xlsx) hoặc Word (.docx); "
            "nội dung tệp này không phải các dạng đó."
        ),
        code="unsupported",
    )
