"""Celery tasks of the reports app: thin, take ids, queued on commit by the services and retried
only on transient failures (database connection, storage)."""

from celery import shared_task
from django.db import OperationalError

from dbi_portal.celery import DURABLE_RETRIES
from dbi_portal.jobs import job_run_or_fail


@shared_task(
    bind=True,
    autoretry_for=(OperationalError, OSError),
    **DURABLE_RETRIES,
    soft_time_limit=30 * 60,
    time_limit=31 * 60,
)
def report_job_task(self, *, job_id: int) -> str:
    """Make a large export or a yearly report; running it again replaces the same file. When
    the last retry fails too, or an error that is not retried, the job says so instead of
    showing "running" for ever."""
    from .export_services import report_job_fail, report_job_run

    return job_run_or_fail(
        self,
        run=lambda: report_job_run(job_id=job_id).status,
        fail=lambda: report_job_fail(job_id=job_id),
        transient=(OperationalError, OSError),
    )
