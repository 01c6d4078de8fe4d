"""A real Celery worker against Redis (REDIS_URL), as in production: CI sets REDIS_URL."""

import os

import pytest

from dbi_portal.celery import ping

from .workers import own_queue, worker_start, worker_stop

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (CI sets it)"),
]


@pytest.fixture
def worker_queue():
    """Start a worker on a queue of its own, so no other worker can take our task."""
    queue = own_queue()
    process = worker_start(queue)
    yield queue
    worker_stop(process)


def test_task_runs_on_a_real_worker_through_redis(worker_queue):
    result = ping.apply_async(queue=worker_queue)
    assert result.get(timeout=60) == "pong"
    assert result.successful()
