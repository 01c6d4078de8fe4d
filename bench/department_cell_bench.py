"""Time one cell autosave of the large-enterprise index (a department's percent for one criterion,
then the whole column re-scored from every cell and its result written) on the configured
database, against a 2021 rating save of the same run (its floor: the autosave people already
use), and the HTTP autosave and the page against a bare page of the same client.

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_bench \
         .venv/bin/python bench/department_cell_bench.py [--departments 8]
(after `manage.py migrate`, `load_divisions` and `load_catalog` on that database). When
dbi-large-2023 has no criteria there, it first publishes
docs/examples/dbi-large-2023-criteria-example.json (140 illustrative criteria) on that database:
use a database of its own. It creates one enterprise and two assessments of its own, answers every
cell once (so each save re-scores a full column), and deletes them at the end. A measurement,
never a test.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test import utils as test_utils  # noqa: E402

from assessments.catalog import DEFAULT_FRAMEWORK_CODE  # noqa: E402
from assessments.models import (  # noqa: E402
    Assessment,
    CatalogVersion,
    Column,
    DepartmentRating,
    Framework,
    Rating,
)
from assessments.services import rating_save  # noqa: E402
from assessments.services.departments import department_add, department_rating_save  # noqa: E402
from enterprises.models import Enterprise, Membership, Province, User  # noqa: E402

LARGE = "dbi-large-2023"
EXAMPLE = ROOT / "docs/examples/dbi-large-2023-criteria-example.json"
RUNS = 120


def report(label: str, samples: list[float], queries: list[int], floor: float | None) -> float:
    samples = sorted(samples)
    median = statistics.median(samples)
    counted = f"  queries {min(queries)}–{max(queries)}" if queries else ""
    ratio = f"  × {median / floor:5.2f} floor" if floor else ""
    print(
        f"{label:<44} median {median:7.2f} ms  "
        f"p95 {samples[int(len(samples) * 0.95)]:7.2f} ms{counted}{ratio}"
    )
    return median


def timed(call) -> tuple[float, int]:
    reset_queries()  # the query log is a bounded deque: a full one counts nothing new
    with test_utils.CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        call()
        elapsed = (time.perf_counter() - start) * 1000
    return elapsed, len(captured.captured_queries)


def large_framework() -> Framework:
    framework = Framework.objects.get(code=LARGE)
    if not framework.criteria.exists():
        call_command("load_catalog", file=str(EXAMPLE), verbosity=0)
        framework.refresh_from_db()
    return framework


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--departments", type=int, default=8)
    options = parser.parse_args()
    test_utils.setup_test_environment()
    large = large_framework()
    sme = Framework.objects.get(code=DEFAULT_FRAMEWORK_CODE)
    user, _ = User.objects.get_or_create(email="bench-department@dbi.local")
    enterprise = Enterprise.objects.create(
        tax_code="0100109106-998", name_vi="Bench lớn", kind="enterprise",
        province=Province.objects.get(code=86), sector_section="C",
    )  # fmt: skip
    Membership.objects.create(user=user, enterprise=enterprise, role="owner", status="active")
    by_department = Assessment.objects.create(
        enterprise=enterprise, framework=large, period=2026, created_by=user,
        catalog_version=CatalogVersion.objects.filter(framework=large).order_by("-number").first(),
    )  # fmt: skip
    floor_assessment = Assessment.objects.create(
        enterprise=enterprise, framework=sme, period=2025, created_by=user,
        catalog_version=CatalogVersion.objects.get(framework=sme, label="guidance-2021"),
    )  # fmt: skip
    rng = random.Random(2158)
    try:
        for n in range(options.departments):
            department_add(assessment_id=by_department.pk, name=f"Bộ phận {n + 1}", user=user)
        departments = list(by_department.departments.order_by("position"))
        codes = list(large.criteria.values_list("code", flat=True))
        started = time.perf_counter()
        for department in departments:
            for code in codes:
                department_rating_save(
                    assessment_id=by_department.pk, column=Column.SELF,
                    department_id=department.pk, criterion_code=code,
                    percent=None if rng.random() < 0.15 else rng.randint(0, 100),
                    version=0, user=user,
                )  # fmt: skip
        cells = len(departments) * len(codes)
        print(
            f"database: {settings.DATABASES['default']['ENGINE']}  {len(codes)} criteria × "
            f"{len(departments)} departments = {cells} cells, filled in "
            f"{time.perf_counter() - started:.1f} s"
        )
        sme_codes = list(sme.criteria.values_list("code", flat=True))
        sme_versions: dict[str, int] = {}
        floor, rated, rated_queries, floor_queries = [], [], [], []
        # The floor and the measured save alternate, so that a busy machine weighs on both.
        for _ in range(RUNS):
            code = rng.choice(sme_codes)
            elapsed, count = timed(
                lambda code=code: rating_save(
                    assessment_id=floor_assessment.pk,
                    column=Column.SELF,
                    criterion_code=code,
                    level=rng.randint(0, 5),
                    user=user,
                    expected_version=sme_versions.get(code, 0),
                )
            )
            floor.append(elapsed)
            floor_queries.append(count)
            sme_versions[code] = Rating.objects.get(
                assessment=floor_assessment, column=Column.SELF, criterion__code=code
            ).version
            department, code = rng.choice(departments), rng.choice(codes)
            cell = DepartmentRating.objects.get(
                department=department, column=Column.SELF, criterion__code=code
            )
            elapsed, count = timed(
                lambda department=department, code=code, cell=cell: department_rating_save(
                    assessment_id=by_department.pk,
                    column=Column.SELF,
                    department_id=department.pk,
                    criterion_code=code,
                    percent=rng.randint(0, 100),
                    version=cell.version,
                    user=user,
                )
            )
            rated.append(elapsed)
            rated_queries.append(count)
        floor_median = report(
            "floor: rating_save, 2021 index (60 criteria)", floor, floor_queries, None
        )
        report(f"department_rating_save ({cells} cells)", rated, rated_queries, floor_median)
        http_runs(by_department, departments, codes, user, rng)
    finally:
        floor_assessment.delete()
        by_department.delete()
        enterprise.delete()


def http_runs(assessment, departments, codes, user, rng: random.Random) -> None:
    """The autosave request and the page, against the bare health page of the same client."""
    client = Client()
    client.force_login(user)
    bare, posts, post_queries, pages = [], [], [], []
    for n in range(RUNS // 3):
        bare.append(timed(lambda: client.get("/healthz/"))[0])
        department, code = rng.choice(departments), rng.choice(codes)
        version = DepartmentRating.objects.get(
            department=department, column=Column.SELF, criterion__code=code
        ).version
        key = f"{department.pk}-{code}"
        elapsed, count = timed(
            lambda department=department, code=code, key=key, version=version: client.post(
                f"/assessments/{assessment.pk}/departments/{department.pk}/cells/{code}/",
                {f"p-{key}": str(rng.randint(0, 100)), f"v-{key}": str(version)},
                headers={"HX-Request": "true"},
            )
        )
        posts.append(elapsed)
        post_queries.append(count)
        if n % 4 == 0:
            pages.append(timed(lambda: client.get(f"/assessments/{assessment.pk}/"))[0])
    floor = report("floor: GET /healthz/ (same client)", bare, [], None)
    report("POST cell autosave (HTTP, htmx fragment)", posts, post_queries, floor)
    report("GET assessment page (whole grid)", pages, [], floor)


if __name__ == "__main__":
    main()
