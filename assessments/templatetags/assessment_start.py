"""The form that starts an enterprise's assessment, with its framework picker: on the enterprise's
page and on its empty results page (both in place of the year-and-button form they had)."""

from django import template

from ..catalog import DEFAULT_FRAMEWORK_CODE
from ..selectors import frameworks_offered

register = template.Library()


@register.inclusion_tag("assessments/_start_form.html", takes_context=True)
def assessment_start_form(context, enterprise, period: int):
    """The frameworks offered to ``enterprise`` for ``period`` (one query). A single framework
    that can be started needs no picker: the form is the year and the button, as it was when
    the 2021 index was the only one (the start view's default is that index, so it sends no
    framework then)."""
    offers = frameworks_offered(enterprise=enterprise, period=period)
    chosen = next((o.framework.code for o in offers if o.startable), None)
    return {
        "enterprise": enterprise,
        "period": period,
        "offers": offers,
        "chosen": chosen,
        "picker": len(offers) > 1 or (len(offers) == 1 and chosen is None),
        "send_framework": chosen is not None and chosen != DEFAULT_FRAMEWORK_CODE,
        "csrf_token": context.get("csrf_token"),
    }
