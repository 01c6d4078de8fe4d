"""Saving the enterprise's unscored survey: how much it agrees (1–5) with each barrier and
self-perception statement of its assessment's catalog version, and the support needs it ticks
("other" in its own words). The survey is the enterprise's, like the self column: only a member
who may fill in that column now may save it (``lock_for_column``), and it never changes a
level or a result.

A save replaces the whole survey with what is sent (a statement left out or sent as None has
no answer; a need left out is not ticked), and only the rows that differ are written, so
sending the same survey twice changes nothing (not even who answered when)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from dbi_portal.refusals import Code, refuse
from enterprises.models import User

from ..errors import (
    BAD_SURVEY_VALUE,
    NEED_TEXT_MISSING,
    NEED_TEXT_TOO_LONG,
    UNKNOWN_NEED,
    UNKNOWN_STATEMENT,
)
from ..models import Column, NeedAnswer, SupportNeed, SurveyAnswer, SurveyStatement
from ..selectors import Questionnaire, questionnaire_of
from .ratings import lock_for_column

SCALE = range(1, 6)
MAX_NEED_TEXT = 500  # characters of the "other" need's text


@dataclass(frozen=True)
class SurveyOutcome:
    answered: int  # statements with an answer after the save
    needs: int  # needs ticked after the save
    changed: bool  # whether any row was written or removed


@dataclass
class _Problems:
    """Every problem of what was sent, by input ("answers" or "needs") and code: the refusal
    is the first one's, naming them all."""

    first: tuple[Code, Any] | None = None
    by_input: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def add(self, code: Code, key: str, message: Any = None) -> None:
        message = code.message if message is None else message
        if self.first is None:
            self.first = (code, message)
        bucket = self.by_input.setdefault(code.field or "detail", {})
        bucket.setdefault(key, []).append(str(message))

    def raise_any(self) -> None:
        if self.first is not None:
            code, message = self.first
            raise refuse(code, message, **self.by_input)


def _checked_answers(
    asked: Questionnaire, answers: Mapping[str, object], problems: _Problems
) -> dict[int, int]:
    """{statement id: value} of the answers sent (None and "" leave a statement unanswered)."""
    statements: dict[str, SurveyStatement] = {
        s.code: s for s in (*asked.barriers, *asked.perception)
    }
    values: dict[int, int] = {}
    for code, value in answers.items():
        statement = statements.get(code)
        if statement is None:
            problems.add(UNKNOWN_STATEMENT, code)
        elif value is None or value == "":
            continue
        elif isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
            problems.add(BAD_SURVEY_VALUE, code)
        else:
            values[statement.pk] = value
    return values


def _checked_needs(
    asked: Questionnaire, needs: Mapping[str, object], problems: _Problems
) -> dict[int, str]:
    """{need id: text} of the needs ticked; the text (NFC, trimmed) only for a need that asks
    for one ("other"), where it is required."""
    by_code: dict[str, SupportNeed] = {n.code: n for n in asked.needs}
    ticked: dict[int, str] = {}
    for code, value in needs.items():
        need = by_code.get(code)
        if need is None:
            problems.add(UNKNOWN_NEED, code)
            continue
        if value is None:
            continue  # not ticked
        if not need.asks_text:
            ticked[need.pk] = ""
            continue
        text = unicodedata.normalize("NFC", value if isinstance(value, str) else "").strip()
        if not text:
            problems.add(NEED_TEXT_MISSING, code)
        elif len(text) > MAX_NEED_TEXT:
            problems.add(
                NEED_TEXT_TOO_LONG, code, NEED_TEXT_TOO_LONG.message % {"max": MAX_NEED_TEXT}
            )
        else:
            ticked[need.pk] = text
    return ticked


@transaction.atomic
def survey_save(
    *,
    assessment_id: int,
    user: User,
    answers: Mapping[str, object],
    needs: Mapping[str, object],
) -> SurveyOutcome:
    """Replace the survey of the assessment with ``answers`` ({statement code: 1..5, or None})
    and ``needs`` ({need code: its text for a need that asks for one, else ""; None or absent:
    not ticked}). Refused as a whole, naming every offending code (``fields.answers`` and
    ``fields.needs``), when a code is not in the assessment's catalog version, a value is not
    1–5 or the "other" need has no text; refused like a rating when ``user`` may not fill in
    the self column now. A fixed number of queries."""
    assessment = lock_for_column(assessment_id=assessment_id, column=Column.SELF, user=user)
    asked = questionnaire_of(assessment)
    problems = _Problems()
    values = _checked_answers(asked, answers, problems)
    texts = _checked_needs(asked, needs, problems)
    problems.raise_any()

    stored_values = dict(
        SurveyAnswer.objects.filter(assessment=assessment).values_list("statement_id", "value")
    )
    stored_texts = dict(
        NeedAnswer.objects.filter(assessment=assessment).values_list("need_id", "text")
    )
    dropped_statements = stored_values.keys() - values.keys()
    dropped_needs = stored_texts.keys() - texts.keys()
    new_values = {k: v for k, v in values.items() if stored_values.get(k) != v}
    new_texts = {k: v for k, v in texts.items() if stored_texts.get(k) != v}
    now = timezone.now()
    if dropped_statements:
        SurveyAnswer.objects.filter(
            assessment=assessment, statement_id__in=dropped_statements
        ).delete()
    if dropped_needs:
        NeedAnswer.objects.filter(assessment=assessment, need_id__in=dropped_needs).delete()
    if new_values:
        SurveyAnswer.objects.bulk_create(
            [
                SurveyAnswer(
                    assessment=assessment,
                    statement_id=statement_id,
                    value=value,
                    answered_by=user,
                    answered_at=now,
                )
                for statement_id, value in new_values.items()
            ],
            update_conflicts=True,
            unique_fields=["assessment", "statement"],
            update_fields=["value", "answered_by", "answered_at"],
        )
    if new_texts:
        NeedAnswer.objects.bulk_create(
            [
                NeedAnswer(
                    assessment=assessment,
                    need_id=need_id,
                    text=text,
                    answered_by=user,
                    answered_at=now,
                )
                for need_id, text in new_texts.items()
            ],
            update_conflicts=True,
            unique_fields=["assessment", "need"],
            update_fields=["text", "answered_by", "answered_at"],
        )
    return SurveyOutcome(
        answered=len(values),
        needs=len(texts),
        changed=bool(dropped_statements or dropped_needs or new_values or new_texts),
    )
