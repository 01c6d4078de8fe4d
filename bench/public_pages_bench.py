"""Time the public honour list (/vinh-danh/) and rankings (/reports/rankings/) at national scale:
the first page, a deep page and a filtered page, before and after keyset pagination and the cache.

Run (on a PostgreSQL database of your own, never ``test`` or ``dbi_bench``):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_scale
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_divisions \\
        && .venv/bin/python manage.py load_catalog
    .venv/bin/python bench/public_pages_bench.py [--enterprises 200000] [--runs 15] [--depth 2000]

On a database without seeded data it first runs ``seed_scale --enterprises N --years 3``
(200,000 by default: about 6 minutes on two cores and 95,000 valid certificates; ``--enterprises
20000`` takes well under a minute). For each page it times, in the same run:

* before: the query form the pages used until keyset pagination (Django's Paginator over the
  fully sorted list: a COUNT of every listed certificate, then OFFSET; the rankings with their
  window-function rank over the whole list), written inline here;
* after: the selector alone (``honour_page`` / ``ranking_page``), and the page through the test
  Client (server time) with its cache emptied before each run (a miss) and warm (a hit);
* floor: hand-written SQL reading the same rows along the same index (keyset row comparison,
  LIMIT), whose ids it checks against the selector's and against the old form's;

then prints the ratios: before / after, and the selector's SQL / the floor. A measurement, never
a test (tests pin the query counts).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import F, Window  # noqa: E402
from django.db.models.functions import Rank  # noqa: E402
from django.test import Client  # noqa: E402
from django.test import utils as test_utils  # noqa: E402
from django.utils import timezone  # noqa: E402
from measuring import load, summary, timed  # noqa: E402  (bench/measuring.py)

from certification.models import HONOUR_ORDER, Certificate  # noqa: E402
from certification.selectors import honour_list, honour_page  # noqa: E402
from certification.views import PUBLIC_PAGE_SIZE  # noqa: E402
from dbi_portal.keyset import Cursor, cursor_dumps  # noqa: E402
from demo.scale import SEED_DOMAIN  # noqa: E402
from enterprises.models import Enterprise, Province  # noqa: E402
from reports.ranking_views import PAGE_SIZE as RANKING_PAGE_SIZE  # noqa: E402
from reports.rankings import RANKING_ORDER, SME, ranking, ranking_page  # noqa: E402

FORBIDDEN_DATABASES = {"test", "dbi_bench"}

# --- before: the old query form ------------------------------------------------------------------


def old_honour(page_number: int, **filters) -> list[int]:
    """Paginator over the sorted list (COUNT, then OFFSET), as /vinh-danh/ did."""
    queryset = honour_list(**filters).select_related("enterprise")
    queryset = queryset.order_by("-overall_level", "-total_points", "enterprise_name", "pk")
    page = Paginator(queryset, PUBLIC_PAGE_SIZE).page(page_number)
    return [c.pk for c in page.object_list]


def old_ranking(page_number: int, **filters) -> list[int]:
    """Paginator over the list ranked by a window function, as /reports/rankings/ did."""
    queryset = (
        honour_list(**filters)
        .filter(framework_code=SME)
        .select_related("enterprise__province")
        .annotate(rank=Window(Rank(), order_by=F("total_points").desc()))
        .order_by("-total_points", "enterprise_name", "pk")
    )
    page = Paginator(queryset, RANKING_PAGE_SIZE).page(page_number)
    return [c.pk for c in page.object_list]


# --- floor: hand-written keyset SQL on the same index -------------------------------------------

LISTED = """
  c.status = 'valid' AND c.valid_until >= %(today)s
  AND NOT EXISTS (
    SELECT 1 FROM certification_honouroptout o WHERE o.enterprise_id = c.enterprise_id)
  AND NOT EXISTS (
    SELECT 1 FROM certification_certificate n
    WHERE n.enterprise_id = c.enterprise_id AND n.status = 'valid' AND n.valid_until >= %(today)s
      AND (n.period > c.period OR (n.period = c.period AND n.id > c.id)))
"""

HONOUR_SQL = f"""
SELECT c.*, e.* FROM certification_certificate c
JOIN enterprises_enterprise e ON e.id = c.enterprise_id
WHERE {LISTED} {{filters}}
  AND (c.overall_level * -1, c.total_points * -1, c.enterprise_name, c.id) > %(after)s
ORDER BY c.overall_level * -1, c.total_points * -1, c.enterprise_name, c.id
LIMIT %(limit)s
"""

RANKING_SQL = f"""
SELECT c.*, e.*, p.* FROM certification_certificate c
JOIN enterprises_enterprise e ON e.id = c.enterprise_id
JOIN enterprises_province p ON p.id = e.province_id
WHERE {LISTED} AND c.framework_code = %(sme)s {{filters}}
  AND (c.total_points * -1, c.enterprise_name, c.id) > %(after)s
ORDER BY c.total_points * -1, c.enterprise_name, c.id
LIMIT %(limit)s
"""

FIRST = {"honour": (-99, -(10**9), "", 0), "ranking": (-(10**9), "", 0)}


def floor(kind: str, after: tuple | None, size: int, **filters) -> list[int]:
    conditions, params = [], {"today": timezone.localdate(), "sme": SME, "limit": size + 1}
    if filters.get("level") is not None:
        conditions.append("AND c.overall_level * -1 = %(minus_level)s")
        params["minus_level"] = -filters["level"]
    if filters.get("province_id") is not None:
        conditions.append("AND e.province_id = %(province)s")
        params["province"] = filters["province_id"]
    if filters.get("sector"):
        conditions.append("AND e.sector_section = %(sector)s")
        params["sector"] = filters["sector"]
    params["after"] = tuple(after or FIRST[kind])
    sql = (HONOUR_SQL if kind == "honour" else RANKING_SQL).format(filters=" ".join(conditions))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()][:size]


# --- measuring ---------------------------------------------------------------------------------


def measure(label, *, runs, client, url, old, selector, hand, check) -> dict:
    print(f"\n{label}  ({url})")
    old_wall, _old_sql = timed(runs, old)
    print(f"  before: Paginator (COUNT + OFFSET)   {summary(old_wall)}")
    # The selector and the floor alternate run by run, so that a busy machine weighs on both.
    new_wall, new_sql, hand_sql = [], [], []
    for _ in range(runs):
        wall, sql = timed(1, selector)
        new_wall += wall
        new_sql += sql
        hand_sql += timed(1, hand)[1]
    print(f"  after: selector                      {summary(new_wall)}")
    print(f"    of which SQL                       {summary(new_sql)}")
    miss, _ = timed(runs, lambda: client.get(url), before_each=cache.clear)
    print(f"  after: page, cache miss              {summary(miss)}")
    hit, _ = timed(runs, lambda: client.get(url))
    print(f"  after: page, cache hit               {summary(hit)}")
    print(f"  floor: hand-written keyset SQL       {summary(hand_sql)}")
    ratio_old = statistics.median(old_wall) / statistics.median(new_wall)
    ratio_floor = statistics.median(new_sql) / statistics.median(hand_sql)
    print(f"  before / after (selector)            {ratio_old:8.1f}×")
    print(f"  selector SQL / floor SQL             {ratio_floor:8.2f}  (target ≤ 1.5)")
    same = check()
    print(f"  same rows (old form, selector, floor) {'yes' if same else 'NO'}")
    return {
        "label": label,
        "before": statistics.median(old_wall),
        "after": statistics.median(new_wall),
        "miss": statistics.median(miss),
        "hit": statistics.median(hit),
        "floor": statistics.median(hand_sql),
    }


def other_public_pages(client: Client, runs: int) -> list[tuple[str, float, int]]:
    """The other pages and endpoints anyone may request: each reads a bounded number of rows
    (one code, one number or tax code, the catalog), so they are timed as they are."""
    certificate = Certificate.objects.filter(status="valid").order_by("pk").first()
    tax_code = certificate.tax_code if certificate else "0000000000"
    code = certificate.verification_code if certificate else "A" * 16
    pages = [
        ("calculator /", "/"),
        ("search /chung-nhan/ by tax code", f"/chung-nhan/?tax_code={tax_code}"),
        ("verify page /chung-nhan/<code>/", f"/chung-nhan/{code}/"),
        ("API certificates by tax code", f"/api/v1/certificates/?tax_code={tax_code}"),
        ("API verify", f"/api/v1/certificates/verify/{code}/"),
        ("API frameworks", "/api/v1/frameworks/"),
    ]
    print("\nOther public pages (test Client, throttles emptied; queries with BEGIN/COMMIT)")
    found = []
    for label, url in pages:
        connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
        with test_utils.CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        wall, _sql = timed(runs, lambda url=url: client.get(url), before_each=cache.clear)
        print(f"  {label:34} {summary(wall)}  {len(queries)} queries, status {status}")
        found.append((label, statistics.median(wall), len(queries)))
    return found


def seed(enterprises: int) -> None:
    if Enterprise.objects.filter(contact_email__endswith=f"@{SEED_DOMAIN}").exists():
        return
    print(f"seeding {enterprises:,} enterprises × 3 years (seed_scale)…", flush=True)
    started = time.monotonic()
    call_command("seed_scale", enterprises=enterprises, years=3, force=True)
    print(f"seeded in {time.monotonic() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--enterprises", type=int, default=200_000, help="seed_scale size")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--depth", type=int, default=2000, help="the deep page's number")
    options = parser.parse_args()

    if connection.vendor != "postgresql":
        sys.exit("Use PostgreSQL: set DATABASE_URL (see the docstring).")
    if connection.settings_dict["NAME"] in FORBIDDEN_DATABASES:
        sys.exit("Use a database of your own, not a shared one.")
    seed(options.enterprises)
    test_utils.setup_test_environment()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('work_mem'), version()")
        work_mem, version = cursor.fetchone()
    listed = honour_list().count()
    print(version.split(",")[0], f"· work_mem={work_mem} · cache {cache.__class__.__name__}")
    print(
        f"{Certificate.objects.count():,} certificates, {listed:,} on the honour list; "
        f"{options.runs} runs each after a warm-up"
    )
    print("before:", load())

    client = Client()
    province = (
        Province.objects.filter(enterprises__certificates__status="valid").order_by("name").first()
    )
    h_size, r_size = PUBLIC_PAGE_SIZE, RANKING_PAGE_SIZE
    h_depth = min(options.depth, max(1, listed // h_size - 1))
    r_depth = min(options.depth, max(1, ranking().count() // r_size - 1))

    def honour_cursor(page_number, **filters) -> Cursor | None:
        if page_number == 1:
            return None
        row = honour_list(**filters)[(page_number - 1) * h_size - 1]
        return Cursor(HONOUR_ORDER.value(row))

    def ranking_cursor(page_number, **filters) -> Cursor | None:
        if page_number == 1:
            return None
        offset = (page_number - 1) * r_size - 1
        row = ranking(**filters)[offset]
        rank = 1 + ranking(**filters).filter(total_points__gt=row.total_points).count()
        return Cursor(RANKING_ORDER.value(row), carry=(rank, offset + 1))

    cases = [
        ("first page", 1, {}, ""),
        (f"deep page ({options.depth:,} requested)", None, {}, ""),
        (f"filtered: {province.name}, sector C", 1, {"province_id": province.pk, "sector": "C"},
         f"province={province.pk}&sector=C"),
    ]  # fmt: skip
    results = []
    for label, number, filters, query in cases:
        number = number or h_depth
        cursor = honour_cursor(number, **filters)
        token = cursor and cursor_dumps(HONOUR_ORDER, cursor)
        url = "/vinh-danh/?" + "&".join(x for x in (query, token and f"cursor={token}") if x)
        selector_filters = dict(filters)

        def check(number=number, cursor=cursor, filters=selector_filters):
            new = [c.pk for c in honour_page(cursor=cursor, size=h_size, **filters).rows]
            hand = floor("honour", cursor and cursor.key, h_size, **filters)
            return old_honour(number, **filters) == new == hand

        results.append(
            measure(
                f"Honour list, {label} (page {number:,})",
                runs=options.runs,
                client=client,
                url=url,
                old=lambda number=number, f=selector_filters: old_honour(number, **f),
                selector=lambda c=cursor, f=selector_filters: honour_page(
                    cursor=c, size=h_size, **f
                ),
                hand=lambda c=cursor, f=selector_filters: floor("honour", c and c.key, h_size, **f),
                check=check,
            )
        )
    for label, number, filters, query in cases:
        number = number or r_depth
        cursor = ranking_cursor(number, **filters)
        token = cursor and cursor_dumps(RANKING_ORDER, cursor)
        url = "/reports/rankings/?" + "&".join(x for x in (query, token and f"cursor={token}") if x)
        selector_filters = dict(filters)

        def check(number=number, cursor=cursor, filters=selector_filters):
            page = ranking_page(cursor=cursor, size=r_size, **filters)
            old = old_ranking(number, **filters)
            hand = floor("ranking", cursor and cursor.key, r_size, **filters)
            old_ranks = [
                c.rank
                for c in Paginator(
                    ranking(**filters).annotate(
                        rank=Window(Rank(), order_by=F("total_points").desc())
                    ),
                    r_size,
                )
                .page(number)
                .object_list
            ]
            return old == [c.pk for c in page.rows] == hand and old_ranks == [
                c.rank for c in page.rows
            ]

        results.append(
            measure(
                f"Rankings, {label} (page {number:,})",
                runs=options.runs,
                client=client,
                url=url,
                old=lambda number=number, f=selector_filters: old_ranking(number, **f),
                selector=lambda c=cursor, f=selector_filters: ranking_page(
                    cursor=c, size=r_size, **f
                ),
                hand=lambda c=cursor, f=selector_filters: floor(
                    "ranking", c and c.key, r_size, **f
                ),
                check=check,
            )
        )
    others = other_public_pages(client, options.runs)
    print("\nafter:", load())
    print(f"\n{'medians (ms)':48} before   after    miss     hit  floor")
    for r in results:
        print(
            f"  {r['label'][:46]:46} {r['before']:7.1f} {r['after']:7.1f} {r['miss']:7.1f} "
            f"{r['hit']:7.1f} {r['floor']:6.1f}"
        )
    for label, median, queries in others:
        print(f"  {label:46} {median:7.1f} ms, {queries} queries")


if __name__ == "__main__":
    main()
