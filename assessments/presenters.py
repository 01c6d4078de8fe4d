"""Template context for catalog pages: joins catalog rows with a score result, no arithmetic."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from . import scoring
from .figure_texts import computation_text, whole_text
from .forms import field_name
from .models import Column, Framework, Question, QuestionKind
from .score_texts import total_text
from .selectors import ColumnAnswer, Questionnaire, level_names, question_level
from .vocabulary import COLUMN_ORDER


def figure_cell(
    question: Question,
    asked: Questionnaire,
    figures: Mapping[str, int],
    typed: Mapping[str, str] | None = None,
) -> dict:
    """A figures question's inputs as shown: the values (what the user typed, when a save was
    refused, else what is stored) and the computation they give."""
    assert question.numerator is not None
    assert question.denominator is not None
    typed = typed or {}

    def shown(key: str) -> str:
        if key in typed:
            return typed[key]
        return whole_text(figures[key]) if key in figures else ""

    computation = question_level(question, figures, asked)
    return {
        "numerator_value": shown(question.numerator.key),
        "denominator_value": shown(question.denominator.key),
        "denominator_text": (
            whole_text(figures[question.denominator.key])
            if question.denominator.key in figures
            else ""
        ),
        "computation": computation,
        "computation_text": computation_text(computation),
        "thresholds": list(question.thresholds.all()),
    }


def figures_beside(
    question: Question,
    asked: Questionnaire,
    by_column: Mapping[str, Mapping[str, int]],
    columns: tuple[str, ...],
) -> dict[str, str]:
    """{earlier column: its computation text} for a figures question, for the reviewer."""
    texts = {}
    for column in columns:
        text = computation_text(question_level(question, by_column.get(column, {}), asked))
        if text:
            texts[column] = text
    return texts


def question_row(
    criterion, asked: Questionnaire, chosen: str, error: str | None, cell: dict
) -> dict:
    question = asked.questions[criterion.code]
    return {
        "criterion": criterion,
        "question": question,
        "field": field_name(criterion.code),
        "options": list(question.options.all()),
        "chosen": chosen,
        "error": error,
        **cell,
    }


def _criterion_rows(
    sub_index,
    asked: Questionnaire,
    chosen: dict[str, str],
    errors: dict[str, str],
    cells: dict[str, dict],
) -> list[dict]:
    return [
        question_row(
            criterion,
            asked,
            chosen.get(criterion.code, ""),
            errors.get(criterion.code),
            cells.get(criterion.code, {}),
        )
        for criterion in sub_index.criteria.all()
    ]


def figure_cells(
    asked: Questionnaire,
    by_column: Mapping[str, Mapping[str, int]],
    column: str,
    typed: Mapping[str, str] | None = None,
) -> dict[str, dict]:
    """{criterion code: figure cell} of every figures question, for ``column``, with the
    earlier columns' computations beside it."""
    earlier = COLUMN_ORDER[: COLUMN_ORDER.index(column)]
    return {
        q.criterion.code: figure_cell(q, asked, by_column.get(column, {}), typed)
        | {"figures_beside": figures_beside(q, asked, by_column, earlier)}
        for q in asked.questions.values()
        if q.kind == QuestionKind.FIGURES
    }


def answer_cell(answer: ColumnAnswer | None, *, figures: bool) -> dict[str, Any]:
    """How the comparison shows one column's answer of a criterion: the level; for a question
    asked as figures the computation beside it ("12 / 40 = 30 % → mức 2"), or "đặt trực tiếp"
    with the reviewer's note when they set the level themselves; and all of it as one line of
    text (the Excel cell)."""
    if answer is None:
        return {"level": None, "computation_text": "", "direct": False, "note": "", "text": ""}
    if answer.not_assessed:
        return {
            "level": None,
            "computation_text": "",
            "direct": False,
            "note": "",
            "not_assessed": True,
            "not_assessed_reason": answer.not_assessed_reason,
            "text": _("không đánh giá: %(reason)s") % {"reason": answer.not_assessed_reason},
        }
    computation = computation_text(answer.computation)
    if not figures:
        return {"level": answer.level, "computation_text": "", "direct": False, "note": "",
                "text": ""}  # fmt: skip
    if answer.direct:
        text = _("đặt trực tiếp: %(note)s") % {"note": answer.note}
        if computation:
            text += " " + _("(số liệu cho %(computation)s)") % {"computation": computation}
    else:
        text = computation or _("chưa đủ số liệu")
    return {
        "level": answer.level,
        "computation_text": computation,
        "direct": answer.direct,
        "note": answer.note if answer.direct else "",
        "missing_figures": not computation,
        "text": text,
    }


def comparison_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The comparison's criterion rows (``selectors.assessment_comparison``) with each column's
    answer as shown (``answer_cell``)."""
    return [
        row | {"cells": [answer_cell(a, figures=row["figures"]) for a in row["answers"]]}
        for row in rows
    ]


def shared_figure_rows(
    asked: Questionnaire,
    by_column: Mapping[str, Mapping[str, int]],
    column: str,
    typed: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[dict]:
    """The figures asked once (total staff, revenue…), as ``column``'s inputs show them: what
    was typed (after a refusal, or on the calculator), else what is stored, with the earlier
    columns' values beside them and the error of each, if any."""
    own = by_column.get(column, {})
    earlier = COLUMN_ORDER[: COLUMN_ORDER.index(column)]
    return [
        {
            "field": f,
            "value": (typed or {}).get(f.key, whole_text(own[f.key]) if f.key in own else ""),
            "beside": [
                {"label": Column(c).label, "value": by_column[c][f.key]}
                for c in earlier
                if f.key in by_column.get(c, {})
            ],
            "error": (errors or {}).get(f.key, ""),
        }
        for f in asked.shared_figures
    ]


def framework_thresholds(framework: Framework) -> tuple[scoring.Threshold, ...]:
    """The level thresholds of a framework scored by them (none for the 2021 method, whose
    framework_with_tree does not prefetch them)."""
    if framework.scoring_method == scoring.SME_BANDS_2021:
        return ()
    return tuple(scoring.Threshold(t.level, t.minimum) for t in framework.thresholds.all())


def results_context(
    *,
    pillars: list,
    names: dict[int, str],
    result: scoring.ScoreResult,
    max_level: int,
    thresholds: tuple[scoring.Threshold, ...] = (),
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
    upcoming = next((t for t in thresholds if t.level > result.level), None)
    return {
        "weighted": result.method == scoring.READINESS_MEDIAN_2023,
        "next_threshold": upcoming
        and {
            "level": upcoming.level,
            "name": names.get(upcoming.level, ""),
            "text": total_text(result.method, upcoming.minimum),
        },
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
    asked: Questionnaire,
    chosen: dict[str, str],
    errors: dict[str, str],
    cells: dict[str, dict] | None = None,
) -> dict:
    """Pillars → sub-indices → criteria rows with the answers shown, plus the results panel;
    ``cells`` adds per-criterion extras (an assessment's note, version and save status)."""
    pillars = list(framework.pillars.all())
    context = results_context(
        pillars=pillars,
        names=level_names(framework),
        result=result,
        max_level=framework.max_level,
        thresholds=framework_thresholds(framework),
    ) | {"threshold_note": framework.threshold_note}
    sub_results = {s.code: s for s in result.sub_indices}
    for row in context["pillars"]:
        row["sub_indices"] = [
            {
                "sub_index": sub,
                "result": sub_results[sub.code],
                "criteria": _criterion_rows(sub, asked, chosen, errors, cells or {}),
            }
            for sub in row["pillar"].sub_indices.all()
        ]
    criteria_count = len(asked.questions)
    return context | {
        "framework": framework,
        "asked": asked,
        "version": asked.version,
        "direct_levels": range(framework.max_level + 1),
        "errors": errors,
        # Answered: every criterion with a level, picked or computed from figures.
        "answered": criteria_count - len(result.missing),
        "criteria_count": criteria_count,
    }
