"""Answering the national form's version (official-2021) the way its questions ask: an answer
for each question with answers, figures for each question asked as figures (the shared
denominators once). Used by tests that need a complete or partly answered assessment on it."""

from __future__ import annotations

from assessments.models import Assessment, Column, QuestionKind
from assessments.selectors import questionnaire_of
from assessments.services import figures_save, rating_save

DENOMINATOR = 1000  # every share is numerator / 1000: 0.1 % steps, so each threshold is reachable


def answer_for(question, level: int) -> int:
    """The position of the first answer giving ``level`` (or the highest level below it)."""
    options = sorted(question.options.all(), key=lambda o: (o.level, o.position))
    fitting = [o for o in options if o.level <= level] or options[:1]
    best = max(o.level for o in fitting)
    return next(o.position for o in fitting if o.level == best)


def numerator_for(question, level: int) -> int:
    """A numerator that gives exactly ``level`` over DENOMINATOR with the question's thresholds."""
    if level == 0:
        return 0
    minimum = next(t.min_percent for t in question.thresholds.all() if t.level == level)
    return max(1, minimum * DENOMINATOR // 100)


def figures_for(assessment: Assessment, level: int) -> dict[str, int]:
    """Figures giving ``level`` on every question asked as figures."""
    asked = questionnaire_of(assessment)
    values = {f.key: DENOMINATOR for f in asked.shared_figures}
    for question in asked.figure_questions():
        values[question.numerator.key] = numerator_for(question, level)
        if not question.denominator.shared:
            values[question.denominator.key] = DENOMINATOR
    return values


def answer_all(assessment: Assessment, user, *, level: int = 2, column: str = Column.SELF):
    """Answer every question of ``column`` at (about) ``level``, through the services."""
    asked = questionnaire_of(assessment)
    figures_save(
        assessment_id=assessment.pk,
        column=column,
        values=figures_for(assessment, level),
        user=user,
        reason="Đối chiếu hồ sơ",
    )
    for code, question in asked.questions.items():
        if question.kind == QuestionKind.FIGURES:
            continue
        rating_save(
            assessment_id=assessment.pk,
            column=column,
            criterion_code=code,
            level=None,
            option=answer_for(question, level),
            user=user,
            reason="Đối chiếu hồ sơ",
            expected_version=0,
        )


def form_post(assessment: Assessment, level: int = 2) -> dict[str, str]:
    """The whole assessment form as a browser without JavaScript would post it."""
    asked = questionnaire_of(assessment)
    data = {f"f-{key}": str(value) for key, value in figures_for(assessment, level).items()}
    for code, question in asked.questions.items():
        data[f"v-{code}"] = "0"
        if question.kind != QuestionKind.FIGURES:
            data[f"c-{code}"] = str(answer_for(question, level))
    return data
