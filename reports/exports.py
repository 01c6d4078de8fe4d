"""The dashboard's assessments as a table, for XLSX and CSV files.

One row per assessment that the dashboard counts as *assessed* for the same question
(``reports.selectors.DashboardQuery``): the framework and year asked, not a draft, the
enterprise in the province (if one is asked) and matching the sector, size class and
enterprise type filters, with answers in the chosen column (or, by default, a reference column
with answers). So the number of rows of a file is the dashboard's "assessed" figure.

Each row carries the enterprise (tax code, name, province, ward, sector, size, type), the year
and state, which column is the reference, and for each of the four columns its total, overall
level and six pillar levels (blank where the column has no answers).

The rows are one SQL query however many there are: the assessment joined to its enterprise,
province, ward and each column's stored result (a ``FilteredRelation`` per column, unique by
``result_one_per_column``), read as tuples with ``values_list().iterator()``; the pillar
levels come from the result's ``pillar_1`` … ``pillar_8`` columns. Files are written as the rows
arrive, never held whole in memory: CSV line by line, XLSX with openpyxl's write-only workbook.
django-import-export's ``Resource.export`` would build a tablib ``Dataset`` of every cell first,
which a national export (hundreds of thousands of rows) cannot afford.

Scoping is the caller's: the query's province is the one the person may see (see
``reports.export_views``, where a province officer's province is imposed).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from assessments.column_results import PILLAR_FIELDS
from assessments.models import Assessment, Column, ColumnResult, Pillar
from assessments.vocabulary import COLUMN_ORDER
from dbi_portal.spreadsheets import spreadsheet_text
from enterprises.models import EnterpriseKind
from enterprises.sectors import Section
from enterprises.sizing import SizeClass

from .selectors import COLUMN_CHOICES, REFERENCE, DashboardQuery

RESULT_FIELDS = ("total", "level", "answered", "is_reference", *PILLAR_FIELDS)
CHUNK_ROWS = 2_000  # rows fetched per round trip while iterating

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"  # lets Excel read the CSV as UTF-8, so diacritics show


def _enterprise_filter(query: DashboardQuery) -> Q:
    conditions = {
        "province": query.province,
        "sector_section": query.sector,
        "size_class": query.size,
        "kind": query.kind,
    }
    return Q(**{f"enterprise__{name}": value for name, value in conditions.items() if value})


def _answered_in_column(column: str) -> Q:
    """The assessment has answers in ``column``, or a reference column with answers."""
    if column == REFERENCE:
        return Q(
            Exists(
                ColumnResult.objects.filter(
                    assessment=OuterRef("pk"), is_reference=True, answered__gt=0
                )
            )
        )
    return Q(**{f"r_{column}__answered__gt": 0})


def export_assessments(query: DashboardQuery) -> QuerySet[Assessment]:
    """The assessments of the export, each joined to its four column results (``r_<column>``)."""
    return (
        Assessment.objects.annotate(
            **{
                f"r_{column}": FilteredRelation("results", condition=Q(results__column=column))
                for column in COLUMN_ORDER
            }
        )
        .filter(
            _enterprise_filter(query),
            ~Q(state=Assessment.State.DRAFT),
            framework=query.framework,
            period=query.period,
        )
        .filter(_answered_in_column(query.column))
    )


def export_count(query: DashboardQuery) -> int:
    return export_assessments(query).count()


VALUES = (
    "enterprise__tax_code",
    "enterprise__name_vi",
    "enterprise__province__name",
    "enterprise__ward__name",
    "enterprise__sector_section",
    "enterprise__size_class",
    "enterprise__kind",
    "period",
    "state",
    *(f"r_{column}__{name}" for column in COLUMN_ORDER for name in RESULT_FIELDS),
)
_FIRST_RESULT = VALUES.index(f"r_{COLUMN_ORDER[0]}__total")


@dataclass(frozen=True)
class ExportTable:
    """The headers, and the rows as they are read (a generator: iterate once)."""

    title: str
    headers: list[str]
    rows: Iterator[list]
    filters: list[tuple[str, str]]


def export_headers(pillar_codes: list[str]) -> list[str]:
    headers = [
        _("Mã số thuế"),
        _("Tên doanh nghiệp"),
        _("Tỉnh/thành phố"),
        _("Phường/xã"),
        _("Ngành (VSIC cấp 1)"),
        _("Quy mô"),
        _("Loại hình"),
        _("Năm"),
        _("Trạng thái"),
        _("Cột tham chiếu"),
    ]
    for column in COLUMN_ORDER:
        label = Column(column).label
        headers.append(_("%(column)s: tổng điểm") % {"column": label})
        headers.append(_("%(column)s: mức tổng thể") % {"column": label})
        headers.extend(
            _("%(column)s: trụ cột %(code)s") % {"column": label, "code": code}
            for code in pillar_codes
        )
    return headers


def _rows(query: DashboardQuery, pillar_count: int) -> Iterator[list]:
    states = {value: str(label) for value, label in Assessment.State.choices}
    sectors = {value: str(label) for value, label in Section.choices}
    sizes = {value: str(label) for value, label in SizeClass.choices}
    kinds = {value: str(label) for value, label in EnterpriseKind.choices}
    columns = {value: str(label) for value, label in Column.choices}
    blank = [None] * (2 + pillar_count)
    rows = (
        export_assessments(query)
        .order_by("enterprise__province__code", "enterprise__name_vi", "pk")
        .values_list(*VALUES)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for values in rows:
        tax_code, name, province, ward, sector, size, kind, period, state = values[:_FIRST_RESULT]
        reference = ""
        results: list = []
        for i, column in enumerate(COLUMN_ORDER):
            start = _FIRST_RESULT + i * len(RESULT_FIELDS)
            total, level, answered, is_reference, *pillars = values[
                start : start + len(RESULT_FIELDS)
            ]
            if not answered:
                results.extend(blank)
                continue
            if is_reference:
                reference = columns[column]
            results.extend([total, level, *pillars[:pillar_count]])
        yield [
            tax_code,
            spreadsheet_text(name),
            province,
            spreadsheet_text(ward or ""),
            sectors.get(sector, sector),
            sizes.get(size, size or ""),
            kinds.get(kind, kind),
            period,
            states.get(state, state),
            reference,
            *results,
        ]


def _filters(query: DashboardQuery) -> list[tuple[str, str]]:
    """The question, for the file's second sheet."""
    everything = _("Tất cả")
    return [
        (_("Tỉnh/thành phố"), query.province.name if query.province else _("Toàn quốc")),
        (_("Năm"), str(query.period)),
        (_("Kết quả của cột"), str(dict(COLUMN_CHOICES).get(query.column, query.column))),
        (_("Ngành"), str(Section(query.sector).label) if query.sector else everything),
        (_("Quy mô"), str(SizeClass(query.size).label) if query.size else everything),
        (_("Loại hình"), str(EnterpriseKind(query.kind).label) if query.kind else everything),
        (_("Lập lúc"), timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]


def export_table(query: DashboardQuery) -> ExportTable:
    """The export of ``query``: one query for the pillar codes now, one for the rows as they
    are iterated."""
    pillar_codes = list(
        Pillar.objects.filter(framework=query.framework)
        .order_by("position")
        .values_list("code", flat=True)
    )
    place = query.province.name if query.province else _("Toàn quốc")
    return ExportTable(
        title=f"DBI {query.period} – {place}",
        headers=export_headers(pillar_codes),
        rows=_rows(query, len(pillar_codes)),
        filters=_filters(query),
    )


# --- writers ---


class _Line:
    """A file-like object that hands back what the csv writer writes."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(table: ExportTable, *, rows_per_chunk: int = 500) -> Iterator[str]:
    """The CSV as text chunks for a streaming response: the BOM and headers, then the rows."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(table.headers)
    lines: list[str] = []
    for row in table.rows:
        lines.append(writer.writerow(row))
        if len(lines) >= rows_per_chunk:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def write_csv(table: ExportTable, handle: io.TextIOBase, rows: Iterable[list] | None = None):
    """Write the CSV to a text file opened with ``newline=""`` (the BOM included)."""
    handle.write(BOM)
    writer = csv.writer(handle)
    writer.writerow(table.headers)
    writer.writerows(table.rows if rows is None else rows)


HEADER_FONT = Font(bold=True)
WIDTHS = {"A": 14, "B": 42, "C": 18, "D": 22, "E": 30, "F": 10, "G": 18, "H": 7, "I": 18, "J": 20}


def write_xlsx(table: ExportTable, target, rows: Iterable[list] | None = None) -> None:
    """Write the XLSX to ``target`` (a path or a binary file) row by row (write-only workbook):
    the data on the first sheet, headers frozen, the question on a second sheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Kết quả"))
    sheet.freeze_panes = "C2"
    for letter, width in WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    sheet.append([_bold(sheet, text) for text in table.headers])
    for row in table.rows if rows is None else rows:
        sheet.append(row)
    about = workbook.create_sheet(_("Bộ lọc"))
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 60
    about.append([_bold(about, table.title)])
    for label, value in table.filters:
        about.append([label, value])
    workbook.save(target)


def _bold(sheet, text: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = HEADER_FONT
    return cell
