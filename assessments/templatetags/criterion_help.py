"""``{% criterion_help item as text %}``: the help under a criterion (assessments/help_texts.py)."""

from django import template

from ..help_texts import criterion_help as help_of

register = template.Library()


@register.simple_tag
def criterion_help(item) -> str:
    return help_of(item["question"], item.get("options") or (), item.get("thresholds") or ())
