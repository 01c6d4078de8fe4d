"""The assessment page: the criteria with the column this person may fill in now, autosaved one
criterion at a time through htmx (or all at once without JavaScript), the live result, and the
review steps this person may take."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.request import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from tablib import Dataset

from dbi_portal.params import SMALLINT_MAX, whole_number
from dbi_portal.refusals import back_on_refusal, refusal_shown, refuse
from dbi_portal.spreadsheets import spreadsheet_text
from enterprises.access import visible_enterprises
from enterprises.duties import conflicted_expression

from . import scoring
from .catalog import DEFAULT_FRAMEWORK_CODE
from .department_views import answered_by_department, department_page
from .errors import FRAMEWORK_NOT_ASSESSABLE, FRAMEWORK_NOT_OFFERED
from .evidence_files import MAX_EVIDENCE_BYTES
from .forms import WHOLE_NUMBER, FigureTextError, field_name, figure_from_text
from .models import (
    Assessment,
    Column,
    Criterion,
    Framework,
    QuestionKind,
    Rating,
    RatingBasis,
)
from .presenters import (
    calculator_context,
    comparison_rows,
    figure_cells,
    question_row,
    results_context,
    shared_figure_rows,
)
from .score_texts import value_text
from .selectors import (
    Questionnaire,
    ReviewMarks,
    assessment_comparison,
    assessments_visible_to,
    audit_choices,
    audit_entry_list,
    catalog_index,
    column_levels,
    column_ratings,
    columns_beside,
    criterion_companions,
    evidence_list,
    evidence_visible_to,
    figures_by_column,
    framework_with_tree,
    frameworks_offered,
    questionnaire_of,
    review_marks,
    snapshot_from_framework,
    survey_summary,
)
from .services import (
    assessment_create,
    evidence_add,
    figures_save,
    rating_copy,
    rating_save,
)
from .step_selectors import (
    NOT_ASSESSABLE_IN,
    certified_result,
    ministry_reasons,
    return_comment,
    scored_levels,
)
from .step_texts import GUARDED
from .vocabulary import COLUMN_ORDER
from .workflow import (
    REVIEW_DUTY,
    editable_column,
    independence_refusal,
    may_return,
    open_column,
    steps_open_to,
)


def _viewer_is_member(assessment: Assessment) -> bool:
    """Read with the assessment (``_visible_assessment`` annotates it): the reviewer columns and
    steps are not offered to a member of the enterprise (enterprises.duties)."""
    return bool(assessment.viewer_is_member)  # type: ignore[attr-defined]  # the annotation


def _editable_column(user, assessment: Assessment) -> str | None:
    return editable_column(user, assessment, member=_viewer_is_member(assessment))


def _chosen_positions(asked: Questionnaire, ratings: dict[str, Rating]) -> dict[str, str]:
    """{criterion code: position of the answer picked} — what the radios show as checked."""
    positions = {o.pk: o.position for q in asked.questions.values() for o in q.options.all()}
    return {
        code: str(positions[r.option_id]) for code, r in ratings.items() if r.option_id in positions
    }


# The filters of the criteria a reviewer works through (GET ?only=…).
ONLY_DIFFERS, ONLY_UNANSWERED = "differs", "unanswered"


def _only(request) -> str:
    """The filter of the page the request comes from: its ``?only=``, or for htmx the one of the
    page it was sent from (``HX-Current-URL``), so an autosave's links stay on that page."""
    query = request.GET
    current = request.headers.get("HX-Current-URL", "")
    if request.method == "POST" and "?" in current:
        query = QueryDict(current.split("?", 1)[1].split("#", 1)[0])
    only = query.get("only", "")
    return only if only in (ONLY_DIFFERS, ONLY_UNANSWERED) else ""


def _copy_offer(column: str, item: dict, marks: ReviewMarks) -> dict | None:
    """The previous column's level a reviewer may take for one criterion with one button
    (services.rating_copy), when theirs is not that level already; None otherwise."""
    previous = marks.previous.get(item["criterion"].code)
    if column not in REVIEW_DUTY:
        return None
    if previous is None or previous[1] == item.get("level"):
        return None
    return {"column": previous[0], "label": Column(previous[0]).label, "level": previous[1]}


def _review_tools(assessment: Assessment, column: str, marks: ReviewMarks, only: str) -> dict:
    """The reviewer's filters with their counts, and the link to the first criterion not yet
    rated in page order (on this page, or — when the filter hides it — on the whole page)."""
    target = marks.next_unanswered
    href = ""
    if target is not None:
        page = reverse("assessment", args=[assessment.pk]) if only == ONLY_DIFFERS else ""
        href = f"{page}#criterion-{target}"
    return {
        "only": only,
        "compares": bool(columns_beside(column)),
        "differs_count": len(marks.differs),
        "unanswered_count": len(marks.unanswered),
        "next": target,
        "next_href": href,
    }


def _sections(pillars: list[dict], shown: set[str] | None) -> list[dict]:
    """The pillars → sub-indices → criteria rows with only the criteria ``shown`` (all when None);
    a sub-index or pillar left with none is left out."""
    if shown is None:
        return pillars
    sections = []
    for row in pillars:
        subs = [
            {**sub, "criteria": [i for i in sub["criteria"] if i["criterion"].code in shown]}
            for sub in row["sub_indices"]
        ]
        subs = [sub for sub in subs if sub["criteria"]]
        if subs:
            sections.append({**row, "sub_indices": subs})
    return sections


def _page_context(
    request,
    assessment: Assessment,
    *,
    chosen=None,
    errors=None,
    saved=(),
    typed=None,
    figures_error=None,
    only="",
):
    editable_column = _editable_column(request.user, assessment)
    column = editable_column or Column.SELF
    framework = framework_with_tree(code=assessment.framework.code)
    asked = questionnaire_of(assessment)
    ratings = column_ratings(assessment, column)
    levels = {code: r.level for code, r in ratings.items() if r.level is not None}
    if any(r.not_assessed for r in ratings.values()):  # scored at the earlier columns' level
        levels = scored_levels(assessment, column, catalog_index(assessment.framework))
    shown = _chosen_positions(asked, ratings) | (chosen or {})
    cells: dict[str, dict] = {
        code: {
            "version": r.version,
            "note": r.note,
            "basis": r.basis,
            "level": r.level,
            "saved": code in saved,
            "not_assessed": r.not_assessed,
            "not_assessed_reason": r.not_assessed_reason,
        }
        for code, r in ratings.items()
    }
    by_column = figures_by_column(assessment)
    for code, cell in figure_cells(asked, by_column, column, typed).items():
        cells.setdefault(code, {}).update(cell)
    for code, message in (errors or {}).items():
        cells.setdefault(code, {})["save_error"] = message
    # Assessors work beside the earlier columns' answers and notes; everyone sees the files.
    seen: dict[str, dict[str, int | None]] = {column: {c: r.level for c, r in ratings.items()}}
    for code, companions in criterion_companions(assessment, column=column).items():
        cells.setdefault(code, {}).update(companions)
        for other in companions["beside"]:
            seen.setdefault(other["column"], {})[code] = other["level"]
    if column == Column.MINISTRY:  # the reason each change was given, under its criterion
        for code, entry in ministry_reasons(assessment).items():
            cells.setdefault(code, {})["ministry_reason"] = entry
    result = scoring.score(snapshot_from_framework(framework), levels)
    # A member of the enterprise who is also its reviewer is offered no reviewer step or column
    # (the helpers above say no); the page says why.
    member = _viewer_is_member(assessment)
    conflict = independence_refusal(request.user, assessment, member=member)
    context = calculator_context(
        framework, result, asked=asked, chosen=shown, errors={}, cells=cells
    )
    items = [
        item for row in context["pillars"] for sub in row["sub_indices"] for item in sub["criteria"]
    ]
    left_out = {code for code, r in ratings.items() if r.not_assessed}
    marks = review_marks(seen, column, [item["criterion"].code for item in items], left_out)
    for item in items:
        item["copy_from"] = _copy_offer(column, item, marks) if editable_column else None
    only = only if editable_column else ""
    filtered = {
        ONLY_DIFFERS: set(marks.differs),
        ONLY_UNANSWERED: set(marks.unanswered),
    }.get(only)
    return {
        **context,
        "sections": _sections(context["pillars"], filtered),
        "review": _review_tools(assessment, column, marks, only),
        "assessment": assessment,
        "column": column,
        "column_label": Column(column).label,
        "editable": editable_column is not None,
        "shared_figures": shared_figure_rows(asked, by_column, column, typed),
        "figures_error": figures_error,
        "steps": steps_open_to(request.user, assessment, member=member),
        "guarded_steps": GUARDED,
        "may_return": may_return(request.user, assessment, member=member),
        "may_leave_out": editable_column in NOT_ASSESSABLE_IN,
        "returned": return_comment(assessment),
        "certified": certified_result(assessment),
        "duty_conflict": conflict.message if conflict else "",
        "survey": survey_summary(assessment, asked=asked),
    }


def _visible_assessment(request, pk: int) -> Assessment:
    visible = (
        assessments_visible_to(request.user)
        .select_related("catalog_version")
        .annotate(viewer_is_member=conflicted_expression(request.user))
    )
    return get_object_or_404(visible, pk=pk)


def _refuse_unless_offered(enterprise, framework: Framework, period: int) -> None:
    """The page starts only a framework the ministry opened for the year, fitting the
    enterprise's size, that can be assessed (``assessment_create`` itself does not ask: the demo
    and the imports of past years start what they need)."""
    offer = next(
        (
            o
            for o in frameworks_offered(enterprise=enterprise, period=period)
            if o.framework.pk == framework.pk
        ),
        None,
    )
    names = {"framework": framework.name, "period": period}
    if offer is None:
        raise refuse(FRAMEWORK_NOT_OFFERED, FRAMEWORK_NOT_OFFERED.message % names)
    if not offer.startable:
        message = FRAMEWORK_NOT_ASSESSABLE.message % {**names, "reason": offer.reason}
        raise refuse(FRAMEWORK_NOT_ASSESSABLE, message)


@login_required
@require_POST
@back_on_refusal("enterprise-detail", pk="enterprise_pk")
def assessment_start(request, enterprise_pk: int):
    enterprise = get_object_or_404(visible_enterprises(request.user), pk=enterprise_pk)
    framework = get_object_or_404(
        Framework, code=request.POST.get("framework", DEFAULT_FRAMEWORK_CODE)
    )
    period = whole_number(request.POST.get("period"), high=SMALLINT_MAX)
    if period is None:
        raise Http404
    _refuse_unless_offered(enterprise, framework, period)
    assessment = assessment_create(
        enterprise=enterprise, framework=framework, period=period, user=request.user
    )
    return redirect("assessment", pk=assessment.pk)


def _typed_figures(request, asked: Questionnaire) -> dict[str, str]:
    """{figure key: text typed} of the figures this request carries."""
    return {
        f.key: request.POST[f"f-{f.key}"] for f in asked.figures if f"f-{f.key}" in request.POST
    }


def _parsed_figures(typed: dict[str, str]) -> tuple[dict[str, int | None], str | None]:
    """The figures typed, read as whole numbers; or the error naming the first one that is not."""
    values: dict[str, int | None] = {}
    for key, text in typed.items():
        try:
            values[key] = figure_from_text(text)
        except FigureTextError:
            return {}, _(
                "“%(text)s” không phải số nguyên không âm; hãy nhập số, ví dụ 1.250.000."
            ) % {"text": text}
    return values, None


def _save_figures(
    request, assessment: Assessment, column: str, typed: dict[str, str], reason: str = ""
):
    """Save the figures typed; the refusal's message, or None when saved (or nothing typed)."""
    values, error = _parsed_figures(typed)
    if error or not values:
        return error
    with refusal_shown() as refused:
        figures_save(
            assessment_id=assessment.pk,
            column=column,
            values=values,
            user=request.user,
            reason=reason or request.POST.get("figures-reason", ""),
        )
    return refused.message


def _changed(current: Rating | None, figures: bool, number, note: str, shown: str, raw: str):
    """Whether a criterion of the whole-form post differs from what is stored. For a question
    asked as figures the radio is a reviewer's direct level ("" = the level of the figures)."""
    if current is None:
        return bool(raw or note)
    if current.note != note:
        return True
    if not figures:
        return shown != raw
    direct = current.basis == RatingBasis.DIRECT
    return (number is None and direct) or (number is not None and current.level != number)


def _save_all(request, assessment: Assessment, column: str):
    """Without JavaScript the whole form comes at once: save the figures, then each criterion
    whose answer or note changed."""
    asked = questionnaire_of(assessment)
    typed = _typed_figures(request, asked)
    figures_error = _save_figures(request, assessment, column, typed)
    ratings = column_ratings(assessment, column)
    shown = _chosen_positions(asked, ratings)
    chosen, errors, saved = {}, {}, []
    for code in [c for c in request.POST if c.startswith("c-")]:
        code = code.removeprefix("c-")
        question = asked.questions.get(code)
        if question is None:
            continue
        raw = request.POST.get(field_name(code), "").strip()
        note = request.POST.get(f"n-{code}", "")
        current = ratings.get(code)
        number = int(raw) if WHOLE_NUMBER.fullmatch(raw) else None
        if raw and number is None:
            chosen[code], errors[code] = raw, _("Mức không hợp lệ.")
            continue
        figures = question.kind == QuestionKind.FIGURES
        leaves_out = _leaves_out(request, code)
        marking = request.POST.get(f"nar-{code}", "").strip() if leaves_out else ""
        was_marking = current.not_assessed_reason if current and current.not_assessed else ""
        # Unchanged: the same answer and note, and the same "không đánh giá" (a tick without a
        # reason is sent, to be refused next to the criterion).
        same_marking = marking == was_marking and not (leaves_out and not marking)
        if same_marking and not _changed(current, figures, number, note, shown.get(code, ""), raw):
            continue
        # A refused criterion is shown next to the answer chosen (the others are still saved).
        with refusal_shown() as refused:
            rating_save(
                assessment_id=assessment.pk,
                column=column,
                criterion_code=code,
                level=number if figures else None,
                option=None if figures else number,
                note=note,
                reason=request.POST.get(f"r-{code}", ""),
                user=request.user,
                expected_version=whole_number(request.POST.get(f"v-{code}")) or 0,
                not_assessed=leaves_out,
                not_assessed_reason=request.POST.get(f"nar-{code}", ""),
            )
            saved.append(code)
        if refused.refusal:
            chosen[code], errors[code] = raw, str(refused.refusal.message)
    return chosen, errors, saved, typed if figures_error else {}, figures_error


@login_required
@require_http_methods(["GET", "POST"])
def assessment_page(request, pk: int):
    assessment = _visible_assessment(request, pk)
    if answered_by_department(assessment):  # the large-enterprise index: a grid by department
        return department_page(request, assessment)
    if request.method == "POST":
        column = _editable_column(request.user, assessment)
        if column is None:
            conflict = independence_refusal(
                request.user, assessment, member=_viewer_is_member(assessment)
            )
            raise PermissionDenied(conflict.message if conflict else "")
        chosen, errors, saved, typed, figures_error = _save_all(request, assessment, column)
        if not errors and not figures_error:
            messages.success(request, _("Đã lưu %(n)s tiêu chí.") % {"n": len(saved)})
            return redirect("assessment", pk=pk)
        context = _page_context(
            request,
            assessment,
            chosen=chosen,
            errors=errors,
            saved=saved,
            typed=typed,
            figures_error=figures_error,
        )
        return render(request, "assessments/assessment.html", context, status=400)
    context = _page_context(request, assessment, only=_only(request))
    return render(request, "assessments/assessment.html", context)


def _stored_result(assessment: Assessment, column: str, index) -> scoring.ScoreResult:
    return scoring.score(index.snapshot, scored_levels(assessment, column, index))


def _marks(assessment: Assessment, column: str, index) -> ReviewMarks:
    """The column against the earlier ones, as stored (one query)."""
    left_out: set[tuple[str, str]] = set()
    levels = column_levels(assessment, [*columns_beside(column), column], left_out)
    own = {code for c, code in left_out if c == column}
    return review_marks(levels, column, list(index.snapshot.criteria_by_code), own)


def _autosave_context(
    request, assessment: Assessment, column: str, result, marks: ReviewMarks | None = None
) -> dict:
    index = catalog_index(assessment.framework)
    criteria_count = len(index.snapshot.criteria_by_code)
    marks = marks or _marks(assessment, column, index)
    return results_context(
        pillars=list(index.pillars),
        names=index.level_names(),
        result=result,
        max_level=assessment.framework.max_level,
        thresholds=index.snapshot.thresholds,
    ) | {
        "threshold_note": assessment.framework.threshold_note,
        "assessment": assessment,
        "column": column,
        "editable": True,
        "may_leave_out": column in NOT_ASSESSABLE_IN,
        "answered": criteria_count - len(result.missing),
        "criteria_count": criteria_count,
        "direct_levels": range(assessment.framework.max_level + 1),
        "review": _review_tools(assessment, column, marks, _only(request)),
    }


def _criterion_item(
    request,
    assessment: Assessment,
    column: str,
    code: str,
    *,
    error: str | None,
    raw: str,
    typed: dict[str, str],
    saved: Rating | None = None,
    keep_reason: bool = False,
) -> dict:
    """One criterion's fieldset as stored (``saved``: the rating just saved, else read), or —
    after a refusal — with what the user sent. A ministry reason is kept in its box after a
    refusal, or when the save changed no level (``keep_reason``: typed before the level it
    explains); once it explained a change, it shows under the criterion as recorded."""
    index = catalog_index(assessment.framework)
    criterion = index.criteria_by_code[code]
    asked = questionnaire_of(assessment)
    rating = saved or (
        Rating.objects.filter(
            assessment=assessment, column=column, criterion_id=criterion.pk
        ).first()
    )
    chosen = _chosen_positions(asked, {code: rating} if rating else {}).get(code, "")
    if asked.questions[code].kind == QuestionKind.FIGURES and rating:
        chosen = str(rating.level) if rating.basis == RatingBasis.DIRECT else ""
    companions = criterion_companions(assessment, column=column, criterion_id=criterion.pk)
    cell = (
        figure_cells(asked, figures_by_column(assessment), column, typed if error else None)
        if asked.questions[code].kind == QuestionKind.FIGURES
        else {}
    )
    return question_row(
        criterion,
        asked,
        raw if error else chosen,
        None,
        {
            "version": rating.version if rating else 0,
            "note": request.POST.get(f"n-{code}", "") if error else (rating.note if rating else ""),
            "basis": rating.basis if rating else "",
            "level": rating.level if rating else None,
            "saved": error is None,
            "save_error": error,
            # A refused ministry change keeps its reason, so nothing typed is lost.
            "reason": request.POST.get(f"r-{code}", "") if error or keep_reason else "",
            "not_assessed": (
                _leaves_out(request, code) if error else bool(rating and rating.not_assessed)
            ),
            "not_assessed_reason": (
                request.POST.get(f"nar-{code}", "")
                if error
                else (rating.not_assessed_reason if rating else "")
            ),
            "ministry_reason": (
                ministry_reasons(assessment, criterion_id=criterion.pk).get(code)
                if column == Column.MINISTRY
                else None
            ),
            **cell.get(code, {}),
            **companions.get(code, {}),
        },
    )


@login_required
@require_POST
def rating_autosave(request, pk: int, code: str):
    """One criterion, from htmx: answers with that criterion's fieldset (saved, or the error with
    the user's answer and figures kept) and the results panel out of band — and nothing else,
    so the request stays cheap. A question asked as figures saves its own figures first, then a
    reviewer's direct level if one is chosen."""
    assessment = _visible_assessment(request, pk)
    index = catalog_index(assessment.framework)
    if code not in index.criteria_by_code:
        raise Http404
    # At most one column is open in a state; the service checks the role under its lock.
    column = open_column(assessment.state)
    if column is None:
        raise PermissionDenied
    asked = questionnaire_of(assessment)
    question = asked.questions[code]
    raw = request.POST.get(field_name(code), "").strip()
    number = int(raw) if WHOLE_NUMBER.fullmatch(raw) else None
    typed = _typed_figures(request, asked)
    error = None
    result = saved = None
    changed = False
    if question.kind == QuestionKind.FIGURES:
        error = _save_figures(
            request, assessment, column, typed, reason=request.POST.get(f"r-{code}", "")
        )
    if error is None:
        figures = question.kind == QuestionKind.FIGURES
        with refusal_shown() as refused:
            outcome = rating_save(
                assessment_id=assessment.pk,
                column=column,
                criterion_code=code,
                level=number if figures else None,
                option=None if figures else number,
                note=request.POST.get(f"n-{code}", ""),
                reason=request.POST.get(f"r-{code}", "") or request.POST.get("figures-reason", ""),
                user=request.user,
                expected_version=_expected_version(request, assessment, column, code, figures),
                not_assessed=_leaves_out(request, code),
                not_assessed_reason=request.POST.get(f"nar-{code}", ""),
            )
            result, saved, changed = outcome.result, outcome.rating, outcome.changed
        error = refused.message
    item = _criterion_item(
        request,
        assessment,
        column,
        code,
        error=error,
        raw=raw,
        typed=typed,
        saved=saved,
        keep_reason=not changed,
    )
    if error is not None or result is None:
        result = _stored_result(assessment, column, index)
    marks = _marks(assessment, column, index)
    item["copy_from"] = _copy_offer(column, item, marks)
    context = _autosave_context(request, assessment, column, result, marks) | {"item": item}
    return render(request, "assessments/_autosave_response.html", context)


@login_required
@require_POST
def rating_copy_view(request, pk: int, code: str):
    """Take the previous column's level for one criterion (the button beside the earlier
    columns' levels): from htmx, answers as an autosave does; without JavaScript (the whole form
    posted here), back to the criterion on the page with a message."""
    assessment = _visible_assessment(request, pk)
    index = catalog_index(assessment.framework)
    if code not in index.criteria_by_code:
        raise Http404
    column = open_column(assessment.state)
    if column is None:
        raise PermissionDenied
    outcome = None
    with refusal_shown() as refused:
        outcome = rating_copy(
            assessment_id=assessment.pk,
            column=column,
            criterion_code=code,
            user=request.user,
            expected_version=whole_number(request.POST.get(f"v-{code}")) or 0,
            note=request.POST.get(f"n-{code}"),
            reason=request.POST.get(f"r-{code}", ""),
        )
    if not request.headers.get("HX-Request"):
        if outcome is None:
            messages.error(request, refused.message or "")
        else:
            copied = _("Tiêu chí %(code)s: đã lấy mức %(level)s của cột trước.")
            messages.success(request, copied % {"code": code, "level": outcome.rating.level})
        return redirect(reverse("assessment", args=[pk]) + f"#criterion-{code}")
    item = _criterion_item(
        request,
        assessment,
        column,
        code,
        error=None,
        raw="",
        typed={},
        saved=outcome.rating if outcome else None,
    )
    if refused.message:
        item |= {"saved": False, "save_error": refused.message}
    marks = _marks(assessment, column, index)
    item["copy_from"] = _copy_offer(column, item, marks)
    result = outcome.result if outcome else _stored_result(assessment, column, index)
    context = _autosave_context(request, assessment, column, result, marks) | {"item": item}
    return render(request, "assessments/_autosave_response.html", context)


def _leaves_out(request, code: str) -> bool:
    """Whether the reviewer ticked "Không đánh giá" for criterion ``code``."""
    return request.POST.get(f"na-{code}") == "on"


def _expected_version(request, assessment, column, code, figures: bool) -> int:
    """The version the user saw; for a figures question, saving its figures has just moved it
    on, so the stored one (figures are not overwritten by a stale page: last figure wins)."""
    if not figures:
        return whole_number(request.POST.get(f"v-{code}")) or 0
    rating = Rating.objects.filter(
        assessment=assessment, column=column, criterion__code=code
    ).first()
    return rating.version if rating else 0


@login_required
@require_POST
def figures_autosave(request, pk: int):
    """The shared figures (total staff, revenue…), from htmx: answers with their fieldset, every
    criterion that divides by them, and the results panel, out of band."""
    assessment = _visible_assessment(request, pk)
    column = open_column(assessment.state)
    if column is None:
        raise PermissionDenied
    if _editable_column(request.user, assessment) != column:
        raise PermissionDenied
    asked = questionnaire_of(assessment)
    typed = _typed_figures(request, asked)
    error = _save_figures(request, assessment, column, typed)
    index = catalog_index(assessment.framework)
    keys = set(typed)
    affected = [
        q.criterion.code
        for q in asked.figure_questions()
        if q.denominator and q.denominator.key in keys
    ]
    items = [
        _criterion_item(request, assessment, column, code, error=None, raw="", typed={})
        for code in affected
    ]
    context = _autosave_context(
        request, assessment, column, _stored_result(assessment, column, index)
    )
    context |= {
        "items": items,
        "figures_saved": error is None,
        "figures_error": error,
        "shared_figures": shared_figure_rows(
            asked, figures_by_column(assessment), column, typed if error else None
        ),
    }
    return render(request, "assessments/_figures_response.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_page(request, pk: int, code: str):
    """A criterion's evidence: the list (downloads go through ``evidence_download``) and, for
    whoever may fill in a column now, an upload form."""
    assessment = _visible_assessment(request, pk)
    index = catalog_index(assessment.framework)
    if code not in index.criterion_id_by_code:
        raise Http404
    column = _editable_column(request.user, assessment)
    error = None
    if request.method == "POST":
        if column is None:
            raise PermissionDenied
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Hãy chọn một tệp.")
        else:
            # A refused file is said above the upload form.
            with refusal_shown() as refused:
                evidence_add(
                    assessment_id=assessment.pk,
                    column=column,
                    criterion_code=code,
                    upload=upload,
                    user=request.user,
                )
                messages.success(request, _("Đã tải lên minh chứng."))
                return redirect("evidence", pk=pk, code=code)
            error = refused.message
    files = evidence_list(assessment=assessment, criterion_code=code)
    context = {
        "assessment": assessment,
        "criterion": Criterion.objects.get(pk=index.criterion_id_by_code[code]),
        "files": files,
        "may_upload": column is not None,
        "error": error,
        "max_mb": MAX_EVIDENCE_BYTES // (1024 * 1024),
    }
    return render(request, "assessments/evidence.html", context, status=400 if error else 200)


@login_required
def evidence_download(request, pk: int):
    evidence = get_object_or_404(evidence_visible_to(request.user), pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.download_name,
        content_type=evidence.content_type,
    )


@login_required
def assessment_history(request, pk: int):
    """The append-only trail: every rating change and every step, newest first; one column's,
    one criterion's or one person's when the filters ask (unknown values are ignored)."""
    assessment = _visible_assessment(request, pk)
    choices = audit_choices(assessment=assessment)
    column = request.GET.get("column", "")
    column = column if column in Column.values else ""
    criterion = request.GET.get("criterion", "")
    criterion = criterion if criterion in choices.criteria else ""
    person = whole_number(request.GET.get("person"))
    person = person if person in {pk for pk, _name in choices.people} else None
    entries = audit_entry_list(
        assessment=assessment,
        newest_first=True,
        column=column,
        criterion_code=criterion,
        actor_id=person,
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    filters = {"column": column, "criterion": criterion, "person": person or ""}
    query = QueryDict(mutable=True)
    query.update({k: str(v) for k, v in filters.items() if v})
    context = {
        "assessment": assessment,
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "filtered": any(filters.values()),
        "columns": Column.choices,
        "choices": choices,
    }
    return render(request, "assessments/history.html", context)


def _shown(method: str, value: int) -> str:
    """A stored score as the spreadsheet shows it: 2021 points as they are, else R or percent."""
    return str(value) if method == scoring.SME_BANDS_2021 else value_text(method, value)


def _comparison_context(request, pk: int) -> dict:
    assessment = _visible_assessment(request, pk)
    comparison = assessment_comparison(assessment)
    reasons = ministry_reasons(assessment)
    return {
        "assessment": assessment,
        "method": assessment.framework.scoring_method,
        "columns": [Column(c).label for c in COLUMN_ORDER],
        **comparison,
        "rows": [
            row | {"ministry_reason": reasons.get(row["criterion"].code)}
            for row in comparison_rows(comparison["rows"])
        ],
    }


@login_required
def assessment_compare(request, pk: int):
    return render(request, "assessments/compare.html", _comparison_context(request, pk))


@login_required
def assessment_compare_xlsx(request, pk: int):
    context = _comparison_context(request, pk)
    assessment, version = context["assessment"], context["version"]
    dataset = Dataset(
        headers=[
            _("Mã"),
            _("Tiêu chí"),
            *context["columns"],
            _("Khác nhau"),
            *[_("%(column)s: căn cứ") % {"column": label} for label in context["columns"]],
            _("Lý do của Bộ"),
        ]
    )
    blank = [""] * len(context["columns"])
    for row in context["rows"]:
        dataset.append(
            [
                row["criterion"].code,
                spreadsheet_text(row["criterion"].text),
                *["" if v is None else v for v in row["levels"]],
                _("có") if row["differs"] else "",
                *[spreadsheet_text(cell["text"]) for cell in row["cells"]],
                spreadsheet_text(row["ministry_reason"].reason) if row["ministry_reason"] else "",
            ]
        )
    for row in context["pillar_rows"]:
        dataset.append(
            [
                row["pillar"].code,
                spreadsheet_text(row["pillar"].name),
                *[
                    "" if c is None else f"{_shown(context['method'], c.points)} ({c.level})"
                    for c in row["cells"]
                ],
                "",
                *blank,
                "",
            ]
        )
    dataset.append(
        [
            "",
            _("Tổng điểm (mức tổng thể)"),
            *[
                "" if r is None else f"{_shown(context['method'], r.total)} ({r.level})"
                for r in context["overall"]
            ],
            "",
            *blank,
            "",
        ]
    )
    dataset.append(
        [
            "",
            spreadsheet_text(
                _("Câu hỏi theo phiên bản %(number)s: %(name)s.")
                % {"number": version.number, "name": version.name}
            ),
            *blank,
            "",
            *blank,
            "",
        ]
    )
    response = HttpResponse(
        dataset.export("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"so-sanh-{assessment.enterprise.tax_code}-{assessment.period}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
