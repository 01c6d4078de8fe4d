"""Who hears about a step of a certificate's life (issued, revoked, expired), in the inbox and by
email: the enterprise's active members. Idempotent: one notification per person per step."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from enterprises.models import Membership, User
from notifications.emails import email_queue
from notifications.models import Notification
from notifications.services import notifications_create

from .models import Certificate
from .verification import verification_url

# The certificate's step → the email template (templates/emails/<kind>_*.txt).
CERTIFICATE_KINDS = frozenset(Notification.CERTIFICATE_KINDS)


@transaction.atomic
def certificate_notify(*, certificate_id: int, kind: str, base_url: str) -> int:
    """Create the inbox entries for a step of a certificate's life (issued, revoked, expired) for
    the enterprise's active members and email each new recipient; returns how many were new (0
    when the task runs again). The only place these emails are sent, so nobody gets one twice."""
    if kind not in CERTIFICATE_KINDS:
        raise ValueError(f"not a certificate notification: {kind}")
    # The lock serialises two runs of the task for the same certificate: one email per person.
    certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
    members = dict(
        User.objects.filter(
            is_active=True,
            memberships__enterprise_id=certificate.enterprise_id,
            memberships__status=Membership.Status.ACTIVE,
        ).values_list("pk", "email")
    )
    new = notifications_create(
        recipient_ids=sorted(members),
        kind=kind,
        certificate_id=certificate.pk,
        assessment_id=certificate.assessment_id,
    )
    context = {
        "certificate": certificate,
        "verify_link": verification_url(certificate.verification_code),
        "panel_link": base_url.rstrip("/")
        + reverse("certificate-panel", args=[certificate.assessment_id]),
    }
    for notification in new:
        email_queue(to=members[notification.recipient_id], template=kind, context=context)
    return len(new)
