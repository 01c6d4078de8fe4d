"""Dashboards: the nation for the ministry (with a drill-down to each province), one province for
its officers. Every filter is in the query string, so a view can be bookmarked and shared; the
tables under the charts carry every number, so the page is complete without JavaScript
(static/js/dashboard.js only draws the charts from the JSON the page carries)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from enterprises.models import Province

from .forms import DashboardFilterForm
from .questions import dashboard_question, scoped_province
from .selectors import (
    BREAKDOWN_LABELS,
    BY_PROVINCE,
    NATIONAL_BREAKDOWNS,
    PROVINCE_BREAKDOWNS,
    SME,
    Dashboard,
    DashboardAccess,
    dashboard,
    dashboard_access,
    dashboard_framework,
    dashboard_frameworks,
    latest_period,
    year_choices,
)
from .survey import survey_dashboard
from .targets import targets_progress

FILTERS = ("framework", "year", "column", "sector", "size", "kind", "by")


def _access(request) -> DashboardAccess:
    access = dashboard_access(request.user)
    if access is None:
        raise PermissionDenied(_("Chỉ cán bộ Sở và cán bộ Bộ xem được báo cáo tổng hợp."))
    return access


def _kept(params, *, drop: tuple[str, ...] = ()) -> str:
    """The query string of the filters in ``params``, without ``drop`` and empty values."""
    return urlencode({k: params[k] for k in FILTERS if k not in drop and params.get(k)})


@login_required
@require_GET
def dashboard_national(request):
    access = _access(request)
    code = request.GET.get("province")
    if code or not access.national:
        # The officer's own province, or the one the ministry asked for; 404 for anything else.
        province = scoped_province(access, code)
        assert province is not None  # a province was asked for, or the officer's own
        url = reverse("dashboard-province", args=[province.code])
        kept = _kept(request.GET)
        return redirect(f"{url}?{kept}" if kept else url)
    return _render(request, access, province=None)


@login_required
@require_GET
def dashboard_province(request, code: int):
    access = _access(request)
    province = get_object_or_404(Province, code=code)
    if not access.may_see(province):
        raise Http404  # another province's figures: as if it did not exist
    return _render(request, access, province=province)


def _chart_data(board: Dashboard) -> dict:
    levels = list(range(board.max_level + 1))
    level_labels = [
        _("Mức %(n)s") % {"n": k} + (f" – {board.level_names[k]}" if k in board.level_names else "")
        for k in levels
    ]
    return {
        "level_labels": level_labels,
        "levels": list(board.levels.counts),
        "pillars": {
            "labels": [f"{p.code}. {p.name}" for p in board.pillars],
            "averages": [p.levels.average for p in board.pillars],
            "distribution": [[p.levels.counts[k] for p in board.pillars] for k in levels],
        },
        "breakdown": {
            "labels": [row.label for row in board.rows],
            "distribution": [[row.levels.counts[k] for row in board.rows] for k in levels],
        },
        "trend": {
            "labels": [str(y.period) for y in board.trend],
            "assessed": [y.assessed for y in board.trend],
            "certified": [y.certified for y in board.trend],
            "averages": [y.levels.average for y in board.trend],
        },
        "words": {
            "enterprises": _("Số doanh nghiệp"),
            "assessed": _("Đã đánh giá"),
            "certified": _("Được chứng nhận"),
            "average": _("Mức trung bình"),
        },
    }


def _render(request, access: DashboardAccess, *, province: Province | None):
    frameworks = dashboard_frameworks()
    framework = dashboard_framework(request.GET.get("framework", ""), frameworks)
    if framework is None:
        raise Http404
    latest = latest_period(framework)
    years = year_choices(latest)
    breakdowns = NATIONAL_BREAKDOWNS if province is None else PROVINCE_BREAKDOWNS
    form = DashboardFilterForm(
        request.GET or None,
        years=years,
        breakdowns=breakdowns,
        national=access.national,
        frameworks=frameworks,
    )
    asked = request.GET.copy()
    asked["province"] = str(province.code) if province else ""
    query = dashboard_question(asked, access, framework=framework, latest=latest)
    board = dashboard(query)
    params = {**request.GET.dict(), "year": str(query.period)}
    if framework.code != SME:  # the links keep the framework (the 2021 index's stay as they were)
        params["framework"] = framework.code
    tabs = [
        {
            "key": key,
            "label": BREAKDOWN_LABELS[key],
            "url": "?" + _kept({**params, "by": key}),
            "current": key == board.breakdown,
        }
        for key in breakdowns
    ]
    drill = None
    if board.breakdown == BY_PROVINCE:  # the group key is the province's code
        kept = _kept(params, drop=("by",))
        drill = {
            row.key: reverse("dashboard-province", args=[row.key]) + f"?{kept}"
            for row in board.rows
        }
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": board,
            "form": form,
            "province": province,
            "national": access.national,
            "tabs": tabs,
            "rows": [
                {"row": row, "url": drill.get(row.key) if drill else None} for row in board.rows
            ],
            "levels": list(range(board.max_level + 1)),
            "level_rows": [
                {
                    "level": k,
                    "name": board.level_names.get(k, ""),
                    "count": board.levels.counts[k],
                    "percent": round(100 * board.levels.counts[k] / board.assessed, 1)
                    if board.assessed
                    else None,
                }
                for k in range(board.max_level + 1)
            ],
            "breakdown_label": BREAKDOWN_LABELS[board.breakdown],
            "frameworks": frameworks,
            "national_url": reverse("dashboard") + ("?" + _kept(params) if params else ""),
            "chart_data": _chart_data(board),
            # Targets are set on the 2021 index's levels: not measured against another's.
            "targets": targets_progress(board=board, province=province)
            if board.counts_points
            else [],
            "survey": survey_dashboard(query),
            "targets_url": reverse("targets-province", args=[province.code])
            if province
            else reverse("targets-national"),
        },
    )
