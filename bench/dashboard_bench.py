"""Time the national dashboard and a large and a small province's on a database filled by
``seed_scale``.

Run (on a PostgreSQL database of your own, never ``test`` or ``dbi_bench``):

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/dbi_scale
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py load_divisions \\
        && .venv/bin/python manage.py load_catalog
    .venv/bin/python manage.py seed_scale --enterprises 200000 --years 3
    .venv/bin/python bench/dashboard_bench.py [--runs 15] [--province 79] [--small-province 12] \\
        [--set jit=off]

For each scope it times, in the same run: the page through the test Client (server time), the
selector alone (and the part of it spent in SQL), and hand-written aggregate SQL computing the
same figures on the same data layout (the column results' denormalized fields and indexes,
assessments/column_results.py), whose results it checks against the selector's; then it prints the
ratio of the selector's SQL to the hand-written SQL. ``--set name=value`` applies a PostgreSQL
setting to the session for every measurement. It creates a ministry reviewer of its own and
deletes it at the end. A measurement, never a test.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test import utils as test_utils  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from measuring import load, summary, timed  # noqa: E402  (bench/measuring.py)

from assessments.models import Assessment  # noqa: E402
from enterprises.models import MinistryReviewer, Province, User  # noqa: E402
from reports.selectors import (  # noqa: E402
    BY_PROVINCE,
    BY_SECTOR,
    DashboardQuery,
    dashboard,
    dashboard_framework,
    latest_period,
    year_choices,
)

FORBIDDEN_DATABASES = {"test", "dbi_bench"}
BENCH_EMAIL = "dashboard-bench@bench.invalid"

# --- the same figures, written by hand -----------------------------------------------------
# On the same data layout as the selector: the column results' denormalized year, markers,
# enterprise fields and pillar levels (assessments/column_results.py) and their covering indexes.

RESULTS_SQL = """
SELECT r.{group} AS grp, r.level, count(*)
FROM assessments_columnresult r
WHERE r.framework_id = %(framework)s AND r.period = %(period)s
  AND r.is_reference AND r.counted AND {scope}
GROUP BY 1, 2
"""

REGISTERED_SQL = """
SELECT e.{group} AS grp, count(*) AS registered,
       count(*) FILTER (WHERE e.id IN (
           SELECT enterprise_id FROM certification_certificate
           WHERE status = 'valid' AND valid_until >= %(today)s AND period = %(period)s
             AND framework_code = %(code)s)) AS certified
FROM enterprises_enterprise e
WHERE {scope}
GROUP BY 1
"""

CERTIFIED_SQL = """
SELECT c.period, count(DISTINCT c.enterprise_id)
FROM certification_certificate c {join}
WHERE c.status = 'valid' AND c.valid_until >= %(today)s AND c.framework_code = %(code)s
  AND {scope}
GROUP BY 1
"""

TREND_SQL = """
SELECT r.period, r.level, count(*)
FROM assessments_columnresult r
WHERE r.framework_id = %(framework)s AND r.is_reference AND r.counted AND {scope}
GROUP BY 1, 2
"""

PILLARS_SQL = """
SELECT {counts}
FROM assessments_columnresult r
WHERE r.framework_id = %(framework)s AND r.period = %(period)s
  AND r.is_reference AND r.counted AND {scope}
"""


def hand_written(query: DashboardQuery, pillars: int) -> dict:
    """The dashboard's figures from five hand-written queries (and the province codes)."""
    max_level = query.framework.max_level
    province = query.province
    scope = "{t}.province_id = %(province)s" if province else "TRUE"
    group = "sector_section" if province else "province_id"
    counts = ", ".join(
        f"count(*) FILTER (WHERE r.pillar_{i} = {k})"
        for i in range(1, pillars + 1)
        for k in range(max_level + 1)
    )
    params = {
        "framework": query.framework.pk,
        "code": query.framework.code,
        "period": query.period,
        "today": timezone.localdate(),
        "province": province.pk if province else None,
    }
    with connection.cursor() as cursor:
        cursor.execute(RESULTS_SQL.format(group=group, scope=scope.format(t="r")), params)
        results: dict[object, list[int]] = {}
        for key, level, n in cursor.fetchall():
            results.setdefault(key, [0] * (max_level + 1))[level] = n
        cursor.execute(REGISTERED_SQL.format(group=group, scope=scope.format(t="e")), params)
        registered = {row[0]: row for row in cursor.fetchall()}
        join = "JOIN enterprises_enterprise e ON e.id = c.enterprise_id" if province else ""
        cursor.execute(CERTIFIED_SQL.format(join=join, scope=scope.format(t="e")), params)
        certified = dict(cursor.fetchall())
        cursor.execute(TREND_SQL.format(scope=scope.format(t="r")), params)
        trend = cursor.fetchall()
        cursor.execute(PILLARS_SQL.format(counts=counts, scope=scope.format(t="r")), params)
        pillar_counts = cursor.fetchone()
        codes = {}
        if not province:
            cursor.execute("SELECT id, code FROM enterprises_province")
            codes = dict(cursor.fetchall())
    by_year: dict[int, list[int]] = {}
    for period, level, n in trend:
        by_year.setdefault(period, [0] * (max_level + 1))[level] = n
    step = max_level + 1
    by_pillar = [pillar_counts[i * step : (i + 1) * step] for i in range(pillars)]
    rows = []
    for key in registered.keys() | results.keys():
        _key, n_registered, n_certified = registered.get(key, (key, 0, 0))
        levels = tuple(results.get(key, [0] * step))
        rows.append((codes.get(key, key), n_registered, sum(levels), n_certified, levels))
    return {
        "registered": sum(row[1] for row in registered.values()),
        "certified": certified.get(query.period, 0),
        "levels": tuple(by_year.get(query.period, [0] * (max_level + 1))),
        "pillars": [tuple(p) for p in by_pillar],
        "rows": rows,
        "trend": {p: (tuple(v), certified.get(p, 0)) for p, v in by_year.items()},
    }


def selector_figures(board) -> dict:
    return {
        "registered": board.registered,
        "certified": board.certified,
        "levels": board.levels.counts,
        "pillars": [p.levels.counts for p in board.pillars],
        "rows": [
            (r.key, r.registered, r.assessed, r.certified, r.levels.counts) for r in board.rows
        ],
        "trend": {y.period: (y.levels.counts, y.certified) for y in board.trend if y.assessed},
    }


# --- measuring -------------------------------------------------------------------------------


def measure(label: str, client: Client, url: str, query: DashboardQuery, runs: int, pillars: int):
    print(f"\n{label}  ({url})")
    wall, _sql = timed(runs, lambda: client.get(url))
    print(f"  page (test Client)       {summary(wall)}")
    selector_wall, selector_sql = timed(runs, lambda: dashboard(query))
    print(f"  selector                 {summary(selector_wall)}")
    print(f"    of which SQL           {summary(selector_sql)}")
    _hand_wall, hand_sql = timed(runs, lambda: hand_written(query, pillars))
    print(f"  hand-written SQL         {summary(hand_sql)}")
    ratio = statistics.median(selector_sql) / statistics.median(hand_sql)
    print(f"  selector SQL / hand SQL  {ratio:.2f}  (target ≤ 1.5)")
    ours, theirs = selector_figures(dashboard(query)), hand_written(query, pillars)
    ours["rows"], theirs["rows"] = sorted(ours["rows"]), sorted(theirs["rows"])
    same = ours == theirs
    print(f"  same figures             {'yes' if same else 'NO'}")
    if not same:
        for key in ours:
            if ours[key] != theirs[key]:
                print(f"    {key}: selector {ours[key]!r}\n    {key}: hand     {theirs[key]!r}")
    return statistics.median(wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--province", type=int, default=79, help="GSO code (79: Hồ Chí Minh)")
    parser.add_argument(
        "--small-province", type=int, default=12, help="GSO code of a small one (12: Lai Châu)"
    )
    parser.add_argument("--set", action="append", default=[], help="PostgreSQL name=value")
    options = parser.parse_args()

    if connection.vendor != "postgresql":
        sys.exit("Use PostgreSQL: set DATABASE_URL (see the docstring).")
    if connection.settings_dict["NAME"] in FORBIDDEN_DATABASES:
        sys.exit("Use a database of your own, not a shared one.")
    test_utils.setup_test_environment()
    with connection.cursor() as cursor:
        for setting in options.set:
            name, value = setting.split("=", 1)
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
        cursor.execute(
            "SELECT current_setting('jit'), current_setting('work_mem'), "
            "current_setting('max_parallel_workers_per_gather'), version()"
        )
        jit, work_mem, workers, version = cursor.fetchone()
    framework = dashboard_framework()
    period = latest_period(framework)
    province = Province.objects.get(code=options.province)
    small = Province.objects.get(code=options.small_province)
    pillars = framework.pillars.count()
    print(version.split(",")[0], f"· jit={jit} work_mem={work_mem} parallel workers={workers}")
    print(
        f"{Assessment.objects.count():,} assessments, {len(year_choices(period))} year choices, "
        f"latest {period}; {options.runs} runs each after a warm-up"
    )
    print("before:", load())

    user, _ = User.objects.get_or_create(email=BENCH_EMAIL, defaults={"full_name": "Bench"})
    MinistryReviewer.objects.get_or_create(user=user)
    client = Client()
    client.force_login(user)
    try:
        national = measure(
            "National dashboard",
            client,
            reverse("dashboard"),
            DashboardQuery(framework=framework, period=period, breakdown=BY_PROVINCE),
            options.runs,
            pillars,
        )
        for one in (province, small):
            measure(
                f"Provincial dashboard: {one.name} ({one.enterprises.count():,} enterprises)",
                client,
                reverse("dashboard-province", args=[one.code]),
                DashboardQuery(
                    framework=framework, period=period, province=one, breakdown=BY_SECTOR
                ),
                options.runs,
                pillars,
            )
    finally:
        MinistryReviewer.objects.filter(user=user).delete()
        user.delete()
    print("\nafter:", load())
    print(f"national page median {national:.0f} ms (target ≤ 300 ms)")


if __name__ == "__main__":
    main()
