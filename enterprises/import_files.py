"""Reading an uploaded enterprise list row by row: CSV line by line, XLSX with openpyxl's read-only
mode, never the file as a whole; refusals (``UnreadableFile``) say what is wrong, for the person
who sent the file."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Generator, Iterator
from typing import IO, Any

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import ImportJob
from .resources import COLUMNS
from .uploads import CSV

MAX_COLUMNS = 64  # cells further right are not read (the list has 16 columns)
# An XLSX is a zip of XML, and a small one can unpack to a lot: what it may unpack to, per row of
# the limit (a row of the list is under 1 KB of XML, even with long names) plus room for styles.
# This bounds what openpyxl may have to parse: the shared strings, which it keeps in memory, one
# row, which it builds whole, and a sheet without a <dimension> (openpyxl's write-only mode writes
# none), which it reads through once on opening to look for one.
UNPACKED_BYTES_PER_ROW = 2 * 1024
UNPACKED_BYTES_EXTRA = 2 * 1024 * 1024
REQUIRED = {"tax_code", "name_vi", "kind", "province", "sector_section"}


class UnreadableFile(ValueError):
    """A file that cannot be imported as it is, with the reason, for the person who sent it."""


def _too_many_rows() -> UnreadableFile:
    limit = number_format(settings.DBI_IMPORT_MAX_ROWS, force_grouping=True)
    return UnreadableFile(
        _("Tệp có hơn %(limit)s dòng (kể cả dòng trống); mỗi lần chỉ nhập tối đa %(limit)s dòng.")
        % {"limit": limit}
    )


def _csv_records(handle: IO[bytes]) -> Generator[list[str], None, None]:
    reader = csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline=""))
    try:
        yield from reader
    except UnicodeDecodeError as error:
        raise UnreadableFile(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from error
    except csv.Error as error:
        raise UnreadableFile(
            _("Không đọc được dòng %(line)s của tệp CSV: %(error)s.")
            % {"line": reader.line_num, "error": error}
        ) from error


def _xlsx_records(handle: IO[bytes]) -> Generator[tuple[Any, ...], None, None]:
    not_excel = _("Không đọc được tệp Excel này; hãy mở bằng Excel và lưu lại dạng .xlsx.")
    try:
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        handle.seek(0)
    except zipfile.BadZipFile as error:
        raise UnreadableFile(not_excel) from error
    limit = settings.DBI_IMPORT_MAX_ROWS * UNPACKED_BYTES_PER_ROW + UNPACKED_BYTES_EXTRA
    if unpacked > limit:
        raise UnreadableFile(
            _(
                "Tệp Excel này chứa quá nhiều dữ liệu: %(size)s khi giải nén, trong khi %(rows)s "
                "dòng chỉ cần tối đa %(limit)s."
            )
            % {
                "size": filesizeformat(unpacked),
                "limit": filesizeformat(limit),
                "rows": number_format(settings.DBI_IMPORT_MAX_ROWS, force_grouping=True),
            }
        )
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except OSError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(not_excel) from error
    try:
        sheet = workbook.active
        # Not the dimension the file claims: only the cells it has, at most MAX_COLUMNS wide.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
    except OSError:
        raise
    except Exception as error:
        raise UnreadableFile(not_excel) from error
    finally:
        workbook.close()


def table_rows(job: ImportJob) -> Iterator[tuple[int, list[Any]]]:
    """(line in the file, cell values) for the header (line 1) and then each row that is not
    blank, read one at a time; UnreadableFile when the file cannot be read or has more than
    ``DBI_IMPORT_MAX_ROWS`` rows after the header (blank rows count: reading them is work too),
    found while reading: at most that many rows are ever read, plus the header and one more."""
    limit = settings.DBI_IMPORT_MAX_ROWS
    with job.file.open("rb") as handle:
        records = _csv_records(handle) if job.file_format == CSV else _xlsx_records(handle)
        try:
            width = 0
            for line, values in enumerate(records, start=1):
                if line == 1:
                    header = [str(h or "").strip().lower() for h in values]
                    while header and not header[-1]:
                        header.pop()
                    width = len(header)
                    yield line, header
                    continue
                if line - 1 > limit:
                    raise _too_many_rows()
                cells = list(values[:width]) + [None] * (width - len(values))
                if any(str(c).strip() for c in cells if c is not None):
                    yield line, cells
        finally:
            records.close()  # the workbook too, now, when reading stops early


def _header_checked(rows: Iterator[tuple[int, list[Any]]]) -> list[str]:
    _line, header = next(rows, (1, []))
    missing = REQUIRED - set(header)
    if missing:
        raise UnreadableFile(
            _("Thiếu cột: %(missing)s. Các cột dùng được: %(columns)s.")
            % {"missing": ", ".join(sorted(missing)), "columns": ", ".join(COLUMNS)}
        )
    return header
