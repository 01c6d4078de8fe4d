"""Email delivery as Celery tasks: queued after the transaction commits, retried on failure."""

from smtplib import SMTPException

from celery import shared_task
from django.core.mail import send_mail


@shared_task(
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def send_email_task(*, to: str, subject: str, body: str) -> None:
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])


@shared_task(acks_late=True, soft_time_limit=30 * 60, time_limit=31 * 60)
def import_job_task(*, job_id: int) -> None:
    from .services.imports import import_job_run

    import_job_run(job_id=job_id)
