"""The yearly report: the dashboard of a province (or of the nation) for one year as an A4
portrait PDF for the ministry, headed by the authority that reports (the province's department,
or the ministry, as named on the report's date).

Two steps, as for the certificates: ``yearly_report_facts`` reads everything (the dashboard's
own ``reports.selectors.dashboard``, once per breakdown, so every figure is the one the page
shows) into plain data, and ``yearly_report_pdf`` renders those facts without touching the
database. Charts are drawn server-side by pygal as static SVG (no JavaScript), each with the
same numbers in a table beneath it; WeasyPrint draws them as vectors with the fonts and the
local-files-only URL fetcher of ``dbi_portal.pdf``.
"""

from __future__ import annotations

import base64
import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pygal
from django.utils import formats, translation
from django.utils.translation import gettext as _
from pygal.style import Style

from assessments.models import Framework
from dbi_portal.pdf import FONT_FAMILY, check_language, date_text, pdf_write, stylesheet
from enterprises.models import Province
from enterprises.selectors import authority_on

from .selectors import (
    BREAKDOWN_LABELS,
    NATIONAL_BREAKDOWNS,
    PROVINCE_BREAKDOWNS,
    REFERENCE,
    Dashboard,
    DashboardQuery,
    dashboard,
)

# Level 0 (not started) in grey, then from red to green as the level rises (as on the page).
LEVEL_COLOURS = ("#9e9e9e", "#c41e3a", "#e67e22", "#f1c40f", "#7cb342", "#2e7d32")
ASSESSED_COLOUR, CERTIFIED_COLOUR, AVERAGE_COLOUR = "#1d4ed8", "#b8862b", "#8b1c1c"
CHART_GROUPS = 20  # a breakdown's chart shows its groups with the most assessed; the table all


@dataclass(frozen=True)
class YearlyFacts:
    authority_name: str
    place: str  # the province's name, or "the nation"
    province_code: int | None
    period: int
    generated_on: datetime.date
    framework_name: str
    decision: str
    boards: list[Dashboard]  # one per breakdown, in the dashboard's order; [0] for the rest


def yearly_report_facts(
    *,
    framework: Framework,
    period: int,
    province: Province | None,
    language: str,
    today: datetime.date,
    on_step: Callable[[], None] = lambda: None,
) -> YearlyFacts:
    """Everything the report prints, in ``language``: the dashboard for each breakdown of the
    scope (counted by the reference column, the dashboard's default). ``on_step`` is called
    after each dashboard, for the progress bar."""
    breakdowns = NATIONAL_BREAKDOWNS if province is None else PROVINCE_BREAKDOWNS
    with translation.override(language):
        boards = []
        for breakdown in breakdowns:
            query = DashboardQuery(
                framework=framework,
                period=period,
                column=REFERENCE,
                province=province,
                breakdown=breakdown,
            )
            boards.append(dashboard(query))
            on_step()
        authority = authority_on(day=today, province=province)
        return YearlyFacts(
            authority_name=authority.name if authority else "",
            place=province.name if province else _("Toàn quốc"),
            province_code=province.code if province else None,
            period=period,
            generated_on=today,
            framework_name=framework.name,
            decision=framework.decision,
            boards=boards,
        )


# --- charts ---


def _style(colours: tuple[str, ...]) -> Style:
    return Style(
        background="transparent",
        plot_background="transparent",
        foreground="#1f2937",
        foreground_strong="#111827",
        foreground_subtle="#d1d5db",
        opacity="1",
        opacity_hover="1",
        colors=colours,
        font_family=f"'{FONT_FAMILY}', sans-serif",
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=11,
        value_font_size=10,
        tooltip_font_size=10,
        guide_stroke_color="#e5e7eb",
        major_guide_stroke_color="#d1d5db",
    )


def _number(value) -> str:
    """Thousands grouped as the language writes them (12.500 in Vietnamese, 12,500 in English;
    dbi_portal/formats)."""
    if value is None:
        return ""
    decimals = 0 if float(value).is_integer() else 2
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=True)


def _options(height: int) -> dict:
    return {
        "value_formatter": _number,
        "width": 700,
        "height": height,
        "js": (),
        "disable_xml_declaration": True,
        "explicit_size": False,
        "truncate_label": 42,
        "truncate_legend": -1,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 6,
        "margin": 8,
        "spacing": 8,
    }


def _uri(chart) -> str:
    """As an image, not inline: pygal's stylesheet stays inside the chart."""
    svg = chart.render(is_unicode=True)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def _level_labels(board: Dashboard) -> list[str]:
    return [_("Mức %(n)s") % {"n": k} for k in range(board.max_level + 1)]


def _ticks(maximum: int) -> list[int]:
    """Whole-number ticks from 0 past ``maximum``, six at most (counts are never fractions),
    a step of 1, 2 or 5 times a power of ten."""
    steps = (m * 10**e for e in itertools.count() for m in (1, 2, 5))
    step = next(step for step in steps if maximum <= 5 * step)
    top = max(-(-maximum // step) * step, step)
    return list(range(0, top + 1, step))


def _short(label: str, length: int = 40) -> str:
    return label if len(label) <= length else label[: length - 1].rstrip() + "…"


def levels_chart(board: Dashboard) -> str:
    ticks = _ticks(max(board.levels.counts))
    chart = pygal.Bar(
        style=_style((ASSESSED_COLOUR,)),
        show_legend=False,
        y_labels=ticks,
        range=(0, ticks[-1]),
        **_options(280),
    )
    chart.x_labels = _level_labels(board)
    chart.add(
        _("Số doanh nghiệp"),
        [
            {"value": n, "color": LEVEL_COLOURS[min(k, len(LEVEL_COLOURS) - 1)]}
            for k, n in enumerate(board.levels.counts)
        ],
    )
    return _uri(chart)


def pillars_chart(board: Dashboard) -> str:
    pillars = list(reversed(board.pillars))  # pygal draws the first bar at the bottom
    chart = pygal.HorizontalBar(
        style=_style((AVERAGE_COLOUR,)),
        show_legend=False,
        range=(0, board.max_level),
        y_labels=list(range(board.max_level + 1)),
        **_options(280),
    )
    chart.x_labels = [_short(f"{p.code}. {p.name}") for p in pillars]
    chart.add(_("Mức trung bình"), [p.levels.average or 0 for p in pillars])
    return _uri(chart)


def breakdown_chart(board: Dashboard) -> str:
    """The groups with the most assessed (at most ``CHART_GROUPS``), most at the top."""
    rows = [r for r in sorted(board.rows, key=lambda r: -r.assessed) if r.assessed]
    rows = list(reversed(rows[:CHART_GROUPS]))  # pygal draws the first bar at the bottom
    if not rows:
        return ""
    ticks = _ticks(max(r.assessed for r in rows))
    chart = pygal.HorizontalStackedBar(
        style=_style(LEVEL_COLOURS[: board.max_level + 1]),
        y_labels=ticks,
        range=(0, ticks[-1]),
        **_options(90 + 24 * len(rows)),
    )
    chart.x_labels = [_short(r.label) for r in rows]
    for k, label in enumerate(_level_labels(board)):
        chart.add(label, [r.levels.counts[k] for r in rows])
    return _uri(chart)


def trend_chart(board: Dashboard) -> str:
    ticks = _ticks(max(max(y.assessed, y.certified) for y in board.trend))
    chart = pygal.Bar(
        style=_style((ASSESSED_COLOUR, CERTIFIED_COLOUR)),
        y_labels=ticks,
        range=(0, ticks[-1]),
        margin_bottom=24,  # room for the legend under the years
        **_options(260),
    )
    chart.x_labels = [str(y.period) for y in board.trend]
    chart.add(_("Đã đánh giá"), [y.assessed for y in board.trend])
    chart.add(_("Được chứng nhận"), [y.certified for y in board.trend])
    return _uri(chart)


# --- the document ---


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def yearly_report_context(facts: YearlyFacts, language: str) -> dict:
    board = facts.boards[0]
    levels = list(range(board.max_level + 1))
    return {
        "facts": facts,
        "language": language,
        "board": board,
        "levels": levels,
        "generated_on": date_text(facts.generated_on, language),
        "level_rows": [
            {
                "level": k,
                "name": board.level_names.get(k, ""),
                "count": board.levels.counts[k],
                "percent": _percent(board.levels.counts[k], board.assessed),
                "colour": LEVEL_COLOURS[min(k, len(LEVEL_COLOURS) - 1)],
            }
            for k in levels
        ],
        "levels_chart": levels_chart(board) if board.assessed else "",
        "pillars_chart": pillars_chart(board) if board.assessed else "",
        "breakdowns": [
            {
                "label": BREAKDOWN_LABELS[b.breakdown],
                "rows": b.rows,
                "chart": breakdown_chart(b),
                "cut": sum(1 for r in b.rows if r.assessed) > CHART_GROUPS,
            }
            for b in facts.boards
            if b.rows
        ],
        "trend_chart": trend_chart(board) if board.trend else "",
        "chart_groups": CHART_GROUPS,
    }


def yearly_report_pdf(facts: YearlyFacts, *, language: str = "vi") -> bytes:
    """The yearly report as an A4 portrait PDF in ``language`` ("vi" or "en")."""
    check_language(language)
    with translation.override(language):
        return pdf_write(
            "reports/pdf/yearly.html",
            yearly_report_context(facts, language),
            stylesheet("reports/pdf/yearly.css", {}),
        )
