"""Reads for the steps of the review chain, where people act: the comment an assessment was
returned with, the ministry's reasons per criterion, and the certified (ministry) result. Each
is a fixed number of queries."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.utils import translation

from .models import Assessment, AuditEntry, Column
from .vocabulary import MINISTRY_START_REASON, MINISTRY_STARTS_FROM


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
