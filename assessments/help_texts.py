"""A criterion's help ("Gợi ý" under it): the question's own help text where the catalog has one,
else one made from the question's data — its answers' levels for a question with answers, its
figures and thresholds for a question asked as figures — so that every criterion explains how it
is answered. Pure: reads only what the page already loaded (options, thresholds, figure fields)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import Question, QuestionKind


def criterion_help(
    question: Question, options: Sequence[Any] = (), thresholds: Sequence[Any] = ()
) -> str:
    if question.help:
        return question.help
    if question.kind == QuestionKind.FIGURES:
        numerator, denominator = question.numerator, question.denominator
        if numerator and denominator:
            return _figures_help(numerator.label, denominator.label, thresholds)
    if options:
        return _answers_help(options)
    return ""


def _answers_help(options: Sequence[Any]) -> str:
    ordered = sorted(options, key=lambda o: (o.level, o.position))
    lowest = next((o for o in ordered if o.level > 0), ordered[0])
    highest = ordered[-1]
    return _(
        "Chọn câu trả lời đúng với việc doanh nghiệp đang làm hiện nay, không phải kế hoạch. "
        "Câu trả lời thấp nhất được tính mức %(low)s (“%(low_text)s”), cao nhất mức %(high)s "
        "(“%(high_text)s”)."
    ) % {
        "low": lowest.level,
        "low_text": " ".join(lowest.label.split()),
        "high": highest.level,
        "high_text": " ".join(highest.label.split()),
    }


def _figures_help(numerator: str, denominator: str, thresholds: Sequence[Any]) -> str:
    text = _(
        "Nhập số liệu theo sổ sách của doanh nghiệp: “%(numerator)s” và “%(denominator)s”. "
        "Mức được tính từ tỷ lệ giữa hai số."
    ) % {"numerator": numerator, "denominator": denominator}
    steps = [
        (
            _("mức %(level)s khi lớn hơn 0 %%") % {"level": t.level}
            if t.min_percent == 0
            else _("mức %(level)s từ %(percent)s %%")
            % {"level": t.level, "percent": number_format(t.min_percent)}
        )
        for t in sorted(thresholds, key=lambda t: t.level)
    ]
    if steps:
        text += " " + _("Ngưỡng: %(steps)s.") % {"steps": "; ".join(steps)}
    return text
