"""Reads of the inbox: a person's notifications and how many are unread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Notification

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# What the inbox shows of each kind of notification, fetched with it in one query.
INBOX_RELATED = (
    "event__actor",
    "assessment__enterprise",
    "engagement__enterprise",
    "engagement__consultant__user",
    "engagement__invited_by",
    "engagement__ended_by",
    "certificate__issued_by",
    "certificate__revoked_by",
)


def notifications_of(*, user: AbstractBaseUser) -> QuerySet[Notification]:
    """This person's notifications, newest first, with what the inbox shows of each."""
    return Notification.objects.filter(recipient_id=user.pk).select_related(*INBOX_RELATED)


def notifications_unread_count(*, user: AbstractBaseUser) -> int:
    """How many of this person's notifications are unread."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
