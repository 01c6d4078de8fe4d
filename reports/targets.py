"""Reads for the yearly targets: who may set them, and each target's progress on a dashboard.

Who sets which targets (decided here, shown on the targets page):

* a province's targets: its officers with the approve duty (``ProvinceOfficer.can_approve``),
  the department's leadership who sign the plans; other officers of the province and the
  ministry see them but cannot change them;
* national targets (no province): ministry reviewers and administrators.

Progress is read from the dashboard's own figures (``reports.selectors.Dashboard``), so a target
and the cards above it never disagree and progress costs one query (the targets). The figures
follow the dashboard's year, column and filters: filtered by a sector, the page answers "how far
is this sector against our target?". Shares are of the registered enterprises:

* ``share_assessed``: enterprises with a counted assessment of the year (not a draft);
* ``share_level_at_least``: those whose counted overall level is at least ``level``;
* ``share_certified``: those holding a valid certificate issued on an assessment of the year;
* ``count_assessed``: the number of enterprises with a counted assessment.

A target not yet reached is *on track* while the figure is at least the target pro rata of the
calendar year elapsed (half the target on 1 July), *behind* otherwise, and *missed* once its
year is over. Comparisons are made in integers, never floats.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import MinistryReviewer, Province, ProvinceOfficer

from .models import ProvinceTarget, TargetMetric
from .selectors import Dashboard


def may_set_targets(user, province: Province | None) -> bool:
    """A province's approvers set its targets; the ministry (and administrators) the nation's."""
    if not user.is_authenticated or not user.is_active:
        return False
    if province is None:
        return user.is_superuser or MinistryReviewer.objects.filter(user=user).exists()
    return ProvinceOfficer.objects.filter(user=user, province=province, can_approve=True).exists()


def targets_of(*, province: Province | None, year: int | None = None) -> QuerySet[ProvinceTarget]:
    """The targets of ``province`` (None: the national ones), of ``year`` or of every year."""
    targets = ProvinceTarget.objects.filter(province=province).select_related("set_by")
    if year is not None:
        targets = targets.filter(year=year)
    return targets.order_by("-year", "metric", "level", "pk")


class Standing(models.TextChoices):
    ACHIEVED = "achieved", _("Đã đạt")
    ON_TRACK = "on_track", _("Đúng tiến độ")
    BEHIND = "behind", _("Chậm tiến độ")
    MISSED = "missed", _("Không đạt")
    UPCOMING = "upcoming", _("Chưa đến năm thực hiện")
    NO_DATA = "no_data", _("Chưa có doanh nghiệp")


def target_standing(
    *, reached: int, base: int, value: int, percent: bool, year: int, today: datetime.date
) -> str:
    """Where a target of ``value`` (a percentage of ``base`` enterprises, or a number when not
    ``percent``) stands with ``reached`` enterprises, on ``today``."""
    if percent and base == 0:
        return Standing.NO_DATA
    have = reached * 100 if percent else reached
    goal = value * base if percent else value
    if have >= goal:
        return Standing.ACHIEVED
    if year < today.year:
        return Standing.MISSED
    if year > today.year:
        return Standing.UPCOMING
    days = 366 if calendar.isleap(year) else 365
    elapsed = today.timetuple().tm_yday
    return Standing.ON_TRACK if have * days >= goal * elapsed else Standing.BEHIND


@dataclass(frozen=True)
class TargetProgress:
    target: ProvinceTarget
    reached: int  # enterprises that count towards the target
    base: int  # registered enterprises (the denominator of a share)
    standing: str

    @property
    def actual(self) -> float | int | None:
        """The figure in the target's unit: a percentage (one decimal) or a number."""
        if not self.target.is_percent:
            return self.reached
        return round(100 * self.reached / self.base, 1) if self.base else None

    @property
    def bar_percent(self) -> int:
        """How much of the target is reached, 0–100, for the progress bar."""
        if self.actual is None:
            return 0
        if self.target.value == 0:
            return 100
        return min(100, int(100 * self.actual / self.target.value))

    @property
    def standing_label(self) -> str:
        return str(Standing(self.standing).label)


def _reached(metric: str, level: int | None, board: Dashboard) -> int:
    if metric == TargetMetric.SHARE_LEVEL_AT_LEAST:
        return sum(board.levels.counts[level or 0 :])
    if metric == TargetMetric.SHARE_CERTIFIED:
        return board.certified
    return board.assessed  # share_assessed, count_assessed


def targets_progress(
    *, board: Dashboard, province: Province | None, today: datetime.date | None = None
) -> list[TargetProgress]:
    """The progress of each target of the board's year, from the board's figures (one query)."""
    today = today or timezone.localdate()
    return [
        TargetProgress(
            target=target,
            reached=(reached := _reached(target.metric, target.level, board)),
            base=board.registered,
            standing=target_standing(
                reached=reached,
                base=board.registered,
                value=target.value,
                percent=target.is_percent,
                year=target.year,
                today=today,
            ),
        )
        for target in targets_of(province=province, year=board.query.period)
    ]
