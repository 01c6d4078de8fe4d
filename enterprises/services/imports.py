"""Bulk import of enterprise lists: check first (dry run), then run; progress as it goes."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV as CsvFormat
from import_export.formats.base_formats import XLSX as XlsxFormat
from tablib import Dataset

from ..models import ImportJob, ProvinceOfficer, User
from ..resources import COLUMNS, EnterpriseResource
from ..uploads import CSV, table_format

CHUNK_ROWS = 250  # progress is saved after each chunk
MAX_ROWS = 50_000


def _allowed_provinces(user: User) -> set[int] | None:
    """Provinces a person may import into: all for the ministry and administrators."""
    if user.is_superuser or hasattr(user, "ministry_reviewer"):
        return None
    return set(ProvinceOfficer.objects.filter(user=user).values_list("province_id", flat=True))


def may_import(user: User) -> bool:
    allowed = _allowed_provinces(user)
    return allowed is None or bool(allowed)


def _queue(job: ImportJob) -> None:
    from ..tasks import import_job_task

    transaction.on_commit(lambda: import_job_task.delay(job_id=job.pk))


@transaction.atomic
def import_job_create(*, user: User, upload) -> ImportJob:
    """Save the upload (checked by content; ValidationError if unreadable) as a dry-run job."""
    file_format = table_format(upload)
    job = ImportJob.objects.create(
        created_by=user, file=upload, original_name=upload.name[:255], file_format=file_format
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
        dry_run=False,
        checked_by=job,
    )
    _queue(real)
    return real


def _dataset(job: ImportJob) -> Dataset:
    with job.file.open("rb") as handle:
        content = handle.read()
    if job.file_format == CSV:
        dataset = CsvFormat().create_dataset(content.decode("utf-8-sig"))
    else:
        dataset = XlsxFormat().create_dataset(content)
    # Headers are matched in any letter case, without surrounding spaces.
    dataset.headers = [str(h or "").strip().lower() for h in dataset.headers]
    return dataset


def _row_errors(result, chunk: Dataset, offset: int) -> list[dict]:
    """Row numbers as people see them in the file: the header is line 1."""

    def tax_code(number: int) -> str:
        return str(chunk[number - 1][chunk.headers.index("tax_code")] or "")

    errors = []
    for invalid in result.invalid_rows:
        errors.append(
            {
                "row": offset + invalid.number + 1,
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
                "row": offset + number + 1,
                "tax_code": tax_code(number),
                "errors": {
                    "__all__": [
                        _("Lỗi không mong đợi: %(error)s") % {"error": e.error} for e in row_errors
                    ]
                },
            }
        )
    return errors


def import_job_run(*, job_id: int) -> ImportJob:
    """Import the job's file in chunks, saving progress and row errors after each chunk.
    Idempotent per row: rows are matched on the tax code."""
    job = ImportJob.objects.get(pk=job_id)
    if job.finished:
        return job
    try:
        dataset = _dataset(job)
        missing = {"tax_code", "name_vi", "kind", "province", "sector_section"} - set(
            dataset.headers
        )
        if missing:
            raise ValueError(
                _("Thiếu cột: %(missing)s. Các cột dùng được: %(columns)s.")
                % {"missing": ", ".join(sorted(missing)), "columns": ", ".join(COLUMNS)}
            )
        if len(dataset) > MAX_ROWS:
            raise ValueError(
                _("Tệp có %(rows)s dòng; tối đa %(limit)s dòng mỗi lần.")
                % {"rows": len(dataset), "limit": MAX_ROWS}
            )
    except Exception as error:  # an unreadable file fails the job with its reason
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, failure=str(error), finished_at=timezone.now()
        )
        return ImportJob.objects.get(pk=job.pk)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.RUNNING, total_rows=len(dataset), started_at=timezone.now()
    )
    resource = EnterpriseResource(allowed_province_ids=_allowed_provinces(job.created_by))
    errors: list[dict] = []
    for offset in range(0, len(dataset), CHUNK_ROWS):
        chunk = Dataset(*dataset[offset : offset + CHUNK_ROWS], headers=dataset.headers)
        result = resource.import_data(chunk, dry_run=job.dry_run, use_transactions=True)
        totals = result.totals
        chunk_errors = _row_errors(result, chunk, offset)
        if result.has_errors() and not job.dry_run:
            # An unexpected error rolls the whole chunk back: nothing of it was written.
            totals = {"new": 0, "update": 0, "skip": 0}
            chunk_errors.append(
                {
                    "row": offset + 2,
                    "tax_code": "",
                    "errors": {
                        "__all__": [
                            _("Các dòng %(first)s–%(last)s chưa được ghi; hãy sửa lỗi và nhập lại.")
                            % {"first": offset + 2, "last": offset + len(chunk) + 1}
                        ]
                    },
                }
            )
        errors.extend(chunk_errors)
        ImportJob.objects.filter(pk=job.pk).update(
            processed_rows=F("processed_rows") + len(chunk),
            new_count=F("new_count") + totals["new"],
            updated_count=F("updated_count") + totals["update"],
            skipped_count=F("skipped_count") + totals["skip"],
            invalid_count=F("invalid_count") + len(chunk_errors),
            row_errors=sorted(errors, key=lambda e: e["row"]),
        )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, finished_at=timezone.now()
    )
    return ImportJob.objects.get(pk=job.pk)
