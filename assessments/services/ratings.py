"""Saving a rating: check who and when, keep the old value in the audit trail, refuse stale
writes, and rewrite the column's result from the scoring module in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dbi_portal.refusals import refuse
from enterprises.models import User

from .. import scoring
from ..column_results import (
    DASHBOARD_FIELDS,
    enterprise_columns,
    is_counted,
    is_reference_when_written,
    pillar_columns,
)
from ..errors import (
    BAD_LEVEL,
    COLUMN_CLOSED,
    FIGURES_ONLY,
    NOT_ASSESSED_NOT_HERE,
    NOT_ASSESSED_REASON_MISSING,
    NOT_YOUR_COLUMN,
    NOTE_FOR_DIRECT_LEVEL,
    NOTHING_TO_COPY,
    REASON_MISSING,
    STALE,
)
from ..models import (
    Assessment,
    AuditEntry,
    Column,
    ColumnResult,
    PillarResult,
    QuestionKind,
    QuestionOption,
    Rating,
    RatingBasis,
    SubIndexResult,
)
from ..selectors import (
    CatalogIndex,
    Questionnaire,
    catalog_index,
    column_departments,
    column_figures,
    columns_beside,
    previous_column,
    question_level,
    questionnaire_of,
)
from ..step_selectors import NOT_ASSESSABLE_IN, missing_criteria, scored_levels
from ..workflow import EDITABLE_IN, REASON_REQUIRED, holds_column_role, refuse_if_not_independent
from .locking import assessment_lock


def lock_for_column(*, assessment_id: int, column: str, user: User) -> Assessment:
    """Lock the assessment (serializing writes to it, so a result always matches its ratings)
    and its enterprise (so the place, sector and size its result carries for the dashboards are
    the committed ones: a profile change waits, or is waited for) and check that ``user`` may
    write ``column`` now: holds its role, is independent of the enterprise for a reviewer column
    (``member_conflict`` otherwise), and the state has it open; refuse otherwise."""
    assessment = assessment_lock(assessment_id=assessment_id)
    if not holds_column_role(user, assessment, column):
        raise refuse(NOT_YOUR_COLUMN)
    refuse_if_not_independent(user, assessment, column)
    if assessment.state not in EDITABLE_IN[column]:
        raise refuse(COLUMN_CLOSED)
    return assessment


@dataclass(frozen=True)
class SaveOutcome:
    rating: Rating
    result: scoring.ScoreResult
    changed: bool


# What a rewrite of a column result sets besides its identity (assessment, column).
RESULT_FIELDS = [
    "total",
    "level",
    "answered",
    *DASHBOARD_FIELDS,
    "updated_at",
]


def write_column_result(
    assessment: Assessment, column: str, index: CatalogIndex
) -> scoring.ScoreResult:
    """Score the column from its stored ratings and persist the result (constant queries; one
    more when ``assessment.enterprise`` is not loaded yet). The caller holds the lock on the
    assessment and, to be sure of the enterprise's fields, on the enterprise."""
    if scoring.takes_levels(index.snapshot):
        # A criterion the column marked not assessed scores at the earlier columns' level.
        levels = scored_levels(assessment, column, index)
        result = scoring.score(index.snapshot, levels)
        answered = len(levels)
    else:
        departments = column_departments(assessment, column, index)
        result = scoring.score_departments(index.snapshot, departments)
        answered = sum(len(cells) for cells in departments.values())
    by_code = {p.code: p.level for p in result.pillars}
    pillar_levels = [by_code[p.code] for p in index.pillars]  # in the catalog's order
    # One upsert statement (it sets the pk on PostgreSQL and SQLite) instead of a savepoint,
    # a select and an update: this is the hot path of every autosave.
    (column_result,) = ColumnResult.objects.bulk_create(
        [
            ColumnResult(
                assessment=assessment,
                column=column,
                total=result.total,
                level=result.level,
                answered=answered,
                # Denormalized for the dashboards (column_results.py).
                is_reference=is_reference_when_written(assessment.state, column, answered),
                counted=is_counted(assessment.state, answered),
                framework_id=assessment.framework_id,
                period=assessment.period,
                **enterprise_columns(assessment.enterprise),
                **pillar_columns(pillar_levels),
            )
        ],
        update_conflicts=True,
        unique_fields=["assessment", "column"],
        update_fields=RESULT_FIELDS,
    )
    PillarResult.objects.bulk_create(
        [
            PillarResult(
                result=column_result,
                pillar_id=index.pillar_id_by_code[p.code],
                points=p.points,
                level=p.level,
            )
            for p in result.pillars
        ],
        update_conflicts=True,
        unique_fields=["result", "pillar"],
        update_fields=["points", "level"],
    )
    SubIndexResult.objects.bulk_create(
        [
            SubIndexResult(
                result=column_result,
                sub_index_id=index.sub_index_id_by_code[s.code],
                points=s.points,
            )
            for s in result.sub_indices
        ],
        update_conflicts=True,
        unique_fields=["result", "sub_index"],
        update_fields=["points"],
    )
    return result


@dataclass(frozen=True)
class _Answer:
    level: int | None
    basis: str
    option: QuestionOption | None


def _answer(
    asked: Questionnaire,
    code: str,
    *,
    column: str,
    level: int | None,
    option: int | None,
    note: str,
    figure_level: int | None,
) -> _Answer:
    """What the cell is set to. An answered question takes the level of the answer picked
    (``option``, its position; or the first answer of ``level``, as the API sends it). A
    question asked as figures takes its level from them (``figure_level``) — unless a reviewer
    sets the level directly, with a note saying why."""
    question = asked.questions.get(code)
    if question is None:
        raise refuse(BAD_LEVEL)
    if question.kind == QuestionKind.FIGURES:
        if level is None and option is None:
            return _Answer(figure_level, RatingBasis.FIGURES, None)
        if column == Column.SELF or option is not None:
            raise refuse(FIGURES_ONLY)
        if not note.strip():
            raise refuse(NOTE_FOR_DIRECT_LEVEL)
        return _Answer(level, RatingBasis.DIRECT, None)
    options = list(question.options.all())
    if option is not None:
        chosen = next((o for o in options if o.position == option), None)
    elif level is not None:
        chosen = next((o for o in options if o.level == level), None)
    else:
        return _Answer(None, RatingBasis.ANSWER, None)
    if chosen is None:
        raise refuse(BAD_LEVEL)
    return _Answer(chosen.level, RatingBasis.ANSWER, chosen)


@transaction.atomic
def rating_save(
    *,
    assessment_id: int,
    column: str,
    criterion_code: str,
    level: int | None,
    user: User,
    option: int | None = None,
    note: str = "",
    reason: str = "",
    expected_version: int = 0,
    copied_from: str = "",
    not_assessed: bool = False,
    not_assessed_reason: str = "",
) -> SaveOutcome:
    """Save one cell of the four-column table and rescore that column.

    With ``not_assessed`` a consultant or the province leaves the criterion out on purpose,
    saying why in ``not_assessed_reason`` (refused without one, or in another column): the cell
    loses its level, and the column scores it at the earlier columns' (``scored_levels``).

    ``expected_version`` is the version the user saw (0 for a cell never rated): if someone saved
    in between, the save is refused with STALE and nothing changes. The cell takes the answer
    at position ``option`` of the criterion's question, or else the first answer of ``level``;
    neither clears it (or, for a question asked as figures, returns it to the level its figures
    give: ``services.figures_save`` enters them). The ministry column needs a ``reason`` for
    each change of level. ``copied_from`` is for ``rating_copy`` only (which checked that the
    level is that earlier column's): the audit row says so, and the ministry needs no reason to
    come back to the earlier columns' level.
    """
    assessment = lock_for_column(assessment_id=assessment_id, column=column, user=user)
    index = catalog_index(assessment.framework)
    if level is not None:
        try:
            scoring.check_levels(index.snapshot, {criterion_code: level})
        except scoring.LevelsError as error:
            raise refuse(BAD_LEVEL) from error
    criterion_id = index.criterion_id_by_code.get(criterion_code)
    if criterion_id is None:
        raise refuse(BAD_LEVEL)
    rating = Rating.objects.filter(
        assessment=assessment, column=column, criterion_id=criterion_id
    ).first()
    if (rating.version if rating else 0) != expected_version:
        raise refuse(STALE)
    if not_assessed:
        if column not in NOT_ASSESSABLE_IN:
            raise refuse(NOT_ASSESSED_NOT_HERE)
        if not not_assessed_reason.strip():
            raise refuse(NOT_ASSESSED_REASON_MISSING)
        level = option = None
    marked_reason = not_assessed_reason.strip() if not_assessed else ""
    asked = questionnaire_of(assessment)
    figure_level = None
    if not_assessed:
        pass
    elif asked.questions[criterion_code].kind == QuestionKind.FIGURES and level is None:
        computation = question_level(
            asked.questions[criterion_code], column_figures(assessment, column), asked
        )
        figure_level = computation.level if computation else None
    answer = (
        _Answer(None, RatingBasis.ANSWER, None)
        if not_assessed
        else _answer(
            asked,
            criterion_code,
            column=column,
            level=level,
            option=option,
            note=note,
            figure_level=figure_level,
        )
    )
    level = answer.level
    option_id = answer.option.pk if answer.option else None
    old_level = rating.level if rating else None
    changed = old_level != level
    was_marked = rating.not_assessed_reason if rating and rating.not_assessed else ""
    marking_changed = was_marked != marked_reason
    answer_changed = (
        changed or marking_changed or (rating is not None and rating.option_id != option_id)
    )
    if changed and column in REASON_REQUIRED and not reason.strip() and not copied_from:
        raise refuse(REASON_MISSING)
    now = timezone.now()
    if rating is None:
        rating = Rating.objects.create(
            assessment=assessment,
            column=column,
            criterion_id=criterion_id,
            level=level,
            basis=answer.basis,
            option_id=option_id,
            note=note,
            not_assessed=not_assessed,
            not_assessed_reason=marked_reason,
            rated_by=user,
            rated_at=now,
        )
    elif answer_changed or rating.note != note or rating.basis != answer.basis:
        rating.level, rating.note, rating.rated_by, rating.rated_at = level, note, user, now
        rating.basis, rating.option_id = answer.basis, option_id
        rating.not_assessed, rating.not_assessed_reason = not_assessed, marked_reason
        rating.version += 1
        rating.save(
            update_fields=[
                "level",
                "basis",
                "option",
                "note",
                "not_assessed",
                "not_assessed_reason",
                "rated_by",
                "rated_at",
                "version",
            ]
        )
    if changed or marking_changed:
        AuditEntry.objects.create(
            assessment=assessment,
            action=AuditEntry.Action.RATING,
            column=column,
            criterion_id=criterion_id,
            old_level=old_level,
            new_level=level,
            reason=_not_assessed_trail(marked_reason) if marked_reason else reason.strip(),
            copied_from=copied_from,
            actor=user,
        )
    return SaveOutcome(
        rating=rating,
        result=write_column_result(assessment, column, index),
        changed=changed or marking_changed,
    )


COPIED_NOTE = _("Mức lấy từ cột %(column)s")


@transaction.atomic
def rating_copy(
    *,
    assessment_id: int,
    column: str,
    criterion_code: str,
    user: User,
    expected_version: int,
    note: str | None = None,
    reason: str = "",
) -> SaveOutcome:
    """Set a reviewer's cell to the level (the same answer) of the previous column — the nearest
    earlier one with a level of the criterion — as one deliberate step the audit trail records
    as a copy. Everything ``rating_save`` checks holds (role, independence, open column, version).
    The ministry needs no reason for it: its column starts at the earlier columns' level and only
    a departure from them needs one (a reason typed is kept). ``note``: the cell's note as the
    user has it (None keeps the stored one). A question asked as figures takes the level directly
    (as a reviewer may set it), its note saying where it came from when the user wrote none."""
    assessment = lock_for_column(assessment_id=assessment_id, column=column, user=user)
    index = catalog_index(assessment.framework)
    criterion_id = index.criterion_id_by_code.get(criterion_code)
    if criterion_id is None:
        raise refuse(BAD_LEVEL)
    figures = questionnaire_of(assessment).questions[criterion_code].kind == QuestionKind.FIGURES
    rows = Rating.objects.filter(
        assessment=assessment,
        criterion_id=criterion_id,
        column__in=[*columns_beside(column), column],
    ).values_list("column", "level", "option__position", "note")
    by_column = {c: (level, position, stored_note) for c, level, position, stored_note in rows}
    source = previous_column({c: v[0] for c, v in by_column.items()}, column)
    if source is None:
        raise refuse(NOTHING_TO_COPY)
    level, position, _note = by_column[source]
    if note is None:
        note = by_column[column][2] if column in by_column else ""
    if figures and not note.strip():
        with translation.override(settings.LANGUAGE_CODE):  # notes are kept in one language
            note = str(COPIED_NOTE % {"column": Column(source).label})
    return rating_save(
        assessment_id=assessment.pk,
        column=column,
        criterion_code=criterion_code,
        level=level if figures or position is None else None,
        option=None if figures else position,
        note=note,
        reason=reason,
        user=user,
        expected_version=expected_version,
        copied_from=source,
    )


def _not_assessed_trail(reason: str) -> str:
    """What the audit trail says of a criterion marked not assessed (in the site's language,
    as the rest of the trail)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Không đánh giá: %(reason)s") % {"reason": reason}


@transaction.atomic
def ratings_mark_not_assessed(
    *, assessment_id: int, column: str, codes: list[str], reason: str, user: User
) -> list[str]:
    """Mark each of ``codes`` that ``column`` has not answered yet "không đánh giá", with one
    ``reason`` (the step's confirmation page offers it for the criteria still missing); the
    criteria marked, in catalog order. Answered criteria are left as they are."""
    assessment = lock_for_column(assessment_id=assessment_id, column=column, user=user)
    if column not in NOT_ASSESSABLE_IN:
        raise refuse(NOT_ASSESSED_NOT_HERE)
    if not reason.strip():
        raise refuse(NOT_ASSESSED_REASON_MISSING)
    index = catalog_index(assessment.framework)
    wanted = set(codes)
    marked = [code for code in missing_criteria(assessment, column) if code in wanted]
    ids = [index.criterion_id_by_code[code] for code in marked]
    existing = {
        r.criterion_id: r
        for r in Rating.objects.filter(assessment=assessment, column=column, criterion_id__in=ids)
    }
    now, text = timezone.now(), reason.strip()
    updated = []
    for rating in existing.values():
        rating.not_assessed, rating.not_assessed_reason = True, text
        rating.basis, rating.option_id = RatingBasis.ANSWER, None
        rating.rated_by, rating.rated_at, rating.version = user, now, rating.version + 1
        updated.append(rating)
    Rating.objects.bulk_update(
        updated,
        [
            "not_assessed",
            "not_assessed_reason",
            "basis",
            "option",
            "rated_by",
            "rated_at",
            "version",
        ],
    )
    Rating.objects.bulk_create(
        [
            Rating(
                assessment=assessment,
                column=column,
                criterion_id=pk,
                level=None,
                not_assessed=True,
                not_assessed_reason=text,
                rated_by=user,
                rated_at=now,
            )
            for pk in ids
            if pk not in existing
        ]
    )
    trail = _not_assessed_trail(text)
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                assessment=assessment,
                action=AuditEntry.Action.RATING,
                column=column,
                criterion_id=pk,
                old_level=None,
                new_level=None,
                reason=trail,
                actor=user,
            )
            for pk in ids
        ]
    )
    write_column_result(assessment, column, index)
    return marked
