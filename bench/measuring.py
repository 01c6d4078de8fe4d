"""What the database benchmarks measure with: wall and SQL time per run, median and p95, and the
machine's load (it is shared, so every result names it)."""

import os
import statistics
import time

from django.db import connection


class SqlClock:
    """Adds up the time spent executing SQL (execute_wrapper)."""

    def __init__(self):
        self.total = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.total += time.perf_counter() - start


def timed(runs: int, action, before_each=None) -> tuple[list[float], list[float]]:
    """(wall ms, SQL ms) per run, after one warm-up run; ``before_each`` runs untimed."""
    action()
    wall, sql = [], []
    for _ in range(runs):
        if before_each:
            before_each()
        clock = SqlClock()
        with connection.execute_wrapper(clock):
            start = time.perf_counter()
            action()
            wall.append((time.perf_counter() - start) * 1000)
        sql.append(clock.total * 1000)
    return wall, sql


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):8.1f} ms  p95 {p95:8.1f} ms"


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"
