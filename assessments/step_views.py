"""The review chain's steps as pages: each guarded step (submit, finish, approve, return,
appraise) first shows what it does and what is incomplete, on a page rendered by the server
(no script needed), with "Xác nhận" and "Quay lại"; the step itself, which ends with a message
saying what happened and what comes next; and marking the criteria a reviewer leaves out "không
đánh giá" with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dbi_portal.refusals import back_on_refusal

from .assessment_views import _viewer_is_member, _visible_assessment
from .errors import WRONG_STATE
from .models import Assessment, Column, Rating
from .selectors import catalog_index
from .services import assessment_return, assessment_transition, ratings_mark_not_assessed
from .services.transitions import REVIEW_FINISHES
from .step_selectors import NOT_ASSESSABLE_IN, missing_criteria
from .step_texts import DONE, GUARDED, LABELS, RETURN, WHAT_IT_DOES
from .workflow import RETURNABLE_BY, TRANSITIONS, may_return, steps_open_to


def _step_column(assessment: Assessment, name: str) -> str:
    """The column whose role takes the step ``name`` (a return: who may return from here)."""
    if name == RETURN:
        return RETURNABLE_BY.get(assessment.state, "")
    return TRANSITIONS[name][2]


def _open_to(request, assessment: Assessment, name: str) -> bool:
    member = _viewer_is_member(assessment)
    if name == RETURN:
        return may_return(request.user, assessment, member=member)
    return name in steps_open_to(request.user, assessment, member=member)


def _confirm_context(request, assessment: Assessment, name: str) -> dict:
    """What the confirmation page says: the step, what it does, and what is incomplete — the
    criteria still missing (they stop a submission, and a reviewer's column that was begun),
    those already marked not assessed, and for the ministry the criteria its column has no
    level for."""
    column = _step_column(assessment, name)
    total = len(catalog_index(assessment.framework).criterion_id_by_code)
    missing: list[str] = []
    blocking = False
    empty_column = False
    if name == "submit":
        missing = missing_criteria(assessment, Column.SELF)
        blocking = bool(missing)
    elif name in REVIEW_FINISHES:
        missing = missing_criteria(assessment, column)
        empty_column = len(missing) == total
        blocking = bool(missing) and not empty_column
    elif name == "ministry_appraise":
        missing = missing_criteria(assessment, Column.MINISTRY)
    not_assessed = (
        list(
            Rating.objects.filter(assessment=assessment, column=column, not_assessed=True)
            .select_related("criterion")
            .order_by("criterion__position")
        )
        if column in NOT_ASSESSABLE_IN
        else []
    )
    return {
        "assessment": assessment,
        "name": name,
        "label": LABELS[name],
        "what": WHAT_IT_DOES[name],
        "column_label": Column(column).label if column else "",
        "missing": missing,
        "blocking": blocking,
        "empty_column": empty_column and name in REVIEW_FINISHES,
        "may_mark": blocking and column in NOT_ASSESSABLE_IN,
        "not_assessed": not_assessed,
        "is_return": name == RETURN,
    }


@login_required
@require_GET
def assessment_step_confirm(request, pk: int, name: str):
    """The confirmation page of a guarded step."""
    if name not in GUARDED:
        raise Http404
    assessment = _visible_assessment(request, pk)
    if not _open_to(request, assessment, name):
        states = TRANSITIONS[name][0] if name in TRANSITIONS else set(RETURNABLE_BY)
        if assessment.state not in states:
            messages.error(request, str(WRONG_STATE.message))
            return redirect("assessment", pk=pk)
        raise PermissionDenied
    context = _confirm_context(request, assessment, name)
    return render(request, "assessments/step_confirm.html", context)


@login_required
@require_POST
@back_on_refusal("assessment", pk="pk")
def assessment_step(request, pk: int):
    assessment = _visible_assessment(request, pk)
    name = request.POST.get("step", "")
    if name == RETURN:
        assessment_return(
            assessment_id=assessment.pk,
            user=request.user,
            comment=request.POST.get("comment", ""),
        )
    elif name in TRANSITIONS:
        assessment_transition(
            assessment_id=assessment.pk, name=name, user=request.user,
            comment=request.POST.get("comment", ""),
        )  # fmt: skip
    else:
        raise Http404
    messages.success(request, str(DONE[name]))
    return redirect("assessment", pk=pk)


@login_required
@require_POST
@back_on_refusal("assessment-step-confirm", pk="pk", name="name")
def assessment_not_assessed(request, pk: int, name: str):
    """From a finishing step's confirmation page: mark the criteria listed "không đánh giá",
    with the reason typed, then back to the confirmation."""
    if name not in REVIEW_FINISHES:
        raise Http404
    assessment = _visible_assessment(request, pk)
    column = _step_column(assessment, name)
    marked = ratings_mark_not_assessed(
        assessment_id=assessment.pk,
        column=column,
        codes=request.POST.getlist("code"),
        reason=request.POST.get("reason", ""),
        user=request.user,
    )
    messages.success(
        request,
        _("Đã đánh dấu %(n)s tiêu chí là “không đánh giá”: %(codes)s.")
        % {"n": len(marked), "codes": ", ".join(marked)},
    )
    return redirect("assessment-step-confirm", pk=pk, name=name)
