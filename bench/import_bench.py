"""Time a 5,000-row enterprise import with a few bad rows (a measurement, never a test).

Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_bench \
         .venv/bin/python bench/import_bench.py
It migrates nothing: run `manage.py migrate` and `manage.py load_divisions` on that database
first. It creates its rows with tax codes starting 39… and deletes them at the end.
"""

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from enterprises.models import Enterprise, ImportJob, User  # noqa: E402
from enterprises.services import import_job_confirm, import_job_create, import_job_run  # noqa: E402
from enterprises.tax_codes import check_digit  # noqa: E402

ROWS, BAD_EVERY = 5000, 250
PROVINCES = ["Vĩnh Long", "Bến Tre", "Trà Vinh", "86"]


def csv_bytes() -> bytes:
    rng = random.Random(5000)
    lines = ["tax_code,name_vi,kind,province,sector_section,employees,annual_revenue"]
    prefix = 390_000_000
    for n in range(ROWS):
        while check_digit(f"{prefix:09d}") is None:
            prefix += 1
        code = f"{prefix:09d}{check_digit(f'{prefix:09d}')}"
        prefix += 1
        if n % BAD_EVERY == 7:
            code = code[:-1] + str((int(code[-1]) + 1) % 10)  # a wrong check digit
        lines.append(
            f"{code},Công ty Thử {n},enterprise,{rng.choice(PROVINCES)},"
            f"{rng.choice('ACGJ')},{rng.randrange(1, 300)},{rng.randrange(1, 500) * 10**9}"
        )
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    print(f"database: {settings.DATABASES['default']['ENGINE']}  rows: {ROWS}")
    user, _ = User.objects.get_or_create(email="bench@dbi.local", defaults={"is_superuser": True})
    upload = SimpleUploadedFile("bench.csv", csv_bytes())
    start = time.perf_counter()
    checked = import_job_run(job_id=import_job_create(user=user, upload=upload).pk)
    dry = time.perf_counter() - start
    start = time.perf_counter()
    real = import_job_run(job_id=import_job_confirm(job=checked, user=user).pk)
    wet = time.perf_counter() - start
    print(f"dry run  {dry:6.1f} s  ({ROWS / dry:6.0f} rows/s)  invalid rows: {checked.failed}")
    print(f"import   {wet:6.1f} s  ({ROWS / wet:6.0f} rows/s)  new: {real.new_count}")
    Enterprise.objects.filter(tax_code__startswith="39").delete()
    for job in ImportJob.objects.filter(created_by=user):
        job.file.delete(save=False)
        job.delete()


if __name__ == "__main__":
    main()
