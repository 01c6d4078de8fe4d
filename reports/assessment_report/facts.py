"""What an assessment report states, as plain data, and a builder from plain data.

``report_facts_from`` takes a framework definition (the fixture JSON shape, which
``assessments.selectors.framework_definition`` also returns) joined with how the assessment's
catalog version asks each criterion (``definition_with_version``), each column's ratings
(``{column: {criterion code: level}}``) and figures (``{column: {figure key: value}}``); it
never touches the ORM, so a selector can feed it and the PDF renderer
(``reports.assessment_report.pdf.report_pdf``) can be run and tested without a database.

Scoring is ``assessments.scoring`` itself (pure); the facts embed its ``ScoreResult`` per column.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assessments import scoring
from assessments.catalog import snapshot_from_definition
from assessments.figures import Computation, Threshold, compute
from assessments.vocabulary import AUTHORITY_ORDER, COLUMN_ORDER

# The four assessor columns in the official table's order, and whose word weighs most.
COLUMNS = COLUMN_ORDER

WEAKEST_PILLARS = 2  # how many of the weakest pillars "what to do next" covers
STEPS_PER_PILLAR = 4  # and how many criteria per pillar


@dataclass(frozen=True)
class LevelName:
    level: int
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class ReportPillar:
    code: str
    name_vi: str
    name_en: str
    max_points: int


@dataclass(frozen=True)
class ReportSubIndex:
    code: str
    pillar_code: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class FigureTerm:
    """A figure a criterion asks for (its numerator or denominator) and the value entered."""

    key: str
    label_vi: str
    label_en: str
    value: int | None  # None: not entered in the reference column


@dataclass(frozen=True)
class CriterionFigures:
    """A criterion asked as figures, as the reference column answered it: the two figures, the
    computation they give (None while one is missing) and, when the reviewer set the level
    themselves, their note."""

    numerator: FigureTerm
    denominator: FigureTerm
    thresholds: tuple[Threshold, ...]
    computation: Computation | None
    direct: bool = False
    note: str = ""


@dataclass(frozen=True)
class ReportCriterion:
    code: str
    pillar_code: str
    sub_index_code: str
    group_vi: str
    group_en: str
    text_vi: str
    text_en: str
    points_per_level: int
    levels: tuple[int | None, ...]  # one per COLUMNS entry; None: not rated in that column
    figures: CriterionFigures | None = None  # asked as figures: the reference column's


@dataclass(frozen=True)
class ColumnFacts:
    key: str  # one of COLUMNS
    answered: int  # criteria rated in this column
    result: scoring.ScoreResult | None  # None when the column has no ratings at all


@dataclass(frozen=True)
class NextStep:
    """Raise one criterion by one level: what the next level looks like (portal guidance)."""

    criterion_code: str
    text_vi: str
    text_en: str
    level: int | None  # None: not rated yet (counts as 0)
    next_level: int
    guidance_vi: str  # the answer option of the next level; may be empty
    guidance_en: str
    points_gain: int
    # A criterion asked as figures: the share the next level needs (its threshold, in %),
    # of which figures, and what the reference column's figures give now.
    min_percent: int | None = None
    figures: CriterionFigures | None = None


@dataclass(frozen=True)
class WeakPillar:
    code: str
    level: int
    points: int
    max_points: int
    points_to_next_level: int | None
    steps: tuple[NextStep, ...]


@dataclass(frozen=True)
class ReportFacts:
    enterprise_name: str
    tax_code: str
    province_name: str
    period: int
    framework_code: str
    framework_name_vi: str
    framework_name_en: str
    decision_vi: str
    decision_en: str
    max_level: int
    max_points: int
    level_names: tuple[LevelName, ...]
    pillars: tuple[ReportPillar, ...]
    sub_indices: tuple[ReportSubIndex, ...]
    criteria: tuple[ReportCriterion, ...]
    columns: tuple[ColumnFacts, ...]  # always one per COLUMNS entry, in that order
    gap_column: str | None  # the most authoritative column with ratings; None if none has any
    weakest: tuple[WeakPillar, ...]  # the gap column's weakest pillars, weakest first
    generated_on: datetime.date
    version_name_vi: str = ""  # the catalog version the assessment was answered on
    version_name_en: str = ""
    version_number: int | None = None
    authority_name_vi: str = ""
    authority_name_en: str = ""
    # The framework's method says the unit of every score here (scoring.UNIT_OF_METHOD): 2021
    # points out of maxima; the readiness index's R and medians in thousandths, its levels from
    # ``thresholds``; the large index's percents in hundredths, by department.
    scoring_method: str = scoring.SME_BANDS_2021
    framework_version: int | None = None
    min_level: int = 0
    thresholds: tuple[scoring.Threshold, ...] = ()
    # The ministry's changes with their reasons: (criterion code, old level, new level, reason).
    ministry_reasons: tuple[tuple[str, int | None, int | None, str], ...] = ()

    @property
    def counts_points(self) -> bool:
        return self.scoring_method == scoring.SME_BANDS_2021

    @property
    def by_department(self) -> bool:
        return self.scoring_method == scoring.DEPARTMENT_MEANS_2023

    def column(self, key: str) -> ColumnFacts:
        return self.columns[COLUMNS.index(key)]

    @property
    def gap_result(self) -> scoring.ScoreResult | None:
        return self.column(self.gap_column).result if self.gap_column else None


def _next_steps(
    pillar: dict,
    levels: Mapping[str, int],
    max_level: int,
    limit: int,
    figures: Mapping[str, CriterionFigures],
) -> tuple[NextStep, ...]:
    """The pillar's criteria with the lowest levels, one level up each; among equal levels the
    criteria worth more points per level first, then catalog order."""
    candidates = [
        (levels.get(c["code"], 0), -c.get("points_per_level", 1), position, c)
        for position, c in enumerate(c for s in pillar["sub_indices"] for c in s["criteria"])
        if levels.get(c["code"], 0) < max_level
    ]
    steps = []
    for level, _, _, criterion in sorted(candidates, key=lambda item: item[:3])[:limit]:
        option: Mapping[str, Any] = next(
            (o for o in criterion.get("options", []) if o["level"] == level + 1), {}
        )
        asked = figures.get(criterion["code"])
        needed = (
            next((t.min_percent for t in asked.thresholds if t.level == level + 1), None)
            if asked
            else None
        )
        steps.append(
            NextStep(
                criterion_code=criterion["code"],
                text_vi=criterion["text_vi"],
                text_en=criterion.get("text_en", ""),
                level=levels.get(criterion["code"]),
                next_level=level + 1,
                guidance_vi=option.get("label_vi", ""),
                guidance_en=option.get("label_en", ""),
                points_gain=criterion.get("points_per_level", 1),
                min_percent=needed,
                figures=asked,
            )
        )
    return tuple(steps)


def _weakest(
    definition: Mapping,
    result: scoring.ScoreResult,
    levels: Mapping[str, int],
    count: int,
    steps_per_pillar: int,
    figures: Mapping[str, CriterionFigures],
) -> tuple[WeakPillar, ...]:
    """The ``count`` pillars with the lowest level (ties: the lower share of points, then
    catalog order), leaving out pillars already at the top level."""
    max_level = definition["max_level"]
    by_code = {p["code"]: p for p in definition["pillars"]}
    ranked = sorted(
        (p for p in result.pillars if p.level < max_level),
        key=lambda p: (p.level, p.points * 1000 // max(p.max, 1)),
    )
    return tuple(
        WeakPillar(
            code=p.code,
            level=p.level,
            points=p.points,
            max_points=p.max,
            points_to_next_level=p.points_to_next_level,
            steps=_next_steps(by_code[p.code], levels, max_level, steps_per_pillar, figures),
        )
        for p in ranked[:count]
    )


def definition_with_version(definition: Mapping, version: Mapping) -> dict[str, Any]:
    """``definition`` (a framework's) with how ``version`` (a catalog version's definition, the
    shape of ``assessments.selectors.version_definition`` and of the questionnaire files) asks
    each criterion: its kind, answer options, and for figures its two terms (key and labels)
    and thresholds; and the version's number and name."""
    labels = {f["key"]: f for f in version.get("figures", [])}
    asked = {q["criterion"]: q for q in version.get("questions", [])}

    def term(key: str) -> dict[str, str]:
        found = labels.get(key, {})
        return {
            "key": key,
            "label_vi": found.get("label_vi", key),
            "label_en": found.get("label_en", ""),
        }

    joined = {
        **definition,
        "version_number": version.get("number"),
        "version_name_vi": version.get("name_vi", ""),
        "version_name_en": version.get("name_en", ""),
        "pillars": [
            {
                **pillar,
                "sub_indices": [
                    {
                        **sub,
                        "criteria": [
                            {**criterion, **_asked(asked.get(criterion["code"], {}), term)}
                            for criterion in sub["criteria"]
                        ],
                    }
                    for sub in pillar["sub_indices"]
                ],
            }
            for pillar in definition["pillars"]
        ],
    }
    return joined


def _asked(question: Mapping, term) -> dict[str, Any]:
    asked: dict[str, Any] = {
        "kind": question.get("kind", ""),
        "options": list(question.get("options", [])),
    }
    if question.get("numerator") and question.get("denominator"):
        asked |= {
            "numerator": term(question["numerator"]),
            "denominator": term(question["denominator"]),
            "thresholds": list(question.get("thresholds", [])),
        }
    return asked


def _criterion_figures(
    criterion: Mapping, figures: Mapping[str, int], direct: Mapping[str, str]
) -> CriterionFigures | None:
    """The reference column's figures of a criterion asked as figures (None for the others)."""
    if "numerator" not in criterion or "denominator" not in criterion:
        return None
    thresholds = tuple(Threshold(t["level"], t["min_percent"]) for t in criterion["thresholds"])

    def term(found: Mapping) -> FigureTerm:
        return FigureTerm(
            found["key"], found["label_vi"], found.get("label_en", ""), figures.get(found["key"])
        )

    numerator, denominator = term(criterion["numerator"]), term(criterion["denominator"])
    return CriterionFigures(
        numerator=numerator,
        denominator=denominator,
        thresholds=thresholds,
        computation=compute(numerator.value, denominator.value, thresholds),
        direct=criterion["code"] in direct,
        note=direct.get(criterion["code"], ""),
    )


def report_facts_from(
    *,
    definition: Mapping,
    ratings: Mapping[str, Mapping[str, int]],
    enterprise_name: str,
    tax_code: str,
    province_name: str,
    period: int,
    generated_on: datetime.date,
    authority_name_vi: str = "",
    authority_name_en: str = "",
    figures: Mapping[str, Mapping[str, int]] | None = None,
    direct: Mapping[str, Mapping[str, str]] | None = None,
    departments: Mapping[str, scoring.Departments] | None = None,
    ministry_reasons: Mapping[str, Mapping[str, Any]] | None = None,
    weakest_count: int = WEAKEST_PILLARS,
    steps_per_pillar: int = STEPS_PER_PILLAR,
) -> ReportFacts:
    """Score each column of ``ratings`` ({column: {criterion code: level}}; a missing or empty
    column has no result) against ``definition`` and gather what the report shows. For each
    criterion asked as figures, the reference column's ``figures`` ({column: {key: value}})
    and the computation they give; ``direct`` ({column: {code: note}}) names the levels a
    reviewer set directly instead. The large index is scored from ``departments`` ({column:
    {department: {criterion code: percent or None}}}) instead of levels.

    Levels are checked like any untrusted input (``scoring.LevelsError`` names bad keys); an
    unknown column key is a ``ValueError``.
    """
    unknown = set(ratings) - set(COLUMNS)
    if unknown:
        raise ValueError(f"unknown columns: {', '.join(sorted(unknown))}")
    snapshot = snapshot_from_definition(dict(definition))
    if snapshot.method == scoring.DEPARTMENT_MEANS_2023:
        columns, checked = _department_columns(snapshot, departments or {})
    else:
        checked = {key: scoring.check_levels(snapshot, ratings.get(key) or {}) for key in COLUMNS}
        columns = tuple(
            ColumnFacts(
                key=key,
                answered=len(checked[key]),
                result=scoring.score(snapshot, checked[key]) if checked[key] else None,
            )
            for key in COLUMNS
        )
    rated = {c.key for c in columns if c.result is not None}
    gap_column = next((key for key in AUTHORITY_ORDER if key in rated), None)
    pillars = definition["pillars"]
    reference_figures = (figures or {}).get(gap_column, {}) if gap_column else {}
    reference_direct = (direct or {}).get(gap_column, {}) if gap_column else {}
    asked_figures = {
        c["code"]: found
        for p in pillars
        for s in p["sub_indices"]
        for c in s["criteria"]
        if (found := _criterion_figures(c, reference_figures, reference_direct))
    }
    weakest: tuple[WeakPillar, ...] = ()
    result = columns[COLUMNS.index(gap_column)].result if gap_column else None
    # What to raise next is level arithmetic: the large index is answered in percents.
    if gap_column and result is not None and snapshot.method in scoring.LEVEL_METHODS:
        weakest = _weakest(
            definition,
            result,
            checked[gap_column],
            weakest_count,
            steps_per_pillar,
            asked_figures,
        )
    return ReportFacts(
        enterprise_name=enterprise_name,
        tax_code=tax_code,
        province_name=province_name,
        period=period,
        framework_code=definition["code"],
        framework_name_vi=definition["name_vi"],
        framework_name_en=definition.get("name_en", ""),
        decision_vi=definition.get("decision_vi", ""),
        decision_en=definition.get("decision_en", ""),
        version_name_vi=definition.get("version_name_vi", ""),
        version_name_en=definition.get("version_name_en", ""),
        version_number=definition.get("version_number"),
        max_level=definition["max_level"],
        scoring_method=snapshot.method,
        framework_version=definition.get("version"),
        min_level=definition.get("min_level", 0),
        thresholds=snapshot.thresholds,
        max_points=snapshot.total_max,
        level_names=tuple(
            LevelName(n["level"], n["name_vi"], n.get("name_en", ""))
            for n in sorted(definition["level_names"], key=lambda n: n["level"])
        ),
        pillars=tuple(
            ReportPillar(p["code"], p["name_vi"], p.get("name_en", ""), p.get("max_points", 0))
            for p in pillars
        ),
        sub_indices=tuple(
            ReportSubIndex(s["code"], p["code"], s["name_vi"], s.get("name_en", ""))
            for p in pillars
            for s in p["sub_indices"]
        ),
        criteria=tuple(
            ReportCriterion(
                code=c["code"],
                pillar_code=p["code"],
                sub_index_code=s["code"],
                group_vi=c.get("group_vi", ""),
                group_en=c.get("group_en", ""),
                text_vi=c["text_vi"],
                text_en=c.get("text_en", ""),
                points_per_level=c.get("points_per_level", 1),
                levels=tuple(checked[key].get(c["code"]) for key in COLUMNS),
                figures=asked_figures.get(c["code"]),
            )
            for p in pillars
            for s in p["sub_indices"]
            for c in s["criteria"]
        ),
        columns=columns,
        gap_column=gap_column,
        weakest=weakest,
        generated_on=generated_on,
        authority_name_vi=authority_name_vi,
        authority_name_en=authority_name_en,
        ministry_reasons=tuple(
            (c["code"], reason.get("old"), reason.get("new"), str(reason.get("reason", "")))
            for p in pillars
            for s in p["sub_indices"]
            for c in s["criteria"]
            if (reason := (ministry_reasons or {}).get(c["code"]))
        ),
    )


def _department_columns(
    snapshot: scoring.CatalogSnapshot, departments: Mapping[str, scoring.Departments]
) -> tuple[tuple[ColumnFacts, ...], dict[str, dict[str, int]]]:
    """The large index's columns scored from their departments' percents; a column counts the
    criteria some department answered, and has no result while none did. No criterion has a
    level of its own (the criteria table stays empty)."""
    columns = []
    for key in COLUMNS:
        given = departments.get(key) or {}
        answers = scoring.check_departments(snapshot, dict(given)) if given else {}
        answered = {code for values in answers.values() for code in values}
        columns.append(
            ColumnFacts(
                key=key,
                answered=len(answered),
                result=scoring.score_departments(snapshot, answers) if answered else None,
            )
        )
    return tuple(columns), {key: {} for key in COLUMNS}
