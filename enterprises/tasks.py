"""Celery tasks of the enterprises app (email delivery, list imports): thin, take ids, queued
after the transaction commits, retried on transient failures."""

from smtplib import SMTPException

from celery import shared_task
from django.core.mail import send_mail
from django.db import OperationalError

from dbi_portal.jobs import job_run_or_fail


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_email_task(*, to: str, subject: str, body: str) -> None:
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])


@shared_task(
    bind=True,
    autoretry_for=(OperationalError, OSError),
    retry_backoff=True,
    max_retries=5,
    acks_late=True,
    soft_time_limit=30 * 60,
    time_limit=31 * 60,
)
def import_job_task(self, *, job_id: int) -> str:
    """Check or import a list; a retry goes on after the last saved chunk. When the last retry
    fails too, the job says so instead of showing "running" for ever (as report jobs do)."""
    from .services.imports import import_job_fail, import_job_run

    return job_run_or_fail(
        self,
        run=lambda: import_job_run(job_id=job_id).status,
        fail=lambda: import_job_fail(job_id=job_id),
        transient=(OperationalError, OSError),
    )
