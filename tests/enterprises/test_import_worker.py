"""A real Celery worker, on Redis and PostgreSQL as in production, checks and imports a list: the
upload only stores it and queues the job, the worker reads it (REDIS_URL and a PostgreSQL
DATABASE_URL; CI sets them)."""

import os
import time

import pytest
from django.db import connection

from dbi_portal.celery import app as celery_app
from enterprises.models import Enterprise, ImportJob, Province
from enterprises.services import import_job_confirm, import_job_create

from ..factories import ProvinceOfficerFactory
from ..workers import own_queue, worker_start, worker_stop
from .test_imports import csv_upload, valid_codes

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the worker must share the test database: needs a PostgreSQL DATABASE_URL",
    ),
]


@pytest.fixture
def worker(transactional_db, settings):
    """A worker process on a queue of its own (no other worker can take our tasks), on the test
    database and the test's media folder; the portal sends its tasks to that queue meanwhile."""
    queue = own_queue()
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    process = worker_start(queue, DATABASE_URL=url, DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT))
    previous = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    yield process
    celery_app.conf.task_default_queue = previous
    worker_stop(process)


def finished(job: ImportJob, timeout: float = 90) -> ImportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.status} after {timeout} s")


def test_a_real_worker_checks_and_imports_a_list(worker, sme_framework):
    officer = ProvinceOfficerFactory(province=Province.objects.get(code=86)).user
    codes = valid_codes(30, 70_000_000)
    upload = csv_upload(
        [f"{c},Công ty Thợ {n},enterprise,Bến Tre,,G,,3," for n, c in enumerate(codes)]
        + ["0100109107,Công ty Lỗi,enterprise,Vĩnh Long,,C,,5,"]  # a wrong check digit
    )

    checked = import_job_create(user=officer, upload=upload)  # commits; the worker takes it
    assert checked.status == ImportJob.Status.QUEUED

    checked = finished(checked)
    assert (checked.status, checked.total, checked.new_count, checked.failed) == (
        ImportJob.Status.DONE,
        31,
        30,
        1,
    )
    assert not Enterprise.objects.filter(tax_code__in=codes).exists()  # a check writes nothing

    real = finished(import_job_confirm(job=checked, user=officer))
    assert (real.status, real.new_count, real.failed) == (ImportJob.Status.DONE, 30, 1)
    assert Enterprise.objects.filter(tax_code__in=codes, province__code=86).count() == 30
