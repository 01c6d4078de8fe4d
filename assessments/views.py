"""The public calculator: answer the current version's questions (an option for each criterion, or
its figures), see each computation, pillar levels, total, overall level and the gap."""

from typing import NoReturn

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from dbi_portal.htmx import HtmxHttpRequest

from . import scoring
from .catalog import DEFAULT_FRAMEWORK_CODE, assessable_problems
from .forms import levels_from_form
from .models import Column
from .presenters import calculator_context, figure_cells, shared_figure_rows
from .selectors import (
    current_questionnaire,
    definition_from_framework,
    framework_list,
    framework_tree,
    snapshot_from_framework,
)


def _not_found() -> NoReturn:
    raise Http404


# The same URL answers htmx with the results (and, out of band, what was recomputed next to the
# inputs) and everyone else with the page.
@vary_on_headers("HX-Request")
@require_GET  # nothing is stored: answers travel in the query string, so results can be shared
def calculator(request: HtmxHttpRequest, code: str = DEFAULT_FRAMEWORK_CODE) -> HttpResponse:
    # The picker's list, read once: the framework shown is taken from it.
    frameworks = list(framework_list())
    framework = framework_tree(
        next((f for f in frameworks if f.code == code), None) or _not_found()
    )
    asked = current_questionnaire(code=framework.code)
    snapshot = snapshot_from_framework(framework)
    if not scoring.takes_levels(snapshot):
        # Scored by department: nothing to answer on one page (the API takes departments).
        return render(
            request,
            "assessments/calculator.html",
            {
                "framework": framework,
                "frameworks": frameworks,
                "by_department": True,
                "not_assessable": bool(assessable_problems(definition_from_framework(framework))),
            },
        )
    form = levels_from_form(snapshot, asked, request.GET)
    result = scoring.score(snapshot, form.levels)
    column = str(Column.SELF)
    by_column = {column: form.figures}
    cells = figure_cells(asked, by_column, column, form.typed)
    context = calculator_context(
        framework, result, asked=asked, chosen=form.chosen, errors=form.errors, cells=cells
    ) | {
        "calculator": True,
        "frameworks": frameworks,
        "shared_figures": shared_figure_rows(
            asked, by_column, column, form.typed, form.figure_errors
        ),
        "error_count": len(form.errors) + len(form.figure_errors),
    }
    if request.htmx:
        return render(request, "assessments/_calculator_response.html", context)
    bad = form.errors or form.figure_errors
    return render(request, "assessments/calculator.html", context, status=400 if bad else 200)
