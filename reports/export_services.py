"""Writes of the reports' files: asking for a large export or a yearly report (a ``ReportJob``
queued on commit) and making its file in a Celery task, with progress for the job page.

The scope is checked here as on the dashboard (``reports.selectors.dashboard_access``): the
ministry and administrators may ask about the nation or any province, a province officer only
about their own province; anyone else is refused. The file is stored under a name fixed by the
job, so running a job again (a retried or duplicated task) replaces its file, never adds one.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from assessments.models import Framework
from dbi_portal.jobs import job_fail, job_finish, job_progress, job_start
from dbi_portal.refusals import refuse
from enterprises.errors import NOT_YOURS
from enterprises.models import Province, User

from .exports import export_count, export_table, write_csv, write_xlsx
from .models import ReportJob
from .selectors import NATIONAL_BREAKDOWNS, PROVINCE_BREAKDOWNS, DashboardQuery, dashboard_access

DIRECT_EXPORT_MAX_ROWS = 5_000  # more rows than this: a background job (setting overrides)
PROGRESS_UPDATES = 50  # at most this many progress writes per export, however many rows
MIN_PROGRESS_STEP = 1_000  # and never more often than once per this many rows
FILE_DIR = "reports/jobs"
FAILED = _("Không tạo được tệp. Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên.")

logger = logging.getLogger(__name__)


def direct_export_max_rows() -> int:
    return getattr(settings, "REPORTS_DIRECT_EXPORT_MAX_ROWS", DIRECT_EXPORT_MAX_ROWS)


def _check_scope(user: User, province: Province | None) -> None:
    access = dashboard_access(user)
    if access is None or not access.may_see(province):
        raise refuse(NOT_YOURS)


def yearly_report_steps(province: Province | None) -> int:
    """The yearly report's steps, for its progress: a dashboard per breakdown, then the PDF."""
    return len(NATIONAL_BREAKDOWNS if province is None else PROVINCE_BREAKDOWNS) + 1


def _queue(job: ReportJob) -> None:
    from .tasks import report_job_task

    report_job_task.delay(job_id=job.pk)  # sent on commit (dbi_portal.celery)


@transaction.atomic
def report_job_create_export(
    *, user: User, query: DashboardQuery, file_format: str, language: str
) -> ReportJob:
    """Ask for the export of ``query`` as an XLSX or CSV file made in the background."""
    _check_scope(user, query.province)
    kind = ReportJob.Kind.EXPORT_CSV if file_format == "csv" else ReportJob.Kind.EXPORT_XLSX
    job = ReportJob.objects.create(
        created_by=user,
        kind=kind,
        language=language,
        framework=query.framework,
        period=query.period,
        column=query.column,
        province=query.province,
        sector=query.sector,
        size=query.size,
        enterprise_kind=query.kind,
    )
    _queue(job)
    return job


@transaction.atomic
def report_job_create_yearly(
    *, user: User, framework: Framework, period: int, province: Province | None, language: str
) -> ReportJob:
    """Ask for the yearly report of a province (or of the nation, ``province=None``)."""
    _check_scope(user, province)
    job = ReportJob.objects.create(
        created_by=user,
        kind=ReportJob.Kind.YEARLY_PDF,
        language=language,
        framework=framework,
        period=period,
        province=province,
        total=yearly_report_steps(province),
    )
    _queue(job)
    return job


def job_query(job: ReportJob) -> DashboardQuery:
    return DashboardQuery(
        framework=job.framework,
        period=job.period,
        column=job.column,
        province=job.province,
        sector=job.sector,
        size=job.size,
        kind=job.enterprise_kind,
    )


def job_file_name(job: ReportJob) -> str:
    """The name people get: ``dbi-2026-86.xlsx``, ``bao-cao-dbi-2026-toan-quoc.pdf``."""
    place = str(job.province.code) if job.province is not None else "toan-quoc"
    stem = "bao-cao-dbi" if job.kind == ReportJob.Kind.YEARLY_PDF else "dbi"
    return f"{stem}-{job.period}-{place}.{job.extension}"


def _storage_name(job: ReportJob) -> str:
    return f"{FILE_DIR}/{job.pk}/{job_file_name(job)}"


def _store(job: ReportJob, content: File) -> None:
    """Store the job's file under its fixed name, replacing an earlier run's, and finish."""
    name = _storage_name(job)
    with transaction.atomic():
        # The row lock serializes two runs of one job, so the name stays free for this one.
        ReportJob.objects.select_for_update().get(pk=job.pk)
        if default_storage.exists(name):
            default_storage.delete(name)
        stored = default_storage.save(name, content)
        job_finish(job_model=ReportJob, job_id=job.pk, file=stored, processed=F("total"))


def _counted(rows, job: ReportJob, total: int):
    """The rows, saving how many were written every so often (a bounded number of writes)."""
    step = max(MIN_PROGRESS_STEP, -(-total // PROGRESS_UPDATES))
    done = 0
    for done, row in enumerate(rows, 1):
        yield row
        if done % step == 0:
            job_progress(job_model=ReportJob, job_id=job.pk, processed=min(done, total))
    job_progress(job_model=ReportJob, job_id=job.pk, processed=min(done, total))


def _run_export(job: ReportJob) -> None:
    query = job_query(job)
    total = export_count(query)
    job_progress(job_model=ReportJob, job_id=job.pk, total=total, processed=0)
    table = export_table(query)
    rows = _counted(table.rows, job, total)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{job.extension}"
        if job.kind == ReportJob.Kind.EXPORT_CSV:
            with path.open("w", encoding="utf-8", newline="") as handle:
                write_csv(table, handle, rows)
        else:
            write_xlsx(table, path, rows)
        with path.open("rb") as handle:
            _store(job, File(handle, name=path.name))


def _run_yearly(job: ReportJob) -> None:
    # The renderer (WeasyPrint) loads only where it is used, not in every web process.
    from .yearly_report import yearly_report_facts, yearly_report_pdf

    def step() -> None:
        ReportJob.objects.filter(pk=job.pk, processed__lt=job.total).update(
            processed=F("processed") + 1
        )

    job_progress(job_model=ReportJob, job_id=job.pk, processed=0)
    facts = yearly_report_facts(
        framework=job.framework,
        period=job.period,
        province=job.province,
        language=job.language,
        today=timezone.localdate(),
        on_step=step,
    )
    content = yearly_report_pdf(facts, language=job.language)
    _store(job, ContentFile(content, name="report.pdf"))


def report_job_fail(*, job_id: int) -> None:
    """Record that the job could not be made (its page stops waiting and says so)."""
    job_fail(job_model=ReportJob, job_id=job_id, failure=str(FAILED))


def report_job_run(*, job_id: int) -> ReportJob:
    """Make the job's file. A finished job is left as it is; a job that was interrupted (its
    task retried or delivered twice) is made again from the start and replaces its file."""
    if not job_start(job_model=ReportJob, job_id=job_id, failure=""):
        return ReportJob.objects.get(pk=job_id)
    job = ReportJob.objects.select_related("framework", "province", "created_by").get(pk=job_id)
    try:
        with translation.override(job.language):
            if job.is_export:
                _run_export(job)
            else:
                _run_yearly(job)
    except (OperationalError, OSError):
        raise  # transient (database, storage): the task is retried and starts again
    except Exception:
        logger.exception("report job %s failed", job.pk)
        report_job_fail(job_id=job.pk)
    return ReportJob.objects.get(pk=job.pk)
