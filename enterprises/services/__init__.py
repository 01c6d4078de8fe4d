"""Writes for the enterprises app, one module per subject."""

from .accounts import SignUp, account_sign_up
from .engagements import (
    engagement_accept,
    engagement_decline,
    engagement_end,
    engagement_invite,
)
from .groups import (
    group_manage_check,
    group_member_add,
    group_member_change,
    group_member_confirm,
    group_member_decline,
    group_member_remove,
    may_manage_group,
    member_by_tax_code,
    share_from_text,
)
from .imports import import_job_confirm, import_job_create, import_job_run, may_import
from .memberships import (
    accreditation_decide,
    enterprise_register,
    enterprise_update,
    membership_decide,
)
from .places import DivisionsOutcome, divisions_load, enterprise_refresh_size
from .staff import StaffInvitation, consultant_apply, staff_invite

__all__ = [
    "DivisionsOutcome",
    "SignUp",
    "StaffInvitation",
    "account_sign_up",
    "accreditation_decide",
    "consultant_apply",
    "divisions_load",
    "engagement_accept",
    "engagement_decline",
    "engagement_end",
    "engagement_invite",
    "enterprise_refresh_size",
    "enterprise_register",
    "enterprise_update",
    "group_manage_check",
    "group_member_add",
    "group_member_change",
    "group_member_confirm",
    "group_member_decline",
    "group_member_remove",
    "import_job_confirm",
    "import_job_create",
    "import_job_run",
    "may_import",
    "may_manage_group",
    "member_by_tax_code",
    "membership_decide",
    "share_from_text",
    "staff_invite",
]
