"""Consultants apply for accreditation; administrators invite province and ministry staff."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from dbi_portal.refusals import refuse

from ..errors import NOT_YOURS
from ..models import (
    Accreditation,
    Consultant,
    ConsultingFirm,
    MinistryReviewer,
    Province,
    ProvinceOfficer,
    User,
)


@transaction.atomic
def consultant_apply(
    *,
    user: User,
    phone: str,
    number: str,
    issued_by: str,
    valid_until: datetime.date,
    firm_name: str = "",
    firm_tax_code: str = "",
) -> Accreditation:
    """Record the consultant (and firm) and an accreditation waiting for the ministry."""
    firm = None
    if firm_tax_code:
        firm, _ = ConsultingFirm.objects.get_or_create(
            tax_code=firm_tax_code, defaults={"name": firm_name or firm_tax_code}
        )
    consultant, _ = Consultant.objects.update_or_create(
        user=user, defaults={"phone": phone, "firm": firm}
    )
    return Accreditation.objects.create(
        consultant=consultant, number=number, issued_by=issued_by, valid_until=valid_until
    )


@dataclass(frozen=True)
class StaffInvitation:
    user: User
    send_link: bool  # the invitee sets a password through the emailed link
    reclaimed: bool  # the address had an account that had never signed in; its password is void


@transaction.atomic
def staff_invite(
    *,
    by: User,
    email: str,
    full_name: str,
    province: Province | None,
    can_assess: bool = False,
    can_approve: bool = False,
    can_appraise: bool = False,
    can_issue: bool = False,
) -> StaffInvitation:
    """Give the account for ``email`` the duties of a province officer (with ``province``) or a
    ministry reviewer (without), creating the account if there is none.

    Who may know the account's password decides what happens to it:

    * no account yet: a new one, with no usable password;
    * an account that has never signed in (``last_login`` empty: typically a sign-up whose email
      was never verified, which anyone could have made with this address and a password of
      their choosing): it is treated as new. Its password is made unusable and its name is the
      one the administrator typed, so the only way in is the link emailed to the address, and the
      mailbox owner chooses the password there (setting it also activates the account). The
      change of password also kills every verification link sent at sign-up (their token hashes
      the password, ``enterprises.tokens``). Nothing is lost: that password was never used;
    * an account that has signed in before: a person already using the portal is being given
      duties; the account keeps its password and gets the duties only.

    ``send_link`` tells the caller to email the set-password link (``staff_invitation_email_
    queue``); inviting again before the link is used voids it and asks for a fresh one."""
    if not by.is_superuser:
        raise refuse(NOT_YOURS)
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    reclaimed = user is not None and user.last_login is None
    if user is None:
        user = User(email=email, full_name=full_name)
    if user.last_login is None:
        user.full_name = full_name
        user.set_unusable_password()
        user.save()
    if province is not None:
        ProvinceOfficer.objects.update_or_create(
            user=user,
            defaults={"province": province, "can_assess": can_assess, "can_approve": can_approve},
        )
    else:
        MinistryReviewer.objects.update_or_create(
            user=user, defaults={"can_appraise": can_appraise, "can_issue": can_issue}
        )
    return StaffInvitation(user=user, send_link=user.last_login is None, reclaimed=reclaimed)
