"""Writes of the inbox: entries made once per person and step, and marked read.

Who is told about what is decided by the app that owns the step (assessments for the review
chain, enterprises for engagements, certification for certificates); this module only stores."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from .models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


def notifications_create(
    *,
    recipient_ids: Iterable[int],
    kind: str,
    assessment_id: int | None = None,
    event_id: int | None = None,
    engagement_id: int | None = None,
    certificate_id: int | None = None,
) -> list[Notification]:
    """Add the inbox entry about one step (``kind`` of the event, engagement or certificate) for
    each of these people who does not have it yet; returns the new entries, in the order of
    ``recipient_ids`` (none when run again, so a retried task tells nobody twice). The caller
    locks the thing the step is about when two runs could race."""
    about = {
        "assessment_id": assessment_id,
        "event_id": event_id,
        "engagement_id": engagement_id,
        "certificate_id": certificate_id,
    }
    given = {key: value for key, value in about.items() if value is not None}
    # The step: the thing itself (the event, the engagement or the certificate) and its kind;
    # a certificate's assessment only makes the link.
    same_step = {key: value for key, value in given.items() if key != "assessment_id"}
    already = set(
        Notification.objects.filter(kind=kind, **same_step).values_list("recipient_id", flat=True)
    )
    new = [
        Notification(recipient_id=uid, kind=kind, **given)
        for uid in dict.fromkeys(recipient_ids)
        if uid not in already
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return new


def notifications_mark_read(*, user: AbstractBaseUser, ids: list[int] | None = None) -> int:
    """Mark this person's unread notifications read (only those in ``ids`` when given; ids of
    other people's notifications change nothing); returns how many changed."""
    unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
