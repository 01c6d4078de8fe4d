"""PDF documents rendered with WeasyPrint from Django templates: the certificate (A4 landscape,
one page) and the assessment report (A4 portrait).

Pure renderers: they take plain facts (``certification.facts.CertificateFacts``,
``certification.report_facts.ReportFacts``) and return PDF bytes, never touching the ORM, so a
task can call them again and again. Rendering never goes to the network: the only resources a
document may load are the Be Vietnam Pro TTF files that ``make setup`` copies from npm into
``static/vendor/fonts`` (whole files, not web subsets, so every diacritic renders) and inline
``data:`` URIs. The QR code (segno) and the radar chart (pygal) are SVG, drawn as vectors.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache

import pygal
import segno
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from assessments.models import Column
from dbi_portal.pdf import FONT_FAMILY, check_language, date_text, pdf_write, pick, stylesheet

from .facts import CertificateFacts
from .report_facts import COLUMNS, ReportFacts

# One colour per column, used by the radar chart and the table headings alike.
COLUMN_COLOURS = {
    "self": "#2563eb",
    "consultant": "#d97706",
    "province": "#059669",
    "ministry": "#b91c1c",
}


# --- QR code ---


def qr_svg(url: str, *, scale: int = 4) -> str:
    """Inline SVG of a QR code for ``url`` (error correction M, 4-module quiet zone)."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_inline(scale=scale, dark="#1f2937", light="#ffffff", border=4)


# --- certificate ---


@lru_cache(maxsize=1)
def _frame_uri() -> str:
    """The page background: a double gold-and-red frame with corner marks and a faint rosette
    in the middle, as an SVG data URI (millimetres, A4 landscape)."""
    w, h = 297, 210
    petals = "".join(
        f'<ellipse cx="148.5" cy="112" rx="52" ry="17" transform="rotate({a} 148.5 112)"/>'
        for a in range(0, 180, 10)
    )
    rings = "".join(f'<circle cx="148.5" cy="112" r="{r}"/>' for r in (20, 36, 54))
    corners = ""
    for x, y in ((14, 14), (w - 14, 14), (14, h - 14), (w - 14, h - 14)):
        corners += (
            f'<rect x="{x - 2.2}" y="{y - 2.2}" width="4.4" height="4.4" '
            f'transform="rotate(45 {x} {y})" fill="#b8862b"/>'
        )
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}mm" height="{h}mm" '
        f'viewBox="0 0 {w} {h}">'
        f'<rect width="{w}" height="{h}" fill="#fffdf6"/>'
        f'<g fill="none" stroke="#b8862b" stroke-width="0.18" opacity="0.22">{petals}{rings}</g>'
        f'<rect x="7" y="7" width="{w - 14}" height="{h - 14}" fill="none" stroke="#b8862b" '
        f'stroke-width="1.6"/>'
        f'<rect x="9.6" y="9.6" width="{w - 19.2}" height="{h - 19.2}" fill="none" '
        f'stroke="#8b1c1c" stroke-width="0.5"/>'
        f'<rect x="11" y="11" width="{w - 22}" height="{h - 22}" fill="none" stroke="#b8862b" '
        f'stroke-width="0.25"/>'
        f"{corners}</svg>"
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


LEVEL_DOTS = 5  # the SME framework's highest level


def _name_size(name: str) -> str:
    """A size class that keeps a long enterprise name on the certificate's single page."""
    length = len(name)
    if length <= 45:
        return "name-xl"
    if length <= 80:
        return "name-l"
    if length <= 130:
        return "name-m"
    return "name-s"


def certificate_context(facts: CertificateFacts, language: str) -> dict:
    return {
        "facts": facts,
        "language": language,
        "authority_name": pick(facts, "authority_name", language),
        "framework_name": pick(facts, "framework_name", language),
        "decision": pick(facts, "decision", language),
        "level_name": pick(facts, "level_name", language),
        "signer_title": (language == "en" and facts.signer_title_en) or facts.signer_title,
        "name_size": _name_size(facts.enterprise_name),
        "pillars": [
            {
                "code": p.code,
                "name": pick(p, "name", language),
                "level": p.level,
                # One dot per level of the five, the reached ones filled in gold.
                "dots_on": "•" * p.level,
                "dots_off": "•" * max(LEVEL_DOTS - p.level, 0),
            }
            for p in facts.pillars
        ],
        "issued_on": date_text(facts.issued_on, language),
        "valid_until": date_text(facts.valid_until, language),
        "qr": mark_safe(qr_svg(facts.verification_url)),  # noqa: S308 — segno's own SVG
    }


def certificate_pdf(facts: CertificateFacts, *, language: str = "vi") -> bytes:
    """The certificate as a one-page A4 landscape PDF in ``language`` ("vi" or "en")."""
    check_language(language)
    with translation.override(language):
        return pdf_write(
            "certification/pdf/certificate.html",
            certificate_context(facts, language),
            stylesheet("certification/pdf/certificate.css", {"frame_uri": _frame_uri()}),
        )


# --- report ---


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


def _criteria_groups(facts: ReportFacts, language: str, pillar_names: dict) -> list[dict]:
    """The criteria table: one group per sub-index (noting where a pillar starts), its rows
    noting where a heading group (e.g. "Tiếp thị điện tử") starts and where columns differ."""
    groups: list[dict] = []
    sub_names = {s.code: pick(s, "name", language) for s in facts.sub_indices}
    current = None
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


def report_context(facts: ReportFacts, language: str) -> dict:
    names = _level_names(facts, language)
    pillar_names = {p.code: pick(p, "name", language) for p in facts.pillars}
    columns = [
        {
            "key": c.key,
            "label": Column(c.key).label,
            "colour": COLUMN_COLOURS[c.key],
            "answered": c.answered,
            "result": c.result,
            "level_name": names.get(c.result.level, "") if c.result else "",
        }
        for c in facts.columns
    ]
    pillar_rows = [
        {
            "code": p.code,
            "name": pillar_names[p.code],
            "max_points": p.max_points,
            "cells": [c.result.pillars[i] if c.result else None for c in facts.columns],
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
        "guidance_note": pick(facts, "guidance_note", language),
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
                "steps": [
                    {
                        "code": s.criterion_code,
                        "text": pick(s, "text", language),
                        "level": s.level,
                        "next_level": s.next_level,
                        "guidance": pick(s, "guidance", language),
                    }
                    for s in w.steps
                ],
            }
            for w in facts.weakest
        ],
        "column_count": len(COLUMNS),
    }


def report_pdf(facts: ReportFacts, *, language: str = "vi") -> bytes:
    """The assessment report as an A4 portrait PDF in ``language`` ("vi" or "en")."""
    check_language(language)
    with translation.override(language):
        return pdf_write(
            "certification/pdf/report.html",
            report_context(facts, language),
            stylesheet("certification/pdf/report.css", {}),
        )


__all__ = ["certificate_pdf", "qr_svg", "radar_svg", "report_pdf"]
