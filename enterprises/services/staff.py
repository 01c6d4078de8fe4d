"""Consultants apply for accreditation; administrators invite province and ministry staff."""

from __future__ import annotations

import datetime

from django.db import transaction

from ..errors import NOT_YOURS, refuse
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
) -> tuple[User, bool]:
    """Create (or reuse) the account of a province officer (with ``province``) or a ministry
    reviewer (without), and give it its duties. Returns (user, created); a new account has no
    usable password until the invitee sets one through the emailed link."""
    if not by.is_superuser:
        raise refuse(NOT_YOURS)
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User(email=email, full_name=full_name)
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
    return user, created
