"""Redis down when the user acts: the action succeeds once the database commits, the task waits
in the outbox, and when Redis is back the relay (beat, every 30 s) sends it and a real worker
does the work. On the code before the outbox the upload answered 500 after its commit and the
job stayed "queued" for ever."""

import datetime
import os
import time

import pytest
from django.db import connection

from dbi_portal.celery import app as celery_app
from dbi_portal.outbox.models import PendingTask
from dbi_portal.outbox.services import outbox_relay
from enterprises.models import ImportJob, Province
from enterprises.services import import_job_create

from ..enterprises.test_import_worker import finished
from ..enterprises.test_imports import csv_upload, valid_codes
from ..factories import ProvinceOfficerFactory
from ..workers import own_queue, worker_start, worker_stop

pytestmark = [
    pytest.mark.fault,
    pytest.mark.worker,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the worker must share the test database: needs a PostgreSQL DATABASE_URL",
    ),
]


@pytest.fixture
def broker(own_redis, transactional_db):
    """The portal sends its tasks to the private Redis, on a queue of the test's own."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager, conf.task_default_queue
    conf.broker_url, conf.task_always_eager, conf.task_default_queue = (
        own_redis.url,
        False,
        own_queue(),
    )
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield own_redis
    conf.broker_url, conf.task_always_eager, conf.task_default_queue = saved
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_an_upload_while_redis_is_down_is_checked_once_redis_is_back(
    broker, settings, sme_framework
):
    officer = ProvinceOfficerFactory(province=Province.objects.get(code=86)).user
    codes = valid_codes(5, 71_000_000)
    upload = csv_upload(
        [f"{c},Công ty Mất Điện {n},enterprise,Bến Tre,,G,,3," for n, c in enumerate(codes)]
    )
    broker.stop()

    started = time.monotonic()
    job = import_job_create(user=officer, upload=upload)  # commits; the send fails after it
    assert time.monotonic() - started < 10, "the user's request waited on the dead broker"
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    waiting = PendingTask.objects.get()
    assert waiting.kwargs == {"job_id": job.pk}

    assert outbox_relay(app=celery_app) == 0  # still down (and too young): kept, not lost
    assert PendingTask.objects.count() == 1

    broker.start()
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    worker = worker_start(
        celery_app.conf.task_default_queue,
        REDIS_URL=broker.url,
        DATABASE_URL=url,
        DJANGO_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    try:
        assert outbox_relay(app=celery_app, grace=datetime.timedelta(0)) == 1
        assert not PendingTask.objects.exists()
        job = finished(job)
        assert (job.status, job.total, job.new_count, job.failed) == (
            ImportJob.Status.DONE,
            5,
            5,
            0,
        )
    finally:
        worker_stop(worker)
