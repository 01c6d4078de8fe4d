"""Who hears about a step of the review chain, of an engagement or of a certificate's life, in the
inbox and by email.
Idempotent: one notification per person per event, so a retried task sends nothing twice."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from enterprises.emails import queue_email
from enterprises.models import Engagement, Membership, MinistryReviewer, ProvinceOfficer, User

from ..models import Assessment, AuditEntry, Notification

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
    audience = {
        State.SUBMITTED: officers | consultants,
        State.CONSULTANT_ASSESSING: members,
        State.PROVINCE_REVIEW: members,
        State.PROVINCE_APPROVED: members | reviewers,
        State.MINISTRY_APPRAISAL: members,
        State.APPRAISED: members | officers,
        State.RETURNED: members,
    }.get(entry.to_state)
    if audience is None:
        return set()
    ids = set(User.objects.filter(audience, is_active=True).values_list("pk", flat=True))
    return ids - {entry.actor_id}


@transaction.atomic
def transition_notify(*, audit_entry_id: int, base_url: str) -> int:
    """Create the inbox entries for a transition and email each new recipient; returns how many
    were new (0 when the task runs again)."""
    entry = AuditEntry.objects.select_related("assessment__enterprise").get(pk=audit_entry_id)
    already = set(Notification.objects.filter(event=entry).values_list("recipient_id", flat=True))
    new_ids = recipients(entry) - already
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=uid,
                kind=Notification.Kind.TRANSITION,
                assessment=entry.assessment,
                event=entry,
            )
            for uid in new_ids
        ],
        ignore_conflicts=True,
    )
    link = base_url.rstrip("/") + reverse("assessment", args=[entry.assessment_id])
    for email in User.objects.filter(pk__in=new_ids).values_list("email", flat=True):
        queue_email(
            to=email,
            template="transition",
            context={"entry": entry, "assessment": entry.assessment, "link": link},
        )
    return len(new_ids)


# The status an engagement moved to → the kind of notification about that step.
ENGAGEMENT_KIND = {
    Engagement.Status.INVITED: Notification.Kind.ENGAGEMENT_INVITED,
    Engagement.Status.ACTIVE: Notification.Kind.ENGAGEMENT_ACCEPTED,
    Engagement.Status.DECLINED: Notification.Kind.ENGAGEMENT_DECLINED,
    Engagement.Status.ENDED: Notification.Kind.ENGAGEMENT_ENDED,
}


def engagement_recipients(engagement: Engagement, kind: str) -> set[int]:
    """User ids to tell about a step of an engagement (never the person who took it): the
    invitation goes to the consultant, the answer to the enterprise's active members, the end to
    the other side."""
    Kind = Notification.Kind
    members = Q(
        pk__in=Membership.objects.filter(
            enterprise_id=engagement.enterprise_id, status=Membership.Status.ACTIVE
        ).values("user_id")
    )
    consultant = Q(pk=engagement.consultant.user_id)
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
    already = set(
        Notification.objects.filter(engagement=engagement, kind=kind).values_list(
            "recipient_id", flat=True
        )
    )
    new = [
        Notification(recipient_id=uid, kind=kind, engagement=engagement)
        for uid in engagement_recipients(engagement, kind) - already
    ]
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    emails = dict(
        User.objects.filter(pk__in=[n.recipient_id for n in new]).values_list("pk", "email")
    )
    for notification in new:
        queue_email(
            to=emails[notification.recipient_id],
            template=kind,
            context={
                "engagement": engagement,
                "actor": notification.actor,
                "link": base_url.rstrip("/") + notification.get_absolute_url(),
            },
        )
    return len(new)


# The certificate's step → the email template (templates/emails/<kind>_*.txt).
CERTIFICATE_KINDS = frozenset(Notification.CERTIFICATE_KINDS)


@transaction.atomic
def certificate_notify(*, certificate_id: int, kind: str, base_url: str) -> int:
    """Create the inbox entries for a step of a certificate's life (issued, revoked, expired) for
    the enterprise's active members and email each new recipient; returns how many were new (0
    when the task runs again). The only place these emails are sent, so nobody gets one twice."""
    from certification.models import Certificate
    from certification.verification import verification_url

    if kind not in CERTIFICATE_KINDS:
        raise ValueError(f"not a certificate notification: {kind}")
    # The lock serialises two runs of the task for the same certificate: one email per person.
    certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
    already = set(
        Notification.objects.filter(certificate=certificate, kind=kind).values_list(
            "recipient_id", flat=True
        )
    )
    members = dict(
        User.objects.filter(
            is_active=True,
            memberships__enterprise_id=certificate.enterprise_id,
            memberships__status=Membership.Status.ACTIVE,
        ).values_list("pk", "email")
    )
    new_ids = sorted(set(members) - already)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=uid,
                kind=kind,
                certificate=certificate,
                assessment_id=certificate.assessment_id,
            )
            for uid in new_ids
        ],
        ignore_conflicts=True,
    )
    context = {
        "certificate": certificate,
        "verify_link": verification_url(certificate.verification_code),
        "panel_link": base_url.rstrip("/")
        + reverse("certificate-panel", args=[certificate.assessment_id]),
    }
    for uid in new_ids:
        queue_email(to=members[uid], template=kind, context=context)
    return len(new_ids)


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark this person's unread notifications read (only those in ``ids`` when given; ids of
    other people's notifications change nothing); returns how many changed."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
