"""Which evidence files are accepted: PDF, PNG, JPEG, XLSX and DOCX, recognised by their content
(the first bytes and, for Office files, the archive's parts), never by their name. A PDF or an
image that also holds a web page (a polyglot) is refused. The file is kept under a name the server
chooses, with the extension of the type found (``EXTENSIONS``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dbi_portal.uploads import read_head, refuse_if_larger, refuse_if_markup, zip_names

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", XLSX: ".xlsx", DOCX: ".docx"}


# The first bytes of the types a browser could be led to read as something else.
MAGIC = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))


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
    """The file's real type, or ValidationError saying what is accepted (or that a web page
    is hidden in it)."""
    refuse_if_larger(upload, MAX_EVIDENCE_BYTES)
    head = read_head(upload, 8)
    for magic, content_type in MAGIC:
        if head.startswith(magic):
            refuse_if_markup(upload)
            return content_type
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
