"""Who hears about a step of the review chain, in the inbox and by email (never the person who
took it). Idempotent: one notification per person per event, so a retried task sends nothing
twice."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from enterprises.models import Engagement, Membership, MinistryReviewer, ProvinceOfficer, User
from notifications.emails import email_queue
from notifications.models import Notification
from notifications.services import notifications_create

from ..models import Assessment, AuditEntry

State = Assessment.State


def recipients(entry: AuditEntry) -> set[int]:
    """User ids to tell about a transition (never the person who made it)."""
    assessment = entry.assessment
    members = Q(
        pk__in=Membership.objects.filter(
            enterprise_id=assessment.enterprise_id, status=Membership.Status.ACTIVE
        ).values("user_id")
    )
    officers = Q(
        pk__in=ProvinceOfficer.objects.filter(province_id=assessment.enterprise.province_id).values(
            "user_id"
        )
    )
    consultants = Q(
        pk__in=Engagement.objects.filter(
            enterprise_id=assessment.enterprise_id, status=Engagement.Status.ACTIVE
        ).values("consultant__user_id")
    )
    reviewers = Q(pk__in=MinistryReviewer.objects.values("user_id"))
    audiences: dict[str, Q] = {
        State.SUBMITTED: officers | consultants,
        State.CONSULTANT_ASSESSING: members,
        State.PROVINCE_REVIEW: members,
        State.PROVINCE_APPROVED: members | reviewers,
        State.MINISTRY_APPRAISAL: members,
        State.APPRAISED: members | officers,
        State.RETURNED: members,
    }
    audience = audiences.get(entry.to_state)
    if audience is None:
        return set()
    ids = set(User.objects.filter(audience, is_active=True).values_list("pk", flat=True))
    return ids - {entry.actor_id}


@transaction.atomic
def transition_notify(*, audit_entry_id: int, base_url: str) -> int:
    """Create the inbox entries for a transition and email each new recipient; returns how many
    were new (0 when the task runs again)."""
    entry = AuditEntry.objects.select_related("assessment__enterprise").get(pk=audit_entry_id)
    new = notifications_create(
        recipient_ids=recipients(entry),
        kind=Notification.Kind.TRANSITION,
        assessment_id=entry.assessment_id,
        event_id=entry.pk,
    )
    new_ids = [n.recipient_id for n in new]
    link = base_url.rstrip("/") + reverse("assessment", args=[entry.assessment_id])
    for email in User.objects.filter(pk__in=new_ids).values_list("email", flat=True):
        email_queue(
            to=email,
            template="transition",
            context={"entry": entry, "assessment": entry.assessment, "link": link},
        )
    return len(new_ids)
