"""Celery tasks of the enterprises app (list imports, engagement notifications): thin, take ids,
queued after the transaction commits, retried on transient failures."""

from celery import shared_task
from django.db import OperationalError

from dbi_portal.celery import DURABLE_RETRIES
from dbi_portal.jobs import job_run_or_fail


# Registered under the name it had in assessments, so a message queued before the move runs.
@shared_task(
    name="assessments.tasks.engagement_notify_task",
    autoretry_for=(OperationalError,),
    **DURABLE_RETRIES,
)
def engagement_notify_task(*, engagement_id: int, to_status: str) -> int:
    """Tell the other side of an engagement about the step that moved it to ``to_status``."""
    from django.conf import settings

    from .services.engagement_notifications import engagement_notify

    return engagement_notify(
        engagement_id=engagement_id, to_status=to_status, base_url=settings.DBI_SITE_URL
    )


@shared_task(
    bind=True,
    autoretry_for=(OperationalError, OSError),
    **DURABLE_RETRIES,
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
