"""Saving one criterion as a client sends it whole (the API): the figures of a question asked as
figures first, then its level — from the answer picked, from the figures, or set directly by a
reviewer with a note — in one transaction, under the version the client read."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from dbi_portal.refusals import refuse
from enterprises.models import User

from ..errors import STALE
from ..models import Rating
from .figures import figures_save
from .ratings import SaveOutcome, lock_for_column, rating_save


def _stored_version(assessment_id: int, column: str, criterion_code: str) -> int:
    rating = (
        Rating.objects.filter(
            assessment_id=assessment_id, column=column, criterion__code=criterion_code
        )
        .only("version")
        .first()
    )
    return rating.version if rating else 0


@transaction.atomic
def criterion_answer_save(
    *,
    assessment_id: int,
    column: str,
    criterion_code: str,
    user: User,
    level: int | None = None,
    option: int | None = None,
    figures: Mapping[str, int | None] | None = None,
    note: str = "",
    reason: str = "",
    expected_version: int = 0,
    not_assessed: bool = False,
    not_assessed_reason: str = "",
) -> SaveOutcome:
    """Save ``figures`` ({key: whole number ≥ 0, or None to clear}; ``services.figures_save``)
        when given, then the criterion's level (``services.rating_save``: the answer at position
        ``option``, or the first answer of ``level``; for a question asked as figures, the level
        its figures give, or a reviewer's direct ``level`` with a ``note``; or, ``not_assessed``,
    none, with ``not_assessed_reason``). Refused as a whole:
        STALE when the criterion changed since ``expected_version``, before anything is saved."""
    if figures:
        lock_for_column(assessment_id=assessment_id, column=column, user=user)
        if _stored_version(assessment_id, column, criterion_code) != expected_version:
            raise refuse(STALE)
        figures_save(
            assessment_id=assessment_id, column=column, values=figures, user=user, reason=reason
        )
        # Saving the figures has just moved the criterion's version on (when they re-levelled
        # it); the level is saved over that version, the client's having been checked above.
        expected_version = _stored_version(assessment_id, column, criterion_code)
    return rating_save(
        assessment_id=assessment_id,
        column=column,
        criterion_code=criterion_code,
        level=level,
        option=option,
        note=note,
        reason=reason,
        user=user,
        expected_version=expected_version,
        not_assessed=not_assessed,
        not_assessed_reason=not_assessed_reason,
    )
