"""Celery application; configuration comes from Django settings (CELERY_* names).

Every task of the portal (``@shared_task`` or ``@app.task``) is a ``TransactionAwareTask``: queued
inside a transaction, it is written to the outbox in that transaction and sent when it commits,
never if it rolls back. So a service that writes a row and queues the work on it cannot send a
task that finds no row, a broker that is down at the commit loses nothing (the relay sends it
later), and no call site has to remember ``transaction.on_commit``.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery
from celery.contrib.django.task import DjangoTask
from celery.result import AsyncResult
from celery.utils import uuid
from django.db import DEFAULT_DB_ALIAS, transaction
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a send raises when Redis (broker or result backend) cannot be reached.
BROKER_ERRORS = (BrokerUnavailable, RedisError, OSError)

# The retries of a task whose database or storage is away: waits doubling from 1 s up to 5 min,
# 12 of them, outlast an outage of 23 minutes (past that, the job says it failed).
# No jitter, so that the span is sure, not likely.
DURABLE_RETRIES: dict[str, Any] = {
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": False,
    "max_retries": 12,
}

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")


def in_transaction(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the code runs inside an ``atomic`` block of its own. The blocks a test case opens
    around each test (``TestCase``, pytest-django's ``db``) do not count: they are never
    committed, and a task queued outside any block of the code's own is sent at once there too."""
    connection = transaction.get_connection(using)
    return any(not block._from_testcase for block in connection.atomic_blocks)


class TransactionAwareTask(DjangoTask):
    """A task whose ``apply_async`` (hence ``delay`` and a signature's ``delay``) is durable:
    called inside a transaction, it writes the message to the outbox (``dbi_portal.outbox``) in
    that transaction and sends it when it commits, never if it rolls back; a broker that cannot
    take it then leaves the row for the relay (beat, every 30 s), and the user's action has
    succeeded all the same. Outside a transaction it sends at once, and parks the message in the
    outbox if the broker is down. With Celery eager (tests, development without Redis) it runs
    on the commit, as pretix's task of the same name does. A task that must be sent at once even
    inside a transaction (the health check's ping, whose answer the request waits for) says
    ``after_commit=False`` in its decorator."""

    abstract = True
    after_commit: bool = True

    def apply_async(
        self,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        task_id: str | None = None,
        *rest: Any,
        **options: Any,
    ) -> AsyncResult:
        """Record and send, or send now. The result's id is fixed either way, so a deferred
        call can still be followed; it is empty until the task has run."""
        if not self.after_commit or rest:
            return super().apply_async(args, kwargs, task_id, *rest, **options)
        task_id = task_id or uuid()
        send = super().apply_async
        if self.app.conf.task_always_eager:
            if in_transaction():
                transaction.on_commit(lambda: send(args, kwargs, task_id, **options))
                return self.AsyncResult(task_id)
            return send(args, kwargs, task_id, **options)

        from .outbox.services import jsonable, outbox_record, outbox_send

        durable = jsonable([args or [], kwargs or {}, options])
        if durable and in_transaction():
            pending = outbox_record(
                task_id=task_id, name=self.name, args=args, kwargs=kwargs, options=options
            )
            transaction.on_commit(lambda: outbox_send(app=self.app, pending_id=pending.pk))
            return self.AsyncResult(task_id)
        try:
            return send(args, kwargs, task_id, **options)
        except BROKER_ERRORS as error:
            if not durable:
                raise
            outbox_record(
                task_id=task_id, name=self.name, args=args, kwargs=kwargs, options=options
            )
            logger.warning("task %s %s parked in the outbox: %s", self.name, task_id, error)
            return self.AsyncResult(task_id)


app = Celery("dbi_portal", task_cls=TransactionAwareTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="dbi_portal.ping", after_commit=False)
def ping() -> str:
    """Round trip through the broker and the result backend, for the health check."""
    return "pong"
