"""Timings of the scoring paths (a measurement, never a test).

Run: make bench   (or DATABASE_URL=postgres://... .venv/bin/python bench/scoring_bench.py)
Prints median and p95 of: the pure scoring function, the score API request, and the calculator
page with 60 answers, through Django's test client against the configured database.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DBI_SCORE_API_RATE", "1000000/min")  # measure the work, not the throttle

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from assessments import scoring  # noqa: E402
from assessments.catalog import fixture_path, read_definition, snapshot_from_definition  # noqa: E402

RUNS = 200


def timed(label: str, func, runs: int = RUNS) -> None:
    func()  # warm up
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{label:<48} median {statistics.median(samples):8.3f} ms   p95 {p95:8.3f} ms")


def main() -> None:
    setup_test_environment()
    rng = random.Random(2021)
    snapshot = snapshot_from_definition(read_definition(fixture_path("dbi-sme-2021")))
    levels = {code: rng.randint(0, 5) for code in snapshot.criterion_codes}
    print(f"database: {settings.DATABASES['default']['ENGINE']}  runs: {RUNS}")
    timed("scoring.score (60 criteria, pure)", lambda: scoring.score(snapshot, levels))
    client = Client()
    timed(
        "POST /api/v1/frameworks/dbi-sme-2021/score/",
        lambda: client.post(
            "/api/v1/frameworks/dbi-sme-2021/score/",
            {"levels": levels},
            content_type="application/json",
        ),
    )
    query = {f"c-{code}": level for code, level in levels.items()}
    timed("GET / (calculator, 60 answers, full page)", lambda: client.get("/", query), runs=50)
    timed(
        "GET / (calculator, htmx results partial)",
        lambda: client.get("/", query, headers={"HX-Request": "true"}),
        runs=50,
    )


if __name__ == "__main__":
    main()
