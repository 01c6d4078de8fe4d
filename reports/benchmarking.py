"""Benchmarking one enterprise: its overall and pillar levels against the median and percentile
rank of its peers, in its sector (VSIC section, nationwide), its province and its size class
(nationwide).

What is compared:

* the enterprise's result: its latest counted assessment (any state but draft) and that
  assessment's reference column (``ColumnResult.is_reference``, see ``assessments.column_results``);
* its peers: the *other* enterprises of the group whose assessment of the same year and
  framework is counted, each by its reference column too (one result per enterprise and year).
  A group is read from what each result carries (``counted``, ``framework``, ``period`` and the
  enterprise's ``sector_section``, ``province`` and ``size_class`` as they are now), joining
  neither the assessments nor the enterprises; the subject's own result is left out by its
  assessment (one per enterprise, framework and year).

k-anonymity: a group is compared only when it has at least ``K_MIN`` (5) other enterprises;
otherwise the page says there are not enough enterprises to compare (without their number), and
no figure of that group is read. No other enterprise is ever named or listed.

The figures come from one SQL query: for each group, the number of peers and, for the overall
level and each pillar, the number of peers at each level 0–5 (the pillar levels are read from
the ``pillar_1`` … ``pillar_8`` columns, as the dashboards do). Levels are small integers, so
this histogram is exact and enough:

* the percentile rank of level L is the share of peers below L plus half of those at L
  (the mid-rank definition, fair with the many ties of a 0–5 scale), in percent;
* the median is read from the ordered counts (the mean of the two middle values when the number
  of peers is even). On PostgreSQL the same query also asks ``percentile_cont(0.5)`` of each
  group and level, which gives the same value; other databases (SQLite) use the histogram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, TypeAlias

from django.db import connections
from django.db.models import Aggregate, Count, Exists, FloatField, OuterRef, Q
from django.utils.translation import gettext as _

from assessments.column_results import PILLAR_FIELDS
from assessments.models import ColumnResult, Framework, Pillar
from enterprises.models import Enterprise
from enterprises.sectors import Section
from enterprises.sizing import SizeClass

K_MIN = 5  # at least this many OTHER enterprises in a group before it is compared

SECTOR, PROVINCE, SIZE = "sector", "province", "size"
OVERALL = "overall"


class Median(Aggregate):
    """The exact median of an expression (PostgreSQL's ordered-set aggregate; only used there)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


# --- pure arithmetic on a histogram (counts[k] peers at level k) ---


def histogram_median(counts: Sequence[int]) -> float | None:
    """The median of the values a histogram describes; None when it is empty."""
    n = sum(counts)
    if n == 0:
        return None

    def value_at(position: int) -> int:  # 0-based, in ascending order
        running = 0
        for level, count in enumerate(counts):
            running += count
            if position < running:
                return level
        raise IndexError(position)

    if n % 2:
        return float(value_at(n // 2))
    return (value_at(n // 2 - 1) + value_at(n // 2)) / 2


def percentile_rank(counts: Sequence[int], level: int) -> float | None:
    """The share of values below ``level`` plus half of those equal to it, in percent."""
    n = sum(counts)
    if n == 0:
        return None
    below = sum(counts[:level])
    equal = counts[level] if level < len(counts) else 0
    return 100 * (below + equal / 2) / n


# --- the result ---


@dataclass(frozen=True)
class PeerGroup:
    key: str
    label: str
    enough: bool  # at least K_MIN other enterprises: compared
    peers: int | None  # shown only when enough
    note: str = ""  # why there is no comparison when there is none


@dataclass(frozen=True)
class Comparison:
    median: float | None = None
    percentile: int | None = None

    @property
    def shown(self) -> bool:
        return self.median is not None


@dataclass(frozen=True)
class BenchmarkRow:
    key: str  # "overall" or the pillar's code
    label: str
    level: int
    comparisons: list[Comparison]  # one per group, in the order of ``Benchmark.groups``


@dataclass(frozen=True)
class Benchmark:
    enterprise: Enterprise
    result: ColumnResult | None  # the enterprise's compared result; None: nothing to compare
    groups: list[PeerGroup]
    rows: list[BenchmarkRow]
    max_level: int = 5

    @property
    def period(self) -> int | None:
        return self.result.assessment.period if self.result else None


def latest_counted_result(enterprise: Enterprise, framework_code: str = "") -> ColumnResult | None:
    """The reference column of the enterprise's latest counted (not draft) assessment (of the
    framework ``framework_code``, when given)."""
    of_framework = Q(framework__code=framework_code) if framework_code else Q()
    return (
        ColumnResult.objects.filter(
            of_framework, assessment__enterprise=enterprise, is_reference=True, counted=True
        )
        .select_related("assessment__framework")
        .order_by("-period", "-assessment_id")
        .first()
    )


def result_frameworks(enterprise: Enterprise) -> list[Framework]:
    """The frameworks in which the enterprise has a counted (not draft) result, by code: what
    its benchmark page offers to pick from (one query)."""
    results = ColumnResult.objects.filter(
        framework=OuterRef("pk"), assessment__enterprise=enterprise, is_reference=True, counted=True
    )
    return list(Framework.objects.filter(Exists(results)).order_by("code"))


# (key, label, condition on the peers' results or None: not comparable, note)
_Group: TypeAlias = tuple[str, str, Q | None, str]


def _groups(enterprise: Enterprise) -> list[_Group]:
    """(key, label, condition on the peers' results, note) of each comparison group (the
    enterprise's fields each result carries)."""
    sector = Section(enterprise.sector_section).label if enterprise.sector_section else ""
    groups: list[_Group] = [
        (
            SECTOR,
            _("Cùng ngành: %(name)s") % {"name": sector},
            Q(sector_section=enterprise.sector_section),
            "",
        ),
        (
            PROVINCE,
            _("Cùng tỉnh/thành phố: %(name)s") % {"name": enterprise.province.name},
            Q(province_id=enterprise.province_id),
            "",
        ),
    ]
    if enterprise.size_class:
        size = SizeClass(enterprise.size_class).label
        groups.append(
            (
                SIZE,
                _("Cùng quy mô: %(name)s") % {"name": size},
                Q(size_class=enterprise.size_class),
                "",
            )
        )
    else:
        groups.append(
            (
                SIZE,
                _("Cùng quy mô"),
                None,
                _("Chưa xác định được quy mô của doanh nghiệp (thiếu số lao động hoặc doanh thu)."),
            )
        )
    return groups


def _level_fields(pillars: int) -> dict[str, str]:
    """The overall level's and each pillar's level's field (NULL: no level for that pillar)."""
    return {OVERALL: "level", **{f"p{i}": PILLAR_FIELDS[i] for i in range(pillars)}}


def _peer_figures(
    result: ColumnResult, groups: list[_Group], pillars: int, max_level: int
) -> dict[str, Any]:
    """One query: per group, the peers and the histogram of each level (and, on PostgreSQL,
    each median)."""
    conditions = {key: condition for key, _label, condition, _note in groups if condition}
    if not conditions:
        return {}
    # The subject's enterprise has one assessment of this framework and year: its result's.
    peers = ColumnResult.objects.filter(
        reduce(or_, conditions.values()),
        ~Q(assessment_id=result.assessment_id),
        is_reference=True,
        counted=True,
        framework_id=result.framework_id,
        period=result.period,
    )
    on_postgresql = connections[peers.db].vendor == "postgresql"
    aggregates: dict[str, Aggregate] = {}
    for group, condition in conditions.items():
        aggregates[f"{group}__n"] = Count("pk", filter=condition)
        for key, field in _level_fields(pillars).items():
            for k in range(max_level + 1):
                aggregates[f"{group}__{key}__{k}"] = Count("pk", filter=condition & Q((field, k)))
            if on_postgresql:  # percentile_cont leaves out the NULLs (no level for the pillar)
                aggregates[f"{group}__{key}__median"] = Median(field, filter=condition)
    return peers.aggregate(**aggregates)


def enterprise_benchmark(*, enterprise: Enterprise, framework_code: str = "") -> Benchmark:
    """The enterprise's levels against its peer groups in four queries (its result, the
    pillars, the peers' figures), whatever the number of enterprises. ``enterprise`` comes with
    its province (select_related). Peers are always of the result's framework and year (levels
    of different frameworks are never compared); ``framework_code`` picks the framework, the
    latest result's by default."""
    result = latest_counted_result(enterprise, framework_code)
    groups = _groups(enterprise)
    if result is None:
        return Benchmark(
            enterprise=enterprise,
            result=None,
            groups=[PeerGroup(key, label, False, None, note) for key, label, _c, note in groups],
            rows=[],
        )
    framework = result.assessment.framework
    max_level = framework.max_level
    pillars = list(Pillar.objects.filter(framework=framework).order_by("position"))
    figures = _peer_figures(result, groups, len(pillars), max_level)

    peer_groups = []
    for key, label, condition, note in groups:
        n = (figures.get(f"{key}__n") or 0) if condition is not None else 0
        enough = condition is not None and n >= K_MIN
        if condition is not None and not enough:
            note = _("Chưa đủ doanh nghiệp để so sánh (cần ít nhất %(k)s doanh nghiệp khác).") % {
                "k": K_MIN
            }
        peer_groups.append(PeerGroup(key, label, enough, n if enough else None, note))

    subjects = [(OVERALL, _("Mức tổng thể"), result.level)] + [
        (f"p{i}", f"{pillar.code}. {pillar.name}", getattr(result, PILLAR_FIELDS[i]) or 0)
        for i, pillar in enumerate(pillars)
    ]
    rows = []
    for key, label, level in subjects:
        comparisons = []
        for group in peer_groups:
            if not group.enough:
                comparisons.append(Comparison())
                continue
            counts = [figures[f"{group.key}__{key}__{k}"] for k in range(max_level + 1)]
            if sum(counts) < K_MIN:  # a result without pillar levels: not enough to compare
                comparisons.append(Comparison())
                continue
            median = figures.get(f"{group.key}__{key}__median", histogram_median(counts))
            rank = percentile_rank(counts, level)
            assert rank is not None  # there are K_MIN counts or more
            comparisons.append(Comparison(median=median, percentile=int(rank + 0.5)))
        code = key if key == OVERALL else pillars[int(key[1:])].code
        rows.append(BenchmarkRow(key=code, label=label, level=level, comparisons=comparisons))
    return Benchmark(
        enterprise=enterprise,
        result=result,
        groups=peer_groups,
        rows=rows,
        max_level=max_level,
    )
