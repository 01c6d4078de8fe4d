"""Object-level access, decided in one place for lists, pages, the API, exports and imports.

Each role contributes a condition on enterprises; a person with several roles sees the union:

* system administrator (superuser) and ministry reviewers: every enterprise;
* province officers: the enterprises of their province;
* consultants: the enterprises that engaged them, while the engagement is active and their
  accreditation is approved and unexpired;
* enterprise members: their enterprises, while their membership is active.

The conditions are subqueries, so a list is one SQL query and an object check one more, however
many roles or rows there are.
"""

from __future__ import annotations

from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, Q, QuerySet
from django.utils import timezone

from .models import (
    Accreditation,
    Engagement,
    Enterprise,
    Membership,
    MinistryReviewer,
    ProvinceOfficer,
    User,
)

# Whoever asks: a page or API may be asked by an anonymous visitor, who sees nothing.
Viewer: TypeAlias = User | AnonymousUser


def active_accreditations(*, on=None) -> QuerySet[Accreditation]:
    today = on or timezone.localdate()
    return Accreditation.objects.filter(
        status=Accreditation.Status.APPROVED, valid_until__gte=today
    )


def enterprise_scope(user: Viewer) -> Q:
    """The condition on Enterprise rows that ``user`` may see (matches nothing for strangers)."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    accredited = active_accreditations().filter(consultant__user=user)
    return (
        Q(Exists(MinistryReviewer.objects.filter(user=user)))
        | Q(province_id__in=ProvinceOfficer.objects.filter(user=user).values("province_id"))
        | Q(
            pk__in=Engagement.objects.filter(consultant__user=user, status=Engagement.Status.ACTIVE)
            .filter(Exists(accredited))
            .values("enterprise_id")
        )
        | Q(pk__in=active_memberships(user).values("enterprise_id"))
    )


def visible_enterprises(user: Viewer) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(enterprise_scope(user))


def can_view_enterprise(user: Viewer, enterprise: Enterprise) -> bool:
    return visible_enterprises(user).filter(pk=enterprise.pk).exists()


def active_memberships(user: User) -> QuerySet[Membership]:
    """The memberships through which ``user`` acts for an enterprise (an authenticated user)."""
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)


def is_active_member(user: Viewer, enterprise_id: int) -> bool:
    """Whether ``user`` is an active member of the enterprise (anonymous visitors are not)."""
    return (
        user.is_authenticated
        and active_memberships(user).filter(enterprise_id=enterprise_id).exists()
    )
