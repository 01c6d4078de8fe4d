"""Compose the portal's emails from templates and queue them on commit."""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .tasks import send_email_task
from .tokens import email_verification_token


def queue_email(*, to: str, template: str, context: dict) -> None:
    """Render ``emails/<template>_subject.txt`` and ``_body.txt`` and send after commit."""
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}_body.txt", context)
    transaction.on_commit(lambda: send_email_task.delay(to=to, subject=subject, body=body))


def verification_email_queue(*, user, request) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("verify-email", args=[uid, email_verification_token.make_token(user)])
    queue_email(
        to=user.email,
        template="verify_email",
        context={"user": user, "link": request.build_absolute_uri(path)},
    )


def staff_invitation_email_queue(*, user, request) -> None:
    """A one-time link to Django's set-password page (the password reset confirm view)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)])
    queue_email(
        to=user.email,
        template="staff_invite",
        context={"user": user, "link": request.build_absolute_uri(path)},
    )


def engagement_invited_email_queue(*, engagement, request) -> None:
    """Tell the consultant an enterprise invited them, with the page where they answer."""
    path = reverse("engagement-respond", args=[engagement.pk])
    queue_email(
        to=engagement.consultant.user.email,
        template="engagement_invited",
        context={"engagement": engagement, "link": request.build_absolute_uri(path)},
    )
