"""Enterprise size class by Decree 80/2021/NĐ-CP, Article 5 (DOMAIN.md §5).

An enterprise is in a class when its insured employees are within that class's cap and its
annual revenue OR its total capital is within that class's money cap; otherwise it is tried
against the next class up, and above medium it is large. Amounts are whole VND.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .sectors import INDUSTRY_AND_AGRICULTURE

BILLION = 1_000_000_000


class SizeClass(models.TextChoices):
    MICRO = "micro", _("Siêu nhỏ")
    SMALL = "small", _("Nhỏ")
    MEDIUM = "medium", _("Vừa")
    LARGE = "large", _("Lớn")


@dataclass(frozen=True)
class Cap:
    size: SizeClass
    employees: int
    revenue: int
    capital: int


# Agriculture, forestry, fishery; industry and construction (VSIC sections A–F).
INDUSTRY_CAPS = (
    Cap(SizeClass.MICRO, 10, 3 * BILLION, 3 * BILLION),
    Cap(SizeClass.SMALL, 100, 50 * BILLION, 20 * BILLION),
    Cap(SizeClass.MEDIUM, 200, 200 * BILLION, 100 * BILLION),
)
# Trade and services (G–U).
SERVICES_CAPS = (
    Cap(SizeClass.MICRO, 10, 10 * BILLION, 3 * BILLION),
    Cap(SizeClass.SMALL, 50, 100 * BILLION, 50 * BILLION),
    Cap(SizeClass.MEDIUM, 100, 300 * BILLION, 100 * BILLION),
)


def size_class(
    *, section: str, employees: int | None, revenue: int | None, capital: int | None
) -> SizeClass | None:
    """The size class, or None when the employees or both money figures are unknown."""
    if employees is None or (revenue is None and capital is None):
        return None
    caps = INDUSTRY_CAPS if section in INDUSTRY_AND_AGRICULTURE else SERVICES_CAPS
    for cap in caps:
        within_money = (revenue is not None and revenue <= cap.revenue) or (
            capital is not None and capital <= cap.capital
        )
        if employees <= cap.employees and within_money:
            return cap.size
    return SizeClass.LARGE
