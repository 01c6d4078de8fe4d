"""Celery application; configuration comes from Django settings (CELERY_* names).

Every task of the portal (``@shared_task`` or ``@app.task``) is a ``TransactionAwareTask``: queued
inside a transaction, it is sent when that transaction commits, and never if it rolls back. So a
service that writes a row and queues the work on it cannot send a task that finds no row, and no
call site has to remember ``transaction.on_commit``.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.contrib.django.task import DjangoTask
from celery.result import AsyncResult
from celery.utils import uuid
from django.db import DEFAULT_DB_ALIAS, transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")


def in_transaction(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the code runs inside an ``atomic`` block of its own. The blocks a test case opens
    around each test (``TestCase``, pytest-django's ``db``) do not count: they are never
    committed, and a task queued outside any block of the code's own is sent at once there too."""
    connection = transaction.get_connection(using)
    return any(not block._from_testcase for block in connection.atomic_blocks)


class TransactionAwareTask(DjangoTask):
    """A task whose ``apply_async`` (hence ``delay`` and a signature's ``delay``) waits for the
    commit when called inside a transaction (``transaction.on_commit``), as pretix's task of the
    same name does; outside one it sends at once. A task that must be sent at once even inside a
    transaction (the health check's ping, whose answer the request waits for) says
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
        """Send now, or on the commit of the running transaction. The result's id is fixed
        either way, so a deferred call can still be followed; it is empty until it is sent."""
        if not self.after_commit or not in_transaction():
            return super().apply_async(args, kwargs, task_id, *rest, **options)
        task_id = task_id or uuid()
        send = super().apply_async
        transaction.on_commit(lambda: send(args, kwargs, task_id, *rest, **options))
        return self.AsyncResult(task_id)


app = Celery("dbi_portal", task_cls=TransactionAwareTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="dbi_portal.ping", after_commit=False)
def ping() -> str:
    """Round trip through the broker and the result backend, for the health check."""
    return "pong"
