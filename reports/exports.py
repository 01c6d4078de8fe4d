"""The dashboard's assessments as a table, for XLSX and CSV files.

One row per assessment that the dashboard counts as *assessed* for the same question
(``reports.selectors.DashboardQuery``): the framework and year asked, not a draft, the
enterprise in the province (if one is asked) and matching the sector, size class and
enterprise type filters, with answers in the chosen column (or, by default, a reference column
with answers). So the number of rows of a file is the dashboard's "assessed" figure.

Each row carries the enterprise (tax code, name, province, ward, sector, size, type), the year
and state, which column is the reference, and for each of the four columns its total, overall
level and six pillar levels (blank where the column has no answers); then the catalog version
the assessment was answered on and the reference column's figures, one column per figure key of
the versions in the file (headed by the key and its Vietnamese label; blank where not entered).

The rows are one SQL query however many there are: the assessment joined to its enterprise,
province, ward and each column's stored result (a ``FilteredRelation`` per column, unique by
``result_one_per_column``), read as tuples with ``values_list().iterator()``; the pillar
levels come from the result's ``pillar_1`` … ``pillar_8`` columns. The figures come one query per
``CHUNK_ROWS`` rows (those rows' reference columns' figures), so the query count grows with the
thousands of rows, never with each row. Files are written as the rows arrive, never held whole in
memory: CSV line by line, XLSX with openpyxl's write-only workbook.
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
from decimal import Decimal
from itertools import islice

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from assessments import scoring
from assessments.column_results import PILLAR_FIELDS
from assessments.models import Assessment, Column, ColumnResult, Figure, FigureField, Pillar
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
    "catalog_version__label",
    "pk",
)
_FIRST_RESULT = VALUES.index(f"r_{COLUMN_ORDER[0]}__total")
_VERSION = VALUES.index("catalog_version__label")


@dataclass(frozen=True)
class ExportTable:
    """The headers, and the rows as they are read (a generator: iterate once)."""

    title: str
    headers: list[str]
    rows: Iterator[list]
    filters: list[tuple[str, str]]


def export_figure_fields(query: DashboardQuery) -> list[tuple[str, str]]:
    """(key, Vietnamese label) of every figure the versions of the export's assessments ask,
    in the versions' order then the form's (a key asked by two versions is one column). One
    query."""
    rows = (
        FigureField.objects.filter(
            version__in=export_assessments(query).values("catalog_version_id")
        )
        .order_by("version__number", "position")
        .values_list("key", "label_vi")
    )
    fields: dict[str, str] = {}
    for key, label in rows:
        fields.setdefault(key, label)
    return list(fields.items())


def _total_header(method: str, column: str) -> str:
    """A column's score header, naming its unit (the 2021 index's stays "tổng điểm")."""
    unit = scoring.UNIT_OF_METHOD.get(method, scoring.Unit.POINTS)
    if unit == scoring.Unit.MILLI_LEVEL:
        return _("%(column)s: điểm sẵn sàng R (1–5)") % {"column": column}
    if unit == scoring.Unit.CENTI_PERCENT:
        return _("%(column)s: tỷ lệ chuyển đổi (%%)") % {"column": column}
    return _("%(column)s: tổng điểm") % {"column": column}


def score_number(method: str, total: int | None) -> int | Decimal | None:
    """A stored score as the number people read, in its unit: 2021 points as they are, R 2850
    as 2.85, 6750 centi-percent as 67.5 (exact decimals, a number cell in XLSX)."""
    if total is None:
        return None
    scale = scoring.SCALE_OF_UNIT[scoring.UNIT_OF_METHOD.get(method, scoring.Unit.POINTS)]
    return total if scale == 1 else (Decimal(total) / scale).normalize()


def export_headers(
    pillar_codes: list[str],
    figure_fields: list[tuple[str, str]] | None = None,
    method: str = scoring.SME_BANDS_2021,
) -> list[str]:
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
        headers.append(_total_header(method, str(label)))
        headers.append(_("%(column)s: mức tổng thể") % {"column": label})
        headers.extend(
            _("%(column)s: trụ cột %(code)s") % {"column": label, "code": code}
            for code in pillar_codes
        )
    headers.append(_("Phiên bản bộ câu hỏi"))
    headers.extend(spreadsheet_text(f"{key}: {label}") for key, label in figure_fields or [])
    if method != scoring.SME_BANDS_2021:  # the 2021 index's files keep their columns
        headers.extend([_("Mã bộ chỉ số"), _("Phiên bản bộ chỉ số")])
    return headers


def _reference_figures(pks: list[int]) -> dict[int, dict[str, int]]:
    """{assessment id: {figure key: value}} of the reference column of these assessments."""
    reference = ColumnResult.objects.filter(
        assessment=OuterRef("assessment"), column=OuterRef("column"), is_reference=True
    )
    by_assessment: dict[int, dict[str, int]] = {}
    rows = (
        Figure.objects.filter(assessment_id__in=pks)
        .filter(Exists(reference))
        .values_list("assessment_id", "field__key", "value")
    )
    for assessment_id, key, value in rows:
        by_assessment.setdefault(assessment_id, {})[key] = value
    return by_assessment


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    while chunk := list(islice(rows, size)):
        yield chunk


@dataclass(frozen=True)
class _Labels:
    """What the stored codes read as in the file (in the active language)."""

    states: dict[str, str]
    sectors: dict[str, str]
    sizes: dict[str, str]
    kinds: dict[str, str]
    columns: dict[str, str]

    @classmethod
    def now(cls) -> _Labels:
        def labels(choices) -> dict[str, str]:
            return {value: str(label) for value, label in choices}

        return cls(
            states=labels(Assessment.State.choices),
            sectors=labels(Section.choices),
            sizes=labels(SizeClass.choices),
            kinds=labels(EnterpriseKind.choices),
            columns=labels(Column.choices),
        )


def _rows(
    query: DashboardQuery, pillar_count: int, figure_keys: list[str] | None = None
) -> Iterator[list]:
    labels = _Labels.now()
    figure_keys = figure_keys or []
    framework = query.framework
    method = framework.scoring_method
    # The 2023 frameworks' rows end with the framework's code and version.
    tail = [] if method == scoring.SME_BANDS_2021 else [framework.code, framework.version]
    rows = (
        export_assessments(query)
        .order_by("enterprise__province__code", "enterprise__name_vi", "pk")
        .values_list(*VALUES)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    for chunk in _chunks(rows, CHUNK_ROWS):
        figures = _reference_figures([values[-1] for values in chunk]) if figure_keys else {}
        for values in chunk:
            found = figures.get(values[-1], {})
            yield [
                *_row(values, pillar_count, labels, method),
                *(found.get(key) for key in figure_keys),
                *tail,
            ]


def _row(
    values: tuple, pillar_count: int, labels: _Labels, method: str = scoring.SME_BANDS_2021
) -> list:
    """One assessment's cells from its values (``VALUES``), up to its catalog version."""
    tax_code, name, province, ward, sector, size, kind, period, state = values[:_FIRST_RESULT]
    blank = [None] * (2 + pillar_count)
    reference = ""
    results: list = []
    for i, column in enumerate(COLUMN_ORDER):
        start = _FIRST_RESULT + i * len(RESULT_FIELDS)
        total, level, answered, is_reference, *pillars = values[start : start + len(RESULT_FIELDS)]
        if not answered:
            results.extend(blank)
            continue
        if is_reference:
            reference = labels.columns[column]
        results.extend([score_number(method, total), level, *pillars[:pillar_count]])
    return [
        tax_code,
        spreadsheet_text(name),
        province,
        spreadsheet_text(ward or ""),
        labels.sectors.get(sector, sector),
        labels.sizes.get(size, size or ""),
        labels.kinds.get(kind, kind),
        period,
        labels.states.get(state, state),
        reference,
        *results,
        values[_VERSION],
    ]


def _filters(query: DashboardQuery) -> list[tuple[str, str]]:
    """The question, for the file's second sheet."""
    everything = _("Tất cả")
    framework = query.framework
    return [
        (
            _("Bộ chỉ số"),
            _("%(name)s (%(code)s, phiên bản %(version)s)")
            % {"name": framework.name, "code": framework.code, "version": framework.version},
        ),
        (_("Tỉnh/thành phố"), query.province.name if query.province else _("Toàn quốc")),
        (_("Năm"), str(query.period)),
        (_("Kết quả của cột"), str(dict(COLUMN_CHOICES).get(query.column, query.column))),
        (_("Ngành"), str(Section(query.sector).label) if query.sector else everything),
        (_("Quy mô"), str(SizeClass(query.size).label) if query.size else everything),
        (_("Loại hình"), str(EnterpriseKind(query.kind).label) if query.kind else everything),
        (_("Lập lúc"), timezone.localtime().strftime("%d/%m/%Y %H:%M")),
    ]


def export_table(query: DashboardQuery) -> ExportTable:
    """The export of ``query``: one query for the pillar codes and one for the figure keys now,
    one for the rows as they are iterated and one per ``CHUNK_ROWS`` rows for their figures."""
    pillar_codes = list(
        Pillar.objects.filter(framework=query.framework)
        .order_by("position")
        .values_list("code", flat=True)
    )
    figure_fields = export_figure_fields(query)
    place = query.province.name if query.province else _("Toàn quốc")
    return ExportTable(
        title=f"DBI {query.period} – {place}",
        headers=export_headers(pillar_codes, figure_fields, query.framework.scoring_method),
        rows=_rows(query, len(pillar_codes), [key for key, _label in figure_fields]),
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
