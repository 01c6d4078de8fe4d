"""Bulk import of enterprise lists: check first (dry run), then run; progress as it goes.

The upload request only does what is cheap: the size (refused while it is received, in the view)
and the type, read from the content (``uploads.table_format``); it stores the file and records the
job in one transaction, and the job is queued when that commits. Everything else happens in the
Celery task (``import_job_run``): the file is read row by row, never as a whole (CSV line by line,
XLSX with openpyxl's read-only mode), and reading stops at ``DBI_IMPORT_MAX_ROWS`` rows, so a
small file of 400,000 rows costs the worker no more than one at the limit. The file is read twice:
once to count its rows (so that the page can show n/total), then chunk by chunk to check or import
them, each chunk and its progress in one transaction (a retried task goes on after the last saved
chunk). A job that cannot finish says so (``failure``) and its page stops polling.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.results import Result
from tablib import Dataset

from dbi_portal.jobs import job_fail, job_finish, job_progress, job_start

from ..access import visible_enterprises
from ..import_files import UnreadableFile as UnreadableFile
from ..import_files import _header_checked
from ..import_files import table_rows as table_rows
from ..models import ImportJob, ProvinceOfficer, User
from ..resources import EnterpriseResource, tidy_tax_code
from ..uploads import table_format

logger = logging.getLogger(__name__)

CHUNK_ROWS = 250  # progress is saved after each chunk

FAILED = gettext_lazy(
    "Không xử lý được tệp do lỗi của hệ thống. Hãy thử lại; nếu vẫn lỗi, hãy báo quản trị viên."
)


def _allowed_provinces(user: User) -> set[int] | None:
    """Provinces a person may import into: all for the ministry and administrators."""
    if user.is_superuser or hasattr(user, "ministry_reviewer"):
        return None
    return set(ProvinceOfficer.objects.filter(user=user).values_list("province_id", flat=True))


def may_import(user: User) -> bool:
    allowed = _allowed_provinces(user)
    return allowed is None or bool(allowed)


def _resource(user: User) -> EnterpriseResource:
    """The resource as ``user`` may use it: rows only within their provinces, and an existing
    enterprise only if the access rule lets them see it (``access.visible_enterprises``, on the
    stored enterprise) and it is stored in one of those provinces, since an import is done in the
    province officer's capacity (not as, say, the member of an enterprise elsewhere)."""
    allowed = _allowed_provinces(user)
    writable = visible_enterprises(user)
    if allowed is not None:
        writable = writable.filter(province_id__in=allowed)
    return EnterpriseResource(allowed_province_ids=allowed, writable=writable)


def _queue(job: ImportJob) -> None:
    from ..tasks import import_job_task

    import_job_task.delay(job_id=job.pk)  # sent on commit (dbi_portal.celery)


@transaction.atomic
def import_job_create(
    *, user: User, upload: UploadedFile[bytes], language: str = "vi"
) -> ImportJob:
    """Save the upload as a dry-run job, queued on commit; ValidationError when its size or its
    content (not its name) is not a CSV or XLSX. Its rows are read by the task, not here."""
    file_format = table_format(upload)
    job = ImportJob.objects.create(
        created_by=user,
        file=upload,
        original_name=(upload.name or "")[:255],
        file_format=file_format,
        language=language,
    )
    _queue(job)
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob, user: User) -> ImportJob:
    """Run for real the file a finished dry run checked."""
    real = ImportJob.objects.create(
        created_by=user,
        file=job.file.name,
        original_name=job.original_name,
        file_format=job.file_format,
        language=job.language,
        dry_run=False,
        checked_by=job,
    )
    _queue(real)
    return real


def _chunks(job: ImportJob, *, skip: int) -> Iterator[tuple[Dataset, list[int]]]:
    """The file's rows after the first ``skip``, CHUNK_ROWS at a time, with their lines."""
    rows = table_rows(job)
    header = _header_checked(rows)
    tax_column = header.index("tax_code")
    chunk, lines = Dataset(headers=header), []
    for number, (line, cells) in enumerate(rows):
        if number < skip:
            continue
        # Tidied here, so that the instance loader and the row agree on the identity.
        cells[tax_column] = tidy_tax_code(cells[tax_column])
        chunk.append(cells)
        lines.append(line)
        if len(lines) == CHUNK_ROWS:
            yield chunk, lines
            chunk, lines = Dataset(headers=header), []
    if lines:
        yield chunk, lines


def _row_count(job: ImportJob) -> int:
    rows = table_rows(job)
    _header_checked(rows)
    return sum(1 for _row in rows)


# --- checking and importing ---


def _row_errors(result: Result, chunk: Dataset, lines: list[int]) -> list[dict[str, Any]]:
    """Row numbers as people see them in the file: the header is line 1."""

    def tax_code(number: int) -> str:
        return str(chunk[number - 1][chunk.headers.index("tax_code")] or "")

    errors = []
    for invalid in result.invalid_rows:
        errors.append(
            {
                "row": lines[invalid.number - 1],
                "tax_code": tax_code(invalid.number),
                "errors": {
                    field: [str(m) for m in messages]
                    for field, messages in invalid.error_dict.items()
                },
            }
        )
    for number, row_errors in result.row_errors():
        errors.append(
            {
                "row": lines[number - 1],
                "tax_code": tax_code(number),
                "errors": {
                    "__all__": [
                        _("Lỗi không mong đợi: %(error)s") % {"error": e.error} for e in row_errors
                    ]
                },
            }
        )
    return errors


def _import_chunk(
    job: ImportJob, resource: EnterpriseResource, chunk: Dataset, lines: list[int]
) -> None:
    """Check (or import) one chunk and save its counts and errors with it, in one transaction:
    a task that dies between chunks goes on, when retried, after the last saved one."""
    with transaction.atomic():
        result = resource.import_data(chunk, dry_run=job.dry_run, use_transactions=True)
        totals = result.totals
        chunk_errors = _row_errors(result, chunk, lines)
        if result.has_errors() and not job.dry_run:
            # An unexpected error rolls the whole chunk back: nothing of it was written.
            totals = {"new": 0, "update": 0, "skip": 0}
            chunk_errors.append(
                {
                    "row": lines[0],
                    "tax_code": "",
                    "errors": {
                        "__all__": [
                            _("Các dòng %(first)s–%(last)s chưa được ghi; hãy sửa lỗi và nhập lại.")
                            % {"first": lines[0], "last": lines[-1]}
                        ]
                    },
                }
            )
        saved = ImportJob.objects.select_for_update().get(pk=job.pk)
        job_progress(
            job_model=ImportJob,
            job_id=job.pk,
            processed=F("processed") + len(chunk),
            failed=F("failed") + len({error["row"] for error in chunk_errors}),
            new_count=F("new_count") + totals["new"],
            updated_count=F("updated_count") + totals["update"],
            skipped_count=F("skipped_count") + totals["skip"],
            row_errors=sorted([*saved.row_errors, *chunk_errors], key=lambda e: e["row"]),
        )


def _fail(job_id: int, message: str) -> None:
    job_fail(job_model=ImportJob, job_id=job_id, failure=message)


def import_job_fail(*, job_id: int) -> None:
    """Record that the job could not be finished (its page says so and stops waiting)."""
    language = ImportJob.objects.filter(pk=job_id).values_list("language", flat=True).first()
    with translation.override(language or settings.LANGUAGE_CODE):
        _fail(job_id, str(FAILED))


def import_job_run(*, job_id: int) -> ImportJob:
    """Check or import the job's file, saving progress and row errors after each chunk.
    Idempotent per row (rows are matched on the tax code); a job that was interrupted goes on
    after its last saved chunk. A file that cannot be imported fails the job with the reason; an
    unexpected error fails it with a general message; a database or storage error is raised, for
    the task to retry (and, past its retries, to fail the job: ``import_job_fail``)."""
    if not job_start(job_model=ImportJob, job_id=job_id):
        return ImportJob.objects.get(pk=job_id)
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with translation.override(job.language):
        try:
            total = _row_count(job)
            job_progress(job_model=ImportJob, job_id=job.pk, total=total)
            resource = _resource(job.created_by)
            for chunk, lines in _chunks(job, skip=job.processed):
                _import_chunk(job, resource, chunk, lines)
        except UnreadableFile as error:
            _fail(job.pk, str(error))
        except (OperationalError, OSError):
            raise  # transient (database, storage): the task is retried and goes on
        except Exception:
            logger.exception("import job %s failed", job.pk)
            _fail(job.pk, str(FAILED))
        else:
            job_finish(job_model=ImportJob, job_id=job.pk)
    return ImportJob.objects.get(pk=job.pk)
