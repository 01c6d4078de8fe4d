"""Celery tasks of the assessments app: thin, take ids, retried on transient failures."""

from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def transition_notify_task(*, audit_entry_id: int) -> int:
    from django.conf import settings

    from .services.notifications import transition_notify

    return transition_notify(audit_entry_id=audit_entry_id, base_url=settings.DBI_SITE_URL)


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def engagement_notify_task(*, engagement_id: int, to_status: str) -> int:
    from django.conf import settings

    from .services.notifications import engagement_notify

    return engagement_notify(
        engagement_id=engagement_id, to_status=to_status, base_url=settings.DBI_SITE_URL
    )


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def certificate_notify_task(*, certificate_id: int, kind: str) -> int:
    from django.conf import settings

    from .services.notifications import certificate_notify

    return certificate_notify(
        certificate_id=certificate_id, kind=kind, base_url=settings.DBI_SITE_URL
    )
