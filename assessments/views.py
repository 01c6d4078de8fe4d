"""The public calculator: answer the current version's questions (an option for each criterion, or
its figures), see each computation, pillar levels, total, overall level and the gap."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from dbi_portal.htmx import HtmxHttpRequest

from . import scoring
from .catalog import DEFAULT_FRAMEWORK_CODE
from .forms import levels_from_form
from .models import Column
from .presenters import calculator_context, figure_cells, shared_figure_rows
from .selectors import current_questionnaire, framework_with_tree, snapshot_from_framework


# The same URL answers htmx with the results (and, out of band, what was recomputed next to the
# inputs) and everyone else with the page.
@vary_on_headers("HX-Request")
@require_GET  # nothing is stored: answers travel in the query string, so results can be shared
def calculator(request: HtmxHttpRequest, code: str = DEFAULT_FRAMEWORK_CODE) -> HttpResponse:
    framework = framework_with_tree(code=code)
    asked = current_questionnaire(code=framework.code)
    snapshot = snapshot_from_framework(framework)
    form = levels_from_form(snapshot, asked, request.GET)
    result = scoring.score(snapshot, form.levels)
    column = str(Column.SELF)
    by_column = {column: form.figures}
    cells = figure_cells(asked, by_column, column, form.typed)
    context = calculator_context(
        framework, result, asked=asked, chosen=form.chosen, errors=form.errors, cells=cells
    ) | {
        "calculator": True,
        "shared_figures": shared_figure_rows(
            asked, by_column, column, form.typed, form.figure_errors
        ),
        "error_count": len(form.errors) + len(form.figure_errors),
    }
    if request.htmx:
        return render(request, "assessments/_calculator_response.html", context)
    bad = form.errors or form.figure_errors
    return render(request, "assessments/calculator.html", context, status=400 if bad else 200)
