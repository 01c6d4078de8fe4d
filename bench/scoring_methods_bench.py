"""Timings of the 2023 scoring methods, pure functions only (a measurement, never a test).

Run: .venv/bin/python bench/scoring_methods_bench.py [--samples 40]
No database and no Django: the snapshots are built here with the shapes of the real frameworks
(the readiness index with ~32 questions in 7 weighted pillars; the large-enterprise index with
6 dimensions of 4/6/5/4/3/3 groups and 25/24/29/22/22/18 = 140 criteria, 8 departments).

Each method is timed against floors measured in the same run, so the ratios stand even on a
shared, loaded machine: a bare Python loop over the same numbers (the least any scorer must do),
and the same arithmetic written by hand without result objects (ints for the readiness index;
floats, Fractions as the method uses, and exact means built with one Fraction per group for the
large index). Prints µs per call (median and p95 of the samples) and the ratios to the floors.
"""

import argparse
import os
import random
import statistics
import sys
import time
from fractions import Fraction
from math import floor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assessments import scoring
from assessments.scoring import (
    CatalogSnapshot,
    CriterionSpec,
    PillarSpec,
    SubIndexSpec,
    Threshold,
)

WEIGHTS = (22, 7, 33, 4, 4, 19, 11)
# Questions per aim, pillar by pillar: 5 + 4 + 6 + 4 + 4 + 5 + 4 = 32.
AIMS = ((3, 2), (2, 2), (3, 3), (2, 2), (2, 2), (3, 2), (2, 2))
GROUPS = (4, 6, 5, 4, 3, 3)
CRITERIA = (25, 24, 29, 22, 22, 18)
DEPARTMENTS = 8


def readiness_snapshot() -> CatalogSnapshot:
    return CatalogSnapshot(
        code="dbi-sme-readiness-2023",
        pillars=tuple(
            PillarSpec(
                str(p),
                tuple(
                    SubIndexSpec(
                        f"{p}.{a}",
                        tuple(CriterionSpec(f"{p}.{a}.{q}") for q in range(1, n + 1)),
                    )
                    for a, n in enumerate(counts, start=1)
                ),
                weight_percent=weight,
            )
            for p, (counts, weight) in enumerate(zip(AIMS, WEIGHTS, strict=True), start=1)
        ),
        method=scoring.READINESS_MEDIAN_2023,
        min_level=1,
        thresholds=tuple(
            Threshold(k, m) for k, m in enumerate((1000, 1800, 2600, 3400, 4200), start=1)
        ),
    )


def split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def large_snapshot() -> CatalogSnapshot:
    return CatalogSnapshot(
        code="dbi-large-2023",
        pillars=tuple(
            PillarSpec(
                f"D{d}",
                tuple(
                    SubIndexSpec(
                        f"D{d}.{g}",
                        tuple(CriterionSpec(f"D{d}.{g}.{c}") for c in range(1, n + 1)),
                    )
                    for g, n in enumerate(split(criteria, groups), start=1)
                ),
            )
            for d, (groups, criteria) in enumerate(zip(GROUPS, CRITERIA, strict=True), start=1)
        ),
        method=scoring.DEPARTMENT_MEANS_2023,
        min_level=0,
        thresholds=tuple(
            Threshold(k, m) for k, m in enumerate((0, 2500, 5000, 7500, 10000), start=1)
        ),
    )


# --- floors --------------------------------------------------------------------------------


def bare_sum_levels(codes, levels) -> int:
    total = 0
    for code in codes:
        total += levels[code]
    return total


def hand_readiness(pillars, levels) -> tuple[int, int]:
    """(R in thousandths, level): the method's arithmetic without result objects."""
    weighted = 0
    for weight, codes in pillars:
        answered = sorted(levels[c] for c in codes if c in levels)
        n = len(answered)
        if n:
            middle = n // 2
            median = (
                answered[middle] * 1000
                if n % 2
                else (answered[middle - 1] + answered[middle]) * 500
            )
            weighted += weight * median
    r = weighted // 100
    return r, sum(1 for m in (1000, 1800, 2600, 3400, 4200) if r >= m)


def bare_sum_cells(codes, departments) -> int:
    total = 0
    for cells in departments.values():
        for code in codes:
            value = cells.get(code)
            if value is not None:
                total += value
    return total


def hand_means(structure, departments, number) -> tuple[int, int]:
    """(percent in hundredths, level) by nested means, in ``number`` (float or Fraction)."""
    department_means = []
    for cells in departments.values():
        dimension_means = []
        for groups in structure:
            group_means = []
            for codes in groups:
                values = [number(cells.get(c, 0)) for c in codes if cells.get(c, 0) is not None]
                if values:
                    group_means.append(sum(values) / len(values))
            if group_means:
                dimension_means.append(sum(group_means) / len(group_means))
        if dimension_means:
            department_means.append(sum(dimension_means) / len(dimension_means))
    mean = sum(department_means) / len(department_means)
    shown = floor(mean * 100)
    return shown, sum(1 for m in (0, 2500, 5000, 7500, 10000) if mean * 100 >= m)


def hand_means_group_sums(structure, departments) -> tuple[int, int]:
    """The same exact means, summing each group's whole percents as ints and making one
    Fraction per group: what the exact method could cost."""
    department_means = []
    for cells in departments.values():
        dimension_means = []
        for groups in structure:
            group_means = []
            for codes in groups:
                total = count = 0
                for code in codes:
                    value = cells.get(code, 0)
                    if value is not None:
                        total += value
                        count += 1
                if count:
                    group_means.append(Fraction(total, count))
            if group_means:
                dimension_means.append(sum(group_means) / len(group_means))
        if dimension_means:
            department_means.append(sum(dimension_means) / len(dimension_means))
    mean = sum(department_means) / len(department_means)
    return floor(mean * 100), sum(1 for m in (0, 2500, 5000, 7500, 10000) if mean * 100 >= m)


# --- timing --------------------------------------------------------------------------------


def per_call_us(func, samples: int, budget_ms: float = 20.0) -> list[float]:
    """µs per call over ``samples`` samples, each repeating ``func`` for about ``budget_ms``."""
    func()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < budget_ms / 1000:
        func()
        calls += 1
    repeat = max(1, calls)
    out = []
    for _ in range(samples):
        start = time.perf_counter()
        for _ in range(repeat):
            func()
        out.append((time.perf_counter() - start) * 1e6 / repeat)
    return out


def measure(label: str, func, samples: int, floors: dict[str, float] | None = None) -> float:
    """Print one line (µs per call, and the ratio to each floor); return the median."""
    ordered = sorted(per_call_us(func, samples))
    median = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    ratios = "  ".join(f"×{median / value:6.1f} {name}" for name, value in (floors or {}).items())
    print(f"  {label:<46} median {median:8.1f} µs  p95 {p95:8.1f} µs  {ratios}")
    return median


def bench_readiness(rng: random.Random, samples: int) -> None:
    snapshot = readiness_snapshot()
    codes = list(snapshot.criterion_codes)
    levels = {code: rng.randint(1, 5) for code in codes}
    pillars = [(p.weight_percent, [c.code for c in p.criteria]) for p in snapshot.pillars]
    result = scoring.score(snapshot, levels)
    assert hand_readiness(pillars, levels) == (result.total, result.level)
    print(f"\nreadiness index: {len(codes)} questions answered, 7 pillars")
    bare = measure(
        "floor: bare loop summing the levels", lambda: bare_sum_levels(codes, levels), samples
    )
    by_hand = measure(
        "floor: same medians and R by hand (ints)",
        lambda: hand_readiness(pillars, levels),
        samples,
        {"bare": bare},
    )
    floors = {"bare": bare, "by hand": by_hand}
    measure("scoring.score", lambda: scoring.score(snapshot, levels), samples, floors)
    measure("scoring.check_levels", lambda: scoring.check_levels(snapshot, levels), samples, floors)
    measure(
        "check_levels + score + result_as_dict",
        lambda: scoring.result_as_dict(
            scoring.score(snapshot, scoring.check_levels(snapshot, levels))
        ),
        samples,
        floors,
    )


def bench_large(rng: random.Random, samples: int) -> None:
    snapshot = large_snapshot()
    criteria = list(snapshot.criterion_codes)
    departments = {
        f"Department {i}": {
            code: (None if rng.random() < 0.15 else rng.randint(0, 100)) for code in criteria
        }
        for i in range(1, DEPARTMENTS + 1)
    }
    structure = [[[c.code for c in g.criteria] for g in p.sub_indices] for p in snapshot.pillars]
    result = scoring.score_departments(snapshot, departments)
    assert hand_means(structure, departments, Fraction) == (result.total, result.level)
    assert hand_means_group_sums(structure, departments) == (result.total, result.level)
    cells = sum(len(c) for c in departments.values())
    print(
        f"\nlarge-enterprise index: {len(criteria)} criteria × {DEPARTMENTS} departments "
        f"({cells} cells, ~15 % not relevant)"
    )
    bare = measure(
        "floor: bare loop summing the cells", lambda: bare_sum_cells(criteria, departments), samples
    )
    floats = measure(
        "floor: same nested means by hand (floats)",
        lambda: hand_means(structure, departments, float),
        samples,
        {"bare": bare},
    )
    fractions = measure(
        "floor: same nested means by hand (Fractions)",
        lambda: hand_means(structure, departments, Fraction),
        samples,
        {"bare": bare, "floats": floats},
    )
    measure(
        "  (same, one Fraction per group from int sums)",
        lambda: hand_means_group_sums(structure, departments),
        samples,
        {"bare": bare, "floats": floats, "Fractions": fractions},
    )
    floors = {"bare": bare, "floats": floats, "Fractions": fractions}
    measure(
        "scoring.score_departments",
        lambda: scoring.score_departments(snapshot, departments),
        samples,
        floors,
    )
    measure(
        "scoring.check_departments",
        lambda: scoring.check_departments(snapshot, departments),
        samples,
        floors,
    )
    measure(
        "check + score_departments + result_as_dict",
        lambda: scoring.result_as_dict(
            scoring.score_departments(snapshot, scoring.check_departments(snapshot, departments))
        ),
        samples,
        floors,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()
    one, five, fifteen = os.getloadavg()
    print(f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs")
    rng = random.Random(2023)
    bench_readiness(rng, args.samples)
    bench_large(rng, args.samples)


if __name__ == "__main__":
    main()
