"""Celery tasks of the notifications app (email delivery): thin, queued after the transaction
commits, retried on transient failures."""

from smtplib import SMTPException

from celery import shared_task
from django.core.mail import send_mail

from dbi_portal.celery import DURABLE_RETRIES


# The task's registered name is the one it had before it moved here, so an email still queued
# (or waiting for a retry) when a release with the move is deployed is delivered, not dropped.
@shared_task(
    name="enterprises.tasks.send_email_task",
    autoretry_for=(SMTPException, ConnectionError, TimeoutError),
    **DURABLE_RETRIES,
)
def send_email_task(*, to: str, subject: str, body: str) -> None:
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])
