"""Saving figures: a column's amounts and counts, and the levels of the criteria they feed.

A criterion asked as figures takes its level from its numerator and denominator through its
version's thresholds (``assessments.figures``); a shared denominator (total staff, revenue) is
entered once and feeds every criterion that divides by it. Saving figures rewrites those levels
and the column's result in the same transaction, with an audit entry per level changed."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dbi_portal.refusals import refuse
from enterprises.models import User

from .. import figures as arithmetic
from .. import scoring
from ..errors import (
    BAD_FIGURE,
    NUMERATOR_ABOVE_DENOMINATOR,
    REASON_MISSING,
    UNKNOWN_FIGURE,
)
from ..figure_texts import computation_text
from ..models import Assessment, AuditEntry, Figure, Question, Rating, RatingBasis
from ..selectors import (
    Questionnaire,
    catalog_index,
    column_figures,
    question_level,
    questionnaire_of,
)
from ..workflow import REASON_REQUIRED
from .ratings import lock_for_column, write_column_result


@dataclass(frozen=True)
class FiguresOutcome:
    result: scoring.ScoreResult


def _checked_values(asked: Questionnaire, values: Mapping[str, object]) -> dict[str, int | None]:
    keys = {f.key for f in asked.figures}
    checked: dict[str, int | None] = {}
    for key, value in values.items():
        if key not in keys:
            raise refuse(UNKNOWN_FIGURE, figures={key: [str(UNKNOWN_FIGURE.message)]})
        if value is None or value == "":
            checked[key] = None
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse(BAD_FIGURE, figures={key: [str(BAD_FIGURE.message)]})
        if arithmetic.figures_problem(value, None):
            raise refuse(BAD_FIGURE, figures={key: [str(BAD_FIGURE.message)]})
        checked[key] = value
    return checked


@transaction.atomic
def figures_save(
    *,
    assessment_id: int,
    column: str,
    values: Mapping[str, object],
    user: User,
    reason: str = "",
) -> FiguresOutcome:
    """Save figures of ``column`` ({key: whole number ≥ 0, or None to clear}) and re-level every
    criterion that uses one of them; refused as a whole (nothing saved) when a figure is not a
    whole number ≥ 0, or a numerator would exceed its denominator. A level a reviewer set
    directly stays, unless that criterion's own figures change. The ministry needs a
    ``reason`` when a level changes."""
    assessment = lock_for_column(assessment_id=assessment_id, column=column, user=user)
    asked = questionnaire_of(assessment)
    checked = _checked_values(asked, values)
    stored = column_figures(assessment, column)
    merged = {**stored, **checked}
    after = {k: v for k, v in merged.items() if v is not None}
    changed_keys = {k for k, v in checked.items() if stored.get(k) != v}
    index = catalog_index(assessment.framework)
    ratings = {
        r.criterion_id: r
        for r in Rating.objects.filter(
            assessment=assessment,
            column=column,
            criterion_id__in=[q.criterion_id for q in asked.figure_questions()],
        )
    }
    updates: list[tuple[Question, Rating | None, int | None, str]] = []
    for question in asked.figure_questions():
        assert question.numerator is not None
        assert question.denominator is not None
        terms = {question.numerator.key, question.denominator.key}
        if not terms & changed_keys:
            continue
        rating = ratings.get(question.criterion_id)
        own = {question.numerator.key} | (
            set() if question.denominator.shared else {question.denominator.key}
        )
        if rating and rating.basis == RatingBasis.DIRECT and not own & changed_keys:
            continue
        numerator = after.get(question.numerator.key)
        denominator = after.get(question.denominator.key)
        problem = arithmetic.figures_problem(numerator, denominator)
        if problem == arithmetic.FiguresProblem.NUMERATOR_ABOVE_DENOMINATOR:
            message = NUMERATOR_ABOVE_DENOMINATOR.message % {
                "code": question.criterion.code,
                "numerator": question.numerator.label,
                "denominator": question.denominator.label,
            }
            raise refuse(
                NUMERATOR_ABOVE_DENOMINATOR,
                message,
                figures={question.numerator.key: [message]},
            )
        computation = question_level(question, after, asked)
        level = computation.level if computation else None
        if rating is None and level is None:
            continue  # a criterion still waiting for its numerator: nothing to record yet
        updates.append((question, rating, level, computation_text(computation)))
    changed_levels = [u for u in updates if (u[1].level if u[1] else None) != u[2]]
    if changed_levels and column in REASON_REQUIRED and not reason.strip():
        raise refuse(REASON_MISSING)
    now = timezone.now()
    _write_figures(assessment, column, asked, checked, stored, user, now)
    for question, rating, level, text in updates:
        old_level = rating.level if rating else None
        if rating is None:
            rating = Rating.objects.create(
                assessment=assessment,
                column=column,
                criterion_id=question.criterion_id,
                level=level,
                basis=RatingBasis.FIGURES,
                rated_by=user,
                rated_at=now,
            )
        else:
            rating.level, rating.basis, rating.rated_by, rating.rated_at = (
                level,
                RatingBasis.FIGURES,
                user,
                now,
            )
            rating.version += 1
            rating.save(update_fields=["level", "basis", "rated_by", "rated_at", "version"])
        if old_level != level:
            AuditEntry.objects.create(
                assessment=assessment,
                action=AuditEntry.Action.RATING,
                column=column,
                criterion_id=question.criterion_id,
                old_level=old_level,
                new_level=level,
                reason="; ".join(p for p in (text, reason.strip()) if p),
                actor=user,
            )
    return FiguresOutcome(
        result=write_column_result(assessment, column, index),
    )


def _write_figures(
    assessment: Assessment,
    column: str,
    asked: Questionnaire,
    checked: Mapping[str, int | None],
    stored: Mapping[str, int],
    user: User,
    now: datetime.datetime,
) -> None:
    fields = {f.key: f for f in asked.figures}
    cleared = [k for k, v in checked.items() if v is None and k in stored]
    if cleared:
        Figure.objects.filter(assessment=assessment, column=column, field__key__in=cleared).delete()
    Figure.objects.bulk_create(
        [
            Figure(
                assessment=assessment,
                column=column,
                field=fields[key],
                value=value,
                entered_by=user,
                entered_at=now,
            )
            for key, value in checked.items()
            if value is not None and stored.get(key) != value
        ],
        update_conflicts=True,
        unique_fields=["assessment", "column", "field"],
        update_fields=["value", "entered_by", "entered_at"],
    )
