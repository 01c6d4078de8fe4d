"""Celery tasks of the assessments app: thin, take ids, retried on transient failures."""

from celery import shared_task
from django.db import OperationalError

from dbi_portal.celery import DURABLE_RETRIES


@shared_task(
    autoretry_for=(OperationalError,),
    **DURABLE_RETRIES,
)
def transition_notify_task(*, audit_entry_id: int) -> int:
    """Tell the people concerned about a step of an assessment's review chain."""
    from django.conf import settings

    from .services.notifications import transition_notify

    return transition_notify(audit_entry_id=audit_entry_id, base_url=settings.DBI_SITE_URL)
