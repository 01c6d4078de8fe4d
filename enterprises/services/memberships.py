"""Joining an enterprise, editing its profile, and the ministry's decision on a consultant's
accreditation. Two duty rules hold here (``duties``): the enterprise's consultant does not
become its member, and its province stays while an assessment is under review."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from dbi_portal.refusals import refuse

from ..duties import enterprise_province_change_check, refuse_joining_if_consultant
from ..errors import NOT_MINISTRY, NOT_THE_OWNER, WRONG_STATE
from ..models import Accreditation, Enterprise, Membership, MinistryReviewer, User
from ..profile_changes import enterprises_profile_changed
from .places import enterprise_refresh_size


@dataclass(frozen=True)
class Registration:
    enterprise: Enterprise
    membership: Membership
    joined_existing: bool  # True: a join request waiting for the owner's approval


@transaction.atomic
def enterprise_register(*, user: User, enterprise: Enterprise) -> Registration:
    """Register ``enterprise`` (unsaved, validated) with ``user`` as its owner; when its tax code
    is already registered, ask to join that enterprise instead (pending the owner's approval)."""
    existing = Enterprise.objects.select_for_update().filter(tax_code=enterprise.tax_code).first()
    if existing:
        membership, created = Membership.objects.get_or_create(
            user=user,
            enterprise=existing,
            defaults={"role": Membership.Role.STAFF, "status": Membership.Status.PENDING},
        )
        if not created and membership.status in (
            Membership.Status.REJECTED,
            Membership.Status.REMOVED,
        ):
            # Asking again is a new request for the owner to decide.
            membership.status = Membership.Status.PENDING
            membership.role = Membership.Role.STAFF
            membership.decided_by = None
            membership.decided_at = None
            membership.save(update_fields=["status", "role", "decided_by", "decided_at"])
        return Registration(existing, membership, joined_existing=True)
    enterprise_refresh_size(enterprise)
    enterprise.save()
    membership = Membership.objects.create(
        user=user,
        enterprise=enterprise,
        role=Membership.Role.OWNER,
        status=Membership.Status.ACTIVE,
        decided_at=timezone.now(),
    )
    return Registration(enterprise, membership, joined_existing=False)


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise) -> Enterprise:
    """Save an edited (validated) profile, with its size class recomputed; its assessments'
    results follow its province, ward, sector, size and type (what the dashboards group by).
    Refuses (``province_locked``) a move to another province while an assessment is under
    review; the enterprise row is locked first, as the review steps lock it, so a submission
    and a move cannot cross."""
    Enterprise.objects.select_for_update().values_list("pk").get(pk=enterprise.pk)
    enterprise_province_change_check(enterprise, enterprise.province_id)
    enterprise_refresh_size(enterprise)
    enterprise.save()
    enterprises_profile_changed(enterprise_ids=[enterprise.pk])
    return enterprise


@transaction.atomic
def membership_decide(*, membership: Membership, by: User, approve: bool) -> Membership:
    """The enterprise's owner approves or rejects a join request."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    is_owner = Membership.objects.filter(
        user=by,
        enterprise_id=membership.enterprise_id,
        role=Membership.Role.OWNER,
        status=Membership.Status.ACTIVE,
    ).exists()
    if not is_owner:
        raise refuse(NOT_THE_OWNER)
    if membership.status != Membership.Status.PENDING:
        raise refuse(WRONG_STATE)
    if approve:
        refuse_joining_if_consultant(membership.user_id, membership.enterprise_id)
    membership.status = Membership.Status.ACTIVE if approve else Membership.Status.REJECTED
    membership.decided_by = by
    membership.decided_at = timezone.now()
    membership.save(update_fields=["status", "decided_by", "decided_at"])
    return membership


@transaction.atomic
def accreditation_decide(*, accreditation: Accreditation, by: User, approve: bool) -> Accreditation:
    """A ministry reviewer (or the system administrator) approves or rejects an application."""
    if not (by.is_superuser or MinistryReviewer.objects.filter(user=by).exists()):
        raise refuse(NOT_MINISTRY)
    accreditation = Accreditation.objects.select_for_update().get(pk=accreditation.pk)
    if accreditation.status != Accreditation.Status.PENDING:
        raise refuse(WRONG_STATE)
    accreditation.status = (
        Accreditation.Status.APPROVED if approve else Accreditation.Status.REJECTED
    )
    accreditation.decided_by = by
    accreditation.decided_at = timezone.now()
    accreditation.save(update_fields=["status", "decided_by", "decided_at"])
    return accreditation
