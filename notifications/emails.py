"""Compose the portal's emails from templates and queue them (the task waits for the commit)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from .tasks import send_email_task


def email_queue(*, to: str, template: str, context: dict[str, Any]) -> None:
    """Render ``emails/<template>_subject.txt`` and ``_body.txt`` and send them, after the commit
    when called inside a transaction (``dbi_portal.celery.TransactionAwareTask``)."""
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}_body.txt", context)
    send_email_task.delay(to=to, subject=subject, body=body)
