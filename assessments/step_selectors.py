"""Reads for the steps of the review chain, where people act: the comment an assessment was
returned with, the ministry's reasons per criterion, and the certified (ministry) result. Each
is a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from . import scoring
from .models import Assessment, AuditEntry, Column, ColumnResult, Rating
from .selectors import CatalogIndex, catalog_index, column_departments
from .vocabulary import MINISTRY_START_REASON, MINISTRY_STARTS_FROM

# The columns that may mark a criterion "không đánh giá" (not assessed), and the columns such a
# criterion is then scored from, the weightiest first (as the ministry's column starts).
NOT_ASSESSABLE_IN: dict[str, tuple[Column, ...]] = {
    Column.CONSULTANT: (Column.SELF,),
    Column.PROVINCE: (Column.CONSULTANT, Column.SELF),
}


def scored_levels(assessment: Assessment, column: str, index: CatalogIndex) -> dict[str, int]:
    """{criterion code: level} that ``column`` is scored on: its own levels, and for a criterion
    it marked not assessed, the level of the weightiest column before it that has one
    (``NOT_ASSESSABLE_IN``; none: the criterion scores 0, as one without data). One query."""
    earlier = NOT_ASSESSABLE_IN.get(column, ())
    rows = Rating.objects.filter(assessment=assessment, column__in=(column, *earlier)).values_list(
        "criterion_id", "column", "level", "not_assessed"
    )
    own: dict[int, int] = {}
    marked: set[int] = set()
    before: dict[int, dict[str, int]] = {}
    for criterion_id, rated_in, level, not_assessed in rows:
        if rated_in == column:
            if not_assessed:
                marked.add(criterion_id)
            elif level is not None:
                own[criterion_id] = level
        elif level is not None:
            before.setdefault(criterion_id, {})[rated_in] = level
    for criterion_id in marked:
        source = next((c for c in earlier if c in before.get(criterion_id, {})), None)
        if source is not None:
            own[criterion_id] = before[criterion_id][source]
    return {index.code_by_criterion_id[pk]: level for pk, level in own.items()}


def missing_criteria(assessment: Assessment, column: str) -> list[str]:
    """The criteria ``column`` has neither rated nor (a consultant or the province) marked not
    assessed, in catalog order. For a framework answered by department, the self column's
    "department: code" not answered (nor marked not relevant), or a department to list; the
    reviewer columns of such a framework are not checked here."""
    index = catalog_index(assessment.framework)
    if not scoring.takes_levels(index.snapshot):
        if column != Column.SELF:
            return []
        departments = column_departments(assessment, Column.SELF, index)
        if not departments:
            return [gettext("chưa có bộ phận nào")]
        return [
            f"{name}: {code}"
            for name, cells in departments.items()
            for code in index.snapshot.criterion_codes
            if code not in cells
        ]
    done = set(
        Rating.objects.filter(assessment=assessment, column=column)
        .filter(Q(level__isnull=False) | Q(not_assessed=True))
        .values_list("criterion_id", flat=True)
    )
    return [code for code, pk in index.criterion_id_by_code.items() if pk not in done]


def not_assessed_ratings(assessment: Assessment) -> dict[str, dict[str, str]]:
    """{criterion code: {column: reason}} of the criteria a column marked not assessed. One
    query."""
    rows = (
        Rating.objects.filter(assessment=assessment, not_assessed=True)
        .values_list("criterion__code", "column", "not_assessed_reason")
        .order_by("criterion__position")
    )
    marked: dict[str, dict[str, str]] = {}
    for code, column, reason in rows:
        marked.setdefault(code, {})[column] = reason
    return marked


def return_comment(assessment: Assessment) -> AuditEntry | None:
    """The step that returned the assessment to the enterprise (who, when, the comment), while
    it stands returned; None otherwise. One query."""
    if assessment.state != Assessment.State.RETURNED:
        return None
    return (
        AuditEntry.objects.filter(
            assessment=assessment,
            action=AuditEntry.Action.TRANSITION,
            to_state=Assessment.State.RETURNED,
        )
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def _start_reasons() -> Q:
    """The audit rows of the levels the ministry's column started from (not the ministry's own
    changes): their reason is the start's, in the site's language (services/transitions.py)."""
    with translation.override(settings.LANGUAGE_CODE):
        texts = [
            str(MINISTRY_START_REASON % {"column": Column(c).label}) for c in MINISTRY_STARTS_FROM
        ]
    condition = Q()
    for text in texts:
        condition |= Q(reason__endswith=text)
    return condition


def ministry_reasons(
    assessment: Assessment, *, criterion_id: int | None = None
) -> dict[str, AuditEntry]:
    """{criterion code: the latest change of that criterion's level by the ministry, with its
    reason} for the whole assessment or one criterion; the starting levels are not changes.
    One query."""
    only = {"criterion_id": criterion_id} if criterion_id else {}
    entries = (
        AuditEntry.objects.filter(
            assessment=assessment,
            action=AuditEntry.Action.RATING,
            column=Column.MINISTRY,
            criterion__isnull=False,
            **only,
        )
        .exclude(reason="", copied_from="")
        .exclude(_start_reasons())
        .select_related("criterion", "actor")
        .order_by("at", "pk")
    )
    latest = {entry.criterion.code: entry for entry in entries}  # type: ignore[union-attr]
    # Taking an earlier column's level back (services.rating_copy) leaves no change to explain.
    return {code: entry for code, entry in latest.items() if not entry.copied_from}


def certified_result(assessment: Assessment) -> dict[str, Any] | None:
    """The certified result — the ministry's column once the assessment is appraised: its
    total, overall level (with its name) and pillar levels; None before. Two queries."""
    if assessment.state != Assessment.State.APPRAISED:
        return None
    result = (
        ColumnResult.objects.filter(assessment=assessment, column=Column.MINISTRY)
        .prefetch_related("pillars__pillar")
        .first()
    )
    if result is None:
        return None
    names = catalog_index(assessment.framework).level_names()
    pillars = sorted(result.pillars.all(), key=lambda p: p.pillar.position)
    return {
        "total": result.total,
        "level": result.level,
        "level_name": names.get(result.level, ""),
        "method": assessment.framework.scoring_method,
        "period": assessment.period,
        "pillars": [
            {"code": p.pillar.code, "name": p.pillar.name, "level": p.level} for p in pillars
        ],
    }
