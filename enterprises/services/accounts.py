"""Sign-up that never touches an existing account and answers the same whether there is one."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from ..models import User


@dataclass(frozen=True)
class SignUp:
    user: User
    created: bool  # False: the email already had an account, which is left exactly as it was


def account_sign_up(*, email: str, full_name: str, password: str) -> SignUp:
    """Create an inactive account for ``email``, or find the one it already has.

    An existing account is never changed, verified or not: not its password, not its name. A
    second sign-up for an address may come from someone who does not own the mailbox, and
    whatever they typed must not end up on the account (the owner's verification link would
    then activate it with the stranger's password). The caller emails the address either way
    (a verification link, or a note that the address already has an account) and shows the same
    page, so the answer does not tell whether the address is registered."""
    email = email.strip().lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        user = User(email=email, full_name=full_name, is_active=False)  # until verified
        user.set_password(password)
        try:
            with transaction.atomic():  # a savepoint, so a lost race keeps the request usable
                user.save()
            return SignUp(user=user, created=True)
        except IntegrityError:
            # The same address signed up a moment ago in another request: that account stands.
            existing = User.objects.get(email__iexact=email)
    else:
        # Hash the typed password anyway and drop it. Hashing is by far the slowest step of a
        # sign-up (PBKDF2, by design); skipping it here would answer an existing address
        # measurably sooner, and the response time would tell who has an account.
        make_password(password)
    return SignUp(user=existing, created=False)
