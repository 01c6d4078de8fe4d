"""What every background job task (list imports, report jobs, certificate batches) does when it
dies: the job's row says "failed" once no retry is left, instead of "running" for ever."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Result = TypeVar("Result")


def job_run_or_fail(
    task, *, run: Callable[[], Result], fail: Callable[[], object], transient: tuple
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
