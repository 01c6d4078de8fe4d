"""A real Celery worker process for the tests marked ``worker`` (REDIS_URL; CI sets it)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def own_queue() -> str:
    """A queue name of the test's own, so that no other worker takes its tasks."""
    return f"test-{uuid.uuid4().hex[:8]}"


def worker_start(queue: str, **environment: str) -> subprocess.Popen:
    """A worker consuming only ``queue``, with the test process's environment plus
    ``environment``; the caller stops it with ``worker_stop``."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "dbi_portal",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--loglevel=WARNING",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env={**os.environ, "CELERY_TASK_ALWAYS_EAGER": "false", **environment},
    )


def worker_stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=30)
