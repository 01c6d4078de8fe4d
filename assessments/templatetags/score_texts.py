"""Template access to assessments.score_texts: ``{{ total|total_text:method }}`` etc."""

from django import template

from .. import score_texts

register = template.Library()


@register.filter
def score_value(value: int | None, method: str) -> str:
    return score_texts.value_text(method, value)


@register.simple_tag
def total_text(method: str, total: int | None, maximum: int | None = None) -> str:
    return score_texts.total_text(method, total, maximum)


@register.simple_tag
def pillar_value(method: str, points: int, maximum: int) -> str:
    return score_texts.pillar_value_text(method, points, maximum)


@register.filter
def score_label(method: str) -> str:
    return score_texts.score_label(method)
