"""Writes for the yearly targets (who may write which is ``reports.targets.may_set_targets``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dbi_portal.refusals import INVALID, Code, refuse
from enterprises.errors import NOT_YOURS
from enterprises.models import Province, User

from .models import MAX_TARGET_LEVEL, ProvinceTarget, TargetMetric
from .targets import may_set_targets

# The reports app's one refusal of its own (the message says what is wrong with the target).
INVALID_TARGET = Code("invalid_target", INVALID)


def province_target_set(
    *,
    user: User,
    province: Province | None,
    year: int,
    metric: str,
    level: int | None,
    value: int,
) -> ProvinceTarget:
    """Set the target of ``province`` (None: the nation) for ``year`` and ``metric`` (at
    ``level`` for the share at a level; the level is dropped for the other metrics), replacing
    the value set before, and record who set it."""
    if not may_set_targets(user, province):
        raise refuse(NOT_YOURS)
    metric = TargetMetric(metric)
    if metric != TargetMetric.SHARE_LEVEL_AT_LEAST:
        level = None
    elif level is None or not 0 <= level <= MAX_TARGET_LEVEL:
        raise refuse(INVALID_TARGET, _("Chọn mức từ 0 đến 5 cho chỉ tiêu này."))
    if metric != TargetMetric.COUNT_ASSESSED and not 0 <= value <= 100:
        raise refuse(INVALID_TARGET, _("Tỉ lệ phải từ 0 đến 100%."))
    if value < 0:
        raise refuse(INVALID_TARGET, _("Mục tiêu không được âm."))
    target, _created = ProvinceTarget.objects.update_or_create(
        province=province,
        year=year,
        metric=metric,
        level=level,
        defaults={"value": value, "set_by": user},
    )
    return target


def province_target_delete(*, user: User, target: ProvinceTarget) -> None:
    """Remove a target; the same people who may set it."""
    if not may_set_targets(user, target.province):
        raise refuse(NOT_YOURS)
    target.delete()
