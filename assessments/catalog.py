"""A framework definition as plain data (the JSON shape of ``fixtures/frameworks/<code>.json``).

Pure functions: check a definition for consistency and turn it into a scoring snapshot. The same
shape is produced from the database by ``selectors.framework_definition`` so that one checker
validates both a fixture before it is loaded and a catalog after it was edited in the admin.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeAlias

from django.conf import settings

from . import scoring

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures" / "frameworks"
# The framework the portal assesses by default (``fixtures/frameworks/dbi-sme-2021.json``).
DEFAULT_FRAMEWORK_CODE = "dbi-sme-2021"

# A definition as read from its JSON (or built from the database): nested plain data.
Definition: TypeAlias = dict[str, Any]


def fixture_path(code: str) -> Path:
    return FIXTURES_DIR / f"{code}.json"


def read_definition(path: Path) -> Definition:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def snapshot_from_definition(definition: Definition) -> scoring.CatalogSnapshot:
    return scoring.CatalogSnapshot(
        code=definition["code"],
        max_level=definition["max_level"],
        method=definition["scoring_method"],
        pillars=tuple(
            scoring.PillarSpec(
                code=p["code"],
                sub_indices=tuple(
                    scoring.SubIndexSpec(
                        code=s["code"],
                        criteria=tuple(
                            scoring.CriterionSpec(c["code"], c["points_per_level"])
                            for c in s["criteria"]
                        ),
                    )
                    for s in p["sub_indices"]
                ),
            )
            for p in definition["pillars"]
        ),
        bands=tuple(scoring.Band(b["level"], b["upper_percent"]) for b in definition["bands"]),
        overall_rules=tuple(
            scoring.OverallRule(r["level"], r["total_above"], r["min_pillars"])
            for r in definition["overall_rules"]
        ),
    )


def _check_scoring_rules(definition: Definition, problems: list[str]) -> None:
    max_level = definition.get("max_level", 0)
    bands = sorted(definition.get("bands", []), key=lambda b: b["upper_percent"])
    if [b["level"] for b in bands] != list(range(max_level + 1)):
        problems.append(
            f"bands must give levels 0..{max_level} in ascending order of upper_percent"
        )
    if bands and bands[-1]["upper_percent"] != 100:
        problems.append("the highest band must end at 100%")
    rules = definition.get("overall_rules", [])
    if sorted(r["level"] for r in rules) != list(range(1, max_level + 1)):
        problems.append(f"overall rules must cover levels 1..{max_level} once each")
    pillar_count = len(definition.get("pillars", []))
    for rule in rules:
        if rule["min_pillars"] > pillar_count:
            problems.append(
                f"overall rule {rule['level']} needs {rule['min_pillars']} pillars "
                f"but the framework has {pillar_count}"
            )
    names = sorted(n["level"] for n in definition.get("level_names", []))
    if names != list(range(max_level + 1)):
        problems.append(f"level names must cover levels 0..{max_level} once each")


def _check_criterion(criterion: dict, sub_code: str, problems: list[str]) -> None:
    code = criterion["code"]
    if not code.startswith(sub_code + "."):
        problems.append(f"criterion {code} does not belong under sub-index {sub_code}")
    if not criterion.get("text_vi", "").strip():
        problems.append(f"criterion {code} has no official Vietnamese text")
    if criterion.get("points_per_level", 0) < 1:
        problems.append(f"criterion {code} must be worth at least 1 point per level")


def definition_problems(definition: Definition) -> list[str]:
    """Every inconsistency in a framework definition; an empty list means it is sound.

    A definition that is not even shaped right (a missing key, a list where an object belongs)
    is reported as one problem naming what is wrong, never as a crash.
    """
    try:
        return _definition_problems(definition)
    except (KeyError, TypeError, AttributeError) as error:
        return [f"malformed definition: {type(error).__name__} {error}"]


def _definition_problems(definition: Definition) -> list[str]:
    """The checks proper (see ``definition_problems``).

    Declared maxima (framework, pillar, sub-index ``max_points``) must equal the sums of their
    criteria, criterion codes must nest under their parents and be unique, every criterion needs
    and the scoring rules must cover every level. How criteria are asked is checked per catalog
    version (``version_problems``).
    """
    problems: list[str] = [
        f"the framework has no {key}"
        for key in ("code", "name_vi", "scoring_method", "max_level", "max_points")
        if definition.get(key) in (None, "")
    ]
    if definition.get("scoring_method") not in (None, "", *scoring.METHODS):
        problems.append(f"unknown scoring method {definition['scoring_method']!r}")
    max_level = definition.get("max_level", 0)
    _check_scoring_rules(definition, problems)
    seen: set[str] = set()
    total = 0
    for pillar in definition.get("pillars", []):
        pillar_points = 0
        for sub in pillar.get("sub_indices", []):
            if not sub["code"].startswith(pillar["code"] + "."):
                problems.append(
                    f"sub-index {sub['code']} does not belong under pillar {pillar['code']}"
                )
            if not sub.get("criteria"):
                problems.append(f"sub-index {sub['code']} has no criteria")
            sub_points = 0
            for criterion in sub.get("criteria", []):
                if criterion["code"] in seen:
                    problems.append(f"criterion code {criterion['code']} appears twice")
                seen.add(criterion["code"])
                _check_criterion(criterion, sub["code"], problems)
                sub_points += criterion.get("points_per_level", 0) * max_level
            if sub.get("max_points") != sub_points:
                problems.append(
                    f"sub-index {sub['code']}: declared maximum {sub.get('max_points')} "
                    f"but its criteria add up to {sub_points}"
                )
            pillar_points += sub_points
        if pillar.get("max_points") != pillar_points:
            problems.append(
                f"pillar {pillar['code']}: declared maximum {pillar.get('max_points')} "
                f"but its criteria add up to {pillar_points}"
            )
        total += pillar_points
    if not definition.get("pillars"):
        problems.append("the framework has no pillars")
    if definition.get("max_points") != total:
        problems.append(
            f"framework {definition.get('code')}: declared maximum {definition.get('max_points')} "
            f"but its criteria add up to {total}"
        )
    return problems


def definition_summary(definition: Definition) -> dict[str, Any]:
    """Counts and maxima, for the check command's report."""
    snapshot = snapshot_from_definition(definition)
    return {
        "pillars": len(snapshot.pillars),
        "sub_indices": sum(len(p.sub_indices) for p in snapshot.pillars),
        "criteria": len(snapshot.criteria_by_code),
        "pillar_max": [snapshot.pillar_max(p) for p in snapshot.pillars],
        "total_max": snapshot.total_max,
    }
