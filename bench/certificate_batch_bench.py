"""Issue a batch of certificates with two real Celery workers on Redis and report the throughput:
the batch task freezes each certificate (number, levels, dates) and queues its PDF rendering; the
two workers render the PDFs in parallel.

Run (PostgreSQL and Redis as in CI; a database of its own, prepared once):
    createdb -h 127.0.0.1 -U postgres dbi_batch_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_batch_bench REDIS_URL=redis://127.0.0.1:6379/5
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_divisions \
        && .venv/bin/python manage.py load_catalog
    .venv/bin/python bench/certificate_batch_bench.py [N=500]
It creates N appraised assessments of its own, issues them in one batch, waits for every PDF, prints
the figures and deletes what it made. A measurement, never a test.
"""

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
MEDIA = tempfile.mkdtemp(prefix="dbi-batch-bench-")
os.environ["DJANGO_MEDIA_ROOT"] = MEDIA
if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""):
    sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the bench uses real workers.")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402

from assessments.catalog import DEFAULT_FRAMEWORK_CODE  # noqa: E402
from assessments.models import Assessment, Column, Criterion, Framework, Rating  # noqa: E402
from assessments.selectors import catalog_index  # noqa: E402
from assessments.services.ratings import write_column_result  # noqa: E402
from certification.models import Certificate, CertificateBatch, Signer  # noqa: E402
from certification.services import certificate_issue_batch  # noqa: E402
from dbi_portal.celery import app  # noqa: E402
from enterprises.models import Enterprise, MinistryReviewer, Province, User  # noqa: E402

MARK = "Bench lô chứng nhận"
WORKERS = 2


def appraised_assessments(n: int, reviewer: User) -> list[int]:
    """N enterprises with an appraised assessment whose ministry column is complete."""
    framework = Framework.objects.get(code=DEFAULT_FRAMEWORK_CODE)
    provinces = list(Province.objects.all())
    rng = random.Random(500)
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                tax_code=f"9{i:08d}{rng.randrange(10)}-{i % 1000:03d}",
                name_vi=f"{MARK} – Công ty TNHH Đổi mới Số {i}",
                kind="enterprise",
                province=rng.choice(provinces),
                sector_section="C",
            )
            for i in range(n)
        ]
    )
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                enterprise=e,
                framework=framework,
                period=2026,
                created_by=reviewer,
                state=Assessment.State.APPRAISED,
            )
            for e in enterprises
        ]
    )
    criteria = list(Criterion.objects.filter(framework=framework).values_list("pk", flat=True))
    now = timezone.now()
    Rating.objects.bulk_create(
        [
            Rating(
                assessment=a,
                column=Column.MINISTRY,
                criterion_id=c,
                level=rng.randint(1, 5),
                rated_by=reviewer,
                rated_at=now,
            )
            for a in assessments
            for c in criteria
        ],
        batch_size=5000,
    )
    index = catalog_index(framework)
    for assessment in assessments:
        write_column_result(assessment, Column.MINISTRY, index)
    return [a.pk for a in assessments]


def start_workers() -> list[subprocess.Popen]:
    env = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "false"}
    return [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "--quiet",
                "-A",
                "dbi_portal",
                "worker",
                "--pool=solo",
                f"--hostname=bench{k}@%h",
                "--loglevel=WARNING",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
        )
        for k in range(WORKERS)
    ]


def main(n: int) -> None:
    app.control.purge()
    reviewer, _ = User.objects.get_or_create(email="bench-issuer@dbi.local")
    MinistryReviewer.objects.update_or_create(user=reviewer, defaults={"can_issue": True})
    if not Signer.objects.exists():
        Signer.objects.create(
            full_name="Người ký thử", title="Thứ trưởng", valid_from=timezone.localdate()
        )
    start = time.perf_counter()
    ids = appraised_assessments(n, reviewer)
    print(f"prepared {n} appraised assessments in {time.perf_counter() - start:.1f} s")
    workers = start_workers()
    try:
        time.sleep(3)  # workers connect to Redis
        start = time.perf_counter()
        batch = certificate_issue_batch(assessment_ids=ids, user=reviewer)
        issued_at = None
        while True:
            time.sleep(0.25)
            batch.refresh_from_db()
            if batch.finished and issued_at is None:
                issued_at = time.perf_counter() - start
            rendered = Certificate.objects.filter(
                assessment_id__in=ids, pdf_rendered_at__isnull=False
            ).count()
            if issued_at is not None and rendered >= batch.issued:
                break
            if time.perf_counter() - start > 1800:
                sys.exit("gave up after 30 minutes")
        elapsed = time.perf_counter() - start
        print(
            f"batch of {n}: {batch.issued} issued, {batch.failed} failed; all frozen after "
            f"{issued_at:.1f} s, all PDFs rendered after {elapsed:.1f} s "
            f"→ {batch.issued / elapsed:.1f} certificates/s with {WORKERS} workers"
        )
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
        Certificate.objects.filter(assessment_id__in=ids).update(replaces=None)
        Certificate.objects.filter(assessment_id__in=ids).delete()
        CertificateBatch.objects.filter(created_by=reviewer).delete()
        Assessment.objects.filter(pk__in=ids).delete()
        Enterprise.objects.filter(name_vi__startswith=MARK).delete()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
