"""Dashboard figures for the nation or one province, computed in SQL over the persisted results.

What is counted, for a scope (the nation, or one province), a year, a framework and a column:

* **registered**: the enterprises in the scope that match the filters (sector, size class,
  enterprise type), as they are now;
* **assessed**: those whose assessment of that year has left the draft state and whose chosen
  column has at least one answer. The column is one of the four, or the *reference* column
  (``REFERENCE``, the default): the most authoritative column whose review step is over, as
  defined in ``reports/denormalized.py`` (the ministry's once appraised, the province's once
  approved, the consultant's once finished, else the enterprise's own);
* **certified**: those holding today a valid certificate (status valid, not past its date)
  issued on their assessment of that year;
* the distribution of the assessed by overall level and, per pillar, by pillar level, with the
  averages; one breakdown of all these by place (province for the nation, ward for a
  province), sector, size class or enterprise type; and the same per year (the trend).

Every figure is an SQL aggregate (``Count``/``Sum`` with ``filter=``); no Python loop visits an
enterprise or an assessment. The number of queries is the same whatever the amount of data:
see ``dashboard``. Pillar figures group the results by their denormalized ``pillar_levels``
text first (a few thousand distinct values at most) and aggregate those groups in an outer
query, which is much cheaper than joining six pillar rows per result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, FilteredRelation, IntegerField, Max, Q, QuerySet, Sum
from django.db.models.functions import Cast, Substr
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Column, ColumnResult, Framework, LevelName, Pillar
from certification.models import Certificate
from certification.selectors import valid_on
from enterprises.models import Enterprise, EnterpriseKind, MinistryReviewer, Province, Ward
from enterprises.sectors import Section
from enterprises.sizing import SizeClass

from .denormalized import PILLAR_LEVEL_DIGITS

SME = "dbi-sme-2021"
REFERENCE = "reference"
COLUMN_CHOICES = ((REFERENCE, _("Cột tham chiếu (bước xét duyệt gần nhất)")), *Column.choices)

# Breakdowns: the enterprise field each one groups by.
BY_PROVINCE, BY_WARD, BY_SECTOR, BY_SIZE, BY_KIND = "province", "ward", "sector", "size", "kind"
BREAKDOWN_FIELDS = {
    BY_PROVINCE: "province__code",
    BY_WARD: "ward_id",
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


def dashboard_access(user) -> DashboardAccess | None:
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


def dashboard_framework() -> Framework | None:
    return Framework.objects.filter(code=SME).first()


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

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def average(self) -> float | None:
        return round(self.level_sum / self.total, 2) if self.total else None


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


# --- the querysets ---


def _enterprise_filter(query: DashboardQuery, prefix: str = "") -> Q:
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


def counted_results(query: DashboardQuery, *, every_year: bool = False) -> QuerySet[ColumnResult]:
    """The column results the dashboard counts: one per assessed enterprise and year."""
    years = Q() if every_year else Q(assessment__period=query.period)
    return ColumnResult.objects.filter(
        _column_filter(query.column),
        years,
        _enterprise_filter(query, "assessment__enterprise__"),
        ~Q(assessment__state=Assessment.State.DRAFT),
        assessment__framework=query.framework,
        answered__gt=0,
    )


def _valid_certificates(query: DashboardQuery, *, every_year: bool = False):
    today = timezone.localdate()
    years = Q() if every_year else Q(period=query.period)
    return Certificate.objects.filter(valid_on(today), years, framework_code=query.framework.code)


def _level_counts(
    max_level: int, row: dict, prefix: str = "l", sum_key: str = "level_sum"
) -> LevelCounts:
    return LevelCounts(
        counts=tuple(row[f"{prefix}{k}"] or 0 for k in range(max_level + 1)),
        level_sum=row[sum_key] or 0,
    )


def _breakdown_rows(query: DashboardQuery, max_level: int) -> list[dict]:
    """One row per value of the chosen breakdown: registered, assessed, certified and the level
    distribution, in one pass (enterprises LEFT JOIN their year's assessment and its result)."""
    result = _column_filter(query.column, "year_assessment__results__")
    enterprises = (
        Enterprise.objects.filter(_enterprise_filter(query))
        .annotate(
            year_assessment=FilteredRelation(
                "assessments",
                condition=Q(
                    assessments__framework=query.framework, assessments__period=query.period
                )
                & ~Q(assessments__state=Assessment.State.DRAFT),
            ),
            year_result=FilteredRelation(
                "year_assessment__results",
                condition=result & Q(year_assessment__results__answered__gt=0),
            ),
        )
        .values(group=F(BREAKDOWN_FIELDS[query.chosen_breakdown]))
    )
    certified = _valid_certificates(query).values("enterprise_id")
    return list(
        enterprises.annotate(
            registered=Count("pk"),
            certified=Count("pk", filter=Q(pk__in=certified)),
            level_sum=Sum("year_result__level"),
            **{
                f"l{k}": Count("year_result__level", filter=Q(year_result__level=k))
                for k in range(max_level + 1)
            },
        ).order_by("group")
    )


def _registered_and_certified(query: DashboardQuery, years: list[int]) -> dict:
    """Registered enterprises, and how many hold a valid certificate of each year, in one pass
    over the enterprises (each year's certificates are one hashed subquery)."""
    certified = _valid_certificates(query, every_year=True)
    return Enterprise.objects.filter(_enterprise_filter(query)).aggregate(
        registered=Count("pk"),
        **{
            f"certified_{year}": Count(
                "pk", filter=Q(pk__in=certified.filter(period=year).values("enterprise_id"))
            )
            for year in years
        },
    )


def _results_by_year(
    query: DashboardQuery, years: list[int], pillars: list[Pillar], max_level: int
) -> dict:
    """Every year's level distribution (the trend) and the chosen year's pillar distributions,
    in one query: the counted results grouped by (year, level, pillar levels) in an inner
    query — a few thousand groups — and those groups summed in the outer one."""
    cells = (
        counted_results(query, every_year=True)
        .values("level", "pillar_levels", period=F("assessment__period"))
        .annotate(n=Count("*"))
    )
    this_year = Q(period=query.period)
    aggregates = {}
    for year in years:
        in_year = Q(period=year)
        aggregates[f"y{year}_sum"] = Sum(F("level") * F("n"), filter=in_year)
        for k in range(max_level + 1):
            aggregates[f"y{year}_{k}"] = Sum("n", filter=in_year & Q(level=k))
    for i, _pillar in enumerate(pillars):
        digits = Substr("pillar_levels", i * PILLAR_LEVEL_DIGITS + 1, PILLAR_LEVEL_DIGITS)
        aggregates[f"p{i}_sum"] = Sum(Cast(digits, IntegerField()) * F("n"), filter=this_year)
        for k in range(max_level + 1):
            level_k = Exact(digits, f"{k:0{PILLAR_LEVEL_DIGITS}d}")
            aggregates[f"p{i}_{k}"] = Sum("n", filter=this_year & Q(level_k))
    return cells.aggregate(**aggregates)


def _group_labels(breakdown: str, query: DashboardQuery) -> dict:
    if breakdown == BY_PROVINCE:
        return dict(Province.objects.values_list("code", "name"))
    if breakdown == BY_WARD:
        return dict(Ward.objects.filter(province=query.province).values_list("pk", "name"))
    choices = {BY_SECTOR: Section, BY_SIZE: SizeClass, BY_KIND: EnterpriseKind}[breakdown]
    return dict(choices.choices)


def _from_first_result(trend: list[YearFigure]) -> list[YearFigure]:
    """The trend from the first year with an assessed or certified enterprise on."""
    first = next((i for i, year in enumerate(trend) if year.assessed or year.certified), None)
    return [] if first is None else trend[first:]


def dashboard(query: DashboardQuery) -> Dashboard:
    """Every figure of one dashboard in six queries, whatever the number of enterprises: level
    names, pillars, group labels, the breakdown, registered and certified, and the results by
    year (the framework and ``latest_period`` are the caller's)."""
    framework = query.framework
    max_level = framework.max_level
    years = sorted({*year_choices(query.period), query.period})
    level_names = {n.level: n.name for n in LevelName.objects.filter(framework=framework)}
    pillars = list(Pillar.objects.filter(framework=framework).order_by("position"))
    breakdown = query.chosen_breakdown
    labels = _group_labels(breakdown, query)
    rows = [
        GroupRow(
            key=row["group"],
            label=str(labels.get(row["group"]) or UNKNOWN),
            registered=row["registered"],
            certified=row["certified"],
            levels=_level_counts(max_level, row),
        )
        for row in _breakdown_rows(query, max_level)
    ]
    if breakdown in (BY_PROVINCE, BY_WARD):
        rows.sort(key=lambda r: (r.key is None, r.label))
    totals = _registered_and_certified(query, years)
    figures = _results_by_year(query, years, pillars, max_level)
    trend = [
        YearFigure(
            period=year,
            certified=totals[f"certified_{year}"],
            levels=_level_counts(max_level, figures, f"y{year}_", f"y{year}_sum"),
        )
        for year in years
    ]
    this_year = next(y for y in trend if y.period == query.period)
    return Dashboard(
        query=query,
        max_level=max_level,
        level_names=level_names,
        registered=totals["registered"],
        certified=this_year.certified,
        levels=this_year.levels,
        pillars=[
            PillarFigure(
                code=pillar.code,
                name=pillar.name,
                levels=_level_counts(max_level, figures, f"p{i}_", f"p{i}_sum"),
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
