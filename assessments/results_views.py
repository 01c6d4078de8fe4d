"""The enterprise's results over the years: one column of the four at a time, each year's
overall and pillar levels side by side with the change from the year before, and a radar chart
per column for the latest year over the previous one. The table says everything; the charts
(static/js/results.js) only draw it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.access import is_active_member, visible_enterprises

from .models import Assessment, Column, Pillar
from .selectors import (
    ColumnYear,
    EnterpriseResults,
    YearResults,
    enterprise_yearly_results,
)
from .vocabulary import AUTHORITY_ORDER, COLUMN_ORDER


def _default_column(results: EnterpriseResults) -> str:
    """The most authoritative column with answers in the latest year (self when none has)."""
    if not results.years:
        return Column.SELF
    latest = results.years[-1].columns
    return next((c for c in AUTHORITY_ORDER if c in latest), Column.SELF)


def _change_text(delta: int, unit: str, previous_period: int) -> str:
    if delta == 0:
        return _("Không đổi so với năm %(year)s") % {"year": previous_period}
    values = {"n": abs(delta), "year": previous_period}
    if unit == "level":
        if delta > 0:
            return _("Mức tăng %(n)s so với năm %(year)s") % values
        return _("Mức giảm %(n)s so với năm %(year)s") % values
    if delta > 0:
        return _("Điểm tăng %(n)s so với năm %(year)s") % values
    return _("Điểm giảm %(n)s so với năm %(year)s") % values


def _version_notices(results: EnterpriseResults) -> list[str]:
    """One sentence per pair of consecutive years answered on different catalog versions."""
    return [
        _(
            "Năm %(before)s trả lời theo phiên bản %(before_number)s (%(before_name)s), năm "
            "%(after)s theo phiên bản %(after_number)s (%(after_name)s): câu hỏi của hai năm "
            "khác nhau, nên so sánh mức giữa hai năm cần thận trọng."
        )
        % {
            "before": before.assessment.period,
            "before_number": before.version.number,
            "before_name": before.version.name,
            "after": after.assessment.period,
            "after_number": after.version.number,
            "after_name": after.version.name,
        }
        for before, after in results.version_changes()
    ]


# A column's value in one year, and what the cell says beside it.
ValueOf = Callable[[ColumnYear], tuple[int | None, str]]


def _row(
    years: list[YearResults], column: str, *, key: str, label: str, unit: str, value_of: ValueOf
) -> dict[str, Any]:
    """One table row: per year the value (None without answers), its details and the change
    from the year before when both years have a value."""
    cells: list[dict[str, Any]] = []
    for i, year in enumerate(years):
        result = year.columns.get(column)
        value, detail = value_of(result) if result else (None, "")
        previous = cells[-1]["value"] if cells else None
        cell = {"period": year.assessment.period, "value": value, "detail": detail}
        if value is not None and previous is not None:
            delta = value - previous
            cell |= {
                "delta": abs(delta),
                "change": "up" if delta > 0 else "down" if delta < 0 else "same",
                "change_text": _change_text(delta, unit, years[i - 1].assessment.period),
            }
        cells.append(cell)
    return {"key": key, "label": label, "unit": unit, "cells": cells}


def _table_rows(results: EnterpriseResults, column: str) -> list[dict[str, Any]]:
    years = results.years
    rows = [
        _row(
            years,
            column,
            key="overall",
            label=_("Mức tổng thể"),
            unit="level",
            value_of=lambda r: (r.level, r.level_name),
        ),
        _row(
            years,
            column,
            key="total",
            label=_("Tổng điểm"),
            unit="points",
            value_of=lambda r: (r.total, ""),
        ),
    ]
    pillar_word = _("Trụ cột")
    for pillar in results.pillars:

        def pillar_value(result: ColumnYear, code: str = pillar.code) -> tuple[int | None, str]:
            found = result.pillars.get(code)
            if found is None:
                return None, ""
            detail = _("%(points)s/%(max)s điểm") % {
                "points": found.points,
                "max": found.max_points,
            }
            return found.level, detail

        rows.append(
            _row(
                years,
                column,
                key=f"pillar-{pillar.code}",
                label=f"{pillar_word} {pillar.code}. {pillar.name}",
                unit="level",
                value_of=pillar_value,
            )
        )
    return rows


def _dataset(
    year: YearResults, result: ColumnYear, pillars: list[Pillar], kind: str
) -> dict[str, Any]:
    levels = [result.pillars[p.code].level if p.code in result.pillars else 0 for p in pillars]
    label = _("Năm %(period)s") % {"period": year.assessment.period}
    summary = "; ".join(
        f"{p.code}. {p.name}: {level}" for p, level in zip(pillars, levels, strict=True)
    )
    return {"kind": kind, "label": label, "levels": levels, "summary": f"{label}: {summary}"}


def _charts(results: EnterpriseResults) -> list[dict[str, Any]]:
    """Per column: the latest year's pillar levels, over the previous year's when it has some."""
    if not results.years:
        return []
    latest = results.years[-1]
    previous = results.years[-2] if len(results.years) > 1 else None
    charts: list[dict[str, Any]] = []
    for column in COLUMN_ORDER:
        label = Column(column).label
        datasets: list[dict[str, Any]] = []
        chart = {
            "column": column,
            "label": label,
            "canvas": f"radar-{column}",
            "datasets": datasets,
        }
        current = latest.columns.get(column)
        if current:
            datasets.append(_dataset(latest, current, results.pillars, "latest"))
            before = previous.columns.get(column) if previous else None
            if previous and before:
                datasets.append(_dataset(previous, before, results.pillars, "previous"))
        chart["aria_label"] = " — ".join(
            [
                _("Biểu đồ radar mức các trụ cột, %(column)s") % {"column": label},
                *(d["summary"] for d in datasets),
            ]
        )
        charts.append(chart)
    return charts


def _certified(results: EnterpriseResults) -> dict | None:
    """The latest appraised year's certified (ministry) result, as the assessment page shows
    it (step_selectors.certified_result); None when no year is appraised."""
    year = next(
        (
            y
            for y in reversed(results.years)
            if y.assessment.state == Assessment.State.APPRAISED and Column.MINISTRY in y.columns
        ),
        None,
    )
    if year is None:
        return None
    ministry = year.columns[Column.MINISTRY]
    return {
        "total": ministry.total,
        "level": ministry.level,
        "level_name": ministry.level_name,
        "method": year.assessment.framework.scoring_method,
        "period": year.assessment.period,
        "pillars": [
            {"code": p.code, "name": p.name, "level": ministry.pillars[p.code].level}
            for p in results.pillars
            if p.code in ministry.pillars
        ],
    }


@login_required
def enterprise_results(request, pk: int):
    enterprise = get_object_or_404(visible_enterprises(request.user), pk=pk)
    results = enterprise_yearly_results(enterprise=enterprise)
    column = request.GET.get("column", "")
    if column not in COLUMN_ORDER:
        column = _default_column(results)
    charts = _charts(results)
    context = {
        "enterprise": enterprise,
        "years": results.years,
        "version_notices": _version_notices(results),
        "column": column,
        "column_label": Column(column).label,
        "columns": [(c, Column(c).label) for c in COLUMN_ORDER],
        "column_has_results": any(column in y.columns for y in results.years),
        "rows": _table_rows(results, column) if results.years else [],
        "charts": charts,
        "certified": _certified(results),
        "chart_data": {
            "labels": [f"{p.code}. {p.name}" for p in results.pillars],
            "max_level": results.max_level,
            "charts": [
                {"canvas": c["canvas"], "datasets": c["datasets"]} for c in charts if c["datasets"]
            ],
        },
        "latest_period": results.years[-1].assessment.period if results.years else None,
        "may_start": not results.years and is_active_member(request.user, enterprise.pk),
        "current_year": timezone.localdate().year,
    }
    return render(request, "assessments/enterprise_results.html", context)
