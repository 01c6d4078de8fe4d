"""Who hears about a step of an engagement, in the inbox and by email: the invitation goes to the
consultant, the answer to the enterprise's active members, the end to the other side; never the
person who took the step. Idempotent: one notification per person per step."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q

from notifications.emails import email_queue
from notifications.models import Notification
from notifications.services import notifications_create

from ..models import Engagement, Membership, User

Kind = Notification.Kind

# The status an engagement moved to → the kind of notification about that step.
ENGAGEMENT_KIND: dict[str, str] = {
    Engagement.Status.INVITED: Kind.ENGAGEMENT_INVITED,
    Engagement.Status.ACTIVE: Kind.ENGAGEMENT_ACCEPTED,
    Engagement.Status.DECLINED: Kind.ENGAGEMENT_DECLINED,
    Engagement.Status.ENDED: Kind.ENGAGEMENT_ENDED,
}


def engagement_recipients(engagement: Engagement, kind: str) -> set[int]:
    """User ids to tell about a step of an engagement (never the person who took it): the
    invitation goes to the consultant, the answer to the enterprise's active members, the end to
    the other side."""
    members = Q(
        pk__in=Membership.objects.filter(
            enterprise_id=engagement.enterprise_id, status=Membership.Status.ACTIVE
        ).values("user_id")
    )
    consultant = Q(pk=engagement.consultant.user_id)
    actor_id: int | None
    if kind == Kind.ENGAGEMENT_INVITED:
        audience, actor_id = consultant, engagement.invited_by_id
    elif kind == Kind.ENGAGEMENT_ENDED:
        actor_id = engagement.ended_by_id
        audience = members if actor_id == engagement.consultant.user_id else consultant
    else:
        audience, actor_id = members, engagement.consultant.user_id
    ids = set(User.objects.filter(audience, is_active=True).values_list("pk", flat=True))
    return ids - {actor_id}


@transaction.atomic
def engagement_notify(*, engagement_id: int, to_status: str, base_url: str) -> int:
    """Create the inbox entries for the step of an engagement that moved it to ``to_status`` and
    email each new recipient; returns how many were new (0 when the task runs again)."""
    kind = ENGAGEMENT_KIND[to_status]
    # The lock serialises two runs of the task for the same engagement: one email per person.
    engagement = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("enterprise", "consultant__user", "invited_by", "ended_by")
        .get(pk=engagement_id)
    )
    new = notifications_create(
        recipient_ids=engagement_recipients(engagement, kind),
        kind=kind,
        engagement_id=engagement.pk,
    )
    emails = dict(
        User.objects.filter(pk__in=[n.recipient_id for n in new]).values_list("pk", "email")
    )
    for notification in new:
        notification.engagement = engagement
        email_queue(
            to=emails[notification.recipient_id],
            template=kind,
            context={
                "engagement": engagement,
                "actor": notification.actor,
                "link": base_url.rstrip("/") + notification.get_absolute_url(),
            },
        )
    return len(new)
