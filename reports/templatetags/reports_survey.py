"""The links of the dashboard's survey section: its file with the filters on show."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from .reports_exports import dashboard_params

register = template.Library()


@register.simple_tag(takes_context=True)
def survey_export_url(context, file_format: str) -> str:
    """The survey file of the dashboard on show (an officer's province is imposed by the view;
    only the ministry names one)."""
    q = context["survey"].query
    named = q.province if context.get("national") else None
    params = dashboard_params(q, named) | {"format": file_format}
    kept = {k: v for k, v in params.items() if v not in ("", None)}
    return f"{reverse('dashboard-survey-export')}?{urlencode(kept)}"
