"""A catalog version as plain data (the JSON shape of ``fixtures/questionnaires/<framework>/
<label>.json``, documented in fixtures/questionnaires/README.md): read it and check it against
its framework. Pure; the same checker runs on a file before it is loaded and on a version read
back from the database (``selectors.version_definition``)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings

from .catalog import Definition
from .figures import Threshold, thresholds_problems
from .scoring import DEPARTMENT_MEANS_2023

QUESTIONNAIRES_DIR = Path(settings.BASE_DIR) / "fixtures" / "questionnaires"
KINDS = ("descriptors", "scale", "figures")


def version_paths(framework_code: str) -> list[Path]:
    """The version files of a framework, lowest number first (their names sort by label)."""
    return sorted((QUESTIONNAIRES_DIR / framework_code).glob("*.json"))


def criterion_codes(framework: Definition) -> list[str]:
    return [
        c["code"]
        for p in framework.get("pillars", [])
        for s in p.get("sub_indices", [])
        for c in s.get("criteria", [])
    ]


def _texts(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _texts(value)
    elif isinstance(data, list):
        for value in data:
            yield from _texts(value)


def _question_problems(
    question: dict,
    max_level: int,
    figure_keys: set[str],
    problems: list[str],
    min_level: int = 0,
) -> None:
    code = question.get("criterion")
    kind = question.get("kind")
    if kind not in KINDS:
        problems.append(f"question {code}: unknown kind {kind!r}")
        return
    options = question.get("options", [])
    if kind == "figures":
        for term in ("numerator", "denominator"):
            if question.get(term) not in figure_keys:
                problems.append(f"question {code}: {term} {question.get(term)!r} is not a figure")
        if options:
            problems.append(f"question {code}: a figures question has no answer options")
        thresholds = [
            Threshold(t["level"], t["min_percent"]) for t in question.get("thresholds", [])
        ]
        problems.extend(f"question {code}: {p}" for p in thresholds_problems(thresholds, max_level))
        return
    if question.get("thresholds") or question.get("numerator") or question.get("denominator"):
        problems.append(f"question {code}: only a figures question has figures and thresholds")
    if not options:
        problems.append(f"question {code}: no answer options")
    levels = [o.get("level") for o in options]
    if any(not isinstance(level, int) or not min_level <= level <= max_level for level in levels):
        problems.append(f"question {code}: answer levels must lie in {min_level}..{max_level}")
    else:
        if levels != sorted(levels):
            problems.append(f"question {code}: answers must be in ascending order of level")
        if (
            levels != list(range(min_level, max_level + 1))
            and not question.get("mapping_note_vi", "").strip()
        ):
            problems.append(
                f"question {code}: answers are not one per level {min_level}..{max_level}, "
                "so a mapping note must say why"
            )
    for option in options:
        if not option.get("label_vi", "").strip():
            problems.append(f"question {code}: an answer has no Vietnamese text")
    if kind == "descriptors" and not question.get("gate_vi", "").strip():
        problems.append(f"question {code}: a descriptors question needs its yes/no question")


def version_problems(version: Definition, framework: Definition) -> list[str]:
    """Every inconsistency of a version with itself and with its framework; [] when sound."""
    try:
        return _version_problems(version, framework)
    except (KeyError, TypeError, AttributeError) as error:
        return [f"malformed version: {type(error).__name__} {error}"]


def _version_problems(version: Definition, framework: Definition) -> list[str]:
    problems = [
        f"the version has no {key}"
        for key in ("framework", "label", "number", "name_vi")
        if version.get(key) in (None, "")
    ]
    if version.get("framework") != framework.get("code"):
        problems.append(
            f"version is for {version.get('framework')!r}, not {framework.get('code')!r}"
        )
    keys = [f["key"] for f in version.get("figures", [])]
    if len(keys) != len(set(keys)):
        problems.append("a figure key appears twice")
    for figure in version.get("figures", []):
        if figure.get("unit") not in ("count", "vnd"):
            problems.append(f"figure {figure['key']}: unit must be count or vnd")
        if not figure.get("label_vi", "").strip():
            problems.append(f"figure {figure['key']}: no Vietnamese text")
    codes = [q.get("criterion") for q in version.get("questions", [])]
    expected = criterion_codes(framework)
    # A framework answered by department asks each criterion as its text and a percent: its
    # versions may ask no question of their own.
    by_department = framework.get("scoring_method") == DEPARTMENT_MEANS_2023
    if codes != expected and not (by_department and not codes):
        missing = sorted(set(expected) - set(codes))
        extra = sorted(set(codes) - set(expected))
        problems.append(
            "questions must be one per criterion in the framework's order"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(str(c) for c in extra)}" if extra else "")
        )
    for question in version.get("questions", []):
        _question_problems(
            question,
            framework.get("max_level", 5),
            set(keys),
            problems,
            min_level=framework.get("min_level", 0),
        )
    survey = version.get("survey") or {}
    statement_codes = [b["code"] for b in survey.get("barriers", [])] + [
        s["code"] for g in survey.get("perception_groups", []) for s in g.get("statements", [])
    ]
    if len(statement_codes) != len(set(statement_codes)):
        problems.append("a survey statement code appears twice")
    asks_survey = bool(statement_codes or survey.get("scale"))
    if asks_survey and sorted(s["value"] for s in survey.get("scale", [])) != [1, 2, 3, 4, 5]:
        problems.append("the survey scale must label the values 1..5 once each")
    if any(unicodedata.normalize("NFC", t) != t for t in _texts(version)):
        problems.append("a text is not in NFC (composed Unicode)")
    return problems
