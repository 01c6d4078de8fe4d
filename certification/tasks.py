"""Celery tasks of the certification app: thin, take ids, queued on commit by the services and
retried only on transient failures (storage, database connection)."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from dbi_portal.celery import DURABLE_RETRIES
from dbi_portal.jobs import job_run_or_fail


@shared_task(
    autoretry_for=(OSError, OperationalError),
    **DURABLE_RETRIES,
)
def certificate_render_task(certificate_id: int) -> str:
    """Render and store one certificate's PDF; running it again overwrites the same file."""
    from .services import certificate_render

    return certificate_render(certificate_id=certificate_id)


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),
    **DURABLE_RETRIES,
    soft_time_limit=60 * 60,
    time_limit=61 * 60,
)
def certificate_batch_task(self, *, batch_id: int) -> int:
    """Work through a batch. When it dies for good (the last retry fails too, or an error that
    is not retried, such as the time limit), the batch says "failed" instead of "running" for
    ever."""
    from .services import certificate_batch_fail, certificate_batch_run

    return job_run_or_fail(
        self,
        run=lambda: certificate_batch_run(batch_id=batch_id).issued,
        fail=lambda: certificate_batch_fail(batch_id=batch_id),
        transient=(OperationalError,),
    )


@shared_task(
    autoretry_for=(OperationalError,),
    **DURABLE_RETRIES,
)
def certificates_expire_task() -> int:
    """Daily (CELERY_BEAT_SCHEDULE): certificates past their last valid day become expired."""
    from .services import certificates_expire

    return certificates_expire(today=timezone.localdate())


# Registered under the name it had in assessments, so a message queued before the move runs.
@shared_task(
    name="assessments.tasks.certificate_notify_task",
    autoretry_for=(OperationalError,),
    **DURABLE_RETRIES,
)
def certificate_notify_task(*, certificate_id: int, kind: str) -> int:
    """Tell the certificate's enterprise about a step of its life (issued, revoked, expired)."""
    from django.conf import settings

    from .notifications import certificate_notify

    return certificate_notify(
        certificate_id=certificate_id, kind=kind, base_url=settings.DBI_SITE_URL
    )
