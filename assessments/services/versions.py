"""Writes for catalog versions: load one from its file, fork an answered one before it is
edited, and choose the one new assessments are answered on."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from enterprises.models import User

from ..catalog import Definition
from ..models import (
    CatalogVersion,
    Criterion,
    FigureField,
    FigureThreshold,
    Framework,
    Question,
    QuestionOption,
    SupportNeed,
    SurveyScaleLabel,
    SurveyStatement,
)
from ..selectors import version_definition
from ..versions import version_problems
from .catalog import CatalogError


@dataclass(frozen=True)
class VersionOutcome:
    version: CatalogVersion
    created: bool
    updated: bool


def _nfc(value: Any) -> str:
    return unicodedata.normalize("NFC", value or "")


def _bilingual(data: Mapping[str, Any], field: str) -> dict[str, str]:
    return {
        f"{field}_vi": _nfc(data.get(f"{field}_vi")),
        f"{field}_en": _nfc(data.get(f"{field}_en")),
    }


def _write_survey(version: CatalogVersion, survey: Mapping[str, Any]) -> None:
    SurveyScaleLabel.objects.bulk_create(
        SurveyScaleLabel(version=version, value=s["value"], **_bilingual(s, "label"))
        for s in survey.get("scale", [])
    )
    statements = [
        SurveyStatement(version=version, part="barrier", code=b["code"], **_bilingual(b, "text"))
        for b in survey.get("barriers", [])
    ]
    for group in survey.get("perception_groups", []):
        statements += [
            SurveyStatement(
                version=version,
                part="perception",
                code=s["code"],
                group_code=group["code"],
                group_vi=_nfc(group.get("name_vi")),
                group_en=_nfc(group.get("name_en")),
                group_description_vi=_nfc(group.get("description_vi")),
                group_description_en=_nfc(group.get("description_en")),
                **_bilingual(s, "text"),
            )
            for s in group.get("statements", [])
        ]
    for position, statement in enumerate(statements, start=1):
        statement.position = position
    SurveyStatement.objects.bulk_create(statements)
    SupportNeed.objects.bulk_create(
        SupportNeed(
            version=version,
            code=n["code"],
            position=position,
            asks_text=bool(n.get("asks_text")),
            **_bilingual(n, "label"),
        )
        for position, n in enumerate(survey.get("support_needs", []), start=1)
    )


def _write_questions(version: CatalogVersion, definition: Definition) -> None:
    figures = {
        f["key"]: FigureField.objects.create(
            version=version,
            key=f["key"],
            position=position,
            unit=f["unit"],
            shared=bool(f.get("shared")),
            **_bilingual(f, "label"),
            **_bilingual(f, "period"),
        )
        for position, f in enumerate(definition.get("figures", []), start=1)
    }
    criteria = {c.code: c for c in Criterion.objects.filter(framework=version.framework)}
    for data in definition["questions"]:
        question = Question.objects.create(
            version=version,
            criterion=criteria[data["criterion"]],
            kind=data["kind"],
            numerator=figures.get(data.get("numerator") or ""),
            denominator=figures.get(data.get("denominator") or ""),
            published_text_vi=_nfc(data.get("published_text_vi")),
            **_bilingual(data, "gate"),
            **_bilingual(data, "prompt"),
            **_bilingual(data, "help"),
            **_bilingual(data, "mapping_note"),
            **_bilingual(data, "threshold_note"),
            **_bilingual(data, "correction_note"),
        )
        QuestionOption.objects.bulk_create(
            QuestionOption(
                question=question, position=position, level=o["level"], **_bilingual(o, "label")
            )
            for position, o in enumerate(data.get("options", []))
        )
        FigureThreshold.objects.bulk_create(
            FigureThreshold(question=question, level=t["level"], min_percent=t["min_percent"])
            for t in data.get("thresholds", [])
        )
    _write_survey(version, definition.get("survey") or {})


def version_make_current(*, version: CatalogVersion) -> CatalogVersion:
    """New assessments of the framework are answered on ``version`` from now on; assessments
    already started keep theirs."""
    with transaction.atomic():
        CatalogVersion.objects.filter(framework=version.framework, is_current=True).exclude(
            pk=version.pk
        ).update(is_current=False)
        CatalogVersion.objects.filter(pk=version.pk).update(is_current=True)
    version.is_current = True
    return version


@transaction.atomic
def version_load(
    *, definition: Definition, framework_definition: Definition, update: bool = False
) -> VersionOutcome:
    """Load a version file of an already loaded framework, idempotently.

    A version not there yet is created (and made current when the file says so). One already
    there is kept as it is, unless ``update`` is true and no assessment has been answered on it:
    an answered version never changes. CatalogError lists every problem of an unsound file."""
    problems = version_problems(definition, framework_definition)
    if problems:
        raise CatalogError(problems)
    framework = Framework.objects.get(code=definition["framework"])
    existing = CatalogVersion.objects.filter(framework=framework, label=definition["label"]).first()
    if existing is not None and (not update or existing.assessments.exists()):
        return VersionOutcome(existing, created=False, updated=False)
    taken = (
        CatalogVersion.objects.filter(framework=framework, number=definition["number"])
        .exclude(label=definition["label"])
        .first()
    )
    if taken is not None:  # e.g. a fork made in the admin took the number first
        raise CatalogError(
            [f"number {definition['number']} is already version {taken.label!r} of the framework"]
        )
    if existing is not None:
        Question.objects.filter(version=existing).delete()
        for related in (FigureField, SurveyStatement, SurveyScaleLabel, SupportNeed):
            related.objects.filter(version=existing).delete()
        version = existing
    else:
        version = CatalogVersion(framework=framework, label=definition["label"])
    version.number = definition["number"]
    version.is_reference = bool(definition.get("reference", False))
    for field in ("name", "note"):
        for key, value in _bilingual(definition, field).items():
            setattr(version, key, value)
    version.save()
    _write_questions(version, definition)
    if (definition.get("current") and existing is None) or not CatalogVersion.objects.filter(
        framework=framework, is_current=True
    ).exists():
        version_make_current(version=version)
    return VersionOutcome(version, created=existing is None, updated=existing is not None)


@transaction.atomic
def version_fork(*, version: CatalogVersion, user: User | None) -> CatalogVersion:
    """A new, editable copy of ``version`` (not current until made so): how an answered version
    is "edited" — its assessments keep the questions and thresholds they were answered on."""
    definition = version_definition(version=version)
    number = (
        CatalogVersion.objects.filter(framework=version.framework).aggregate(n=Max("number"))["n"]
        or 0
    ) + 1
    fork = CatalogVersion.objects.create(
        framework=version.framework,
        number=number,
        label=f"{version.label.split('--')[0]}--{number}"[:50],
        name_vi=version.name_vi,
        name_en=version.name_en,
        note_vi=version.note_vi,
        note_en=version.note_en,
        is_reference=version.is_reference,
        based_on=version,
        created_by=user,
    )
    _write_questions(fork, definition)
    return fork
