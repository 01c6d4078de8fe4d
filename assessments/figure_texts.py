"""Figures as people read them: "12 / 40 = 30 % → mức 2", amounts with thousands separated the
Vietnamese way (1.250.000 đ) or the English way, in the active language."""

from __future__ import annotations

from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .figures import Computation


def whole_text(value: int) -> str:
    return number_format(value, use_l10n=True, force_grouping=True)


def percent_text(percent: Fraction) -> str:
    """One decimal at most, never rounded up to a threshold it does not reach."""
    tenths = int(percent * 10)  # truncated: 29.96 % is 29.9 %, not 30 %
    if tenths % 10 == 0:
        return number_format(tenths // 10, use_l10n=True)
    return number_format(tenths / 10, decimal_pos=1, use_l10n=True)


def computation_text(computation: Computation | None) -> str:
    if computation is None:
        return ""
    percent = computation.percent
    if percent is None:
        return _("%(numerator)s / 0: không có mẫu số → mức 0") % {
            "numerator": whole_text(computation.numerator)
        }
    return _("%(numerator)s / %(denominator)s = %(percent)s %% → mức %(level)s") % {
        "numerator": whole_text(computation.numerator),
        "denominator": whole_text(computation.denominator),
        "percent": percent_text(percent),
        "level": computation.level,
    }
