"""Count the live server's requests that are still running, so that a browser test's teardown
can wait for them before the database is flushed (see ``requests_in_flight`` in conftest.py)."""

import itertools
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any


class _ClosingIterable:
    """A WSGI response body that reports when the server has closed it (written out or
    abandoned: wsgiref closes the body either way)."""

    def __init__(self, body: Iterable[bytes], done: Callable[[], None]) -> None:
        self._body = body
        self._done = done

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close is not None:
                close()
        finally:
            self._done()


class RequestsInFlight:
    """A WSGI wrapper: a request is in flight from the call until its response body is closed."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app
        self._changed = threading.Condition()
        self._running: dict[int, str] = {}
        self._keys = itertools.count()
        self.waits: list[tuple[str, float, list[str]]] = []  # (test, seconds waited, requests)

    def __call__(self, environ: dict, start_response: Callable[..., Any]) -> Iterable[bytes]:
        key = next(self._keys)
        with self._changed:
            self._running[key] = f"{environ['REQUEST_METHOD']} {environ.get('PATH_INFO', '')}"
            self._changed.notify_all()
        try:
            body = self.app(environ, start_response)
        except BaseException:
            self._finish(key)
            raise
        return _ClosingIterable(body, lambda: self._finish(key))

    def _finish(self, key: int) -> None:
        with self._changed:
            self._running.pop(key, None)
            self._changed.notify_all()

    @property
    def running(self) -> list[str]:
        with self._changed:
            return list(self._running.values())

    def wait_until_busy(self, *, timeout: float, request: str | None = None) -> list[str]:
        """Wait until at least one request is running — ``request`` ("GET /path/") among them,
        when given (the page's own requests, its icon say, may run first); the running
        requests."""

        def busy() -> bool:
            return request in self._running.values() if request else bool(self._running)

        with self._changed:
            if not self._changed.wait_for(busy, timeout=timeout):
                raise AssertionError(
                    f"no request reached the live server in {timeout:.0f} s"
                    if request is None
                    else f"{request} did not reach the live server in {timeout:.0f} s"
                )
            return list(self._running.values())

    def wait_until_idle(self, *, timeout: float, test: str) -> float:
        """Wait until no request is running; the seconds waited (logged in ``waits``). Raises
        if some request is still running after ``timeout`` seconds."""
        start = time.monotonic()
        with self._changed:
            left = list(self._running.values())
            idle = self._changed.wait_for(lambda: not self._running, timeout=timeout)
            still = list(self._running.values())
        waited = time.monotonic() - start
        self.waits.append((test, waited, left))
        if not idle:
            raise AssertionError(
                f"the live server still runs {still} {timeout:.0f} s after {test} ended"
            )
        return waited
