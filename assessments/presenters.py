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


def calculator_context(
    framework: Framework,
    result: scoring.ScoreResult,
    *,
    chosen: dict[str, str],
    errors: dict[str, str],
    cells: dict[str, dict] | None = None,
) -> dict:
    """Pillars → sub-indices → criteria rows with the answers shown; ``cells`` adds per-criterion
    extras (an assessment's note, version and save status)."""
    names = level_names(framework)
    pillar_results = {p.code: p for p in result.pillars}
    sub_results = {s.code: s for s in result.sub_indices}
    pillars = []
    for pillar in framework.pillars.all():
        pillar_result = pillar_results[pillar.code]
        pillars.append(
            {
                "pillar": pillar,
                "result": pillar_result,
                "level_name": names.get(pillar_result.level, ""),
                "sub_indices": [
                    {
                        "sub_index": sub,
                        "result": sub_results[sub.code],
                        "criteria": _criterion_rows(sub, chosen, errors, cells or {}),
                    }
                    for sub in pillar.sub_indices.all()
                ],
            }
        )
    pillar_names = {row["pillar"].code: row["pillar"].name for row in pillars}
    gap = result.gap
    return {
        "framework": framework,
        "result": result,
        "pillars": pillars,
        "level_name": names.get(result.level, ""),
        "answered": len(chosen) - len(errors),
        "criteria_count": len(chosen) - len(errors) + len(result.missing),
        "errors": errors,
        "gap": gap,
        "gap_next_level_name": names.get(gap.next_level, "") if gap else "",
        "gap_plan": [
            {"pillar": pillar_names[r.pillar_code], "code": r.pillar_code, "points": r.points}
            for r in (gap.plan if gap else ())
        ],
        "chart": {
            "labels": [f"{row['pillar'].code}. {row['pillar'].name}" for row in pillars],
            "levels": [row["result"].level for row in pillars],
            "max_level": framework.max_level,
        },
    }
