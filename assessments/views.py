"""The public calculator: pick answers, see pillar levels, total, overall level and the gap."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from dbi_portal.htmx import HtmxHttpRequest

from . import scoring
from .catalog import DEFAULT_FRAMEWORK_CODE
from .forms import levels_from_form
from .presenters import calculator_context
from .selectors import current_version, framework_with_tree, questionnaire, snapshot_from_framework


# The same URL answers htmx with the results fragment and everyone else with the page.
@vary_on_headers("HX-Request")
@require_GET  # nothing is stored: answers travel in the query string, so results can be shared
def calculator(request: HtmxHttpRequest, code: str = DEFAULT_FRAMEWORK_CODE) -> HttpResponse:
    framework = framework_with_tree(code=code)
    snapshot = snapshot_from_framework(framework)
    levels, errors, chosen = levels_from_form(snapshot, request.GET)
    result = scoring.score(snapshot, levels)
    asked = questionnaire(current_version(framework))
    context = calculator_context(framework, result, asked=asked, chosen=chosen, errors=errors)
    if request.htmx:
        return render(request, "assessments/_calculator_results.html", context)
    return render(request, "assessments/calculator.html", context, status=400 if errors else 200)
