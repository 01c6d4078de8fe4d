"""The account emails (verify the address, an address already taken, a staff invitation), each
with its one-time link; composed and queued by ``notifications.emails``."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifications.emails import email_queue

from .tokens import email_verification_token


def _queue_with_link(*, to: str, template: str, path: str, request, **context) -> None:
    email_queue(
        to=to, template=template, context={**context, "link": request.build_absolute_uri(path)}
    )


def _uid(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def verification_email_queue(*, user, request) -> None:
    token = email_verification_token.make_token(user)
    path = reverse("verify-email", args=[_uid(user), token])
    _queue_with_link(to=user.email, template="verify_email", path=path, request=request, user=user)


def signup_existing_email_queue(*, user, request, can_set_password: bool) -> None:
    """Someone signed up with an address that already has an account (see
    ``services.account_sign_up``). Tell the mailbox, and let its owner in without using anything
    the stranger typed: the login page and, if the account may be recovered
    (``RecoveringPasswordResetForm.reaches``), a one-time link to set the password, which also
    activates an account whose email was never verified. Without that link (a deactivated
    account, or staff who have not set a password yet) the owner is sent to the administrator."""
    context = {
        "user": user,
        "login_link": request.build_absolute_uri(reverse("login")),
        "link": "",
    }
    if can_set_password:
        token = default_token_generator.make_token(user)
        path = reverse("password_reset_confirm", args=[_uid(user), token])
        context["link"] = request.build_absolute_uri(path)
    email_queue(to=user.email, template="signup_existing", context=context)


def staff_invitation_email_queue(*, user, request) -> None:
    """A one-time link to Django's set-password page (the password reset confirm view)."""
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", args=[_uid(user), token])
    _queue_with_link(to=user.email, template="staff_invite", path=path, request=request, user=user)
