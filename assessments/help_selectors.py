"""What the help pages (/help/) read: each active framework's levels (names, descriptions and,
for the 2021 SME index, the overall rule of each level: all data of the catalog) and the
authorities in force today (the ministry and each province's department, with their dated
names), the visitor's own province's department first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q

from enterprises.models import Authority, Membership, User

from .models import Framework, LevelName, OverallRule


@dataclass(frozen=True)
class HelpLevel:
    level: int
    name: str
    description: str
    rule: OverallRule | None


@dataclass(frozen=True)
class HelpFramework:
    framework: Framework
    levels: list[HelpLevel]


def help_frameworks() -> list[HelpFramework]:
    """The active frameworks, each with its levels 0..max in order."""
    frameworks = (
        Framework.objects.filter(is_active=True)
        .order_by("pk")
        .prefetch_related(
            Prefetch("level_names", queryset=LevelName.objects.order_by("level")),
            Prefetch("overall_rules", queryset=OverallRule.objects.order_by("level")),
        )
    )
    shown = []
    for framework in frameworks:
        rules = {rule.level: rule for rule in framework.overall_rules.all()}
        levels = [
            HelpLevel(row.level, row.name, row.description, rules.get(row.level))
            for row in framework.level_names.all()
        ]
        shown.append(HelpFramework(framework, levels))
    return shown


def _in_force(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def help_authorities(*, day: date, user: User | AnonymousUser | None) -> dict:
    """The ministry, the departments by province (code order), and the departments of the
    provinces of the visitor's enterprises (active memberships)."""
    rows = list(
        Authority.objects.filter(_in_force(day))
        .select_related("province")
        .order_by("kind", "province__code", "-valid_from", "-pk")
    )
    ministry = next((a for a in rows if a.kind == Authority.Kind.MINISTRY), None)
    departments: dict[int, Authority] = {}
    for row in rows:
        if (
            row.kind == Authority.Kind.DEPARTMENT
            and row.province_id is not None
            and row.province_id not in departments
        ):
            departments[row.province_id] = row  # the latest to start, when periods overlap
    mine: list[Authority] = []
    if user is not None and user.is_authenticated:
        provinces = Membership.objects.filter(
            user=user, status=Membership.Status.ACTIVE
        ).values_list("enterprise__province_id", flat=True)
        mine = [departments[p] for p in dict.fromkeys(provinces) if p in departments]
    return {"ministry": ministry, "departments": list(departments.values()), "mine": mine}
