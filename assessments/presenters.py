"""Template context for catalog pages: joins catalog rows with a score result, no arithmetic."""

from __future__ import annotations

from . import scoring
from .forms import field_name
from .models import Framework
from .selectors import level_names


def _criterion_rows(
    sub_index, chosen: dict[str, str], errors: dict[str, str], cells: dict[str, dict]
) -> list[dict]:
    return [
        {
            "criterion": criterion,
            "field": field_name(criterion.code),
            "options": list(criterion.options.all()),
            "chosen": chosen.get(criterion.code, ""),
            "error": errors.get(criterion.code),
            **cells.get(criterion.code, {}),
        }
        for criterion in sub_index.criteria.all()
    ]


def results_context(
    *, pillars: list, names: dict[int, str], result: scoring.ScoreResult, max_level: int
) -> dict:
    """What the results panel shows: pillar rows, overall level, progress, gap and radar data.
    ``pillars`` are the framework's Pillar rows in order; ``names`` its level names."""
    by_code = {p.code: p for p in result.pillars}
    rows = [
        {
            "pillar": pillar,
            "result": by_code[pillar.code],
            "level_name": names.get(by_code[pillar.code].level, ""),
        }
        for pillar in pillars
    ]
    pillar_names = {p.code: p.name for p in pillars}
    gap = result.gap
    return {
        "result": result,
        "pillars": rows,
        "level_name": names.get(result.level, ""),
        "gap": gap,
        "gap_next_level_name": names.get(gap.next_level, "") if gap else "",
        "gap_plan": [
            {"pillar": pillar_names[r.pillar_code], "code": r.pillar_code, "points": r.points}
            for r in (gap.plan if gap else ())
        ],
        "chart": {
            "labels": [f"{p.code}. {p.name}" for p in pillars],
            "levels": [by_code[p.code].level for p in pillars],
            "max_level": max_level,
        },
    }


def calculator_context(
    framework: Framework,
    result: scoring.ScoreResult,
    *,
    chosen: dict[str, str],
    errors: dict[str, str],
    cells: dict[str, dict] | None = None,
) -> dict:
    """Pillars → sub-indices → criteria rows with the answers shown, plus the results panel;
    ``cells`` adds per-criterion extras (an assessment's note, version and save status)."""
    pillars = list(framework.pillars.all())
    context = results_context(
        pillars=pillars, names=level_names(framework), result=result, max_level=framework.max_level
    )
    sub_results = {s.code: s for s in result.sub_indices}
    for row in context["pillars"]:
        row["sub_indices"] = [
            {
                "sub_index": sub,
                "result": sub_results[sub.code],
                "criteria": _criterion_rows(sub, chosen, errors, cells or {}),
            }
            for sub in row["pillar"].sub_indices.all()
        ]
    answered = len(chosen) - len(errors)
    return context | {
        "framework": framework,
        "errors": errors,
        "answered": answered,
        "criteria_count": answered + len(result.missing),
    }
