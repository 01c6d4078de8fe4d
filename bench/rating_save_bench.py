"""Time one autosave (rating save + re-score + result write) on the configured database.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_bench \
         .venv/bin/python bench/rating_save_bench.py
(after `manage.py migrate`, `load_divisions` and `load_catalog` on that database). It creates one
enterprise and assessment of its own and deletes them at the end. A measurement, never a test.
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

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test import utils as test_utils  # noqa: E402

from assessments.catalog import DEFAULT_FRAMEWORK_CODE  # noqa: E402
from assessments.models import Assessment, CatalogVersion, Column, Framework, Rating  # noqa: E402
from assessments.services import figures_save, rating_save  # noqa: E402
from enterprises.models import Enterprise, Membership, Province, User  # noqa: E402

RUNS = 300


def report(label: str, samples: list[float], queries: list[int]) -> None:
    samples = sorted(samples)
    counted = f"  queries {min(queries)}–{max(queries)}" if queries else ""
    print(
        f"{label:<38} median {statistics.median(samples):7.2f} ms  "
        f"p95 {samples[int(len(samples) * 0.95)]:7.2f} ms{counted}"
    )


def main() -> None:
    test_utils.setup_test_environment()
    framework = Framework.objects.get(code=DEFAULT_FRAMEWORK_CODE)
    codes = list(framework.criteria.values_list("code", flat=True))
    user, _ = User.objects.get_or_create(email="bench-autosave@dbi.local")
    enterprise = Enterprise.objects.create(
        tax_code="0100109106-999", name_vi="Bench", kind="enterprise",
        province=Province.objects.get(code=86), sector_section="C",
    )  # fmt: skip
    Membership.objects.create(user=user, enterprise=enterprise, role="owner", status="active")
    # Random levels on every criterion: the guidance version takes a level for each of them.
    assessment = Assessment.objects.create(
        enterprise=enterprise,
        framework=framework,
        catalog_version=CatalogVersion.objects.get(framework=framework, label="guidance-2021"),
        period=2026,
        created_by=user,
    )
    on_form = Assessment.objects.create(
        enterprise=enterprise,
        framework=framework,
        catalog_version=CatalogVersion.objects.get(framework=framework, label="official-2021"),
        period=2025,
        created_by=user,
    )
    rng = random.Random(30)
    versions: dict[str, int] = {}
    samples, queries = [], []
    try:
        for n in range(RUNS):
            code = rng.choice(codes)
            with test_utils.CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                rating_save(
                    assessment_id=assessment.pk,
                    column=Column.SELF,
                    criterion_code=code,
                    level=rng.randint(0, 5),
                    user=user,
                    expected_version=versions.get(code, 0),
                )
                elapsed = (time.perf_counter() - start) * 1000
            versions[code] = Rating.objects.get(
                assessment=assessment, column=Column.SELF, criterion__code=code
            ).version
            if n:  # the first save builds the catalog index
                samples.append(elapsed)
                queries.append(len(captured.captured_queries))
        print(f"database: {settings.DATABASES['default']['ENGINE']}  runs: {len(samples)}")
        report("rating_save (service)", samples, queries)
        client = Client()
        client.force_login(user)
        http, http_queries = [], []
        for _ in range(RUNS // 3):
            code = rng.choice(codes)
            version = versions.get(code, 0)
            with test_utils.CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                client.post(
                    f"/assessments/{assessment.pk}/ratings/{code}/",
                    {f"c-{code}": str(rng.randint(0, 5)), f"v-{code}": str(version)},
                    headers={"HX-Request": "true"},
                )
                http.append((time.perf_counter() - start) * 1000)
            http_queries.append(len(captured.captured_queries))
            versions[code] = Rating.objects.get(
                assessment=assessment, column=Column.SELF, criterion__code=code
            ).version
        report("POST autosave (HTTP, htmx fragment)", http, http_queries)
        pages = []
        for _ in range(30):
            start = time.perf_counter()
            client.get(f"/assessments/{assessment.pk}/")
            pages.append((time.perf_counter() - start) * 1000)
        report("GET assessment page (60 criteria)", pages, [])
        figures_runs(on_form, user, rng, statistics.median(samples))
    finally:
        on_form.delete()
        assessment.delete()
        enterprise.delete()


def figures_runs(assessment, user, rng: random.Random, rating_median: float) -> None:
    """The national form's figures: one criterion's own figure, and the shared total staff that
    re-levels the 13 criteria dividing by it; each against one rating save of the same run."""
    staff = {f"c{code.replace('.', '_')}_num": 1 for code in ("5.1.1", "5.1.2", "5.1.4")}
    figures_save(
        assessment_id=assessment.pk, column=Column.SELF, values={"staff_total": 100, **staff},
        user=user,
    )  # fmt: skip
    for label, key, high in (
        ("figures_save (one own figure)", "c3_2_3_num", 100),
        ("figures_save (shared staff, 13 criteria)", "staff_total", 500),
    ):
        samples, queries = [], []
        for _ in range(RUNS // 3):
            values = {key: rng.randint(1, high)}
            if key == "c3_2_3_num":
                values["c3_2_3_den"] = 100
            with test_utils.CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                figures_save(
                    assessment_id=assessment.pk, column=Column.SELF, values=values, user=user
                )
                samples.append((time.perf_counter() - start) * 1000)
            queries.append(len(captured.captured_queries))
        report(label, samples, queries)
        print(f"{'':<38} ratio to rating_save: {statistics.median(samples) / rating_median:.2f}")


if __name__ == "__main__":
    main()
