"""Scores as people read them, whatever the framework's method: 2021 points ("123/320 điểm"),
the readiness index's R ("R = 3,45"), the large-enterprise index's percent ("67,5 %"); decimals
the Vietnamese or English way in the active language. Values are the methods' integers
(scoring.common.Unit); nothing here rounds up."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import scoring


def _decimal(value: int, scale: int) -> str:
    """``value / scale`` with as many decimals as it needs (at most those of the scale)."""
    exact = Decimal(value) / Decimal(scale)
    text = format(exact.normalize(), "f")
    places = len(text.split(".")[1]) if "." in text else 0
    return number_format(exact, decimal_pos=places, use_l10n=True)


def value_text(method: str, value: int | None) -> str:
    """A score alone: "123", "3,45", "67,5 %"; "—" for none."""
    if value is None:
        return "—"
    unit = scoring.UNIT_OF_METHOD.get(method, scoring.Unit.POINTS)
    if unit == scoring.Unit.MILLI_LEVEL:
        return _decimal(value, 1000)
    if unit == scoring.Unit.CENTI_PERCENT:
        return _("%(percent)s %%") % {"percent": _decimal(value, 100)}
    return number_format(value, use_l10n=True)


def total_text(method: str, total: int | None, maximum: int | None = None) -> str:
    """The overall score as a sentence fragment: "123/320 điểm", "R = 3,45", "67,5 %"."""
    if total is None:
        return "—"
    unit = scoring.UNIT_OF_METHOD.get(method, scoring.Unit.POINTS)
    if unit == scoring.Unit.MILLI_LEVEL:
        return _("R = %(score)s") % {"score": value_text(method, total)}
    if unit == scoring.Unit.CENTI_PERCENT:
        return value_text(method, total)
    if maximum is None:
        return _("%(total)s điểm") % {"total": number_format(total, use_l10n=True)}
    return _("%(total)s/%(max)s điểm") % {
        "total": number_format(total, use_l10n=True),
        "max": number_format(maximum, use_l10n=True),
    }


def score_label(method: str) -> str:
    """What the overall score is called."""
    unit = scoring.UNIT_OF_METHOD.get(method, scoring.Unit.POINTS)
    if unit == scoring.Unit.MILLI_LEVEL:
        return _("Điểm sẵn sàng (R)")
    if unit == scoring.Unit.CENTI_PERCENT:
        return _("Tỷ lệ chuyển đổi")
    return _("Tổng điểm")


def pillar_value_text(method: str, points: int, maximum: int) -> str:
    """A pillar's score: "39/65" (2021), its median "3,5" (readiness), its percent (large)."""
    unit = scoring.UNIT_OF_METHOD.get(method, scoring.Unit.POINTS)
    if unit == scoring.Unit.POINTS:
        return f"{number_format(points, use_l10n=True)}/{number_format(maximum, use_l10n=True)}"
    return value_text(method, points)
