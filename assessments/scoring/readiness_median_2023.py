"""The SME readiness index of Decision 2158/QĐ-BTTTT (2023), Appendix 1 (method
``readiness-median-2023``; seed 004, DOMAIN.md §6–7). Pure, integer arithmetic.

* Each question is answered on a level ``min_level..max_level`` (1..5).
* A pillar's score is the median of the levels of its **answered** questions. The decision does
  not say what the median of an even number of answers is: we take the usual one, the mean of the
  two middle values (so 3 and 4 give 3.5). A pillar with no answer yet scores 0.
* R = Σ weightᵢ × scoreᵢ / 100 over the pillars, the weights being whole percents that add up
  to 100 (22/7/33/4/4/19/11, matched to the pillars by name).
* R maps to a level by the framework's thresholds (level k from its ``minimum``); the decision
  states none, the catalog records the portal's choice. An incomplete assessment (a pillar with no
  answer) can fall below the first threshold: level 0, "not enough answers".

Scores are thousandths of a level: a median is a multiple of 500, so each weight × median / 100
is a whole number and R is exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .common import (
    READINESS_MEDIAN_2023,
    CatalogSnapshot,
    PillarResult,
    ScoreResult,
    SubIndexResult,
    threshold_level,
)

MILLI = 1000


def median_milli(levels: Sequence[int]) -> int | None:
    """The median of ``levels`` in thousandths; None for no levels."""
    if not levels:
        return None
    ordered = sorted(levels)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle] * MILLI
    return (ordered[middle - 1] + ordered[middle]) * MILLI // 2


def score(snapshot: CatalogSnapshot, levels: Mapping[str, int]) -> ScoreResult:
    """Score validated ``levels`` ({question code: min_level..max_level}); absent ones are
    unanswered and left out of their pillar's median."""
    maximum = snapshot.max_level * MILLI
    pillars: list[PillarResult] = []
    aims: list[SubIndexResult] = []
    weighted = 0
    for pillar in snapshot.pillars:
        for aim in pillar.sub_indices:
            aim_median = median_milli([levels[c.code] for c in aim.criteria if c.code in levels])
            aims.append(SubIndexResult(aim.code, aim_median or 0, maximum))
        median = median_milli([levels[c.code] for c in pillar.criteria if c.code in levels])
        pillar_score = median or 0
        level = 0 if median is None else threshold_level(snapshot.thresholds, pillar_score)
        pillars.append(PillarResult(pillar.code, pillar_score, maximum, level))
        weighted += pillar.weight_percent * pillar_score
    readiness = weighted // 100  # exact: see the module's docstring
    return ScoreResult(
        framework=snapshot.code,
        total=readiness,
        max=maximum,
        level=threshold_level(snapshot.thresholds, readiness),
        pillars=tuple(pillars),
        sub_indices=tuple(aims),
        gap=None,
        missing=tuple(c for c in snapshot.criterion_codes if c not in levels),
        method=READINESS_MEDIAN_2023,
    )


def decimal_text(value: int) -> float:
    """A score in thousandths as the number the API shows (3450 → 3.45)."""
    return value / MILLI


def result_as_dict(result: ScoreResult) -> dict[str, object]:
    """The public JSON shape of the CLI and the API: each pillar's ``code`` and ``score`` (its
    median), the overall ``score`` R and its ``level``."""
    return {
        "framework": result.framework,
        "method": result.method,
        "score": decimal_text(result.total),
        "level": result.level,
        "pillars": [
            {"code": p.code, "score": decimal_text(p.points), "level": p.level}
            for p in result.pillars
        ],
        "aims": [{"code": s.code, "score": decimal_text(s.points)} for s in result.sub_indices],
        "missing": list(result.missing),
    }
