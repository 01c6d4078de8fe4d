"""Reads for the assessment report: everything a report is made of, as plain data
(``ReportInputs``), in a fixed number of queries whatever is rated."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from assessments import scoring
from assessments.models import (
    Assessment,
    CatalogVersion,
    Column,
    Criterion,
    Framework,
    Pillar,
    Rating,
    RatingBasis,
    SubIndex,
)
from assessments.selectors import (
    catalog_index,
    column_departments,
    definition_from_framework,
    figures_by_column,
    version_definition,
)
from assessments.step_selectors import NOT_ASSESSABLE_IN, ministry_reasons
from enterprises.selectors import authority_on

from .facts import definition_with_version

_DEFINITIONS: dict[tuple[int, object, int], dict[str, Any]] = {}


def _framework_definition(framework: Framework, version_id: int) -> dict[str, Any]:
    """The framework's definition (``assessments.selectors.definition_from_framework``) with
    each criterion as ``version`` asks it (``facts.definition_with_version``: answer options,
    or the figures and thresholds), cached per process like
    ``catalog_index``: keyed on ``updated_at``, which every catalog edit touches, and the
    version (an answered version never changes), so a warm report reads no catalog row. Works
    for retired frameworks too (an old assessment keeps its report)."""
    key = (framework.pk, framework.updated_at, version_id)
    if key not in _DEFINITIONS:
        version = CatalogVersion.objects.get(pk=version_id)
        criteria = Criterion.objects.order_by("position")
        sub_indices = SubIndex.objects.order_by("position").prefetch_related(
            Prefetch("criteria", queryset=criteria)
        )
        pillars = Pillar.objects.order_by("position").prefetch_related(
            Prefetch("sub_indices", queryset=sub_indices)
        )
        loaded = Framework.objects.prefetch_related(
            "bands", "overall_rules", "level_names", Prefetch("pillars", queryset=pillars)
        ).get(pk=framework.pk)
        definition = definition_with_version(
            definition_from_framework(loaded), version_definition(version=version)
        )
        if len(_DEFINITIONS) > 8:
            _DEFINITIONS.clear()
        _DEFINITIONS[key] = definition
    return _DEFINITIONS[key]


@dataclass(frozen=True)
class ReportInputs:
    """Everything an assessment report is made of, as plain data: what
    ``facts.report_facts_from`` takes, and the fingerprint of it that names the stored
    PDF (same inputs, same file; any change, a new one)."""

    assessment_id: int
    definition: dict[str, Any]
    definition_version: str
    ratings: dict[str, dict[str, int]]
    figures: dict[str, dict[str, int]]  # {column: {figure key: value}}
    direct: dict[str, dict[str, str]]  # {column: {criterion code: note}}: levels set directly
    enterprise_name: str
    tax_code: str
    province_name: str
    period: int
    authority_name_vi: str
    authority_name_en: str
    # The large index's answers: {column: {department: {criterion code: percent or None}}}.
    departments: dict[str, dict[str, dict[str, int | None]]] | None = None
    # The ministry's reasons: {criterion code: {"old": level, "new": level, "reason": text}}.
    ministry_reasons: dict[str, dict[str, Any]] | None = None

    def facts_arguments(self) -> dict[str, Any]:
        return {
            "definition": self.definition,
            "ratings": self.ratings,
            "figures": self.figures,
            "direct": self.direct,
            "enterprise_name": self.enterprise_name,
            "tax_code": self.tax_code,
            "province_name": self.province_name,
            "period": self.period,
            "authority_name_vi": self.authority_name_vi,
            "authority_name_en": self.authority_name_en,
            "departments": self.departments,
            "ministry_reasons": self.ministry_reasons,
        }

    def fingerprint(self, *extra: str) -> str:
        content = {
            "definition": self.definition_version,
            "ratings": self.ratings,
            "figures": self.figures,
            "direct": self.direct,
            "enterprise": [self.enterprise_name, self.tax_code, self.province_name, self.period],
            "authority": [self.authority_name_vi, self.authority_name_en],
            "extra": list(extra),
        }
        if self.departments is not None:  # only the large index's; the others' stay as they were
            content["departments"] = self.departments
        if self.ministry_reasons:  # only when the ministry changed something
            content["ministry_reasons"] = self.ministry_reasons
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()[:20]


def assessment_report_inputs(
    *, assessment: Assessment, today: datetime.date | None = None
) -> ReportInputs:
    """What the report of ``assessment`` (loaded with its enterprise, province and framework)
    needs: the framework definition (cached), the levels of all four columns (one query), their
    figures (one query) and the ministry's name on ``today`` (one query)."""
    today = today or timezone.localdate()
    framework, enterprise = assessment.framework, assessment.enterprise
    ratings: dict[str, dict[str, int]] = {column: {} for column in Column.values}
    direct: dict[str, dict[str, str]] = {}
    rows = Rating.objects.filter(
        Q(level__isnull=False) | Q(not_assessed=True), assessment=assessment
    ).values_list("column", "criterion__code", "level", "basis", "note", "not_assessed")
    not_assessed: dict[str, list[str]] = {}
    for column, code, level, basis, note, marked in rows:
        if marked:
            not_assessed.setdefault(column, []).append(code)
            continue
        if level is not None:  # filtered out above; says so to the type checker
            ratings[column][code] = level
        if basis == RatingBasis.DIRECT:
            direct.setdefault(column, {})[code] = note
    # A criterion a reviewer did not assess scores at the earlier columns' level, as the
    # column's stored result (assessments.step_selectors.scored_levels).
    for column, codes in not_assessed.items():
        for code in codes:
            source = next((c for c in NOT_ASSESSABLE_IN[column] if code in ratings[c]), None)
            if source is not None:
                ratings[column][code] = ratings[source][code]
    departments = None
    if framework.scoring_method == scoring.DEPARTMENT_MEANS_2023:
        index = catalog_index(framework)
        departments = {
            column: column_departments(assessment, column, index) for column in Column.values
        }
    ministry = authority_on(day=today)
    authority = (ministry.name_vi, ministry.name_en) if ministry else ("", "")
    return ReportInputs(
        assessment_id=assessment.pk,
        definition=_framework_definition(framework, assessment.catalog_version_id),
        definition_version=(
            f"{framework.pk}:{framework.updated_at.isoformat()}:{assessment.catalog_version_id}"
        ),
        ratings=ratings,
        figures=figures_by_column(assessment),
        direct=direct,
        enterprise_name=enterprise.name_vi,
        tax_code=enterprise.tax_code,
        province_name=enterprise.province.name,
        period=assessment.period,
        authority_name_vi=authority[0],
        authority_name_en=authority[1],
        departments=departments,
        ministry_reasons={
            code: {"old": entry.old_level, "new": entry.new_level, "reason": entry.reason}
            for code, entry in ministry_reasons(assessment).items()
        },
    )
