"""Which column may be edited in which state, and by whom. Plain data; the services consult it.

The review chain (issue 4): draft → submitted → (consultant assessing) → province review →
province approved → ministry appraisal → appraised; a review step may return the assessment to
the enterprise. Each column is editable only by its role and only in its state.
"""

from __future__ import annotations

from enterprises.access import active_accreditations, is_active_member
from enterprises.models import Engagement, MinistryReviewer, ProvinceOfficer

from .models import Assessment, Column

State = Assessment.State

EDITABLE_IN = {
    Column.SELF: {State.DRAFT, State.RETURNED},
    Column.CONSULTANT: {State.CONSULTANT_ASSESSING},
    Column.PROVINCE: {State.PROVINCE_REVIEW},
    Column.MINISTRY: {State.MINISTRY_APPRAISAL},
}


def open_column(state: str) -> str | None:
    """The column that can be filled in while an assessment is in ``state`` (at most one)."""
    return next((column for column, states in EDITABLE_IN.items() if state in states), None)


# The ministry may change any criterion but must say why, change by change.
REASON_REQUIRED = {Column.MINISTRY}


def may_edit_column(user, assessment: Assessment, column: str) -> bool:
    """Whether ``user`` holds the role that owns ``column`` for this assessment's enterprise
    (the state is checked separately, so the refusal can say which of the two is missing)."""
    enterprise_id = assessment.enterprise_id
    if column == Column.SELF:
        return is_active_member(user, enterprise_id)
    if column == Column.CONSULTANT:
        return (
            Engagement.objects.filter(
                consultant__user=user, enterprise_id=enterprise_id, status=Engagement.Status.ACTIVE
            ).exists()
            and active_accreditations().filter(consultant__user=user).exists()
        )
    if column == Column.PROVINCE:
        return ProvinceOfficer.objects.filter(
            user=user, can_assess=True, province__enterprises=enterprise_id
        ).exists()
    if column == Column.MINISTRY:
        return MinistryReviewer.objects.filter(user=user, can_appraise=True).exists()
    return False


# name → (states it leaves from, state it leads to, column whose role acts)
TRANSITIONS = {
    "submit": ({State.DRAFT, State.RETURNED}, State.SUBMITTED, Column.SELF),
    "consultant_start": ({State.SUBMITTED}, State.CONSULTANT_ASSESSING, Column.CONSULTANT),
    "consultant_finish": ({State.CONSULTANT_ASSESSING}, State.PROVINCE_REVIEW, Column.CONSULTANT),
    "province_start": ({State.SUBMITTED}, State.PROVINCE_REVIEW, Column.PROVINCE),
    "province_approve": ({State.PROVINCE_REVIEW}, State.PROVINCE_APPROVED, Column.PROVINCE),
    "ministry_start": ({State.PROVINCE_APPROVED}, State.MINISTRY_APPRAISAL, Column.MINISTRY),
    "ministry_appraise": ({State.MINISTRY_APPRAISAL}, State.APPRAISED, Column.MINISTRY),
}

# Any review step may return the assessment to the enterprise, with comments; who may do it
# depends on where it stands.
RETURNABLE_BY = {
    State.SUBMITTED: Column.PROVINCE,
    State.CONSULTANT_ASSESSING: Column.CONSULTANT,
    State.PROVINCE_REVIEW: Column.PROVINCE,
    State.PROVINCE_APPROVED: Column.MINISTRY,
    State.MINISTRY_APPRAISAL: Column.MINISTRY,
}

# Steps that need the approver's or issuer's duty, not only the assessor's.
NEEDS_APPROVER = {"province_approve"}


def may_act(user, assessment: Assessment, column: str, transition: str) -> bool:
    if not may_edit_column(user, assessment, column):
        return False
    if transition in NEEDS_APPROVER:
        return ProvinceOfficer.objects.filter(
            user=user, can_approve=True, province__enterprises=assessment.enterprise_id
        ).exists()
    return True
