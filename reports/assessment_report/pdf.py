"""The assessment report as a PDF: A4 portrait, rendered with WeasyPrint (through
``dbi_portal.pdf``, the shared fonts and local-files-only fetcher) from a Django template.

A pure renderer: it takes plain facts (``reports.assessment_report.facts.ReportFacts``) and
returns PDF bytes, never touching the ORM. The radar chart (pygal) is SVG, drawn as vectors.
Import this module only where a report is rendered (WeasyPrint is slow to load).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

import pygal
from django.utils import translation
from django.utils.translation import gettext as _
from pygal.style import Style

from assessments import scoring
from assessments.figure_texts import computation_text, percent_text, whole_text
from assessments.models import Column
from assessments.score_texts import pillar_value_text, score_label, total_text, value_text
from dbi_portal.pdf import FONT_FAMILY, check_language, date_text, pdf_write, pick, stylesheet

from .facts import COLUMNS, CriterionFigures, FigureTerm, NextStep, ReportFacts

TEMPLATE = "reports/pdf/assessment_report.html"
STYLESHEET = "reports/pdf/assessment_report.css"

# One colour per column, used by the radar chart and the table headings alike.
COLUMN_COLOURS = {
    "self": "#2563eb",
    "consultant": "#d97706",
    "province": "#059669",
    "ministry": "#b91c1c",
}


RADAR_SIZE = (560, 400)  # SVG user units; the stylesheet sets the printed size


@dataclass(frozen=True)
class RadarSeries:
    key: str
    label: str
    levels: list[int]


def radar_svg(labels: list[str], series: list[RadarSeries], *, max_level: int) -> str:
    """A radar chart of pillar levels (0..max_level), one filled polygon per series, drawn by
    pygal as static SVG (no JavaScript), for WeasyPrint to draw as vectors."""
    style = Style(
        background="transparent",
        plot_background="transparent",
        foreground="#1f2937",
        foreground_strong="#111827",
        foreground_subtle="#9ca3af",
        opacity=".18",
        opacity_hover=".18",
        colors=tuple(COLUMN_COLOURS[s.key] for s in series),
        font_family=f"'{FONT_FAMILY}', sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        guide_stroke_color="#d1d5db",
        major_guide_stroke_color="#9ca3af",
        stroke_width="2.4",
    )
    chart = pygal.Radar(
        style=style,
        range=(0, max_level),
        fill=True,
        dots_size=3,
        width=RADAR_SIZE[0],
        height=RADAR_SIZE[1],
        show_legend=False,  # the template draws the legend, translated and never overlapping
        js=(),
        disable_xml_declaration=True,
        explicit_size=False,
        x_label_rotation=0.001,  # pygal rotates axis labels unless given a (non-zero) angle
        truncate_label=-1,
        show_y_labels=False,  # the rings are levels 1..max_level; the caption says so
        y_labels=list(range(max_level + 1)),
        margin=6,
        spacing=10,
    )
    chart.x_labels = labels
    for s in series:
        chart.add(s.label, s.levels)
    return chart.render(is_unicode=True)


def _level_names(facts: ReportFacts, language: str) -> dict[int, str]:
    return {n.level: pick(n, "name", language) for n in facts.level_names}


def _criteria_groups(
    facts: ReportFacts, language: str, pillar_names: dict[str, str]
) -> list[dict[str, Any]]:
    """The criteria table: one group per sub-index (noting where a pillar starts), its rows
    noting where a heading group (e.g. "Tiếp thị điện tử") starts and where columns differ."""
    groups: list[dict] = []
    sub_names = {s.code: pick(s, "name", language) for s in facts.sub_indices}
    current: dict[str, Any] | None = None
    for criterion in facts.criteria:
        if current is None or current["code"] != criterion.sub_index_code:
            current = {
                "code": criterion.sub_index_code,
                "name": sub_names[criterion.sub_index_code],
                "pillar": pillar_names[criterion.pillar_code],
                "pillar_code": criterion.pillar_code,
                "new_pillar": not groups or groups[-1]["pillar_code"] != criterion.pillar_code,
                "rows": [],
            }
            groups.append(current)
        rated = [lv for lv in criterion.levels if lv is not None]
        group = pick(criterion, "group", language)
        previous = current["rows"][-1]["group"] if current["rows"] else ""
        current["rows"].append(
            {
                "code": criterion.code,
                "group": group,
                "group_start": group if group != previous else "",
                "text": pick(criterion, "text", language),
                "levels": criterion.levels,
                "differs": len(set(rated)) > 1,
            }
        )
    return groups


def _term(term: FigureTerm, language: str) -> dict[str, str]:
    return {
        "label": pick(term, "label", language),
        "value": "—" if term.value is None else whole_text(term.value),
    }


def _figures_rows(facts: ReportFacts, language: str) -> list[dict[str, Any]]:
    """The criteria asked as figures: the reference column's two figures and what they give
    ("12 / 40 = 30 % → mức 3"), or the level a reviewer set directly and why."""
    rows = []
    for criterion in facts.criteria:
        figures = criterion.figures
        if figures is None:
            continue
        rows.append(
            {
                "code": criterion.code,
                "text": pick(criterion, "text", language),
                "numerator": _term(figures.numerator, language),
                "denominator": _term(figures.denominator, language),
                "computation": computation_text(figures.computation) or _("chưa đủ số liệu"),
                "direct": figures.direct,
                "note": figures.note,
            }
        )
    return rows


def _share_needed(step: NextStep, figures: CriterionFigures, language: str) -> str:
    """What the next level of a criterion asked as figures needs: the share of its threshold
    (more than 0 for the lowest), and what the figures give now."""
    values = {
        "numerator": pick(figures.numerator, "label", language),
        "denominator": pick(figures.denominator, "label", language),
        "percent": step.min_percent,
    }
    if step.min_percent:
        text = _(
            "Mức %(level)s cần %(numerator)s đạt từ %(percent)s %% của %(denominator)s trở lên."
        ) % (values | {"level": step.next_level})
    else:
        text = _("Mức %(level)s cần %(numerator)s lớn hơn 0 (trên %(denominator)s).") % (
            values | {"level": step.next_level}
        )
    percent = figures.computation.percent if figures.computation else None
    if percent is not None:
        text += " " + _("Hiện nay: %(percent)s %%.") % {"percent": percent_text(percent)}
    return text


def _step_guidance(step: NextStep, language: str) -> str:
    if step.figures is not None and step.min_percent is not None:
        return _share_needed(step, step.figures, language)
    return pick(step, "guidance", language)


def _next_threshold(facts: ReportFacts, result: scoring.ScoreResult | None) -> dict | None:
    """A 2023 framework's next level above ``result``: its name, the score it starts from
    and how much is missing, in the framework's unit (the 2021 index has its own gap)."""
    if result is None or facts.counts_points:
        return None
    above = next((t for t in facts.thresholds if t.level == result.level + 1), None)
    if above is None:
        return None
    method = facts.scoring_method
    return {
        "level": above.level,
        "minimum": value_text(method, above.minimum),
        "missing": value_text(method, max(above.minimum - result.total, 0)),
    }


def _methods_context(facts: ReportFacts, language: str) -> dict[str, Any]:
    """What the 2023 frameworks show instead of 2021 points: scores in their unit, the next
    threshold, the large index's departments."""
    method = facts.scoring_method
    names = _level_names(facts, language)
    gap_result = facts.gap_result
    following = _next_threshold(facts, gap_result)
    return {
        "method": method,
        "counts_points": facts.counts_points,
        "by_department": facts.by_department,
        "readiness": method == scoring.READINESS_MEDIAN_2023,
        "score_label": score_label(method),
        "gap_total_text": total_text(method, gap_result.total) if gap_result else "",
        "next_threshold": following,
        "next_threshold_name": names.get(following["level"], "") if following else "",
        "departments": [
            {
                "name": d.name,
                "percent": value_text(method, d.percent),
                "level": d.level,
                "level_name": names.get(d.level, ""),
            }
            for d in (gap_result.departments if gap_result else ())
        ],
    }


def report_context(facts: ReportFacts, language: str) -> dict[str, Any]:
    names = _level_names(facts, language)
    method = facts.scoring_method
    pillar_names = {p.code: pick(p, "name", language) for p in facts.pillars}
    columns = [
        {
            "key": c.key,
            "label": Column(c.key).label,
            "colour": COLUMN_COLOURS[c.key],
            "answered": c.answered,
            "result": c.result,
            "level_name": names.get(c.result.level, "") if c.result else "",
            "total_text": value_text(method, c.result.total) if c.result else "",
        }
        for c in facts.columns
    ]
    pillar_rows = [
        {
            "code": p.code,
            "name": pillar_names[p.code],
            "max_points": p.max_points,
            "cells": [
                _pillar_cell(method, c.result.pillars[i]) if c.result else None
                for c in facts.columns
            ],
        }
        for i, p in enumerate(facts.pillars)
    ]
    series = [
        RadarSeries(c.key, str(Column(c.key).label), [p.level for p in c.result.pillars])
        for c in facts.columns
        if c.result
    ]
    radar = (
        radar_svg(
            [_("Trụ cột %(code)s") % {"code": p.code} for p in facts.pillars],
            series,
            max_level=facts.max_level,
        )
        if series
        else ""
    )
    groups = _criteria_groups(facts, language, pillar_names)
    gap_result = facts.gap_result
    gap = gap_result.gap if gap_result else None
    return {
        "facts": facts,
        "language": language,
        "authority_name": pick(facts, "authority_name", language),
        "framework_name": pick(facts, "framework_name", language),
        "decision": pick(facts, "decision", language),
        "version_name": pick(facts, "version_name", language),
        "generated_on": date_text(facts.generated_on, language),
        "columns": columns,
        "pillar_rows": pillar_rows,
        # As an image, not inline: pygal's stylesheet then stays inside the chart instead of
        # joining the document's cascade (which made every element's styling slower).
        "radar_uri": (
            "data:image/svg+xml;base64," + base64.b64encode(radar.encode()).decode()
            if radar
            else ""
        ),
        "criteria_groups": groups,
        "figures_rows": _figures_rows(facts, language),
        "version_number": facts.version_number,
        "gap_column_label": Column(facts.gap_column).label if facts.gap_column else "",
        "gap_result": gap_result,
        "gap_level_name": names.get(gap_result.level, "") if gap_result else "",
        "gap": gap,
        "gap_next_level_name": names.get(gap.next_level, "") if gap else "",
        "gap_plan": [
            {"code": r.pillar_code, "pillar": pillar_names[r.pillar_code], "points": r.points}
            for r in (gap.plan if gap else ())
        ],
        "weakest": [
            {
                "code": w.code,
                "name": pillar_names[w.code],
                "level": w.level,
                "level_name": names.get(w.level, ""),
                "points": w.points,
                "max_points": w.max_points,
                "points_to_next_level": w.points_to_next_level,
                "value": pillar_value_text(method, w.points, w.max_points),
                "steps": [
                    {
                        "code": s.criterion_code,
                        "text": pick(s, "text", language),
                        "level": s.level,
                        "next_level": s.next_level,
                        "guidance": _step_guidance(s, language),
                    }
                    for s in w.steps
                ],
            }
            for w in facts.weakest
        ],
        "column_count": len(COLUMNS),
        "ministry_reasons": _ministry_reason_rows(facts, language),
        **_methods_context(facts, language),
    }


def _ministry_reason_rows(facts: ReportFacts, language: str) -> list[dict[str, Any]]:
    """The ministry's changes, criterion by criterion, with the reason it gave."""
    texts = {c.code: pick(c, "text", language) for c in facts.criteria}
    return [
        {"code": code, "text": texts.get(code, ""), "old": old, "new": new, "reason": reason}
        for code, old, new, reason in facts.ministry_reasons
    ]


def _pillar_cell(method: str, pillar: scoring.PillarResult) -> dict[str, Any]:
    return {
        "level": pillar.level,
        "points": pillar.points,
        "max": pillar.max,
        "value": pillar_value_text(method, pillar.points, pillar.max),
    }


def report_pdf(facts: ReportFacts, *, language: str = "vi") -> bytes:
    """The assessment report as an A4 portrait PDF in ``language`` ("vi" or "en")."""
    check_language(language)
    with translation.override(language):
        return pdf_write(
            TEMPLATE,
            report_context(facts, language),
            stylesheet(STYLESHEET, {}),
        )


__all__ = ["radar_svg", "report_context", "report_pdf"]
