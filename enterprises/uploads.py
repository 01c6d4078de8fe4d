"""Checking an uploaded enterprise list by its content, not its name."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

MAX_IMPORT_BYTES = 10 * 1024 * 1024
CSV, XLSX = "csv", "xlsx"


def table_format(upload) -> str:
    """ "csv" or "xlsx" for a readable table file, else ValidationError saying what is wrong."""
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); tối đa %(limit)s."),
            code="too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_IMPORT_BYTES),
            },
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            names = set()
        finally:
            upload.seek(0)
        if "xl/workbook.xml" in names:
            return XLSX
        raise ValidationError(_("Tệp nén này không phải bảng tính Excel (.xlsx)."), code="not_xlsx")
    sample = upload.read(64 * 1024)
    upload.seek(0)
    if b"\x00" in sample:
        raise ValidationError(
            _("Chỉ nhận tệp CSV (UTF-8) hoặc Excel (.xlsx); tệp này không phải dạng đó."),
            code="unsupported",
        )
    try:
        sample.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # A cut in the middle of a multi-byte character at the sample's end is fine.
        if error.start < len(sample) - 4:
            raise ValidationError(
                _("Tệp CSV phải được lưu với bảng mã UTF-8."), code="not_utf8"
            ) from error
    return CSV
