"""The large-enterprise index, answered by department (Decision 2158/QĐ-BTTTT, Appendix 2, 4.a):
the enterprise lists its departments, and each column gives every department and criterion the
percentage of its tasks completed, or marks it not relevant.

The list of departments belongs to the enterprise's own answer: it is changed by whoever may
write the self column now (a member, while the assessment is a draft or returned), under the
same lock and checks as a rating (``ratings.lock_for_column``). A cell is written by whoever may
write its column now, with the same optimistic version and audit trail as ``rating_save``, and
the column is rescored in the same transaction.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from dbi_portal.refusals import refuse
from enterprises.models import User

from .. import scoring
from ..errors import (
    BAD_PERCENT,
    DEPARTMENT_NAME_EMPTY,
    DEPARTMENT_NAME_TAKEN,
    DEPARTMENT_NAME_TOO_LONG,
    DEPARTMENT_NOT_FOUND,
    NOT_BY_DEPARTMENT,
    REASON_MISSING,
    STALE,
    UNKNOWN_CRITERION,
)
from ..models import Assessment, AuditEntry, Column, Department, DepartmentRating
from ..selectors import CatalogIndex, catalog_index
from ..workflow import REASON_REQUIRED
from .ratings import lock_for_column, write_column_result

NAME_MAX = Department._meta.get_field("name").max_length or 100


def _lock_by_department(*, assessment_id: int, column: str, user: User) -> Assessment:
    """``lock_for_column``, then refuse a framework not answered by department."""
    assessment = lock_for_column(assessment_id=assessment_id, column=column, user=user)
    if scoring.takes_levels(catalog_index(assessment.framework).snapshot):
        raise refuse(NOT_BY_DEPARTMENT)
    return assessment


def department_name(raw: str) -> str:
    """A department's name as stored: NFC (a name typed with combining accents is the same
    name), spaces trimmed and runs of spaces made one; refused when empty or too long."""
    name = " ".join(unicodedata.normalize("NFC", raw or "").split())
    if not name:
        raise refuse(DEPARTMENT_NAME_EMPTY)
    if len(name) > NAME_MAX:
        raise refuse(DEPARTMENT_NAME_TOO_LONG, DEPARTMENT_NAME_TOO_LONG.message % {"max": NAME_MAX})
    return name


def _refuse_if_taken(assessment: Assessment, name: str, *, other_than: int | None = None) -> None:
    """Names are unique per assessment, letter case aside ("Kế toán" and "kế toán" are one
    department to a reader)."""
    others = assessment.departments.all()
    if other_than is not None:
        others = others.exclude(pk=other_than)
    names = others.values_list("name", flat=True)
    taken = next((n for n in names if n.casefold() == name.casefold()), None)
    if taken is not None:  # named as it is listed
        raise refuse(DEPARTMENT_NAME_TAKEN, DEPARTMENT_NAME_TAKEN.message % {"name": taken})


def _department(assessment: Assessment, department_id: int) -> Department:
    department = assessment.departments.filter(pk=department_id).first()
    if department is None:
        raise refuse(DEPARTMENT_NOT_FOUND)
    return department


@transaction.atomic
def department_add(*, assessment_id: int, name: str, user: User) -> Department:
    """Add a department at the end of the list. Its cells start unanswered, so the self column
    is rescored (an unanswered criterion counts 0 %)."""
    assessment = _lock_by_department(assessment_id=assessment_id, column=Column.SELF, user=user)
    name = department_name(name)
    _refuse_if_taken(assessment, name)
    last = assessment.departments.order_by("-position").values_list("position", flat=True).first()
    department = Department.objects.create(
        assessment=assessment, name=name, position=(last or 0) + 1, created_by=user
    )
    write_column_result(assessment, Column.SELF, catalog_index(assessment.framework))
    return department


@transaction.atomic
def department_rename(
    *, assessment_id: int, department_id: int, name: str, user: User
) -> Department:
    """Rename a department (its answers stay)."""
    assessment = _lock_by_department(assessment_id=assessment_id, column=Column.SELF, user=user)
    department = _department(assessment, department_id)
    name = department_name(name)
    _refuse_if_taken(assessment, name, other_than=department.pk)
    if department.name != name:
        department.name = name
        department.save(update_fields=["name"])
    return department


@transaction.atomic
def department_remove(*, assessment_id: int, department_id: int, user: User) -> None:
    """Remove a department with its answers in every column, and rescore each column that had
    any (and the self column, whose average loses a department)."""
    assessment = _lock_by_department(assessment_id=assessment_id, column=Column.SELF, user=user)
    department = _department(assessment, department_id)
    columns = {Column.SELF, *department.ratings.values_list("column", flat=True).distinct()}
    department.delete()
    index = catalog_index(assessment.framework)
    for column in sorted(columns):
        write_column_result(assessment, column, index)


@dataclass(frozen=True)
class DepartmentSaveOutcome:
    rating: DepartmentRating | None  # None: the cell is unanswered again
    result: scoring.ScoreResult
    changed: bool  # the percent or its relevance changed (an audit row was written)


def _percent_text(rating: DepartmentRating | None) -> str:
    if rating is None:
        return gettext("chưa trả lời")
    if rating.percent is None:
        return gettext("không liên quan")
    return f"{rating.percent} %"


def _audit(
    assessment: Assessment,
    column: str,
    department: Department,
    criterion_id: int,
    old: DepartmentRating | None,
    new: DepartmentRating | None,
    reason: str,
    user: User,
) -> None:
    """The change in the trail: old and new percent (None for not relevant or unanswered) and,
    in words, the department and both values — the trail is kept in one language."""
    with translation.override(settings.LANGUAGE_CODE):
        said = gettext("Bộ phận %(name)s: %(old)s → %(new)s") % {
            "name": department.name,
            "old": _percent_text(old),
            "new": _percent_text(new),
        }
    AuditEntry.objects.create(
        assessment=assessment,
        action=AuditEntry.Action.RATING,
        column=column,
        criterion_id=criterion_id,
        old_level=old.percent if old else None,
        new_level=new.percent if new else None,
        reason=f"{said}. {reason.strip()}" if reason.strip() else said,
        actor=user,
    )


def _cell(
    assessment: Assessment,
    column: str,
    department_id: int,
    criterion_code: str,
    index: CatalogIndex,
) -> tuple[Department, int, DepartmentRating | None]:
    department = _department(assessment, department_id)
    criterion_id = index.criterion_id_by_code.get(criterion_code)
    if criterion_id is None:
        raise refuse(UNKNOWN_CRITERION)
    rating = DepartmentRating.objects.filter(
        department=department, column=column, criterion_id=criterion_id
    ).first()
    return department, criterion_id, rating


@transaction.atomic
def department_rating_save(
    *,
    assessment_id: int,
    column: str,
    department_id: int,
    criterion_code: str,
    percent: int | None,
    note: str = "",
    version: int,
    user: User,
    reason: str = "",
) -> DepartmentSaveOutcome:
    """Save one cell — a department's answer to a criterion in ``column`` — and rescore the
    column.

    ``percent`` is the share of the department's tasks done, a whole number from 0 to 100, or
    None when the criterion is not relevant to it (left out of its averages). ``version`` is the
    cell's version the user saw (0 for a cell never answered): if someone saved in between, the
    save is refused with STALE and nothing changes. As for ``rating_save``, the ministry column
    needs a ``reason`` for each change of value.
    """
    assessment = _lock_by_department(assessment_id=assessment_id, column=column, user=user)
    if percent is not None and (
        isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100
    ):
        raise refuse(BAD_PERCENT)
    index = catalog_index(assessment.framework)
    department, criterion_id, rating = _cell(
        assessment, column, department_id, criterion_code, index
    )
    if (rating.version if rating else 0) != version:
        raise refuse(STALE)
    changed = rating is None or rating.percent != percent
    if changed and column in REASON_REQUIRED and not reason.strip():
        raise refuse(REASON_MISSING)
    old = None
    if rating is not None:
        old = DepartmentRating(percent=rating.percent)
    now = timezone.now()
    if rating is None:
        rating = DepartmentRating.objects.create(
            assessment=assessment,
            department=department,
            column=column,
            criterion_id=criterion_id,
            percent=percent,
            note=note,
            rated_by=user,
            rated_at=now,
        )
    elif changed or rating.note != note:
        rating.percent, rating.note, rating.rated_by, rating.rated_at = percent, note, user, now
        rating.version += 1
        rating.save(update_fields=["percent", "note", "rated_by", "rated_at", "version"])
    if changed:
        _audit(assessment, column, department, criterion_id, old, rating, reason, user)
    result = write_column_result(assessment, column, index)
    return DepartmentSaveOutcome(rating=rating, result=result, changed=changed)


@transaction.atomic
def department_rating_clear(
    *,
    assessment_id: int,
    column: str,
    department_id: int,
    criterion_code: str,
    version: int,
    user: User,
    reason: str = "",
) -> DepartmentSaveOutcome:
    """Return one cell to unanswered (the user emptied it), with the checks and trail of
    ``department_rating_save``; a cell already unanswered stays so."""
    assessment = _lock_by_department(assessment_id=assessment_id, column=column, user=user)
    index = catalog_index(assessment.framework)
    department, criterion_id, rating = _cell(
        assessment, column, department_id, criterion_code, index
    )
    if (rating.version if rating else 0) != version:
        raise refuse(STALE)
    changed = rating is not None
    if changed and column in REASON_REQUIRED and not reason.strip():
        raise refuse(REASON_MISSING)
    if rating is not None:
        rating.delete()
        _audit(assessment, column, department, criterion_id, rating, None, reason, user)
    result = write_column_result(assessment, column, index)
    return DepartmentSaveOutcome(rating=None, result=result, changed=changed)
