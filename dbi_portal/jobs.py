"""One shape for the portal's background jobs (list imports, report files, certificate batches):
the abstract model ``BackgroundJob`` (status, counters, failure, times), the transitions every job
goes through (``job_start``, ``job_progress``, ``job_finish``, ``job_fail``) and what a job task
does when it dies (``job_run_or_fail``). Each job's page shows it with ``jobs/_progress.html``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise

Result = TypeVar("Result")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Lỗi")


FINISHED = (JobStatus.DONE, JobStatus.FAILED)


class BackgroundJob(models.Model):
    """A piece of work done by a Celery task while its page polls the progress: ``processed``
    of ``total`` items so far, ``failed`` of them could not be done; a job that died says why
    in ``failure``. The counters stay within each other (database constraints)."""

    Status = JobStatus
    # A job's own words for some statuses (a certificate batch is "issuing", not "processing").
    STATUS_LABELS: ClassVar[dict[str, StrOrPromise]] = {}

    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    processed = models.PositiveIntegerField(_("đã xử lý"), default=0)
    failed = models.PositiveIntegerField(_("lỗi"), default=0)
    failure = models.TextField(_("lỗi chung"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed__lte=F("total")),
                name="%(app_label)s_%(class)s_processed_within_total",
            ),
            models.CheckConstraint(
                condition=Q(failed__lte=F("processed")),
                name="%(app_label)s_%(class)s_failed_within_processed",
            ),
        ]

    @property
    def progress_percent(self) -> int:
        """How far the job is, 0–100; a done job is at 100 even if it had nothing to do."""
        if self.status == JobStatus.DONE:
            return 100
        return self.processed * 100 // self.total if self.total else 0

    @property
    def status_label(self) -> str:
        """The status as the job's page says it."""
        return str(self.STATUS_LABELS.get(self.status) or JobStatus(self.status).label)

    @property
    def finished(self) -> bool:
        """Done or failed: its page stops polling."""
        return self.status in FINISHED


Job = TypeVar("Job", bound=BackgroundJob)

# Each transition is one conditional UPDATE: it takes the row's lock, and the database checks the
# condition again once it holds it (PostgreSQL re-reads a row that changed while it waited), so
# two workers (a task delivered twice, a retry racing a late failure) cannot both move the job.


def job_start(*, job_model: type[BackgroundJob], job_id: int, **fields: Any) -> bool:
    """Mark the job running, with ``fields`` (say, counters reset for a run that starts again);
    False if it is finished already (a task delivered twice or late: leave it as it is). A job
    that goes on after a retry keeps the time it first started."""
    return bool(
        job_model._default_manager.filter(pk=job_id)
        .exclude(status__in=FINISHED)
        .update(
            status=JobStatus.RUNNING,
            started_at=Coalesce(F("started_at"), Value(timezone.now())),
            **fields,
        )
    )


def job_progress(*, job_model: type[BackgroundJob], job_id: int, **fields: Any) -> None:
    """Save the job's counters (values or ``F`` expressions such as ``F("processed") + 10``)
    and whatever else goes with them, in one UPDATE, so that concurrent steps add up."""
    job_model._default_manager.filter(pk=job_id).update(**fields)


def job_finish(*, job_model: type[BackgroundJob], job_id: int, **fields: Any) -> None:
    """Mark the job done, with ``fields`` (its file, its last counters)."""
    job_model._default_manager.filter(pk=job_id).update(
        status=JobStatus.DONE, finished_at=timezone.now(), **fields
    )


def job_fail(*, job_model: type[BackgroundJob], job_id: int, failure: str = "") -> bool:
    """Mark the job failed, saying why (its page shows it and stops polling); a done job is left
    as it is. True if the job is now failed."""
    return bool(
        job_model._default_manager.filter(pk=job_id)
        .exclude(status=JobStatus.DONE)
        .update(status=JobStatus.FAILED, failure=failure, finished_at=timezone.now())
    )


def job_run_or_fail(
    task: Any, *, run: Callable[[], Result], fail: Callable[[], object], transient: tuple
) -> Result:
    """``run()`` inside a bound Celery ``task`` whose ``autoretry_for`` is ``transient``. A
    transient error is left to the retry, except on the last attempt; any other error will not
    go better on a retry. Either way ``fail()`` records it, then the error goes on to Celery."""
    try:
        return run()
    except transient:
        if task.request.retries >= task.max_retries:
            fail()
        raise
    except Exception:
        fail()
        raise
