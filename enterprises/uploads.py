"""Checking an uploaded enterprise list by its content, not its name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dbi_portal.uploads import read_head, refuse_if_larger, zip_names

CSV, XLSX = "csv", "xlsx"


def table_format(upload) -> str:
    """ "csv" or "xlsx" for a readable table file, else ValidationError saying what is wrong."""
    refuse_if_larger(upload, settings.DBI_IMPORT_MAX_BYTES)
    if read_head(upload, 8).startswith(b"PK\x03\x04"):
        if "xl/workbook.xml" in zip_names(upload):
            return XLSX
        raise ValidationError(_("Tệp nén này không phải bảng tính Excel (.xlsx)."), code="not_xlsx")
    sample = read_head(upload, 64 * 1024)
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
