"""The survey's dashboard figures as a table, for an XLSX or CSV file (``exports.write_xlsx``,
``exports.csv_chunks``): the same question and scoping as the dashboard, the whole scope first,
then every breakdown the scope offers (province or ward, sector, size class, type), one row
per group and barrier or need. Small whatever the data (a few hundred rows at most), so it is
made at once; text that is data (ward names, the statements) goes through
``spreadsheet_text``. The "other" need's own words are not exported: only counts leave the
assessment."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from dbi_portal.spreadsheets import spreadsheet_text

from .exports import ExportTable, _filters
from .selectors import BREAKDOWN_LABELS, DashboardQuery
from .survey import SurveyBoard, survey_catalog, survey_dashboard


def survey_export_headers() -> list[str]:
    return [
        _("Phân theo"),
        _("Nhóm"),
        _("Phần"),
        _("Mã"),
        _("Nội dung"),
        _("Số doanh nghiệp trả lời"),
        _("Số doanh nghiệp đánh giá 4–5 hoặc chọn"),
        _("Tỉ lệ (%)"),
    ]


def _board_rows(board: SurveyBoard, *, scope: str, whole: bool) -> Iterator[list]:
    barrier, need = _("Rào cản"), _("Nhu cầu hỗ trợ")
    what = _("Toàn bộ") if whole else str(BREAKDOWN_LABELS[board.breakdown])
    groups = (
        [(scope, board.respondents, board.barrier_counts, board.need_counts)]
        if whole
        else [(r.label, r.respondents, r.barriers, r.needs) for r in board.rows]
    )
    for label, respondents, barrier_counts, need_counts in groups:
        for item, counts in zip(board.barriers, barrier_counts, strict=True):
            yield [
                what,
                spreadsheet_text(label),
                barrier,
                item.code,
                spreadsheet_text(item.text),
                counts.responding,
                counts.high,
                counts.share,
            ]
        for item, needs in zip(board.needs, need_counts, strict=True):
            yield [
                what,
                spreadsheet_text(label),
                need,
                item.code,
                spreadsheet_text(item.text),
                respondents,
                needs.ticked,
                needs.share,
            ]


def survey_export_table(query: DashboardQuery) -> ExportTable:
    """The file of ``query``: two queries for the catalog, then three or four per breakdown."""
    catalog = survey_catalog(query)
    boards = [survey_dashboard(query, breakdown=b, catalog=catalog) for b in query.breakdowns]
    place = query.province.name if query.province else _("Toàn quốc")

    def rows() -> Iterator[list]:
        yield from _board_rows(boards[0], scope=place, whole=True)
        for board in boards:
            yield from _board_rows(board, scope=place, whole=False)

    return ExportTable(
        title=_("Khảo sát rào cản và nhu cầu hỗ trợ – DBI %(year)s – %(place)s")
        % {"year": query.period, "place": place},
        headers=survey_export_headers(),
        rows=rows(),
        filters=_filters(query),
    )
