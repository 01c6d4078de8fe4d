"""Writing and relaying the outbox. A message may reach the broker twice (sent, then the row's
deletion lost with a crash): every task of the portal is idempotent, so that is harmless; a
message is never lost once its transaction committed."""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import PendingTask

logger = logging.getLogger(__name__)

# The commit sends at once; the relay leaves younger rows to it, so both do not send one row.
RELAY_GRACE = datetime.timedelta(seconds=10)
RELAY_BATCH = 500


def jsonable(value: Any) -> bool:
    """Whether ``value`` survives the trip through a JSON column unchanged (Celery's messages
    are JSON here, so a task's arguments always are; send options may not be)."""
    try:
        return bool(json.loads(json.dumps(value)) == value)
    except (TypeError, ValueError):
        return False


def outbox_record(
    *, task_id: str, name: str, args: Any, kwargs: Any, options: dict[str, Any]
) -> PendingTask:
    """Write the task's message as a row of the running transaction (or on its own, outside
    one)."""
    return PendingTask.objects.create(
        task_id=task_id,
        name=name,
        args=list(args or ()),
        kwargs=dict(kwargs or {}),
        options=options,
    )


def _publish(app: Any, pending: PendingTask) -> None:
    app.send_task(
        pending.name,
        args=pending.args,
        kwargs=pending.kwargs,
        task_id=pending.task_id,
        **pending.options,
    )


def outbox_send(*, app: Any, pending_id: int) -> bool:
    """Send one recorded message and delete its row; False (logged, row kept for the relay)
    when the broker cannot take it, or the relay has it already. Never raises: it runs after
    the commit, when the user's action has succeeded whatever the broker does."""
    try:
        with transaction.atomic():
            pending = (
                PendingTask.objects.select_for_update(skip_locked=True)
                .filter(pk=pending_id)
                .first()
            )
            if pending is None:
                return False
            _publish(app, pending)
            pending.delete()
        return True
    except Exception as error:  # the broker, the result backend or the database: all retried
        logger.warning("task %s stays in the outbox: %s", pending_id, error)
        return False


def outbox_relay(*, app: Any, grace: datetime.timedelta = RELAY_GRACE) -> int:
    """Send what the commits could not (broker down, process killed), oldest first, stopping
    at the first failure (the broker is still down: the next run goes on). Returns how many
    were sent. Relays on several servers share the rows (``SKIP LOCKED`` on PostgreSQL)."""
    sent = 0
    with transaction.atomic():
        due = PendingTask.objects.select_for_update(skip_locked=True).filter(
            created_at__lte=timezone.now() - grace
        )
        for pending in due[:RELAY_BATCH]:
            try:
                _publish(app, pending)
            except Exception as error:
                PendingTask.objects.filter(pk=pending.pk).update(
                    attempts=pending.attempts + 1, last_error=str(error)[:2000]
                )
                logger.warning("outbox relay stopped after %s sent: %s", sent, error)
                break
            pending.delete()
            sent += 1
    return sent
