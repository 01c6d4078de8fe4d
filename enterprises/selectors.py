"""Reads for the portal pages; every one goes through ``access`` and issues a fixed number of
queries."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from dbi_portal.params import primary_key
from dbi_portal.text import text_contains

from .access import Viewer, active_accreditations, visible_enterprises
from .models import (
    Authority,
    Consultant,
    Engagement,
    Enterprise,
    GroupMember,
    Membership,
    MinistryReviewer,
    Province,
    ProvinceOfficer,
    User,
)
from .services.groups import may_manage_group

_Dated = TypeVar("_Dated", bound=Model)


def engagements_of(user: User) -> QuerySet[Engagement]:
    """Engagements the user is a party to: as the consultant, or as an active member."""
    return Engagement.objects.filter(
        Q(consultant__user=user)
        | Q(
            enterprise_id__in=Membership.objects.filter(
                user=user, status=Membership.Status.ACTIVE
            ).values("enterprise_id")
        )
    )


def consultant_by_email_or_number(text: str) -> Consultant | None:
    text = text.strip()
    return (
        Consultant.objects.filter(Q(user__email__iexact=text) | Q(accreditations__number=text))
        .select_related("user")
        .distinct()
        .first()
    )


def home_summary(user: User) -> dict[str, Any]:
    """What a person's home page lists: their enterprises and requests, their invitations and
    clients as a consultant, their duties as province or ministry staff."""
    memberships = list(
        Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.REMOVED)
        .select_related("enterprise__province")
        .order_by("enterprise__name_vi")
    )
    consultant = Consultant.objects.filter(user=user).first()
    engagements = (
        list(
            Engagement.objects.filter(
                consultant=consultant,
                status__in=[Engagement.Status.INVITED, Engagement.Status.ACTIVE],
            )
            .select_related("enterprise")
            .order_by("-invited_at")
        )
        if consultant
        else []
    )
    return {
        "memberships": memberships,
        "consultant": consultant,
        "accreditation": (
            consultant.accreditations.order_by("-valid_until").first() if consultant else None
        ),
        "accredited": bool(consultant)
        and active_accreditations().filter(consultant=consultant).exists(),
        "engagements": engagements,
        "officer": ProvinceOfficer.objects.filter(user=user).select_related("province").first(),
        "reviewer": MinistryReviewer.objects.filter(user=user).first(),
        "visible_count": visible_enterprises(user).count(),
    }


def enterprise_detail(*, user: Viewer, pk: int) -> dict[str, Any] | None:
    """The enterprise with what this user may see of it, or None when it is not visible."""
    enterprise = (
        visible_enterprises(user)
        .select_related("province", "ward")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user").order_by("status", "created_at"),
            ),
            Prefetch(
                "engagements",
                queryset=Engagement.objects.select_related("consultant__user").order_by(
                    "-invited_at"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if enterprise is None:
        return None
    memberships = list(enterprise.memberships.all())
    mine = next((m for m in memberships if m.user_id == user.pk), None)
    is_member = mine is not None and mine.status == Membership.Status.ACTIVE
    # The groups that list this enterprise as a member, for whoever sees it (one query).
    parent_groups = list(
        GroupMember.objects.filter(member=enterprise)
        .select_related("group")
        .order_by("group__name_vi", "pk")
    )
    return {
        "enterprise": enterprise,
        "parent_groups": parent_groups,
        "may_confirm_groups": bool(parent_groups) and may_manage_group(user, enterprise),
        "assessments": list(enterprise.assessments.order_by("-period")),
        "current_year": timezone.localdate().year,
        "is_member": is_member,
        "is_owner": is_member and mine is not None and mine.role == Membership.Role.OWNER,
        "memberships": memberships if is_member else [],
        "engagements": list(enterprise.engagements.all()) if is_member else [],
    }


SEARCH_FILTERS = ("q", "province", "sector", "size", "kind", "assessed", "state")


def _assessment_model() -> Any:
    """The assessments app's Assessment, reached through the reverse relation by its name: that
    app is above this one and is not imported."""
    return Enterprise._meta.get_field("assessments").related_model


def assessment_states() -> list[tuple[str, str]]:
    """The states of an assessment (value, label), for the list's filter."""
    return list(_assessment_model()._meta.get_field("state").choices)


def with_latest_assessment(enterprises: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """``enterprises`` with their latest assessment (of the latest year, any framework):
    ``latest_assessment_id``, ``latest_period`` and ``latest_state``, None without one. Visible
    with the enterprise: an assessment is seen by whoever sees its enterprise."""
    assessments = _assessment_model().objects
    latest = assessments.filter(enterprise=OuterRef("pk")).order_by("-period", "-pk")
    return enterprises.annotate(
        latest_assessment_id=Subquery(latest.values("pk")[:1]),
        latest_period=Subquery(latest.values("period")[:1]),
        latest_state=Subquery(latest.values("state")[:1]),
    )


def enterprise_search(*, user: Viewer, params: Mapping[str, str]) -> QuerySet[Enterprise]:
    """The visible enterprises narrowed by the list page's filters (also used by the export),
    each with its latest assessment (``with_latest_assessment``; ``state`` filters on its
    state)."""
    enterprises = visible_enterprises(user)
    values = {key: (params.get(key) or "").strip() for key in SEARCH_FILTERS}
    if values["q"]:
        # The name however the query was typed (composed or not; on PostgreSQL also without
        # its diacritics): dbi_portal/text.py.
        enterprises = enterprises.filter(
            text_contains("name_vi", values["q"]) | Q(tax_code__startswith=values["q"])
        )
    if (province := primary_key(values["province"])) is not None:
        enterprises = enterprises.filter(province_id=province)
    if values["sector"]:
        enterprises = enterprises.filter(sector_section=values["sector"])
    if values["size"]:
        enterprises = enterprises.filter(size_class=values["size"])
    if values["kind"]:
        enterprises = enterprises.filter(kind=values["kind"])
    if values["assessed"] in ("yes", "no"):
        # Through the reverse relation by its name (the assessments app is above this one and
        # is not imported): an EXISTS over the enterprise's own assessments, one row per enterprise.
        has_assessment = Exists(
            Enterprise.objects.filter(pk=OuterRef("pk"), assessments__isnull=False)
        )
        enterprises = enterprises.filter(
            has_assessment if values["assessed"] == "yes" else ~has_assessment
        )
    enterprises = with_latest_assessment(enterprises)
    if values["state"] in dict(assessment_states()):
        # (by its name in a mapping: the annotation is not a field the type checker knows)
        enterprises = enterprises.filter(**{"latest_state": values["state"]})
    return enterprises.order_by("name_vi", "pk")


def in_force_on(queryset: QuerySet[_Dated], day: date) -> _Dated | None:
    """The row of ``queryset`` (dated by ``valid_from``/``valid_until``, both inclusive) in force
    on ``day``: the latest to start, when periods overlap."""
    return (
        queryset.filter(valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from", "-pk")
        .first()
    )


def authority_on(*, day: date, province: Province | None = None) -> Authority | None:
    """The province's department, or the ministry (``province`` None), under the name it had on
    ``day``: authority names are dated data (the 2025 mergers renamed them)."""
    if province is None:
        return in_force_on(Authority.objects.filter(kind=Authority.Kind.MINISTRY), day)
    return in_force_on(
        Authority.objects.filter(kind=Authority.Kind.DEPARTMENT, province=province), day
    )
