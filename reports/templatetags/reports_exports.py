"""The dashboard's download buttons: its assessments as XLSX or CSV with the filters on show,
and the yearly report of the place on show."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from assessments.catalog import DEFAULT_FRAMEWORK_CODE

register = template.Library()


def dashboard_params(q, named) -> dict:
    """The query string of the dashboard question ``q`` (``named``: the province the ministry
    chose, or None), as the dashboard's links carry it."""
    # The framework only when not the 2021 index (whose links stay as they were).
    framework = q.framework.code if q.framework.code != DEFAULT_FRAMEWORK_CODE else ""
    return {
        "framework": framework,
        "year": q.period,
        "column": q.column,
        "province": named.code if named else "",
        "sector": q.sector,
        "size": q.size,
        "kind": q.kind,
    }


@register.inclusion_tag("reports/_downloads.html", takes_context=True)
def report_downloads(context):
    board, province = context["board"], context.get("province")
    # An officer's province is imposed by the views; only the ministry names one.
    named = province if context.get("national") else None
    q = board.query
    params = dashboard_params(q, named)
    kept = {k: v for k, v in params.items() if v not in ("", None)}
    url = reverse("dashboard-export")
    return {
        "xlsx_url": f"{url}?{urlencode({**kept, 'format': 'xlsx'})}",
        "csv_url": f"{url}?{urlencode({**kept, 'format': 'csv'})}",
        "period": q.period,
        "province": named,
        "framework": kept.get("framework", ""),
        "csrf_token": context.get("csrf_token"),
    }
