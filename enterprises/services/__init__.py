"""Writes for the enterprises app, one module per subject."""

from .accounts import SignUp, account_sign_up
from .engagements import (
    engagement_accept,
    engagement_decline,
    engagement_end,
    engagement_invite,
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
    "import_job_confirm",
    "import_job_create",
    "import_job_run",
    "may_import",
    "membership_decide",
    "staff_invite",
]
