"""Dashboard figures for the nation or one province, computed in SQL over the persisted results.

What is counted, for a scope (the nation, or one province), a year, a framework and a column:

* **registered**: the enterprises in the scope that match the filters (sector, size class,
  enterprise type), as they are now;
* **assessed**: those whose assessment of that year has left the draft state and whose chosen
  column has at least one answer. The column is one of the four, or the *reference* column
  (``REFERENCE``, the default): the most authoritative column whose review step is over, as
  defined in ``assessments/column_results.py`` (the ministry's once appraised, the province's once
  approved, the consultant's once finished, else the enterprise's own);
* **certified**: those holding today a valid certificate (status valid, not past its date)
  issued on their assessment of that year;
* the distribution of the assessed by overall level and, per pillar, by pillar level, with the
  averages; one breakdown of all these by place (province for the nation, ward for a
  province), sector, size class or enterprise type; and the same per year (the trend).

Every figure is an SQL aggregate (``Count``/``Sum`` with ``filter=``); no Python loop visits an
enterprise or an assessment. The number of queries is the same whatever the amount of data:
see ``dashboard``. The results are counted on the column results alone: each carries its
assessment's year, whether it counts, the enterprise's place, sector, size and type and its
pillar levels as SMALLINT columns (``assessments/column_results.py``), and partial covering indexes
hold exactly what is read, so a national figure is one index-only pass over one year's
reference results (or over every year's levels, for the trend), with no join. Only registered
and certified read the enterprises and certificates, as they are now.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments import scoring
from assessments.catalog import DEFAULT_FRAMEWORK_CODE
from assessments.column_results import PILLAR_FIELDS
from assessments.models import Assessment, Column, ColumnResult, Framework
from assessments.selectors import catalog_index
from certification.models import Certificate
from certification.selectors import valid_on
from enterprises.access import Viewer
from enterprises.models import Enterprise, EnterpriseKind, MinistryReviewer, Province, Ward
from enterprises.sectors import Section
from enterprises.sizing import SizeClass

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SME = DEFAULT_FRAMEWORK_CODE
REFERENCE = "reference"
COLUMN_CHOICES = ((REFERENCE, _("Cột tham chiếu (bước xét duyệt gần nhất)")), *Column.choices)

# Breakdowns: the field each one groups by, on the enterprises and on their column results alike.
BY_PROVINCE, BY_WARD, BY_SECTOR, BY_SIZE, BY_KIND = "province", "ward", "sector", "size", "kind"
BREAKDOWN_FIELDS = {
    BY_PROVINCE: "province",
    BY_WARD: "ward",
    BY_SECTOR: "sector_section",
    BY_SIZE: "size_class",
    BY_KIND: "kind",
}
NATIONAL_BREAKDOWNS = (BY_PROVINCE, BY_SECTOR, BY_SIZE, BY_KIND)
PROVINCE_BREAKDOWNS = (BY_SECTOR, BY_WARD, BY_SIZE, BY_KIND)
BREAKDOWN_LABELS = {
    BY_PROVINCE: _("Tỉnh/thành phố"),
    BY_WARD: _("Phường/xã"),
    BY_SECTOR: _("Ngành (VSIC cấp 1)"),
    BY_SIZE: _("Quy mô"),
    BY_KIND: _("Loại hình"),
}
UNKNOWN = _("Chưa rõ")


# --- who sees which dashboard ---


@dataclass(frozen=True)
class DashboardAccess:
    """National (every province) for ministry reviewers and administrators; one province for
    its officers."""

    national: bool
    province_id: int | None = None

    def may_see(self, province: Province | None) -> bool:
        if province is None:
            return self.national
        return self.national or province.pk == self.province_id


def dashboard_access(user: Viewer) -> DashboardAccess | None:
    """None for everyone without a dashboard (enterprise members, consultants, strangers)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser or MinistryReviewer.objects.filter(user=user).exists():
        return DashboardAccess(national=True)
    officer = getattr(user, "province_officer", None)
    if officer is not None:
        return DashboardAccess(national=False, province_id=officer.province_id)
    return None


# --- what is asked ---


@dataclass(frozen=True)
class DashboardQuery:
    framework: Framework
    period: int
    column: str = REFERENCE
    province: Province | None = None
    sector: str = ""
    size: str = ""
    kind: str = ""
    breakdown: str = ""

    @property
    def breakdowns(self) -> tuple[str, ...]:
        return NATIONAL_BREAKDOWNS if self.province is None else PROVINCE_BREAKDOWNS

    @property
    def chosen_breakdown(self) -> str:
        return self.breakdown if self.breakdown in self.breakdowns else self.breakdowns[0]


def dashboard_frameworks() -> list[Framework]:
    """The frameworks a dashboard may be asked for: the active ones and any with counted results,
    each with ``has_results``. One query."""
    counted = ColumnResult.objects.filter(framework=OuterRef("pk"), counted=True)
    return [
        framework
        for framework in Framework.objects.annotate(has_results=Exists(counted)).order_by("code")
        if framework.is_active or framework.has_results
    ]


def dashboard_framework(
    code: str = "", frameworks: list[Framework] | None = None
) -> Framework | None:
    """The framework asked for by its ``code``; by default the 2021 index, or the only framework
    with results when just one has any. Results of different frameworks are never counted
    together (their levels and scores mean different things). One query, none with
    ``frameworks`` (``dashboard_frameworks``) given."""
    frameworks = dashboard_frameworks() if frameworks is None else frameworks
    by_code = {f.code: f for f in frameworks}
    if code and code in by_code:
        return by_code[code]
    with_results = [f for f in frameworks if getattr(f, "has_results", False)]
    if len(with_results) == 1:
        return with_results[0]
    return by_code.get(SME) or next(iter(with_results or frameworks), None)


def latest_period(framework: Framework) -> int:
    """The latest year with an assessment of ``framework`` (this year when there is none)."""
    latest = Assessment.objects.filter(framework=framework).aggregate(p=Max("period"))["p"]
    return latest or timezone.localdate().year


# --- the figures ---


@dataclass(frozen=True)
class LevelCounts:
    """How many results are at each level 0..max, their number and the sum of their levels."""

    counts: tuple[int, ...]
    level_sum: int = 0
    # The sum of the results' scores in their framework's unit (scoring.UNIT_OF_METHOD); read
    # for the 2023 frameworks only (the 2021 dashboards average levels alone).
    score_sum: int | None = None

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def average(self) -> float | None:
        return round(self.level_sum / self.total, 2) if self.total else None

    @property
    def average_score(self) -> int | None:
        """The mean score in the framework's unit, rounded down (like the methods' scores)."""
        if self.score_sum is None or not self.total:
            return None
        return self.score_sum // self.total


@dataclass(frozen=True)
class GroupRow:
    key: object
    label: str
    registered: int
    certified: int
    levels: LevelCounts

    @property
    def assessed(self) -> int:
        return self.levels.total

    @property
    def assessed_percent(self) -> float | None:
        return round(100 * self.assessed / self.registered, 1) if self.registered else None


@dataclass(frozen=True)
class PillarFigure:
    code: str
    name: str
    levels: LevelCounts


@dataclass(frozen=True)
class YearFigure:
    period: int
    certified: int
    levels: LevelCounts

    @property
    def assessed(self) -> int:
        return self.levels.total


@dataclass(frozen=True)
class Dashboard:
    query: DashboardQuery
    max_level: int
    level_names: dict[int, str]
    registered: int
    certified: int
    levels: LevelCounts
    pillars: list[PillarFigure]
    breakdown: str
    rows: list[GroupRow]
    trend: list[YearFigure] = field(default_factory=list)

    @property
    def assessed(self) -> int:
        return self.levels.total

    @property
    def assessed_percent(self) -> float | None:
        return round(100 * self.assessed / self.registered, 1) if self.registered else None

    @property
    def certified_percent(self) -> float | None:
        return round(100 * self.certified / self.registered, 1) if self.registered else None

    @property
    def method(self) -> str:
        return self.query.framework.scoring_method

    @property
    def counts_points(self) -> bool:
        return self.method == scoring.SME_BANDS_2021


# --- the querysets ---


def _enterprise_filter(query: DashboardQuery, prefix: str = "") -> Q:
    """The filters on the enterprise: the same field names on ``Enterprise`` and on the copies
    its column results carry (assessments/column_results.py)."""
    conditions = {
        "province": query.province,
        "sector_section": query.sector,
        "size_class": query.size,
        "kind": query.kind,
    }
    return Q(**{f"{prefix}{name}": value for name, value in conditions.items() if value})


def _column_filter(column: str, prefix: str = "") -> Q:
    if column == REFERENCE:
        return Q(**{f"{prefix}is_reference": True})
    return Q(**{f"{prefix}column": column})


def counted_results(
    query: DashboardQuery, *, years: Sequence[int] | None = None
) -> QuerySet[ColumnResult]:
    """The column results the dashboard counts, one per assessed enterprise and year: of the
    query's year (or of the consecutive ``years``), its column, its filters. Every condition is
    on the result's own denormalized fields, so PostgreSQL reads them from a covering index of
    the results alone (see the indexes of ``ColumnResult``)."""
    # Years as a range: one ordered (parallel) scan of a trend index serves it.
    period = Q(period=query.period) if years is None else Q(period__range=(years[0], years[-1]))
    return ColumnResult.objects.filter(
        _column_filter(query.column),
        period,
        _enterprise_filter(query),
        framework=query.framework,
        counted=True,
    )


def _valid_certificates(query: DashboardQuery, years: Sequence[int]) -> QuerySet[Certificate]:
    """Today's valid certificates of the consecutive ``years`` (one range of the index)."""
    today = timezone.localdate()
    return Certificate.objects.filter(
        valid_on(today), period__range=(years[0], years[-1]), framework_code=query.framework.code
    )


def _level_counts(
    max_level: int, cells: dict[int, int] | None, score_sum: int | None = None
) -> LevelCounts:
    """The level counts of ``{level: how many}`` (the levels' sum follows from them)."""
    cells = cells or {}
    counts = tuple(cells.get(k, 0) for k in range(max_level + 1))
    return LevelCounts(
        counts=counts, level_sum=sum(k * n for k, n in enumerate(counts)), score_sum=score_sum
    )


def _cells(rows: Iterable[Mapping[str, Any]], key: str) -> dict[Any, dict[int, int]]:
    """``{key: {level: n}}`` of rows counted by (key, level)."""
    cells: dict[Any, dict[int, int]] = {}
    for row in rows:
        cells.setdefault(row[key], {})[row["level"]] = row["n"]
    return cells


def _score_sums(rows: Iterable[Mapping[str, Any]], key: str) -> dict[Any, int]:
    """``{key: sum of the scores}`` of rows counted by (key, level) with their ``score``."""
    sums: dict[Any, int] = {}
    for row in rows:
        if "score" in row:
            sums[row[key]] = sums.get(row[key], 0) + (row["score"] or 0)
    return sums


def _with_scores(query: DashboardQuery) -> dict[str, Sum]:
    """The score sum a grouped count also reads, for the 2023 frameworks: their dashboards show
    the mean R or percent. The 2021 dashboards read levels alone (an index-only pass)."""
    if query.framework.scoring_method == scoring.SME_BANDS_2021:
        return {}
    return {"score": Sum("total")}


def _results_by_group(
    query: DashboardQuery,
) -> tuple[dict[object, dict[int, int]], dict[object, int]]:
    """``{group: {level: n}}`` of the year's counted results: how many of each group are at each
    level, one pass over them; and (2023 frameworks) ``{group: sum of their scores}``."""
    field = BREAKDOWN_FIELDS[query.chosen_breakdown]
    rows = list(
        counted_results(query)
        .values("level", group=F(field))
        .annotate(n=Count("*"), **_with_scores(query))
        .order_by()
    )
    return _cells(rows, "group"), _score_sums(rows, "group")


def _pillar_figures(query: DashboardQuery, pillars: int, max_level: int) -> dict[str, int]:
    """How many of the year's counted results are at each level of each pillar
    (``p{i}_{level}``), one pass over them."""
    aggregates = {
        f"p{i}_{k}": Count(name, filter=Q(**{name: k}))
        for i, name in enumerate(PILLAR_FIELDS[:pillars])
        for k in range(max_level + 1)
    }
    return counted_results(query).aggregate(**aggregates)


def _pillar_levels(max_level: int, figures: dict[str, int], i: int) -> LevelCounts:
    return _level_counts(max_level, {k: figures[f"p{i}_{k}"] for k in range(max_level + 1)})


def _results_by_year(
    query: DashboardQuery, years: list[int]
) -> tuple[dict[int, dict[int, int]], dict[int, int]]:
    """``{year: {level: n}}`` of the counted results of every year (the trend), and (2023
    frameworks) ``{year: sum of their scores}``."""
    rows = list(
        counted_results(query, years=years)
        .values("period", "level")
        .annotate(n=Count("*"), **_with_scores(query))
        .order_by()
    )
    return _cells(rows, "period"), _score_sums(rows, "period")


def _registered_by_group(query: DashboardQuery) -> dict[Any, tuple[int, int]]:
    """{group: (registered, certified)}: the enterprises of each group as they are now, and how
    many of them hold a valid certificate of the year, in one pass over the enterprises."""
    field = BREAKDOWN_FIELDS[query.chosen_breakdown]
    certified = _valid_certificates(query, [query.period]).values("enterprise_id")
    rows = (
        Enterprise.objects.filter(_enterprise_filter(query))
        .values(group=F(field))
        .annotate(registered=Count("*"), certified=Count("pk", filter=Q(pk__in=certified)))
        .order_by()
    )
    return {row["group"]: (row["registered"], row["certified"]) for row in rows}


def _certified_by_year(query: DashboardQuery, years: list[int]) -> dict[int, int]:
    """{year: enterprises holding today a valid certificate of that year}."""
    rows = (
        _valid_certificates(query, years)
        .filter(_enterprise_filter(query, "enterprise__"))
        .values("period")
        .annotate(n=Count("enterprise", distinct=True))
        .order_by()
    )
    return {row["period"]: row["n"] for row in rows}


def _group_labels(breakdown: str, query: DashboardQuery) -> dict[Any, tuple[Any, StrOrPromise]]:
    """{group value: (row key, label)}; a province's row key is its code (the drill-down's)."""
    if breakdown == BY_PROVINCE:
        return {
            pk: (code, name)
            for pk, code, name in Province.objects.values_list("pk", "code", "name")
        }
    if breakdown == BY_WARD:
        wards = Ward.objects.filter(province=query.province).values_list("pk", "name")
        return {pk: (pk, name) for pk, name in wards}
    choices = {BY_SECTOR: Section, BY_SIZE: SizeClass, BY_KIND: EnterpriseKind}[breakdown]
    return {value: (value, label) for value, label in choices.choices}


def _from_first_result(trend: list[YearFigure]) -> list[YearFigure]:
    """The trend from the first year with an assessed or certified enterprise on."""
    first = next((i for i, year in enumerate(trend) if year.assessed or year.certified), None)
    return [] if first is None else trend[first:]


def dashboard(query: DashboardQuery) -> Dashboard:
    """Every figure of one dashboard in at most six queries, whatever the number of enterprises
    (the framework and ``latest_period`` are the caller's; level names and pillars come from the
    per-process catalog cache): the group labels (none for sector, size and type), then

    1. the year's counted results by (group, level), 2. their pillar levels, 3. the counted
       results of every year by (year, level) — each an index-only pass over a covering index
       of the column results, with no join;
    4. the enterprises by group and those of them certified, 5. the certified of every year.

    SQL does all the counting; Python only lays the counted cells out (and the registered
    total is the sum of the groups', every enterprise being in exactly one)."""
    framework = query.framework
    max_level = framework.max_level
    index = catalog_index(framework)
    years = sorted({*year_choices(query.period), query.period})
    level_names = {n.level: n.name for n in index.level_name_rows}
    pillars = list(index.pillars)
    breakdown = query.chosen_breakdown
    labels = _group_labels(breakdown, query)
    results, group_scores = _results_by_group(query)
    pillar_figures = _pillar_figures(query, len(pillars), max_level)
    by_year, year_scores = _results_by_year(query, years)
    scored = framework.scoring_method != scoring.SME_BANDS_2021
    registered = _registered_by_group(query)
    certified = _certified_by_year(query, years)

    rows = []
    for group in registered.keys() | results.keys():
        key, label = labels.get(group, (group, None))
        registered_n, certified_n = registered.get(group, (0, 0))
        rows.append(
            GroupRow(
                key=key,
                label=str(label or UNKNOWN),
                registered=registered_n,
                certified=certified_n,
                levels=_level_counts(
                    max_level, results.get(group), group_scores.get(group, 0) if scored else None
                ),
            )
        )
    if breakdown in (BY_PROVINCE, BY_WARD):
        rows.sort(key=lambda r: (r.key is None, r.label))
    else:
        rows.sort(key=lambda r: (r.key is None, str(r.key)))
    trend = [
        YearFigure(
            period=year,
            certified=certified.get(year, 0),
            levels=_level_counts(
                max_level, by_year.get(year), year_scores.get(year, 0) if scored else None
            ),
        )
        for year in years
    ]
    this_year = next(y for y in trend if y.period == query.period)
    return Dashboard(
        query=query,
        max_level=max_level,
        level_names=level_names,
        registered=sum(r.registered for r in rows),
        certified=this_year.certified,
        levels=this_year.levels,
        pillars=[
            PillarFigure(
                code=pillar.code,
                name=pillar.name,
                levels=_pillar_levels(max_level, pillar_figures, i),
            )
            for i, pillar in enumerate(pillars)
        ],
        breakdown=breakdown,
        rows=rows,
        trend=_from_first_result(trend),
    )


FIRST_YEAR = 2021  # Decision 1970/QĐ-BTTTT, 13/12/2021


def year_choices(latest: int) -> list[int]:
    """The years a dashboard may be asked for, latest first (no query)."""
    return list(range(max(latest, timezone.localdate().year), FIRST_YEAR - 1, -1))
