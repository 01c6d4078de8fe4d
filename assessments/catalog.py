"""A framework definition as plain data (the JSON shape of ``fixtures/frameworks/<code>.json``).

Pure functions: check a definition for consistency and turn it into a scoring snapshot. The same
shape is produced from the database by ``selectors.framework_definition`` so that one checker
validates both a fixture before it is loaded and a catalog after it was edited in the admin.
"""

from __future__ import annotations

import itertools
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeAlias

from django.conf import settings

from . import scoring

AUDIENCES = ("sme", "large")
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


def threshold_minimum(value: object, scale: int) -> int | None:
    """A threshold's ``from`` as written in a file (R = 1.8, 25 %) in the method's integer unit;
    None when it is not a number that unit holds exactly."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    exact = Decimal(str(value)) * scale
    return int(exact) if exact == exact.to_integral_value() and exact >= 0 else None


def threshold_from(minimum: int, scale: int) -> int | float:
    """The inverse of ``threshold_minimum``, for writing a definition back out."""
    return minimum // scale if minimum % scale == 0 else minimum / scale


def snapshot_from_definition(definition: Definition) -> scoring.CatalogSnapshot:
    method = definition["scoring_method"]
    scale = scoring.SCALE_OF_UNIT[scoring.UNIT_OF_METHOD[method]]
    return scoring.CatalogSnapshot(
        code=definition["code"],
        max_level=definition["max_level"],
        min_level=definition.get("min_level", 0),
        method=method,
        pillars=tuple(
            scoring.PillarSpec(
                code=p["code"],
                weight_percent=p.get("weight_percent", 0),
                sub_indices=tuple(
                    scoring.SubIndexSpec(
                        code=s["code"],
                        criteria=tuple(
                            scoring.CriterionSpec(c["code"], c.get("points_per_level", 1))
                            for c in s.get("criteria", [])
                        ),
                    )
                    for s in p.get("sub_indices", [])
                ),
            )
            for p in definition["pillars"]
        ),
        bands=tuple(
            scoring.Band(b["level"], b["upper_percent"]) for b in definition.get("bands", [])
        ),
        overall_rules=tuple(
            scoring.OverallRule(r["level"], r["total_above"], r["min_pillars"])
            for r in definition.get("overall_rules", [])
        ),
        thresholds=tuple(
            scoring.Threshold(t["level"], threshold_minimum(t["from"], scale) or 0)
            for t in definition.get("thresholds", [])
        ),
    )


def _check_scoring_rules(definition: Definition, problems: list[str]) -> None:
    """The 2021 method's rules: pillar bands and the overall rules."""
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


def _check_level_names(definition: Definition, problems: list[str]) -> None:
    max_level = definition.get("max_level", 0)
    names = sorted(n["level"] for n in definition.get("level_names", []))
    if names != list(range(max_level + 1)):
        problems.append(f"level names must cover levels 0..{max_level} once each")


def _check_thresholds(definition: Definition, problems: list[str]) -> None:
    """The 2023 methods' level thresholds: levels from_level..max_level once each, each ``from``
    a number the method's unit holds, rising with the level, within the score's range."""
    method = definition["scoring_method"]
    scale = scoring.SCALE_OF_UNIT[scoring.UNIT_OF_METHOD[method]]
    max_level = definition.get("max_level", 0)
    low, high = (
        (definition.get("min_level", 0) * scale, max_level * scale)
        if method == scoring.READINESS_MEDIAN_2023
        else (0, 100 * scale)
    )
    thresholds = sorted(definition.get("thresholds", []), key=lambda t: t["level"])
    if [t["level"] for t in thresholds] != list(range(1, max_level + 1)):
        problems.append(f"thresholds must cover levels 1..{max_level} once each")
    minimums = [threshold_minimum(t["from"], scale) for t in thresholds]
    for threshold, minimum in zip(thresholds, minimums, strict=True):
        if minimum is None:
            problems.append(
                f"threshold of level {threshold['level']}: {threshold['from']!r} is not a number "
                f"with at most {len(str(scale)) - 1} decimals"
            )
        elif not low <= minimum <= high:
            problems.append(
                f"threshold of level {threshold['level']}: {threshold['from']} lies outside "
                f"{low / scale:g}..{high / scale:g}"
            )
    known = [m for m in minimums if m is not None]
    if any(later <= earlier for earlier, later in itertools.pairwise(known)):
        problems.append("thresholds must rise with the level")


def _check_weights(definition: Definition, problems: list[str]) -> None:
    weights = [p.get("weight_percent", 0) for p in definition.get("pillars", [])]
    for pillar, weight in zip(definition.get("pillars", []), weights, strict=True):
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= 100:
            problems.append(
                f"pillar {pillar['code']}: weight_percent must be a whole number 1..100"
            )
    if all(isinstance(w, int) for w in weights) and sum(weights) != 100:
        problems.append(f"the pillar weights add up to {sum(weights)} %, not 100 %")


def _check_criterion(
    criterion: dict, sub_code: str, problems: list[str], *, points: bool = True
) -> None:
    code = criterion["code"]
    if not code.startswith(sub_code + "."):
        problems.append(f"criterion {code} does not belong under sub-index {sub_code}")
    if not criterion.get("text_vi", "").strip():
        problems.append(f"criterion {code} has no official Vietnamese text")
    if points and criterion.get("points_per_level", 0) < 1:
        problems.append(f"criterion {code} must be worth at least 1 point per level")


def definition_problems(definition: Definition) -> list[str]:
    """Every inconsistency in a framework definition; an empty list means it is sound.

    A definition that is not even shaped right (a missing key, a list where an object belongs)
    is reported as one problem naming what is wrong, never as a crash.
    """
    try:
        return _definition_problems(definition)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        return [f"malformed definition: {type(error).__name__} {error}"]


def _common_problems(definition: Definition) -> list[str]:
    problems: list[str] = [
        f"the framework has no {key}"
        for key in ("code", "name_vi", "scoring_method", "max_level")
        if definition.get(key) in (None, "")
    ]
    if definition.get("scoring_method") not in (None, "", *scoring.METHODS):
        problems.append(f"unknown scoring method {definition['scoring_method']!r}")
    if definition.get("audience", "sme") not in AUDIENCES:
        problems.append(f"audience must be one of {', '.join(AUDIENCES)}")
    version = definition.get("version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        problems.append("version must be a whole number from 1")
    min_level, max_level = definition.get("min_level", 0), definition.get("max_level", 0)
    if not isinstance(min_level, int) or not 0 <= min_level <= max_level:
        problems.append(f"min_level must be a whole number 0..{max_level}")
    if not definition.get("pillars"):
        problems.append("the framework has no pillars")
    _check_level_names(definition, problems)
    return problems


def _definition_problems(definition: Definition) -> list[str]:
    """The checks proper (see ``definition_problems``): those every method shares, then the
    method's own (``_sme_2021_problems``, ``_readiness_problems``, ``_department_problems``)."""
    problems = _common_problems(definition)
    method = definition.get("scoring_method")
    if method in (scoring.READINESS_MEDIAN_2023, scoring.DEPARTMENT_MEANS_2023):
        _check_thresholds(definition, problems)
        if method == scoring.READINESS_MEDIAN_2023:
            _check_weights(definition, problems)
        problems += _tree_problems(definition, criteria_required=method in scoring.LEVEL_METHODS)
    else:  # the 2021 method, and the 2021 checks for a definition naming no known method
        problems += _sme_2021_problems(definition)
    return problems


def _tree_problems(definition: Definition, *, criteria_required: bool) -> list[str]:
    """Codes nest under their parents and are unique, every criterion has its text; a framework
    answered by level needs criteria under every sub-index (one answered by department may ship
    its structure alone until its criteria are imported: ``assessable_problems``)."""
    problems: list[str] = []
    seen: set[str] = set()
    for pillar in definition.get("pillars", []):
        expected = pillar.get("expected_criteria")
        if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int)):
            problems.append(f"pillar {pillar['code']}: expected_criteria must be a whole number")
        for sub in pillar.get("sub_indices", []):
            if not sub["code"].startswith(pillar["code"] + "."):
                problems.append(
                    f"sub-index {sub['code']} does not belong under pillar {pillar['code']}"
                )
            if criteria_required and not sub.get("criteria"):
                problems.append(f"sub-index {sub['code']} has no criteria")
            for criterion in sub.get("criteria", []):
                if criterion["code"] in seen:
                    problems.append(f"criterion code {criterion['code']} appears twice")
                seen.add(criterion["code"])
                _check_criterion(criterion, sub["code"], problems, points=False)
        if not pillar.get("sub_indices"):
            problems.append(f"pillar {pillar['code']} has no sub-indices")
    return problems


def _sme_2021_problems(definition: Definition) -> list[str]:
    """The 2021 method's checks: declared maxima (framework, pillar, sub-index ``max_points``)
    must equal the sums of their criteria, criterion codes must nest under their parents and be
    unique, every criterion needs its text and points, and the scoring rules must cover every
    level. How criteria are asked is checked per catalog version (``version_problems``)."""
    problems: list[str] = []
    if definition.get("max_points") in (None, ""):
        problems.append("the framework has no max_points")
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
    if definition.get("max_points") != total:
        problems.append(
            f"framework {definition.get('code')}: declared maximum {definition.get('max_points')} "
            f"but its criteria add up to {total}"
        )
    return problems


def assessable_problems(definition: Definition) -> list[str]:
    """Why a sound framework cannot be assessed yet (empty: it can): a framework that ships its
    structure alone (the large-enterprise index, whose 140 criterion texts are not published)
    waits for its criteria to be imported — every group needs criteria, and every pillar the
    number of criteria its decision gives it."""
    problems: list[str] = []
    for pillar in definition.get("pillars", []):
        count = sum(len(s.get("criteria", [])) for s in pillar.get("sub_indices", []))
        expected = pillar.get("expected_criteria")
        if expected is not None and count != expected:
            problems.append(
                f"pillar {pillar['code']} has {count} criteria; its decision gives it {expected}"
            )
        for sub in pillar.get("sub_indices", []):
            if not sub.get("criteria"):
                problems.append(f"sub-index {sub['code']} has no criteria yet")
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
