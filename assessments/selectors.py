"""Reads for the catalog. Each selector issues a fixed number of queries, whatever the size."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from enterprises.access import Viewer, active_accreditations, active_memberships
from enterprises.duties import conflicted_expression
from enterprises.models import Engagement, Enterprise, MinistryReviewer, ProvinceOfficer, User

from . import answering, scoring
from .catalog import Definition, snapshot_from_definition, threshold_from
from .figures import Computation, Threshold, compute
from .framework_scoring import Assessability
from .models import (
    Assessment,
    AuditEntry,
    CatalogVersion,
    Column,
    ColumnResult,
    Criterion,
    DepartmentRating,
    Evidence,
    Figure,
    FigureField,
    FigureThreshold,
    Framework,
    LevelName,
    Pillar,
    PillarResult,
    Question,
    QuestionKind,
    QuestionOption,
    Rating,
    RatingBasis,
    SubIndex,
    SupportNeed,
    SurveyPart,
    SurveyScaleLabel,
    SurveyStatement,
)
from .vocabulary import COLUMN_ORDER


def framework_list() -> QuerySet[Framework]:
    return Framework.objects.filter(is_active=True).order_by("code")


def _count(queryset: QuerySet[Any], by: str) -> Coalesce:
    """The rows of ``queryset`` (filtered on an OuterRef) as a correlated count, 0 for none."""
    counted = queryset.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _with_state(frameworks: QuerySet[Framework]) -> QuerySet[Framework]:
    """``frameworks`` annotated with what ``framework_state_of`` reads, in the same query: whether
    the current version asks the portal's reference questions, and the counts of
    ``framework_scoring.Assessability``."""
    outer = OuterRef("pk")
    criteria_of_pillar = _count(
        Criterion.objects.filter(sub_index__pillar=OuterRef("pk")), "sub_index__pillar"
    )
    expected = (
        Pillar.objects.filter(framework=outer, expected_criteria__isnull=False)
        .order_by()
        .values("framework")
        .annotate(total=Sum("expected_criteria"))
        .values("total")
    )
    return frameworks.annotate(
        state_reference=Exists(
            CatalogVersion.objects.filter(framework=outer, is_current=True, is_reference=True)
        ),
        state_criteria=_count(Criterion.objects.filter(framework=outer), "framework"),
        state_expected=Subquery(expected, output_field=IntegerField()),
        state_empty_groups=_count(
            SubIndex.objects.filter(pillar__framework=outer).exclude(
                Exists(Criterion.objects.filter(sub_index=OuterRef("pk")))
            ),
            "pillar__framework",
        ),
        state_pillars_off=_count(
            Pillar.objects.filter(framework=outer, expected_criteria__isnull=False)
            .annotate(criteria_count=criteria_of_pillar)
            .exclude(criteria_count=F("expected_criteria")),
            "framework",
        ),
    )


@dataclass(frozen=True)
class FrameworkState:
    """Whether a framework's current version asks the portal's reference questions (not the
    ministry's), and whether it can be scored yet."""

    reference_questions: bool
    assessability: Assessability


def framework_state_of(framework: Framework) -> FrameworkState:
    """The state of a framework read by ``framework_catalog_list`` or ``framework_state``."""
    return FrameworkState(
        reference_questions=framework.state_reference,  # type: ignore[attr-defined]
        assessability=Assessability(
            criteria=framework.state_criteria,  # type: ignore[attr-defined]
            expected_criteria=framework.state_expected,  # type: ignore[attr-defined]
            empty_groups=framework.state_empty_groups,  # type: ignore[attr-defined]
            pillars_off=framework.state_pillars_off,  # type: ignore[attr-defined]
        ),
    )


def framework_catalog_list() -> QuerySet[Framework]:
    """The active frameworks for the public list, each with its level names and its state
    (``framework_state_of``): two queries however many frameworks there are."""
    return _with_state(framework_list()).prefetch_related(
        Prefetch("level_names", queryset=LevelName.objects.order_by("level"))
    )


def framework_state(*, code: str) -> FrameworkState:
    """The state of active framework ``code`` (404 when there is none), in one query."""
    return framework_state_of(
        get_object_or_404(_with_state(framework_list()).only("pk", "code"), code=code)
    )


def framework_with_tree(*, code: str) -> Framework:
    """The framework with its rules, pillars, sub-indices and criteria prefetched (how they are
    asked: ``questionnaire``)."""
    return framework_tree(get_object_or_404(Framework.objects.filter(is_active=True), code=code))


def framework_tree(framework: Framework) -> Framework:
    """Prefetch the tree of a framework already read (``framework_with_tree``)."""
    criteria = Criterion.objects.order_by("position")
    sub_indices = SubIndex.objects.order_by("position").prefetch_related(
        Prefetch("criteria", queryset=criteria)
    )
    pillars = Pillar.objects.order_by("position").prefetch_related(
        Prefetch("sub_indices", queryset=sub_indices)
    )
    # Only the rules the framework's method has: bands and overall rules (2021) or thresholds.
    rules = (
        ("bands", "overall_rules")
        if framework.scoring_method == scoring.SME_BANDS_2021
        else ("thresholds",)
    )
    prefetch_related_objects(
        [framework], *rules, "level_names", Prefetch("pillars", queryset=pillars)
    )
    return framework


def _bilingual(instance: models.Model, field: str) -> dict[str, str]:
    return {
        f"{field}_vi": getattr(instance, f"{field}_vi"),
        f"{field}_en": getattr(instance, f"{field}_en"),
    }


def _method_rules(framework: Framework) -> Definition:
    """The scoring rules of the framework's method, in the file's keys."""
    if framework.scoring_method == scoring.SME_BANDS_2021:
        return {
            "max_points": framework.max_points,
            "bands": [
                {"level": b.level, "upper_percent": b.upper_percent} for b in framework.bands.all()
            ],
            "overall_rules": [
                {"level": r.level, "total_above": r.total_above, "min_pillars": r.min_pillars}
                for r in framework.overall_rules.all()
            ],
        }
    scale = scoring.SCALE_OF_UNIT[scoring.UNIT_OF_METHOD[framework.scoring_method]]
    return {
        "min_level": framework.min_level,
        "thresholds": [
            {"level": t.level, "from": threshold_from(t.minimum, scale)}
            for t in framework.thresholds.all()
        ],
        **_bilingual(framework, "threshold_note"),
    }


def _pillar_rules(framework: Framework, pillar: Pillar) -> Definition:
    if framework.scoring_method == scoring.SME_BANDS_2021:
        return {"max_points": pillar.max_points}
    rules: Definition = {"weight_percent": pillar.weight_percent}
    if pillar.expected_criteria is not None:
        rules["expected_criteria"] = pillar.expected_criteria
    return rules


def definition_from_framework(framework: Framework) -> Definition:
    """The fixture JSON shape of a framework loaded by ``framework_with_tree``."""
    by_points = framework.scoring_method == scoring.SME_BANDS_2021
    return {
        "code": framework.code,
        "version": framework.version,
        **_bilingual(framework, "name"),
        **_bilingual(framework, "decision"),
        "audience": framework.audience,
        "scoring_method": framework.scoring_method,
        "max_level": framework.max_level,
        **_method_rules(framework),
        "level_names": [
            {"level": n.level, **_bilingual(n, "name"), **_bilingual(n, "description")}
            for n in framework.level_names.all()
        ],
        "pillars": [
            {
                "code": p.code,
                **_bilingual(p, "name"),
                **_pillar_rules(framework, p),
                "sub_indices": [
                    {
                        "code": s.code,
                        **_bilingual(s, "name"),
                        **({"max_points": s.max_points} if by_points else {}),
                        "criteria": [
                            {
                                "code": c.code,
                                **_bilingual(c, "group"),
                                **_bilingual(c, "text"),
                                **({"points_per_level": c.points_per_level} if by_points else {}),
                            }
                            for c in s.criteria.all()
                        ],
                    }
                    for s in p.sub_indices.all()
                ],
            }
            for p in framework.pillars.all()
        ],
    }


def framework_definition(*, code: str) -> Definition:
    return definition_from_framework(framework_with_tree(code=code))


def snapshot_from_framework(framework: Framework) -> scoring.CatalogSnapshot:
    """The scoring snapshot of a framework already loaded by ``framework_with_tree``."""
    return snapshot_from_definition(definition_from_framework(framework))


def catalog_snapshot(*, code: str) -> scoring.CatalogSnapshot:
    """The scoring snapshot alone, in four small queries (no texts, no answer options)."""
    framework = get_object_or_404(
        Framework.objects.filter(is_active=True).only(
            "code", "max_level", "min_level", "scoring_method"
        ),
        code=code,
    )
    if framework.scoring_method != scoring.SME_BANDS_2021:
        return _thresholds_snapshot(framework)
    rows = (
        Criterion.objects.filter(framework=framework)
        .order_by("sub_index__pillar__position", "sub_index__position", "position")
        .values_list("sub_index__pillar__code", "sub_index__code", "code", "points_per_level")
    )
    pillars: dict[str, dict[str, list[scoring.CriterionSpec]]] = {}
    for pillar_code, sub_code, criterion_code, points_per_level in rows:
        pillars.setdefault(pillar_code, {}).setdefault(sub_code, []).append(
            scoring.CriterionSpec(criterion_code, points_per_level)
        )
    return scoring.CatalogSnapshot(
        code=framework.code,
        max_level=framework.max_level,
        method=framework.scoring_method,
        pillars=tuple(
            scoring.PillarSpec(
                pillar_code,
                tuple(scoring.SubIndexSpec(sub_code, tuple(c)) for sub_code, c in subs.items()),
            )
            for pillar_code, subs in pillars.items()
        ),
        bands=tuple(
            scoring.Band(level, upper)
            for level, upper in framework.bands.values_list("level", "upper_percent")
        ),
        overall_rules=tuple(
            scoring.OverallRule(*row)
            for row in framework.overall_rules.values_list("level", "total_above", "min_pillars")
        ),
    )


def _thresholds_snapshot(framework: Framework) -> scoring.CatalogSnapshot:
    """The snapshot of a framework scored by thresholds: its pillars and sub-indices are read
    on their own, since one may have no criteria yet (a structure waiting for its import)."""
    criteria: dict[int, list[scoring.CriterionSpec]] = {}
    for sub_id, criterion_code, points_per_level in (
        Criterion.objects.filter(framework=framework)
        .order_by("position")
        .values_list("sub_index_id", "code", "points_per_level")
    ):
        criteria.setdefault(sub_id, []).append(
            scoring.CriterionSpec(criterion_code, points_per_level)
        )
    subs: dict[int, list[scoring.SubIndexSpec]] = {}
    for pillar_id, sub_id, sub_code in (
        SubIndex.objects.filter(pillar__framework=framework)
        .order_by("position")
        .values_list("pillar_id", "id", "code")
    ):
        subs.setdefault(pillar_id, []).append(
            scoring.SubIndexSpec(sub_code, tuple(criteria.get(sub_id, ())))
        )
    return scoring.CatalogSnapshot(
        code=framework.code,
        max_level=framework.max_level,
        min_level=framework.min_level,
        method=framework.scoring_method,
        pillars=tuple(
            scoring.PillarSpec(pillar_code, tuple(subs.get(pillar_id, ())), weight)
            for pillar_id, pillar_code, weight in framework.pillars.order_by(
                "position"
            ).values_list("id", "code", "weight_percent")
        ),
        thresholds=tuple(
            scoring.Threshold(level, minimum)
            for level, minimum in framework.thresholds.values_list("level", "minimum")
        ),
    )


def level_names(framework: Framework) -> dict[int, str]:
    """{level: localized name} from a framework loaded by ``framework_with_tree``."""
    return {n.level: n.name for n in framework.level_names.all()}


@dataclass(frozen=True)
class CatalogIndex:
    """What saving a rating needs of a framework: the scoring snapshot and id ↔ code maps."""

    snapshot: scoring.CatalogSnapshot
    criterion_id_by_code: dict[str, int]
    code_by_criterion_id: dict[int, str]
    pillar_id_by_code: dict[str, int]
    sub_index_id_by_code: dict[str, int]
    # Read-only catalog rows the autosave fragment renders (names are localized when read).
    pillars: tuple[Pillar, ...] = ()
    level_name_rows: tuple[LevelName, ...] = ()
    criteria_by_code: dict[str, Criterion] = field(default_factory=dict)

    def level_names(self) -> dict[int, str]:
        """{level: name} in the active language."""
        return {n.level: n.name for n in self.level_name_rows}


_INDEXES: dict[tuple[int, object], CatalogIndex] = {}


def catalog_index(framework: Framework) -> CatalogIndex:
    """Cached per process, keyed on the framework's ``updated_at`` (the catalog admin touches it
    on every edit), so the hot path of a rating save runs no catalog query at all."""
    key = (framework.pk, framework.updated_at)
    if key not in _INDEXES:
        criteria = list(Criterion.objects.filter(framework=framework).values_list("code", "pk"))
        pillars = dict(framework.pillars.values_list("code", "pk"))
        sub_indices = dict(
            SubIndex.objects.filter(pillar__framework=framework).values_list("code", "pk")
        )
        # One state of each framework at a time: drop this framework's older ones.
        for stale in [k for k in _INDEXES if k[0] == framework.pk]:
            del _INDEXES[stale]
        _INDEXES[key] = CatalogIndex(
            snapshot=catalog_snapshot(code=framework.code),
            criterion_id_by_code=dict(criteria),
            code_by_criterion_id={pk: code for code, pk in criteria},
            pillar_id_by_code=pillars,
            sub_index_id_by_code=sub_indices,
            pillars=tuple(framework.pillars.order_by("position")),
            level_name_rows=tuple(framework.level_names.all()),
            criteria_by_code={
                c.code: c
                for c in Criterion.objects.filter(framework=framework).select_related("sub_index")
            },
        )
    return _INDEXES[key]


def assessments_visible_to(user: Viewer) -> QuerySet[Assessment]:
    """Assessments of the enterprises ``user`` may see (``enterprises.access``)."""
    from enterprises.access import enterprise_scope

    return Assessment.objects.filter(
        enterprise__in=Enterprise.objects.filter(enterprise_scope(user))
    ).select_related("enterprise", "framework")


def evidence_list(
    *, assessment: Assessment, criterion_code: str | None = None, column: str | None = None
) -> QuerySet[Evidence]:
    """An assessment's evidence files (of one criterion, of one column when given) in upload
    order, with their criterion and uploader: the evidence page and the API list. One query."""
    files = Evidence.objects.filter(assessment=assessment).select_related(
        "criterion", "uploaded_by"
    )
    if criterion_code:
        files = files.filter(criterion__code=criterion_code)
    if column:
        files = files.filter(column=column)
    return files


def evidence_visible_to(user: Viewer) -> QuerySet[Evidence]:
    """Evidence files of the assessments ``user`` may see: what a download may fetch."""
    return Evidence.objects.filter(assessment__in=assessments_visible_to(user))


def audit_entry_list(
    *,
    assessment: Assessment,
    newest_first: bool = False,
    column: str = "",
    criterion_code: str = "",
    actor_id: int | None = None,
) -> QuerySet[AuditEntry]:
    """The assessment's append-only trail, oldest first (the API) or newest first (the history
    page), with who acted and on which criterion; only one column's rating changes, one
    criterion's, or one person's changes and steps when asked."""
    entries = AuditEntry.objects.filter(assessment=assessment).select_related("actor", "criterion")
    if column:
        entries = entries.filter(action=AuditEntry.Action.RATING, column=column)
    if criterion_code:
        entries = entries.filter(criterion__code=criterion_code)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    return entries.order_by("-at", "-pk") if newest_first else entries


@dataclass(frozen=True)
class AuditChoices:
    """What the history's filters offer: the people and the criteria its trail names."""

    people: list[tuple[int, str]]  # (user pk, name) by name
    criteria: list[str]  # codes in page order


def audit_choices(*, assessment: Assessment) -> AuditChoices:
    """The people who acted on the assessment and the criteria changed, in two queries."""
    trail = AuditEntry.objects.filter(assessment=assessment)
    people = User.objects.filter(pk__in=trail.values("actor_id")).order_by("full_name", "pk")
    criteria = (
        Criterion.objects.filter(pk__in=trail.values("criterion_id"))
        .order_by("sub_index__pillar__position", "sub_index__position", "position")
        .values_list("code", flat=True)
    )
    return AuditChoices(people=[(u.pk, str(u)) for u in people], criteria=list(criteria))


def column_ratings(assessment: Assessment, column: str) -> dict[str, Rating]:
    """{criterion code: Rating} of one column, in one query."""
    return {
        r.criterion.code: r
        for r in Rating.objects.filter(assessment=assessment, column=column).select_related(
            "criterion"
        )
    }


@dataclass(frozen=True)
class ColumnAnswer:
    """One column's rating of one criterion as read back: its level and where it came from
    (``basis``: the answer picked, at ``option``'s position; the figures, through the question's
    thresholds; or a reviewer who set it directly with ``note``), and for a question asked as
    figures the column's figures of it and the computation they give."""

    column: str
    level: int | None
    basis: str
    option: int | None
    note: str
    version: int
    figures: dict[str, int]  # {figure key: value} of the question's terms this column entered
    computation: Computation | None  # a figures question whose two terms are entered
    not_assessed: bool = False  # a consultant or the province left it out, saying why
    not_assessed_reason: str = ""

    @property
    def direct(self) -> bool:
        return self.basis == RatingBasis.DIRECT


def question_figures(question: Question, figures: Mapping[str, int]) -> dict[str, int]:
    """{key: value} of the numerator and denominator of a figures question, as entered."""
    if question.numerator is None or question.denominator is None:
        return {}
    keys = (question.numerator.key, question.denominator.key)
    return {key: figures[key] for key in keys if key in figures}


def column_answer(
    question: Question,
    asked: Questionnaire,
    column: str,
    rating: Rating | None,
    figures: Mapping[str, int],
) -> ColumnAnswer | None:
    """What ``column`` answered for ``question`` (None: no rating and no figures of it)."""
    is_figures = question.kind == QuestionKind.FIGURES
    own = question_figures(question, figures) if is_figures else {}
    if rating is None and not own:
        return None
    positions = {o.pk: o.position for o in question.options.all()}
    return ColumnAnswer(
        column=column,
        level=rating.level if rating else None,
        basis=rating.basis if rating else RatingBasis.FIGURES,
        option=positions.get(rating.option_id) if rating and rating.option_id else None,
        note=rating.note if rating else "",
        version=rating.version if rating else 0,
        figures=own,
        computation=question_level(question, figures, asked) if is_figures else None,
        not_assessed=rating.not_assessed if rating else False,
        not_assessed_reason=rating.not_assessed_reason if rating else "",
    )


@dataclass(frozen=True)
class RatingRead:
    """One stored rating as the API reads it: the row, how its criterion is asked (``kind``)
    and the column's answer (``ColumnAnswer``: option position, figures and computation)."""

    criterion: str
    kind: str
    rating: Rating
    answer: ColumnAnswer


def column_rating_reads(
    assessment: Assessment, column: str, *, criterion_code: str | None = None
) -> list[RatingRead]:
    """The ratings of one column (of one criterion when given), in catalog order, with their
    answers: three queries when the version's questionnaire is cached."""
    asked = questionnaire_of(assessment)
    figures = column_figures(assessment, column)
    ratings = Rating.objects.filter(assessment=assessment, column=column).select_related(
        "criterion"
    )
    if criterion_code is not None:
        ratings = ratings.filter(criterion__code=criterion_code)
    reads = []
    for rating in ratings.order_by("criterion__position"):
        question = asked.questions.get(rating.criterion.code)
        if question is None:
            continue
        answer = column_answer(question, asked, column, rating, figures)
        assert answer is not None  # a rating is an answer
        reads.append(RatingRead(rating.criterion.code, question.kind, rating, answer))
    return reads


def assessment_comparison(assessment: Assessment) -> dict[str, Any]:
    """The four columns side by side: the catalog version asked; per criterion its question,
    each column's answer (``ColumnAnswer``: level, basis, figures and computation), the levels
    and whether they differ; per pillar and overall each column's stored result. A fixed handful
    of queries (the version's questionnaire is cached)."""
    asked = questionnaire_of(assessment)
    by_column = figures_by_column(assessment)
    ratings: dict[int, dict[str, Rating]] = {}
    for rating in Rating.objects.filter(assessment=assessment).only(
        "criterion_id",
        "column",
        "level",
        "basis",
        "option_id",
        "note",
        "version",
        "not_assessed",
        "not_assessed_reason",
    ):
        ratings.setdefault(rating.criterion_id, {})[rating.column] = rating
    criteria = (
        Criterion.objects.filter(framework_id=assessment.framework_id)
        .select_related("sub_index__pillar")
        .order_by("position")
    )
    rows: list[dict[str, Any]] = []
    for criterion in criteria:
        rated = ratings.get(criterion.pk, {})
        question = asked.questions.get(criterion.code)
        answers = [
            column_answer(question, asked, c, rated.get(c), by_column.get(c, {}))
            if question
            else None
            for c in COLUMN_ORDER
        ]
        levels = [rated[c].level if c in rated else None for c in COLUMN_ORDER]
        given = {v for v in levels if v is not None}
        rows.append(
            {
                "criterion": criterion,
                "question": question,
                "figures": question is not None and question.kind == QuestionKind.FIGURES,
                "answers": answers,
                "levels": levels,
                "differs": len(given) > 1,
            }
        )
    results = {
        r.column: r
        for r in ColumnResult.objects.filter(assessment=assessment).prefetch_related(
            "pillars__pillar"
        )
    }
    pillars = list(Pillar.objects.filter(framework_id=assessment.framework_id).order_by("position"))
    pillar_rows: list[dict[str, Any]] = []
    for pillar in pillars:
        cells: list[PillarResult | None] = []
        for column in COLUMN_ORDER:
            result = results.get(column)
            found = (
                next((p for p in result.pillars.all() if p.pillar_id == pillar.pk), None)
                if result
                else None
            )
            cells.append(found)
        pillar_rows.append({"pillar": pillar, "cells": cells})
    return {
        "version": asked.version,
        "rows": rows,
        "pillar_rows": pillar_rows,
        "overall": [results.get(c) for c in COLUMN_ORDER],
    }


@dataclass(frozen=True)
class PillarYear:
    """One pillar of one column in one year."""

    code: str
    points: int
    max_points: int
    level: int


@dataclass(frozen=True)
class ColumnYear:
    """One column's stored result in one year (only columns with at least one answer)."""

    column: str
    total: int
    level: int
    level_name: str
    answered: int
    pillars: dict[str, PillarYear]  # by pillar code


@dataclass(frozen=True)
class YearResults:
    assessment: Assessment  # with its framework and catalog version
    columns: dict[str, ColumnYear]  # by column; a column nobody has answered is absent

    @property
    def version(self) -> CatalogVersion:
        """The catalog version the year was answered on."""
        return self.assessment.catalog_version


@dataclass(frozen=True)
class EnterpriseResults:
    years: list[YearResults]  # oldest first
    pillars: list[Pillar]  # the axes, in the catalog's order
    max_level: int

    def version_changes(self) -> list[tuple[YearResults, YearResults]]:
        """Each pair of consecutive years answered on different catalog versions: their
        questions differ, so their levels compare with care."""
        return [
            (before, after)
            for before, after in zip(self.years, self.years[1:], strict=False)
            if before.assessment.catalog_version_id != after.assessment.catalog_version_id
        ]


def enterprise_yearly_results(*, enterprise: Enterprise) -> EnterpriseResults:
    """Every assessment of ``enterprise``, oldest year first, with each answered column's total,
    overall level and name, count of answers and pillar levels and points, as stored by
    ``services.rating_save``, and the catalog version it was answered on. Five queries, however
    many years there are."""
    assessments = list(
        Assessment.objects.filter(enterprise=enterprise)
        .select_related("framework", "catalog_version")
        .prefetch_related(
            Prefetch(
                "results",
                queryset=ColumnResult.objects.filter(answered__gt=0).prefetch_related("pillars"),
            ),
            Prefetch("framework__pillars", queryset=Pillar.objects.order_by("position")),
            "framework__level_names",
        )
        .order_by("period", "framework__code")
    )
    pillars: dict[str, Pillar] = {}
    max_level = 0
    years: list[YearResults] = []
    for assessment in assessments:
        framework = assessment.framework
        framework_pillars = {p.pk: p for p in framework.pillars.all()}
        for pillar in framework_pillars.values():
            pillars.setdefault(pillar.code, pillar)
        max_level = max(max_level, framework.max_level)
        names = level_names(framework)
        columns: dict[str, ColumnYear] = {}
        for result in assessment.results.all():
            columns[result.column] = ColumnYear(
                column=result.column,
                total=result.total,
                level=result.level,
                level_name=names.get(result.level, ""),
                answered=result.answered,
                pillars={
                    framework_pillars[p.pillar_id].code: PillarYear(
                        code=framework_pillars[p.pillar_id].code,
                        points=p.points,
                        max_points=framework_pillars[p.pillar_id].max_points,
                        level=p.level,
                    )
                    for p in result.pillars.all()
                },
            )
        years.append(YearResults(assessment=assessment, columns=columns))
    return EnterpriseResults(years=years, pillars=list(pillars.values()), max_level=max_level)


def columns_beside(column: str) -> tuple[str, ...]:
    """The columns an assessor works beside: those before their own in the review chain (the
    ministry sees the enterprise's, the consultant's and the province's answers)."""
    return COLUMN_ORDER[: COLUMN_ORDER.index(column)]


def previous_column(levels: Mapping[str, int | None], column: str) -> str | None:
    """The column a reviewer's ``column`` is compared with for one criterion: the nearest earlier
    one in the review chain that has a level of it (``levels``: {column: level}); None if none
    (self → consultant → province: the ministry's is the one its column started from)."""
    return next((c for c in reversed(columns_beside(column)) if levels.get(c) is not None), None)


@dataclass(frozen=True)
class ReviewMarks:
    """Where a reviewer's column stands against the earlier ones, criteria in page order:
    ``previous`` {code: (column, level)} the level each criterion is compared with (see
    ``previous_column``), ``differs`` the criteria their column rated otherwise, ``unanswered``
    those it has not rated yet."""

    previous: dict[str, tuple[str, int]]
    differs: tuple[str, ...]
    unanswered: tuple[str, ...]

    @property
    def next_unanswered(self) -> str | None:
        return self.unanswered[0] if self.unanswered else None


def review_marks(
    levels: Mapping[str, Mapping[str, int | None]],
    column: str,
    order: list[str],
    left_out: Collection[str] = (),
) -> ReviewMarks:
    """``levels``: {column: {criterion code: level}} of ``column`` and the earlier columns;
    ``order``: every criterion code in page order. A criterion differs when the column has a
    level and it is not the previous column's (one no earlier column rated does not differ).
    ``left_out``: the criteria the column marked "không đánh giá" — done, not to be rated."""
    own = levels.get(column, {})
    previous: dict[str, tuple[str, int]] = {}
    for code in order:
        source = previous_column({c: levels.get(c, {}).get(code) for c in levels}, column)
        level = levels[source][code] if source else None
        if source is not None and level is not None:
            previous[code] = (source, level)
    return ReviewMarks(
        previous=previous,
        differs=tuple(
            c
            for c in order
            if own.get(c) is not None and c in previous and previous[c][1] != own[c]
        ),
        unanswered=tuple(c for c in order if own.get(c) is None and c not in left_out),
    )


def column_levels(
    assessment: Assessment, columns: list[str], left_out: set[tuple[str, str]] | None = None
) -> dict[str, dict[str, int | None]]:
    """{column: {criterion code: level}} of ``columns``, in one query; ``left_out``, when given,
    receives the (column, code) of each criterion marked "không đánh giá" (from the same rows)."""
    levels: dict[str, dict[str, int | None]] = {c: {} for c in columns}
    rows = Rating.objects.filter(assessment=assessment, column__in=columns).values_list(
        "column", "criterion__code", "level", "not_assessed"
    )
    for column, code, level, not_assessed in rows:
        levels[column][code] = level
        if not_assessed and left_out is not None:
            left_out.add((column, code))
    return levels


def criterion_companions(
    assessment: Assessment, *, column: str, criterion_id: int | None = None
) -> dict[str, dict[str, list[Any]]]:
    """{criterion code: {"beside": [earlier columns' answers], "evidence": [files]}} for the
    whole assessment, or one criterion: two queries whatever the number of answers or files."""
    from .models import Column

    only = {"criterion_id": criterion_id} if criterion_id else {}
    companions: dict[str, dict[str, list[Any]]] = {}
    beside = columns_beside(column)
    if beside:
        answers = (
            Rating.objects.filter(assessment=assessment, column__in=beside, **only)
            .exclude(level__isnull=True, note="", not_assessed=False)
            .values_list("criterion__code", "column", "level", "note", "not_assessed_reason")
        )
        for code, answered_in, level, note, left_out in sorted(
            answers, key=lambda row: COLUMN_ORDER.index(row[1])
        ):
            companions.setdefault(code, {"beside": [], "evidence": []})["beside"].append(
                {
                    "column": answered_in,
                    "label": Column(answered_in).label,
                    "level": level,
                    "note": note,
                    "not_assessed_reason": left_out,  # "" unless left out, saying why
                }
            )
    files = Evidence.objects.filter(assessment=assessment, **only).select_related(
        "criterion", "uploaded_by"
    )
    for evidence in files:
        companions.setdefault(evidence.criterion.code, {"beside": [], "evidence": []})[
            "evidence"
        ].append(evidence)
    return companions


def current_version(framework: Framework) -> CatalogVersion:
    """The version new assessments of ``framework`` are answered on."""
    return CatalogVersion.objects.get(framework=framework, is_current=True)


def version_in_use(version: CatalogVersion) -> bool:
    """Answered versions never change: the admin forks them instead (services.version_fork)."""
    return Assessment.objects.filter(catalog_version=version).exists()


@dataclass(frozen=True)
class Questionnaire:
    """How one version asks a framework's criteria, read in a fixed number of queries: the
    question of each criterion code (options, thresholds and figure terms loaded), the shared
    figures asked once per assessment, and the unscored survey."""

    version: CatalogVersion
    questions: dict[str, Question]
    figures: tuple[FigureField, ...]
    barriers: tuple[SurveyStatement, ...]
    perception: tuple[SurveyStatement, ...]
    scale: tuple[SurveyScaleLabel, ...]
    needs: tuple[SupportNeed, ...]

    @property
    def shared_figures(self) -> tuple[FigureField, ...]:
        return tuple(f for f in self.figures if f.shared)

    def thresholds(self, code: str) -> tuple[Threshold, ...]:
        return tuple(
            Threshold(t.level, t.min_percent) for t in self.questions[code].thresholds.all()
        )

    def figure_questions(self) -> list[Question]:
        return [q for q in self.questions.values() if q.kind == QuestionKind.FIGURES]

    @cached_property
    def answering(self) -> answering.AskedSnapshot:
        """The questions as plain data, for turning answers and figures into levels."""
        return answering.AskedSnapshot(
            version=self.version.label,
            criteria={
                code: answering.AskedCriterion(
                    code=code,
                    option_levels={o.position: o.level for o in q.options.all()},
                    numerator=q.numerator.key if q.numerator else None,
                    denominator=q.denominator.key if q.denominator else None,
                    thresholds=self.thresholds(code),
                )
                for code, q in self.questions.items()
            },
            figure_keys=frozenset(f.key for f in self.figures),
        )


def questionnaire(version: CatalogVersion) -> Questionnaire:
    questions = (
        Question.objects.filter(version=version)
        .select_related("criterion", "numerator", "denominator")
        .prefetch_related(
            Prefetch("options", queryset=QuestionOption.objects.order_by("position")),
            Prefetch("thresholds", queryset=FigureThreshold.objects.order_by("level")),
        )
        .order_by("criterion__position")
    )
    statements = list(SurveyStatement.objects.filter(version=version).order_by("position"))
    return Questionnaire(
        version=version,
        questions={q.criterion.code: q for q in questions},
        figures=tuple(FigureField.objects.filter(version=version).order_by("position")),
        barriers=tuple(s for s in statements if s.part == SurveyPart.BARRIER),
        perception=tuple(s for s in statements if s.part == SurveyPart.PERCEPTION),
        scale=tuple(SurveyScaleLabel.objects.filter(version=version).order_by("value")),
        needs=tuple(SupportNeed.objects.filter(version=version).order_by("position")),
    )


_QUESTIONNAIRES: dict[tuple[int, object], Questionnaire] = {}


def _answered_questionnaire(version: CatalogVersion) -> Questionnaire:
    """The questionnaire of a version that has assessments, cached per process: such a version
    is never edited (the admin forks it), so its rows cannot go stale; the version row itself
    (its name and note may be edited) is the one just read."""
    key = (version.pk, version.created_at)
    if key not in _QUESTIONNAIRES:
        if len(_QUESTIONNAIRES) > 8:
            _QUESTIONNAIRES.clear()
        _QUESTIONNAIRES[key] = questionnaire(version)
    return replace(_QUESTIONNAIRES[key], version=version)


def questionnaire_of(assessment: Assessment) -> Questionnaire:
    """The questionnaire an assessment is answered on, cached per process
    (``_answered_questionnaire``). One query when warm and the version is not loaded with the
    assessment (the version row, whose creation time keys the cache with its id)."""
    if Assessment.catalog_version.is_cached(assessment):
        version = assessment.catalog_version
    else:
        version = CatalogVersion.objects.get(pk=assessment.catalog_version_id)
    return _answered_questionnaire(version)


def current_questionnaire(*, code: str) -> Questionnaire:
    """The questionnaire new assessments of framework ``code`` are answered on (the calculator
    and the public API ask it): two queries when its version has assessments (then cached, see
    ``_answered_questionnaire``), the version's rows read afresh while it has none (the admin
    may still edit it)."""
    version = CatalogVersion.objects.select_related("framework").get(
        framework__code=code, is_current=True
    )
    if version_in_use(version):
        return _answered_questionnaire(version)
    return questionnaire(version)


def _version_question(question: Question) -> dict[str, Any]:
    return {
        "criterion": question.criterion.code,
        "kind": question.kind,
        **_bilingual(question, "gate"),
        **_bilingual(question, "prompt"),
        **_bilingual(question, "help"),
        "options": [{"level": o.level, **_bilingual(o, "label")} for o in question.options.all()],
        **_bilingual(question, "mapping_note"),
        **(
            {
                "numerator": question.numerator.key,
                "denominator": question.denominator.key,
                "thresholds": [
                    {"level": t.level, "min_percent": t.min_percent}
                    for t in question.thresholds.all()
                ],
            }
            if question.numerator and question.denominator
            else {}
        ),
        **_bilingual(question, "threshold_note"),
        "published_text_vi": question.published_text_vi,
        **_bilingual(question, "correction_note"),
    }


def figure_definitions(asked: Questionnaire) -> list[dict[str, Any]]:
    """The figures a version asks, in the version file's shape."""
    return [
        {
            "key": f.key,
            "unit": f.unit,
            **_bilingual(f, "label"),
            **_bilingual(f, "period"),
            "shared": f.shared,
        }
        for f in asked.figures
    ]


def survey_definition(asked: Questionnaire) -> dict[str, Any]:
    """A version's unscored survey in the version file's shape: the scale, the barriers, the
    self-perception statements by group and the support needs."""
    groups: dict[str, dict[str, Any]] = {}
    for s in asked.perception:
        group = groups.setdefault(
            s.group_code,
            {
                "code": s.group_code,
                "name_vi": s.group_vi,
                "name_en": s.group_en,
                "description_vi": s.group_description_vi,
                "description_en": s.group_description_en,
                "statements": [],
            },
        )
        group["statements"].append({"code": s.code, **_bilingual(s, "text")})
    return {
        "scale": [{"value": s.value, **_bilingual(s, "label")} for s in asked.scale],
        "barriers": [{"code": b.code, **_bilingual(b, "text")} for b in asked.barriers],
        "perception_groups": list(groups.values()),
        "support_needs": [
            {"code": n.code, **_bilingual(n, "label"), "asks_text": n.asks_text}
            for n in asked.needs
        ],
    }


def version_definition(*, version: CatalogVersion) -> Definition:
    """The file shape of a version (fixtures/questionnaires/README.md), read from the database."""
    asked = questionnaire(version)
    return {
        "framework": version.framework.code,
        "label": version.label,
        "number": version.number,
        "current": version.is_current,
        # Said only of the portal's own questions, so the files of official ones stay as they are.
        **({"reference": True} if version.is_reference else {}),
        **_bilingual(version, "name"),
        **_bilingual(version, "note"),
        "figures": figure_definitions(asked),
        "questions": [_version_question(q) for q in asked.questions.values()],
        "survey": survey_definition(asked),
    }


def column_departments(
    assessment: Assessment, column: str, index: CatalogIndex
) -> dict[str, dict[str, int | None]]:
    """One column's answers by department, as the large-enterprise method reads them: every
    department of the assessment (one not answered yet maps to {}), each with {criterion code:
    percent, or None when not relevant}. Two queries."""
    departments: dict[str, dict[str, int | None]] = {
        name: {}
        for name in assessment.departments.order_by("position").values_list("name", flat=True)
    }
    for name, criterion_id, percent in DepartmentRating.objects.filter(
        assessment=assessment, column=column
    ).values_list("department__name", "criterion_id", "percent"):
        departments[name][index.code_by_criterion_id[criterion_id]] = percent
    return departments


def column_figures(assessment: Assessment, column: str) -> dict[str, int]:
    """{figure key: value} that one column entered."""
    return dict(
        Figure.objects.filter(assessment=assessment, column=column).values_list(
            "field__key", "value"
        )
    )


def question_level(
    question: Question, figures: Mapping[str, int], asked: Questionnaire
) -> Computation | None:
    """How ``figures`` level a question asked as figures (None while a term is missing)."""
    assert question.numerator is not None
    assert question.denominator is not None
    return compute(
        figures.get(question.numerator.key),
        figures.get(question.denominator.key),
        asked.thresholds(question.criterion.code),
    )


def figures_by_column(assessment: Assessment) -> dict[str, dict[str, int]]:
    """{column: {figure key: value}} of the whole assessment, in one query."""
    by_column: dict[str, dict[str, int]] = {}
    rows = Figure.objects.filter(assessment=assessment).values_list("column", "field__key", "value")
    for column, key, value in rows:
        by_column.setdefault(column, {})[key] = value
    return by_column


# --- the unscored survey (barriers, self-perception, support needs) ---------------------------

# Imported here, with the block that uses them (the file's other sections are edited apart).
from functools import cached_property  # noqa: E402

from .models import NeedAnswer, SurveyAnswer  # noqa: E402


@dataclass(frozen=True)
class SurveyItem:
    statement: SurveyStatement
    value: int | None  # 1..5, None while unanswered


@dataclass(frozen=True)
class SurveySection:
    """The barriers, or one group of the self-perception statements (part B), as the national
    form groups them."""

    part: str  # SurveyPart
    code: str  # the group's code ("" for the barriers)
    title: str
    description: str
    items: tuple[SurveyItem, ...]


@dataclass(frozen=True)
class NeedItem:
    need: SupportNeed
    ticked: bool
    text: str  # the enterprise's words, for a need that asks for them ("other")


@dataclass(frozen=True)
class Survey:
    sections: tuple[SurveySection, ...]
    scale: tuple[SurveyScaleLabel, ...]
    needs: tuple[NeedItem, ...]

    @property
    def total(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def answered(self) -> int:
        return sum(1 for s in self.sections for i in s.items if i.value is not None)

    @property
    def needs_ticked(self) -> int:
        return sum(1 for n in self.needs if n.ticked)

    @property
    def asked(self) -> bool:
        """Whether the assessment's version has a survey at all."""
        return self.total > 0

    @property
    def complete(self) -> bool:
        """Every statement has an answer (ticking support needs is optional)."""
        return self.asked and self.answered == self.total


def _survey_sections(asked: Questionnaire, values: Mapping[int, int]) -> tuple[SurveySection, ...]:
    sections: list[SurveySection] = []
    if asked.barriers:
        first = asked.barriers[0]
        sections.append(
            SurveySection(
                part=SurveyPart.BARRIER,
                code=first.group_code,
                title=first.group,
                description=first.group_description,
                items=tuple(SurveyItem(s, values.get(s.pk)) for s in asked.barriers),
            )
        )
    groups: dict[str, list[SurveyStatement]] = {}
    for statement in asked.perception:
        groups.setdefault(statement.group_code, []).append(statement)
    for code, statements in groups.items():
        sections.append(
            SurveySection(
                part=SurveyPart.PERCEPTION,
                code=code,
                title=statements[0].group,
                description=statements[0].group_description,
                items=tuple(SurveyItem(s, values.get(s.pk)) for s in statements),
            )
        )
    return tuple(sections)


def survey_of(assessment: Assessment) -> Survey:
    """The survey of the assessment's catalog version with its answers: the barriers, then the
    self-perception statements group by group (with each group's description), the 1–5 scale's
    labels, and the support needs with those ticked. Three queries when the questionnaire is
    cached (``questionnaire_of``): the version, the answers, the needs ticked."""
    asked = questionnaire_of(assessment)
    values = dict(
        SurveyAnswer.objects.filter(assessment=assessment).values_list("statement_id", "value")
    )
    ticked = dict(NeedAnswer.objects.filter(assessment=assessment).values_list("need_id", "text"))
    return Survey(
        sections=_survey_sections(asked, values),
        scale=asked.scale,
        needs=tuple(
            NeedItem(need=n, ticked=n.pk in ticked, text=ticked.get(n.pk, "")) for n in asked.needs
        ),
    )


class SurveySummary:
    """How far the survey is, for the assessment page's prompt. The answers are counted only
    when asked for (one query), so a page that shows no prompt runs none."""

    def __init__(self, assessment: Assessment, total: int) -> None:
        self.assessment = assessment
        self.total = total

    @cached_property
    def answered(self) -> int:
        return SurveyAnswer.objects.filter(assessment=self.assessment).count()

    @property
    def complete(self) -> bool:
        return self.answered >= self.total


def survey_summary(
    assessment: Assessment, *, asked: Questionnaire | None = None
) -> SurveySummary | None:
    """The survey's statements answered of how many; None when the assessment's version has no
    survey. ``asked``: the assessment's questionnaire when the caller has it (else one query
    when it is cached)."""
    asked = asked or questionnaire_of(assessment)
    total = len(asked.barriers) + len(asked.perception)
    return SurveySummary(assessment, total) if total else None


# --- frameworks offered to an enterprise for a year (issue 13) --------------------------------

# Imported here, with the block that uses them (the file's other sections are edited apart).
from django.utils.translation import gettext  # noqa: E402

from enterprises.sizing import SizeClass  # noqa: E402

from .models import Audience, FrameworkOpening  # noqa: E402

# Which audiences fit a size class. Decision 2158/QĐ-BTTTT encourages medium enterprises to use
# the large-enterprise index, so they are offered both (the large one first); an enterprise whose
# size is not known yet is offered every framework rather than none.
AUDIENCES_OF_SIZE: dict[str, tuple[str, ...]] = {
    SizeClass.MICRO: (Audience.SME,),
    SizeClass.SMALL: (Audience.SME,),
    SizeClass.MEDIUM: (Audience.LARGE, Audience.SME),
    SizeClass.LARGE: (Audience.LARGE,),
}
ANY_AUDIENCE: tuple[str, ...] = (Audience.LARGE, Audience.SME)


@dataclass(frozen=True)
class FrameworkOffer:
    """A framework offered to an enterprise for a year; one that cannot be assessed yet (its
    criteria are not imported) is still listed, not ``startable``, with the ``reason``."""

    framework: Framework
    startable: bool
    reason: str = ""


def _with_openings(frameworks: QuerySet[Framework], period: int) -> QuerySet[Framework]:
    """``opened``: the ministry opened the framework for ``period``; ``year_restricted``: it
    opened some framework for that year (a year with no opening offers every active one)."""
    openings = FrameworkOpening.objects.filter(period=period)
    return frameworks.annotate(
        opened=Exists(openings.filter(framework=OuterRef("pk"))),
        year_restricted=Exists(openings),
    )


def _with_assessability(frameworks: QuerySet[Framework]) -> QuerySet[Framework]:
    """What ``catalog.assessable_problems`` finds in a definition, asked in SQL so that a list of
    frameworks costs one query: ``has_criteria``; ``empty_group`` (a sub-index without
    criteria); ``short_pillar`` (a pillar whose criteria are not the number its decision gives)."""
    short = (
        Pillar.objects.filter(framework=OuterRef("pk"), expected_criteria__isnull=False)
        .annotate(found=Count("sub_indices__criteria"))
        .exclude(found=F("expected_criteria"))
    )
    return frameworks.annotate(
        has_criteria=Exists(Criterion.objects.filter(framework=OuterRef("pk"))),
        empty_group=Exists(
            SubIndex.objects.filter(pillar__framework=OuterRef("pk"), criteria__isnull=True)
        ),
        short_pillar=Exists(short),
    )


def _not_assessable_reason(framework: Framework) -> str:
    """Why the annotated framework cannot be assessed yet, or "" when it can."""
    if not framework.has_criteria or framework.empty_group:  # type: ignore[attr-defined]
        return gettext("Chưa thể đánh giá: nội dung các tiêu chí của bộ chỉ số chưa được nhập.")
    if framework.short_pillar:  # type: ignore[attr-defined]
        return gettext(
            "Chưa thể đánh giá: số tiêu chí của bộ chỉ số chưa đủ như quyết định ban hành."
        )
    return ""


def frameworks_offered(*, enterprise: Enterprise, period: int) -> list[FrameworkOffer]:
    """The active frameworks an enterprise may start an assessment on for ``period``: those the
    ministry opened for that year (every active one when it opened none), fitting the
    enterprise's size class (``AUDIENCES_OF_SIZE``). Ordered by the audience that fits best,
    then code. One query."""
    audiences = AUDIENCES_OF_SIZE.get(enterprise.size_class, ANY_AUDIENCE)
    frameworks = _with_assessability(
        _with_openings(Framework.objects.filter(is_active=True, audience__in=audiences), period)
    ).filter(Q(opened=True) | Q(year_restricted=False))
    ordered = sorted(frameworks, key=lambda f: (audiences.index(f.audience), f.code))
    offers = []
    for framework in ordered:
        reason = _not_assessable_reason(framework)
        offers.append(FrameworkOffer(framework, startable=not reason, reason=reason))
    return offers


@dataclass(frozen=True)
class OpeningCell:
    """A framework in a year, on the ministry's openings page: ``opening`` is the ministry's
    row (None: not opened); ``offered``: whether enterprises of its audience are offered it."""

    period: int
    opening: FrameworkOpening | None
    offered: bool


@dataclass(frozen=True)
class OpeningRow:
    framework: Framework
    reason: str  # why it cannot be assessed yet, "" when it can
    cells: tuple[OpeningCell, ...]


@dataclass(frozen=True)
class OpeningYear:
    period: int
    restricted: bool  # the ministry opened some framework for it (else every one is offered)


@dataclass(frozen=True)
class OpeningsTable:
    years: tuple[OpeningYear, ...]
    rows: tuple[OpeningRow, ...]


def framework_openings(*, periods: tuple[int, ...]) -> OpeningsTable:
    """The active frameworks × ``periods``, with the ministry's openings. Two queries."""
    frameworks = list(_with_assessability(Framework.objects.filter(is_active=True)))
    openings = {
        (o.framework_id, o.period): o
        for o in FrameworkOpening.objects.filter(period__in=periods).select_related("opened_by")
    }
    restricted = {p: any(period == p for _f, period in openings) for p in periods}
    rows = tuple(
        OpeningRow(
            framework=framework,
            reason=_not_assessable_reason(framework),
            cells=tuple(
                OpeningCell(
                    period=p,
                    opening=openings.get((framework.pk, p)),
                    offered=(framework.pk, p) in openings or not restricted[p],
                )
                for p in periods
            ),
        )
        for framework in frameworks
    )
    years = tuple(OpeningYear(period=p, restricted=restricted[p]) for p in periods)
    return OpeningsTable(years=years, rows=rows)


# --- Work queues: what waits for a person on /me/ (the worklist app) --------------------------

QUEUE_SIZE = 20  # the entries a group lists; its count says how many wait in all


@dataclass(frozen=True)
class WorkQueue:
    """One group of a person's work queue: the assessments waiting for one kind of action
    (``key``: "to_start", "to_finish", "to_approve", "returned", "to_issue"), the longest
    waiting first, at most ``QUEUE_SIZE`` of them, and how many wait in all. ``state``: the
    state they are in (what the enterprise list filters on to show them all)."""

    key: str
    state: str
    count: int
    items: tuple[Assessment, ...]


def _criteria_total() -> Coalesce:
    return _count(Criterion.objects.filter(framework=OuterRef("framework")), "framework")


def _answered(column: str) -> Coalesce:
    """How many criteria ``column`` has rated (its stored result), 0 before any answer."""
    answered = ColumnResult.objects.filter(assessment=OuterRef("pk"), column=column)
    return Coalesce(
        Subquery(answered.values("answered")[:1], output_field=IntegerField()),
        0,
    )


def _reviewer_base(user: User) -> QuerySet[Assessment]:
    """The assessments ``user`` may see (``assessments_visible_to``) of enterprises they are not a
    member of: a member never reviews its own enterprise (``enterprises.duties``)."""
    return assessments_visible_to(user).exclude(conflicted_expression(user))


def work_queues(base: QuerySet[Assessment], groups: Mapping[str, tuple[str, Q]]) -> list[WorkQueue]:
    """``groups`` ({key: (state, condition)}) of ``base``, counted in one query and each listed
    in one more (none when it is empty): a fixed number of queries, however many wait. Only the
    rows in the groups' states are read (the conditions' subqueries run for those alone)."""
    base = base.filter(state__in={state for state, _condition in groups.values()})
    counts = base.aggregate(
        **{key: Count("pk", filter=condition) for key, (_state, condition) in groups.items()}
    )
    return [
        WorkQueue(
            key=key,
            state=state,
            count=counts[key],
            items=(
                tuple(base.filter(condition).order_by("updated_at", "pk")[:QUEUE_SIZE])
                if counts[key]
                else ()
            ),
        )
        for key, (state, condition) in groups.items()
    ]


def province_work_queues(*, user: User, officer: ProvinceOfficer) -> list[WorkQueue]:
    """A province officer's files, with their province now: submitted with no consultant engaged
    to start, in review with the province column unfinished to finish, finished to approve (for
    an approver), and those returned, waiting on the enterprise. An assessor-only officer has
    nothing to approve; an approver-only one only sees what was returned."""
    State = Assessment.State
    engaged = Engagement.objects.filter(
        enterprise_id=OuterRef("enterprise_id"),
        status=Engagement.Status.ACTIVE,
        consultant__in=active_accreditations().values("consultant_id"),
    )
    base = (
        _reviewer_base(user)
        .filter(enterprise__province_id=officer.province_id)
        .annotate(
            engaged=Exists(engaged),
            answered=_answered(Column.PROVINCE),
            criteria_total=_criteria_total(),
        )
    )
    complete = Q(answered__gte=F("criteria_total"))
    groups: dict[str, tuple[str, Q]] = {}
    if officer.can_assess:
        groups["to_start"] = (State.SUBMITTED, Q(state=State.SUBMITTED, engaged=False))
        in_review = Q(state=State.PROVINCE_REVIEW)
        groups["to_finish"] = (State.PROVINCE_REVIEW, in_review & ~complete)
        if officer.can_approve:
            groups["to_approve"] = (State.PROVINCE_REVIEW, in_review & complete)
    groups["returned"] = (State.RETURNED, Q(state=State.RETURNED))
    return work_queues(base, groups)


def consultant_work_queues(*, user: User) -> list[WorkQueue]:
    """An accredited consultant's files: those of the enterprises that engaged them, submitted
    to start and being assessed by them to finish (none while the accreditation is not in
    force)."""
    State = Assessment.State
    clients = Engagement.objects.filter(
        consultant__user=user, status=Engagement.Status.ACTIVE
    ).filter(Exists(active_accreditations().filter(consultant__user=user)))
    base = (
        _reviewer_base(user)
        .filter(enterprise__in=clients.values("enterprise_id"))
        .annotate(answered=_answered(Column.CONSULTANT), criteria_total=_criteria_total())
    )
    return work_queues(
        base,
        {
            "to_start": (State.SUBMITTED, Q(state=State.SUBMITTED)),
            "to_finish": (State.CONSULTANT_ASSESSING, Q(state=State.CONSULTANT_ASSESSING)),
        },
    )


def ministry_work_queues(*, user: User, reviewer: MinistryReviewer) -> list[WorkQueue]:
    """A ministry appraiser's files: approved by a province to start, in appraisal to finish."""
    if not reviewer.can_appraise:
        return []
    State = Assessment.State
    base = _reviewer_base(user).annotate(
        answered=_answered(Column.MINISTRY), criteria_total=_criteria_total()
    )
    return work_queues(
        base,
        {
            "to_start": (State.PROVINCE_APPROVED, Q(state=State.PROVINCE_APPROVED)),
            "to_finish": (State.MINISTRY_APPRAISAL, Q(state=State.MINISTRY_APPRAISAL)),
        },
    )


def member_assessments(*, user: User) -> QuerySet[Assessment]:
    """The latest assessment of each framework of each enterprise ``user`` is an active member
    of, with what its next step needs: the self column's answers against the criteria, and the
    comment of the latest return. By enterprise, newest year first. One query."""
    mine = assessments_visible_to(user).filter(
        enterprise__in=active_memberships(user).values("enterprise_id")
    )
    newer = Assessment.objects.filter(
        enterprise_id=OuterRef("enterprise_id"),
        framework_id=OuterRef("framework_id"),
        period__gt=OuterRef("period"),
    )
    returned = AuditEntry.objects.filter(
        assessment=OuterRef("pk"),
        action=AuditEntry.Action.TRANSITION,
        to_state=Assessment.State.RETURNED,
    ).order_by("-at", "-pk")
    return (
        mine.exclude(Exists(newer))
        .annotate(
            answered=_answered(Column.SELF),
            criteria_total=_criteria_total(),
            return_comment=Subquery(returned.values("reason")[:1]),
        )
        .order_by("enterprise__name_vi", "enterprise_id", "-period", "framework__code")
    )
