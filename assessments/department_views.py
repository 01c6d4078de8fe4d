"""The assessment page of a framework answered by department (the large-enterprise index): the
enterprise's departments (listed, renamed, removed while its own column is open), and a grid
per column — dimensions → groups → criteria down, departments across — where the column's role
gives each department's percent of tasks done, or marks a criterion not relevant to it. Each
cell autosaves through htmx (``department_cell``) and answers with itself and the live result;
without JavaScript the grid is saved as one form (``department_cells``) and the list's forms
post and come back to the page.

The writes are ``services.departments``; the services check who may write what, under the
assessment's lock (a refusal of who-may-not is the 403 page; one of what was sent is shown next
to it). An assessment the user may not see is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dbi_portal.params import whole_number
from dbi_portal.refusals import Refusal, refusal_shown
from enterprises.duties import conflicted_expression

from . import scoring
from .errors import BAD_PERCENT
from .models import Assessment, Column, Criterion, Department, DepartmentRating
from .presenters import results_context
from .score_texts import value_text
from .selectors import CatalogIndex, assessments_visible_to, catalog_index, survey_summary
from .services.departments import (
    department_add,
    department_rating_clear,
    department_rating_save,
    department_remove,
    department_rename,
)
from .step_selectors import certified_result, return_comment
from .step_texts import GUARDED
from .vocabulary import COLUMN_ORDER
from .workflow import editable_column, independence_refusal, may_return, steps_open_to

# ---- reading ----------------------------------------------------------------------------


def answered_by_department(assessment: Assessment) -> bool:
    """Whether the assessment's framework is answered by department (its page is this one)."""
    return not scoring.takes_levels(catalog_index(assessment.framework).snapshot)


def _visible_assessment(request, pk: int) -> Assessment:
    """The assessment if the user may see it (404 otherwise, its existence not disclosed),
    with whether the user is a member of its enterprise (``enterprises.duties``)."""
    visible = (
        assessments_visible_to(request.user)
        .select_related("catalog_version")
        .annotate(viewer_is_member=conflicted_expression(request.user))
    )
    assessment = get_object_or_404(visible, pk=pk)
    if not answered_by_department(assessment):
        raise Http404
    return assessment


def _member(assessment: Assessment) -> bool:
    return bool(assessment.viewer_is_member)  # type: ignore[attr-defined]  # the annotation


def _slug(department_id: int, code: str) -> str:
    """A cell's part of its inputs' ids (no dot: ids are also CSS selectors)."""
    return f"{department_id}-{code.replace('.', '-')}"


def field_names(department_id: int, code: str) -> dict[str, str]:
    """The names of one cell's inputs: percent, not relevant, version."""
    key = f"{department_id}-{code}"
    return {"percent": f"p-{key}", "not_relevant": f"x-{key}", "version": f"v-{key}"}


@dataclass
class Cell:
    department: Department
    criterion: Criterion
    rating: DepartmentRating | None
    error: str | None = None
    typed: str | None = None  # what the user sent, kept after a refusal
    typed_not_relevant: bool = False
    saved: bool = False

    @property
    def names(self) -> dict[str, str]:
        return field_names(self.department.pk, self.criterion.code)

    @property
    def slug(self) -> str:
        return _slug(self.department.pk, self.criterion.code)

    @property
    def version(self) -> int:
        return self.rating.version if self.rating else 0

    @property
    def not_relevant(self) -> bool:
        if self.error is not None:
            return self.typed_not_relevant
        return self.rating is not None and self.rating.percent is None

    @property
    def value(self) -> str:
        """What the number input shows."""
        if self.error is not None:
            return self.typed or ""
        if self.rating is None or self.rating.percent is None:
            return ""
        return str(self.rating.percent)

    @property
    def text(self) -> str:
        """The value read-only: "40 %", "Không liên quan", or "—" unanswered."""
        if self.rating is None:
            return "—"
        if self.rating.percent is None:
            return _("Không liên quan")
        return _("%(percent)s %%") % {"percent": self.rating.percent}


def _tree(index: CatalogIndex) -> list[dict[str, Any]]:
    """Dimensions → groups → criteria in the catalog's order, from the cached index."""
    pillars = {p.code: p for p in index.pillars}
    tree = []
    for pillar in index.snapshot.pillars:
        groups = []
        for sub in pillar.sub_indices:
            criteria = [index.criteria_by_code[c.code] for c in sub.criteria]
            if criteria:
                groups.append({"group": criteria[0].sub_index, "criteria": criteria})
        tree.append({"dimension": pillars[pillar.code], "groups": groups})
    return tree


def _grid(
    tree: list[dict[str, Any]],
    departments: list[Department],
    ratings: dict[tuple[int, int], DepartmentRating],
    column: str,
    *,
    editable: bool,
    override: dict[str, Cell] | None = None,
) -> dict[str, Any]:
    """One column's grid: for each criterion, one cell per department."""
    override = override or {}
    dimensions = []
    for node in tree:
        groups = []
        for group in node["groups"]:
            rows = []
            for criterion in group["criteria"]:
                cells = []
                for department in departments:
                    slug = _slug(department.pk, criterion.code)
                    cells.append(
                        override.get(slug)
                        or Cell(department, criterion, ratings.get((department.pk, criterion.pk)))
                    )
                rows.append({"criterion": criterion, "cells": cells})
            groups.append({"group": group["group"], "rows": rows})
        dimensions.append({"dimension": node["dimension"], "groups": groups})
    return {
        "column": column,
        "label": Column(column).label,
        "editable": editable,
        "dimensions": dimensions,
    }


def _answers(
    departments: list[Department],
    ratings: dict[tuple[int, int], DepartmentRating],
    index: CatalogIndex,
) -> dict[str, dict[str, int | None]]:
    names = {d.pk: d.name for d in departments}
    answers: dict[str, dict[str, int | None]] = {d.name: {} for d in departments}
    for (department_id, criterion_id), rating in ratings.items():
        answers[names[department_id]][index.code_by_criterion_id[criterion_id]] = rating.percent
    return answers


def results(
    assessment: Assessment,
    column: str,
    index: CatalogIndex,
    result: scoring.ScoreResult,
    departments: list[Department],
    answered: int,
) -> dict[str, Any]:
    """The live result: overall percent and level, each dimension's, each department's;
    ``answered`` is how many cells of the column hold an answer (a percent or not relevant)."""
    names = index.level_names()
    cells = len(index.snapshot.criterion_codes) * len(departments)
    return results_context(
        pillars=list(index.pillars),
        names=names,
        result=result,
        max_level=assessment.framework.max_level,
        thresholds=index.snapshot.thresholds,
    ) | {
        "threshold_note": assessment.framework.threshold_note,
        "answered": answered,
        "counted_by_cell": True,
        "criteria_count": cells,
        "department_results": [
            {
                "name": d.name,
                "percent": d.percent,
                "text": value_text(result.method, d.percent),
                "level": d.level,
                "level_name": names.get(d.level, ""),
            }
            for d in result.departments
        ],
    }


def department_context(
    request,
    assessment: Assessment,
    *,
    override: dict[str, Cell] | None = None,
    list_error: str = "",
    typed_name: str = "",
) -> dict[str, Any]:
    """Everything the page shows, in a number of queries that does not grow with the
    departments or the criteria (the catalog comes from the cached index)."""
    index = catalog_index(assessment.framework)
    member = _member(assessment)
    writable = editable_column(request.user, assessment, member=member)
    column = writable or Column.SELF
    departments = list(assessment.departments.order_by("position"))
    by_column: dict[str, dict[tuple[int, int], DepartmentRating]] = {c: {} for c in Column}
    for rating in DepartmentRating.objects.filter(assessment=assessment):
        by_column[rating.column][rating.department_id, rating.criterion_id] = rating
    tree = _tree(index)
    grids = []
    if writable is not None:
        grids.append(
            _grid(
                tree, departments, by_column[writable], writable, editable=True, override=override
            )
        )
    # The other columns that hold answers, read-only, in the chain's order.
    for other in COLUMN_ORDER:
        if other != writable and by_column[other]:
            grids.append(_grid(tree, departments, by_column[other], other, editable=False))
    result = scoring.score_departments(
        index.snapshot, _answers(departments, by_column[column], index)
    )
    conflict = independence_refusal(request.user, assessment, member=member)
    return {
        "by_department": True,
        "assessment": assessment,
        "framework": assessment.framework,
        "column": column,
        "column_label": Column(column).label,
        "editable": writable is not None,
        "may_manage": writable == Column.SELF,
        "departments": departments,
        "grids": grids,
        "list_error": list_error,
        "typed_name": typed_name,
        "steps": steps_open_to(request.user, assessment, member=member),
        "guarded_steps": GUARDED,  # confirmed first, as on the criteria page
        "returned": return_comment(assessment),
        "certified": certified_result(assessment),
        "may_return": may_return(request.user, assessment, member=member),
        "duty_conflict": conflict.message if conflict else "",
        "survey": survey_summary(assessment),
        **results(assessment, column, index, result, departments, len(by_column[column])),
    }


def department_page(request, assessment: Assessment) -> HttpResponse:
    """The assessment page of a framework answered by department (``assessment_page`` hands
    over; a POST there, the old "save all", is sent back to the page)."""
    if request.method == "POST":
        return redirect("assessment", pk=assessment.pk)
    return render(request, "assessments/assessment.html", department_context(request, assessment))


# ---- the list of departments ------------------------------------------------------------


def _after_list_change(
    request, assessment: Assessment, refused: Refusal | None, typed: str = ""
) -> HttpResponse:
    """htmx: the department section again (with the error beside the form); without it, back
    to the page, the error as a message."""
    assessment = _visible_assessment(request, assessment.pk)  # read afresh after the change
    message = str(refused.message) if refused else ""
    if request.headers.get("HX-Request"):
        context = department_context(request, assessment, list_error=message, typed_name=typed)
        return render(request, "assessments/_departments.html", context)
    if message:
        messages.error(request, message)
    return redirect("assessment", pk=assessment.pk)


@login_required
@require_POST
def department_add_view(request, pk: int) -> HttpResponse:
    assessment = _visible_assessment(request, pk)
    name = request.POST.get("name", "")
    with refusal_shown() as caught:
        department_add(assessment_id=assessment.pk, name=name, user=request.user)
    return _after_list_change(request, assessment, caught.refusal, name if caught.refusal else "")


@login_required
@require_POST
def department_rename_view(request, pk: int, department_pk: int) -> HttpResponse:
    assessment = _visible_assessment(request, pk)
    with refusal_shown() as caught:
        department_rename(
            assessment_id=assessment.pk,
            department_id=department_pk,
            name=request.POST.get("name", ""),
            user=request.user,
        )
    return _after_list_change(request, assessment, caught.refusal)


@login_required
@require_POST
def department_remove_view(request, pk: int, department_pk: int) -> HttpResponse:
    assessment = _visible_assessment(request, pk)
    with refusal_shown() as caught:
        department_remove(
            assessment_id=assessment.pk, department_id=department_pk, user=request.user
        )
    return _after_list_change(request, assessment, caught.refusal)


# ---- cells ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """What one cell's inputs say: ``clear`` (emptied), else ``percent`` (None: not relevant);
    ``bad``: the number is not a whole number from 0 to 100."""

    raw: str
    not_relevant: bool
    version: int
    bad: bool = False

    @property
    def clear(self) -> bool:
        return not self.not_relevant and not self.raw

    @property
    def percent(self) -> int | None:
        return None if self.not_relevant else whole_number(self.raw, high=100)


def _sent(request, department_id: int, code: str) -> Sent:
    names = field_names(department_id, code)
    raw = request.POST.get(names["percent"], "").strip()
    not_relevant = bool(request.POST.get(names["not_relevant"]))
    bad = not not_relevant and bool(raw) and whole_number(raw, high=100) is None
    return Sent(raw, not_relevant, whole_number(request.POST.get(names["version"])) or 0, bad)


def _save_cell(
    request, assessment: Assessment, column: str, department: Department, code: str
) -> str | None:
    """Save what one cell's inputs say; the refusal's message when refused (not who-may-not,
    which goes on to the 403 page)."""
    sent = _sent(request, department.pk, code)
    if sent.bad:
        return str(BAD_PERCENT.message)
    reason = request.POST.get("reason", "")
    cell = {
        "assessment_id": assessment.pk,
        "column": column,
        "department_id": department.pk,
        "criterion_code": code,
        "version": sent.version,
        "user": request.user,
        "reason": reason,
    }
    with refusal_shown() as caught:
        if sent.clear:
            department_rating_clear(**cell)
        else:
            department_rating_save(**cell, percent=sent.percent)
    return caught.message


def _open_column(request, assessment: Assessment) -> str:
    """The column the user may write now; who may not is refused (403) as the service would."""
    column = editable_column(request.user, assessment, member=_member(assessment))
    if column is None:
        conflict = independence_refusal(request.user, assessment, member=_member(assessment))
        raise PermissionDenied(conflict.message if conflict else "")
    return column


@login_required
@require_POST
def department_cell(request, pk: int, department_pk: int, code: str) -> HttpResponse:
    """One cell, from htmx: answers with the cell (saved, or the error with what was sent) and
    the live result out of band."""
    assessment = _visible_assessment(request, pk)
    index = catalog_index(assessment.framework)
    criterion = index.criteria_by_code.get(code)
    department = assessment.departments.filter(pk=department_pk).first()
    if criterion is None or department is None:
        raise Http404
    column = _open_column(request, assessment)
    error = _save_cell(request, assessment, column, department, code)
    departments = list(assessment.departments.order_by("position"))
    ratings = {
        (r.department_id, r.criterion_id): r
        for r in DepartmentRating.objects.filter(assessment=assessment, column=column)
    }
    sent = _sent(request, department.pk, code)
    cell = Cell(
        department,
        criterion,
        ratings.get((department.pk, criterion.pk)),
        error=error,
        typed=sent.raw,
        typed_not_relevant=sent.not_relevant,
        saved=error is None,
    )
    result = scoring.score_departments(index.snapshot, _answers(departments, ratings, index))
    context = results(assessment, column, index, result, departments, len(ratings)) | {
        "assessment": assessment,
        "column": column,
        "cell": cell,
        "grid": {"column": column, "editable": True},
    }
    return render(request, "assessments/_department_cell_response.html", context)


@login_required
@require_POST
def department_cells(request, pk: int) -> HttpResponse:
    """The whole grid at once, without JavaScript: every cell whose inputs differ from what is
    stored is saved; the page comes back with the refused ones beside their cells (400), or
    with a message of how many were saved."""
    assessment = _visible_assessment(request, pk)
    column = _open_column(request, assessment)
    index = catalog_index(assessment.framework)
    departments = list(assessment.departments.order_by("position"))
    ratings = {
        (r.department_id, r.criterion_id): r
        for r in DepartmentRating.objects.filter(assessment=assessment, column=column)
    }
    refused: dict[str, Cell] = {}
    saved = 0
    for department in departments:
        for code in index.snapshot.criterion_codes:
            criterion = index.criteria_by_code[code]
            stored = ratings.get((department.pk, criterion.pk))
            sent = _sent(request, department.pk, code)
            if sent.clear and stored is None:
                continue
            if not sent.bad and not sent.clear and stored and stored.percent == sent.percent:
                continue
            error = _save_cell(request, assessment, column, department, code)
            if error is None:
                saved += 1
                continue
            cell = Cell(department, criterion, stored, error, sent.raw, sent.not_relevant)
            refused[cell.slug] = cell
    if refused:
        context = department_context(request, assessment, override=refused)
        return render(request, "assessments/assessment.html", context, status=400)
    messages.success(request, _("Đã lưu %(n)s ô.") % {"n": saved})
    return redirect("assessment", pk=pk)
