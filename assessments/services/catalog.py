"""Writes for the catalog."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from .. import scoring
from ..catalog import Definition, definition_problems, threshold_minimum
from ..models import (
    Criterion,
    Framework,
    LevelName,
    OverallRule,
    Pillar,
    PillarBand,
    ScoreThreshold,
    SubIndex,
)


class CatalogError(Exception):
    """A framework definition is inconsistent; ``problems`` lists every issue found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class LoadOutcome:
    framework: Framework
    created: bool
    updated: bool


def _bilingual(data: Definition, field: str) -> dict[str, str]:
    return {
        f"{field}_vi": data.get(f"{field}_vi") or "",
        f"{field}_en": data.get(f"{field}_en") or "",
    }


def _write_criterion(
    framework: Framework, sub_index: SubIndex, position: int, data: Definition
) -> None:
    Criterion.objects.update_or_create(
        framework=framework,
        code=data["code"],
        defaults={
            "sub_index": sub_index,
            "position": position,
            "points_per_level": data.get("points_per_level", 1),
            **_bilingual(data, "group"),
            **_bilingual(data, "text"),
        },
    )


def _write_tree(framework: Framework, definition: Definition) -> None:
    # Positions are unique per parent: move existing rows out of the way before renumbering.
    Criterion.objects.filter(framework=framework).update(position=F("position") + 1000)
    Pillar.objects.filter(framework=framework).update(position=F("position") + 1000)
    SubIndex.objects.filter(pillar__framework=framework).update(position=F("position") + 1000)
    position = 0
    for pillar_position, pillar_data in enumerate(definition["pillars"], start=1):
        pillar, _ = Pillar.objects.update_or_create(
            framework=framework,
            code=pillar_data["code"],
            defaults={
                "position": pillar_position,
                "max_points": pillar_data.get("max_points", 0),
                "weight_percent": pillar_data.get("weight_percent", 0),
                "expected_criteria": pillar_data.get("expected_criteria"),
                **_bilingual(pillar_data, "name"),
            },
        )
        for sub_position, sub_data in enumerate(pillar_data["sub_indices"], start=1):
            sub_index, _ = SubIndex.objects.update_or_create(
                pillar=pillar,
                code=sub_data["code"],
                defaults={
                    "position": sub_position,
                    "max_points": sub_data.get("max_points", 0),
                    **_bilingual(sub_data, "name"),
                },
            )
            for criterion_data in sub_data.get("criteria", []):
                position += 1
                _write_criterion(framework, sub_index, position, criterion_data)


def _write_rules(framework: Framework, definition: Definition) -> None:
    scale = scoring.SCALE_OF_UNIT[scoring.UNIT_OF_METHOD[definition["scoring_method"]]]
    for threshold in definition.get("thresholds", []):
        ScoreThreshold.objects.update_or_create(
            framework=framework,
            level=threshold["level"],
            # Checked by definition_problems: every ``from`` is a number the unit holds.
            defaults={"minimum": threshold_minimum(threshold["from"], scale) or 0},
        )
    for band in definition.get("bands", []):
        PillarBand.objects.update_or_create(
            framework=framework,
            level=band["level"],
            defaults={"upper_percent": band["upper_percent"]},
        )
    for rule in definition.get("overall_rules", []):
        OverallRule.objects.update_or_create(
            framework=framework,
            level=rule["level"],
            defaults={"total_above": rule["total_above"], "min_pillars": rule["min_pillars"]},
        )
    for name in definition["level_names"]:
        LevelName.objects.update_or_create(
            framework=framework,
            level=name["level"],
            defaults={**_bilingual(name, "name"), **_bilingual(name, "description")},
        )


@transaction.atomic
def framework_load(*, definition: Definition, update: bool = False) -> LoadOutcome:
    """Load a framework definition (the fixture JSON shape) into the catalog, idempotently.

    A framework that is not there yet is created whole. One that is already there is left as it
    is — administrators may have edited its texts — unless ``update`` is true, in which
    case every row of the definition is written over its counterpart (rows the definition does not
    name are kept, since assessments may refer to them). Nothing is written when the definition is
    inconsistent: CatalogError lists every problem.
    """
    problems = definition_problems(definition)
    if problems:
        raise CatalogError(problems)
    framework = Framework.objects.filter(code=definition["code"]).first()
    created = framework is None
    if framework is not None and not update:
        return LoadOutcome(framework=framework, created=False, updated=False)
    framework, _ = Framework.objects.update_or_create(
        code=definition["code"],
        defaults={
            "scoring_method": definition["scoring_method"],
            "max_level": definition["max_level"],
            "min_level": definition.get("min_level", 0),
            "max_points": definition.get("max_points", 0),
            "version": definition.get("version", 1),
            "audience": definition.get("audience", "sme"),
            **_bilingual(definition, "name"),
            **_bilingual(definition, "decision"),
            **_bilingual(definition, "threshold_note"),
        },
    )
    _write_rules(framework, definition)
    _write_tree(framework, definition)
    return LoadOutcome(framework=framework, created=created, updated=not created)
