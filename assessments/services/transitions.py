"""The review chain as one guarded step per transition: lock, check the table, write the new
state, append an audit row with who, when and the comment."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from dbi_portal.refusals import refuse
from enterprises.models import User

from ..column_results import column_results_mark_reference
from ..errors import (
    COMMENT_REQUIRED,
    NOT_YOUR_STEP,
    WRONG_STATE,
    IncompleteAssessment,
    IncompleteReview,
)
from ..models import Assessment, AuditEntry, Column, DepartmentRating, Figure, Rating
from ..selectors import catalog_index
from ..step_selectors import missing_criteria
from ..tasks import transition_notify_task
from ..vocabulary import MINISTRY_START_REASON, MINISTRY_STARTS_FROM
from ..workflow import RETURNABLE_BY, TRANSITIONS, holds_step_role, refuse_if_not_independent
from .locking import assessment_lock
from .ratings import write_column_result


def _move(assessment: Assessment, to_state: str, user: User, comment: str) -> Assessment:
    entry = AuditEntry.objects.create(
        assessment=assessment,
        action=AuditEntry.Action.TRANSITION,
        from_state=assessment.state,
        to_state=to_state,
        reason=comment.strip(),
        actor=user,
    )
    assessment.state = to_state
    assessment.save(update_fields=["state", "updated_at"])
    # The state decides which column the dashboards count, if any (column_results.py).
    column_results_mark_reference(assessment=assessment)
    transition_notify_task.delay(audit_entry_id=entry.pk)  # sent on the commit
    return assessment


STARTED_FROM = MINISTRY_START_REASON


def _start_ministry_column(assessment: Assessment, user: User) -> None:
    """The ministry appraises on the basis of the earlier columns: its empty cells start at the
    province's level (else the consultant's, else the enterprise's), so a reason is needed only
    for what the ministry actually changes, and its column — the one a certificate states — is
    complete from the start. Cells it already rated (before a return) are kept. Each starting
    level is in the audit trail, with the column it came from."""
    rows = Rating.objects.filter(
        assessment=assessment, column__in=(*MINISTRY_STARTS_FROM, Column.MINISTRY)
    ).values_list("criterion_id", "column", "level", "basis", "option_id")
    by_criterion: dict[int, dict[str, int | None]] = {}
    answers: dict[tuple[int, str], tuple[str, int | None]] = {}
    for criterion_id, column, level, basis, answer_id in rows:
        by_criterion.setdefault(criterion_id, {})[column] = level
        answers[criterion_id, column] = (basis, answer_id)
    now = timezone.now()
    starting, trail = [], []
    with translation.override(settings.LANGUAGE_CODE):  # the trail is kept in one language
        for criterion_id, levels in by_criterion.items():
            if Column.MINISTRY in levels:
                continue
            source = next((c for c in MINISTRY_STARTS_FROM if levels.get(c) is not None), None)
            if source is None:
                continue
            level = levels[source]
            basis, option_id = answers[criterion_id, source]
            starting.append(
                Rating(
                    assessment=assessment,
                    column=Column.MINISTRY,
                    criterion_id=criterion_id,
                    level=level,
                    basis=basis,
                    option_id=option_id,
                    rated_by=user,
                    rated_at=now,
                )
            )
            trail.append(
                AuditEntry(
                    assessment=assessment,
                    action=AuditEntry.Action.RATING,
                    column=Column.MINISTRY,
                    criterion_id=criterion_id,
                    old_level=None,
                    new_level=level,
                    actor=user,
                    reason=str(STARTED_FROM % {"column": Column(source).label}),
                )
            )
    Rating.objects.bulk_create(starting)
    AuditEntry.objects.bulk_create(trail)
    _start_ministry_figures(assessment, user, now)
    _start_ministry_departments(assessment, user, now)
    write_column_result(assessment, Column.MINISTRY, catalog_index(assessment.framework))


def _start_ministry_figures(assessment: Assessment, user: User, now: datetime.datetime) -> None:
    """The figures the ministry's column starts from: each figure it has not entered yet, from
    the weightiest earlier column that has it, so a level it took from figures shows them."""
    rows = Figure.objects.filter(
        assessment=assessment, column__in=(*MINISTRY_STARTS_FROM, Column.MINISTRY)
    ).values_list("field_id", "column", "value")
    by_field: dict[int, dict[str, int]] = {}
    for field_id, column, value in rows:
        by_field.setdefault(field_id, {})[column] = value
    Figure.objects.bulk_create(
        [
            Figure(
                assessment=assessment,
                column=Column.MINISTRY,
                field_id=field_id,
                value=next(values[c] for c in MINISTRY_STARTS_FROM if c in values),
                entered_by=user,
                entered_at=now,
            )
            for field_id, values in by_field.items()
            if Column.MINISTRY not in values and any(c in values for c in MINISTRY_STARTS_FROM)
        ]
    )


def _start_ministry_departments(assessment: Assessment, user: User, now: datetime.datetime) -> None:
    """For a framework answered by department, the same start cell by cell: each department's
    answer to each criterion (a percent, or not relevant) that the ministry has not given yet,
    from the weightiest earlier column that gave one, in the audit trail with its source."""
    rows = DepartmentRating.objects.filter(
        assessment=assessment, column__in=(*MINISTRY_STARTS_FROM, Column.MINISTRY)
    ).values_list("department_id", "department__name", "criterion_id", "column", "percent")
    by_cell: dict[tuple[int, int], dict[str, int | None]] = {}
    names: dict[int, str] = {}
    for department_id, name, criterion_id, column, percent in rows:
        by_cell.setdefault((department_id, criterion_id), {})[column] = percent
        names[department_id] = name
    starting, trail = [], []
    with translation.override(settings.LANGUAGE_CODE):  # the trail is kept in one language
        for (department_id, criterion_id), values in by_cell.items():
            if Column.MINISTRY in values:
                continue
            source = next(c for c in MINISTRY_STARTS_FROM if c in values)
            percent = values[source]
            starting.append(
                DepartmentRating(
                    assessment=assessment,
                    department_id=department_id,
                    column=Column.MINISTRY,
                    criterion_id=criterion_id,
                    percent=percent,
                    rated_by=user,
                    rated_at=now,
                )
            )
            said = gettext("Bộ phận %(name)s") % {"name": names[department_id]}
            trail.append(
                AuditEntry(
                    assessment=assessment,
                    action=AuditEntry.Action.RATING,
                    column=Column.MINISTRY,
                    criterion_id=criterion_id,
                    old_level=None,
                    new_level=percent,
                    actor=user,
                    reason=f"{said}: {STARTED_FROM % {'column': Column(source).label}}",
                )
            )
    DepartmentRating.objects.bulk_create(starting)
    AuditEntry.objects.bulk_create(trail)


# The steps that close a reviewer's column: none with a criterion left unanswered.
REVIEW_FINISHES: set[str] = {"consultant_finish", "province_approve"}


@transaction.atomic
def assessment_transition(
    *, assessment_id: int, name: str, user: User, comment: str = ""
) -> Assessment:
    """Run the named step of ``workflow.TRANSITIONS`` (e.g. "submit", "province_approve")."""
    # The enterprise is locked with the assessment: the ministry's column, started here, carries
    # its place, sector and size for the dashboards (column_results.py).
    assessment = assessment_lock(assessment_id=assessment_id)
    sources, target, column = TRANSITIONS[name]
    if assessment.state not in sources:
        raise refuse(WRONG_STATE)
    if not holds_step_role(user, assessment, column, name):
        raise refuse(NOT_YOUR_STEP)
    refuse_if_not_independent(user, assessment, column)  # a member does not review its own
    if name == "submit":
        missing = missing_criteria(assessment, Column.SELF)
        if missing:
            raise IncompleteAssessment(missing)
    if name in REVIEW_FINISHES:
        # A column the reviewer started is closed with every criterion rated or marked not
        # assessed (with a reason); one left empty closes on the earlier columns' result (the
        # reviewer confirmed the enterprise's or the consultant's, which the dashboards then
        # count: column_results.py). Its result is rewritten as it closes: a not-assessed
        # criterion takes the earlier columns' level, which may have changed since a return.
        index = catalog_index(assessment.framework)
        missing = missing_criteria(assessment, column)
        if missing and len(missing) < len(index.criterion_id_by_code):
            raise IncompleteReview(missing, str(Column(column).label))
        if not missing:
            write_column_result(assessment, column, index)
    moved = _move(assessment, target, user, comment)
    if name == "ministry_start":
        _start_ministry_column(moved, user)
    return moved


@transaction.atomic
def assessment_return(*, assessment_id: int, user: User, comment: str) -> Assessment:
    """A review step hands the assessment back to the enterprise, saying why."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment_id)
    column = RETURNABLE_BY.get(assessment.state)
    if column is None:
        raise refuse(WRONG_STATE)
    if not holds_step_role(user, assessment, column, "return"):
        raise refuse(NOT_YOUR_STEP)
    refuse_if_not_independent(user, assessment, column)
    if not comment.strip():
        raise refuse(COMMENT_REQUIRED)
    return _move(assessment, Assessment.State.RETURNED, user, comment)
