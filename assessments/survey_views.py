"""The unscored survey of an assessment (barriers, self-perception, support needs): a plain form
for whoever may fill in the self column now, the answers read-only for everyone else who sees
the assessment (a stranger or another province gets 404, as on the assessment page)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dbi_portal.refusals import INVALID, back_on_refusal, refusal_shown

from .forms import WHOLE_NUMBER
from .models import Assessment, Column
from .selectors import Survey, assessments_visible_to, survey_of
from .services import survey_save
from .workflow import may_edit_column, open_column


def _statement_field(code: str) -> str:
    return f"s-{code}"


def _need_field(code: str) -> str:
    return f"need-{code}"


def _need_text_field(code: str) -> str:
    return f"need-{code}-text"


def _may_edit(user, assessment: Assessment) -> bool:
    return open_column(assessment.state) == Column.SELF and may_edit_column(
        user, assessment, Column.SELF
    )


def _posted(post: Mapping[str, str], survey: Survey) -> tuple[dict[str, object], dict[str, str]]:
    """The answers and needs of the form, for ``survey_save``: a blank radio is no answer, a
    number is sent as one (the service says which are out of range), anything else as typed.
    The "other" need counts as ticked when its text is filled in."""
    answers: dict[str, object] = {}
    for section in survey.sections:
        for item in section.items:
            raw = post.get(_statement_field(item.statement.code), "").strip()
            answers[item.statement.code] = (
                None if not raw else int(raw) if WHOLE_NUMBER.fullmatch(raw) else raw
            )
    needs: dict[str, str] = {}
    for need_item in survey.needs:
        code = need_item.need.code
        text = post.get(_need_text_field(code), "") if need_item.need.asks_text else ""
        if post.get(_need_field(code)) or text.strip():
            needs[code] = text
    return answers, needs


def _form_context(
    survey: Survey,
    *,
    post: Mapping[str, str] | None = None,
    errors: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The sections and needs as the form shows them: what is stored, or — after a refusal —
    what was sent, with each refused code's messages beside it."""
    errors = errors or {}
    answer_errors: Mapping[str, list[str]] = errors.get("answers", {})
    need_errors: Mapping[str, list[str]] = errors.get("needs", {})
    sections = [
        {
            "section": section,
            "rows": [
                {
                    "code": item.statement.code,
                    "text": item.statement.text,
                    "field": _statement_field(item.statement.code),
                    "value": (
                        post.get(_statement_field(item.statement.code), "").strip()
                        if post is not None
                        else ("" if item.value is None else str(item.value))
                    ),
                    "stored": item.value,
                    "errors": answer_errors.get(item.statement.code, []),
                }
                for item in section.items
            ],
        }
        for section in survey.sections
    ]
    needs = [
        {
            "need": item.need,
            "field": _need_field(item.need.code),
            "text_field": _need_text_field(item.need.code),
            "ticked": bool(
                post.get(_need_field(item.need.code))
                or post.get(_need_text_field(item.need.code), "").strip()
            )
            if post is not None
            else item.ticked,
            "text": post.get(_need_text_field(item.need.code), "")
            if post is not None
            else item.text,
            "errors": need_errors.get(item.need.code, []),
        }
        for item in survey.needs
    ]
    return {"sections": sections, "needs": needs}


@login_required
@require_http_methods(["GET", "POST"])
@back_on_refusal("assessment-survey", pk="pk")
def survey_page(request, pk: int):
    assessment = get_object_or_404(assessments_visible_to(request.user), pk=pk)
    survey = survey_of(assessment)
    editable = _may_edit(request.user, assessment)
    context: dict[str, Any] = {"assessment": assessment, "survey": survey, "editable": editable}
    if request.method == "POST":
        answers, needs = _posted(request.POST, survey)
        # Who may not fill in the survey now is refused by the service (403, or back here
        # with the message when the assessment has moved on); a bad answer is shown beside it.
        with refusal_shown((INVALID,)) as refused:
            outcome = survey_save(
                assessment_id=assessment.pk, user=request.user, answers=answers, needs=needs
            )
            messages.success(
                request,
                _("Đã lưu khảo sát: %(answered)s/%(total)s nhận định được trả lời.")
                % {"answered": outcome.answered, "total": survey.total},
            )
            return redirect("assessment-survey", pk=pk)
        assert refused.refusal is not None
        context |= _form_context(survey, post=request.POST, errors=refused.refusal.fields)
        context["error"] = (
            _("Khảo sát chưa được lưu; hãy sửa các chỗ được đánh dấu bên dưới.")
            if refused.refusal.fields
            else refused.message
        )
        return render(request, "assessments/survey.html", context, status=400)
    return render(request, "assessments/survey.html", context | _form_context(survey))
