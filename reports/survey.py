"""The unscored survey on the dashboards (selectors): per barrier how many enterprises answered
it and the share that rate it 4–5 (agree mostly or fully that it holds them back), per support
need how many ticked it, and both by one breakdown (province or ward, sector, size class,
enterprise type) like the rest of the dashboard.

Only the assessments the dashboard counts are read: the column results of
``reports.selectors.counted_results`` (the question's year, column — the reference one by
default —, place and filters; never a draft), one per assessed enterprise, joined to their
survey answers. The groups are the results' own denormalized fields, so the breakdown is the
dashboard's. A *respondent* is a counted assessment with at least one survey answer or need
ticked. The statements and needs are named as in the framework's current catalog version (a
code no longer asked there keeps its code as its name).

A fixed number of queries, whatever the data: the current version's barriers and needs (two),
the group names of a province or ward breakdown (one), then three aggregates — the barrier
answers by (group, code), the needs by (group, code), the respondents by group.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q

from assessments.models import NeedAnswer, SupportNeed, SurveyAnswer, SurveyPart, SurveyStatement
from dbi_portal.i18n import localized

from .selectors import (
    BREAKDOWN_FIELDS,
    BY_PROVINCE,
    BY_WARD,
    UNKNOWN,
    DashboardQuery,
    _group_labels,
    counted_results,
)

HIGH = 4  # "Phần lớn đồng ý" and "Hoàn toàn đồng ý"


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class BarrierCount:
    responding: int  # enterprises that rated the barrier
    high: int  # of them, those rating it 4 or 5

    @property
    def share(self) -> float | None:
        """Percent of the responding that rate it 4–5 (None when nobody answered)."""
        return _percent(self.high, self.responding)


@dataclass(frozen=True)
class NeedCount:
    ticked: int
    respondents: int  # the survey's respondents of the same group

    @property
    def share(self) -> float | None:
        return _percent(self.ticked, self.respondents)


@dataclass(frozen=True)
class SurveyItem:
    code: str
    text: str


@dataclass(frozen=True)
class SurveyGroupRow:
    key: object
    label: str
    respondents: int
    barriers: tuple[BarrierCount, ...]  # in the order of ``SurveyBoard.barriers``
    needs: tuple[NeedCount, ...]  # in the order of ``SurveyBoard.needs``


@dataclass(frozen=True)
class SurveyBoard:
    query: DashboardQuery
    breakdown: str
    respondents: int
    barriers: list[SurveyItem]
    needs: list[SurveyItem]
    barrier_counts: tuple[BarrierCount, ...]  # the whole scope, per barrier
    need_counts: tuple[NeedCount, ...]  # the whole scope, per need
    rows: list[SurveyGroupRow]

    @property
    def empty(self) -> bool:
        return self.respondents == 0

    @property
    def barrier_figures(self) -> list[tuple[SurveyItem, BarrierCount]]:
        return list(zip(self.barriers, self.barrier_counts, strict=True))

    @property
    def need_figures(self) -> list[tuple[SurveyItem, NeedCount]]:
        return list(zip(self.needs, self.need_counts, strict=True))


def _with_codes(items: list[SurveyItem], codes: Iterable[str]) -> list[SurveyItem]:
    """``items`` and, after them, any code answered that the current version no longer asks."""
    known = {item.code for item in items}
    return items + [SurveyItem(code, code) for code in sorted(set(codes) - known)]


def _by_group(
    rows: Iterable[Mapping[str, Any]], *values: str
) -> dict[Any, dict[str, tuple[int, ...]]]:
    """``{group: {code: (value, …)}}`` of rows counted by (group, code)."""
    cells: dict[Any, dict[str, tuple[int, ...]]] = {}
    for row in rows:
        cells.setdefault(row["group"], {})[row["code"]] = tuple(row[v] for v in values)
    return cells


@dataclass(frozen=True)
class SurveyCatalog:
    """The barriers and needs a dashboard names (``survey_catalog``)."""

    barriers: list[SurveyItem]
    needs: list[SurveyItem]


def survey_catalog(query: DashboardQuery) -> SurveyCatalog:
    """The barriers and needs of the framework's current version, in their order (two
    queries)."""
    current = {"version__framework": query.framework, "version__is_current": True}
    barriers = SurveyStatement.objects.filter(part=SurveyPart.BARRIER, **current).order_by(
        "position"
    )
    needs = SupportNeed.objects.filter(**current).order_by("position")
    return SurveyCatalog(
        barriers=[
            SurveyItem(code, localized(vi, en))
            for code, vi, en in barriers.values_list("code", "text_vi", "text_en")
        ],
        needs=[
            SurveyItem(code, localized(vi, en))
            for code, vi, en in needs.values_list("code", "label_vi", "label_en")
        ],
    )


def survey_dashboard(
    query: DashboardQuery, *, breakdown: str | None = None, catalog: SurveyCatalog | None = None
) -> SurveyBoard:
    """The survey's figures for the dashboard's ``query``, broken down by ``breakdown`` (the
    query's chosen one unless given); ``catalog`` saves its two queries when the caller asks
    for several breakdowns. See the module."""
    breakdown = breakdown or query.chosen_breakdown
    catalog = catalog or survey_catalog(query)
    group = F(BREAKDOWN_FIELDS[breakdown])
    labels = _group_labels(breakdown, query)
    results = counted_results(query)
    answers = "assessment__survey_answers"
    barrier_cells = _by_group(
        results.filter(**{f"{answers}__statement__part": SurveyPart.BARRIER})
        .values(group=group, code=F(f"{answers}__statement__code"))
        .annotate(
            n=Count(answers), high=Count(answers, filter=Q(**{f"{answers}__value__gte": HIGH}))
        )
        .order_by(),
        "n",
        "high",
    )
    ticked = "assessment__need_answers"
    need_cells = _by_group(
        results.filter(**{f"{ticked}__isnull": False})
        .values(group=group, code=F(f"{ticked}__need__code"))
        .annotate(n=Count(ticked))
        .order_by(),
        "n",
    )
    answered = Exists(SurveyAnswer.objects.filter(assessment=OuterRef("assessment_id")))
    chose = Exists(NeedAnswer.objects.filter(assessment=OuterRef("assessment_id")))
    respondents = {
        row["group"]: row["n"]
        for row in results.filter(answered | chose)
        .values(group=group)
        .annotate(n=Count("*"))
        .order_by()
    }
    barriers = _with_codes(catalog.barriers, (c for cells in barrier_cells.values() for c in cells))
    needs = _with_codes(catalog.needs, (c for cells in need_cells.values() for c in cells))

    rows = []
    for value in respondents.keys() | barrier_cells.keys() | need_cells.keys():
        key, label = labels.get(value, (value, None))
        n = respondents.get(value, 0)
        own_barriers = barrier_cells.get(value, {})
        own_needs = need_cells.get(value, {})
        rows.append(
            SurveyGroupRow(
                key=key,
                label=str(label or UNKNOWN),
                respondents=n,
                barriers=tuple(BarrierCount(*own_barriers.get(b.code, (0, 0))) for b in barriers),
                needs=tuple(NeedCount(own_needs.get(x.code, (0,))[0], n) for x in needs),
            )
        )
    if breakdown in (BY_PROVINCE, BY_WARD):
        rows.sort(key=lambda r: (r.key is None, r.label))
    else:
        rows.sort(key=lambda r: (r.key is None, str(r.key)))
    total = sum(r.respondents for r in rows)  # every counted result is in exactly one group
    return SurveyBoard(
        query=query,
        breakdown=breakdown,
        respondents=total,
        barriers=barriers,
        needs=needs,
        barrier_counts=tuple(
            BarrierCount(
                sum(r.barriers[i].responding for r in rows), sum(r.barriers[i].high for r in rows)
            )
            for i in range(len(barriers))
        ),
        need_counts=tuple(
            NeedCount(sum(r.needs[i].ticked for r in rows), total) for i in range(len(needs))
        ),
        rows=rows,
    )
