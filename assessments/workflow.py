"""Which column may be edited in which state, and by whom. Plain data; the services consult it.

The review chain (issue 4): draft → submitted → (consultant assessing) → province review →
province approved → ministry appraisal → appraised; a review step may return the assessment to
the enterprise. Each column is editable only by its role and only in its state.

Separation of duties (issue 10, ``enterprises.duties``): the consultant, province and ministry
columns, and the steps they take, are not for a member of the enterprise, whatever other role
that person holds. A member who is also an officer keeps the self column (it is theirs as a
member); only the reviewer roles are refused. ``may_edit_column`` and ``may_act`` answer for the
pages (which then offer nothing); the services first ask whether the role is held, then call
``refuse_if_not_independent`` so that the refusal says why.
"""

from __future__ import annotations

from dbi_portal.refusals import Refusal
from enterprises.access import active_accreditations, is_active_member
from enterprises.duties import Duty, is_conflicted, refuse_if_conflicted
from enterprises.models import Engagement, MinistryReviewer, ProvinceOfficer, User

from .models import Assessment, Column

State = Assessment.State

# Keyed by plain strings: a state or column read from a row is a ``str``, not the enum.
EDITABLE_IN: dict[str, set[str]] = {
    Column.SELF: {State.DRAFT, State.RETURNED},
    Column.CONSULTANT: {State.CONSULTANT_ASSESSING},
    Column.PROVINCE: {State.PROVINCE_REVIEW},
    Column.MINISTRY: {State.MINISTRY_APPRAISAL},
}


def open_column(state: str) -> str | None:
    """The column that can be filled in while an assessment is in ``state`` (at most one)."""
    return next((column for column, states in EDITABLE_IN.items() if state in states), None)


# The ministry may change any criterion but must say why, change by change.
REASON_REQUIRED: set[str] = {Column.MINISTRY}


# The reviewer columns, and the duty a member of the enterprise may not take in each.
REVIEW_DUTY: dict[str, str] = {
    Column.CONSULTANT: Duty.CONSULTANT,
    Column.PROVINCE: Duty.PROVINCE,
    Column.MINISTRY: Duty.MINISTRY,
}


def refuse_if_not_independent(user: User, assessment: Assessment, column: str) -> None:
    """Refuse (``member_conflict``) a member of the enterprise acting in a reviewer column."""
    if column in REVIEW_DUTY:
        refuse_if_conflicted(user, assessment.enterprise_id, REVIEW_DUTY[column])


def _independent(user: User, assessment: Assessment, column: str, member: bool | None) -> bool:
    if column not in REVIEW_DUTY:
        return True
    return not (is_conflicted(user, assessment.enterprise_id) if member is None else member)


def holds_column_role(user: User, assessment: Assessment, column: str) -> bool:
    """Whether ``user`` holds the role that owns ``column`` for this assessment's enterprise
    (the state and independence are checked separately, so the refusal can say what is
    missing)."""
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


def may_edit_column(
    user: User, assessment: Assessment, column: str, *, member: bool | None = None
) -> bool:
    """Whether ``user`` may fill in ``column`` of this assessment: holds its role and, for a
    reviewer column, is not a member of the enterprise (the state is checked separately).
    ``member``: whether ``user`` is a member of its enterprise, when the caller knows it
    already (a page reads it with the assessment: ``enterprises.duties.conflicted_expression``);
    None asks."""
    return holds_column_role(user, assessment, column) and _independent(
        user, assessment, column, member
    )


# name → (states it leaves from, state it leads to, column whose role acts)
TRANSITIONS: dict[str, tuple[set[str], str, str]] = {
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
RETURNABLE_BY: dict[str, str] = {
    State.SUBMITTED: Column.PROVINCE,
    State.CONSULTANT_ASSESSING: Column.CONSULTANT,
    State.PROVINCE_REVIEW: Column.PROVINCE,
    State.PROVINCE_APPROVED: Column.MINISTRY,
    State.MINISTRY_APPRAISAL: Column.MINISTRY,
}

# Steps that need the approver's or issuer's duty, not only the assessor's.
NEEDS_APPROVER: set[str] = {"province_approve"}


def holds_step_role(user: User, assessment: Assessment, column: str, transition: str) -> bool:
    """Whether ``user`` holds the role that takes ``transition`` (independence aside)."""
    if not holds_column_role(user, assessment, column):
        return False
    if transition in NEEDS_APPROVER:
        return ProvinceOfficer.objects.filter(
            user=user, can_approve=True, province__enterprises=assessment.enterprise_id
        ).exists()
    return True


def may_act(
    user: User,
    assessment: Assessment,
    column: str,
    transition: str,
    *,
    member: bool | None = None,
) -> bool:
    """Whether ``user`` may take ``transition`` now that the state allows it: holds the role
    and, for a review step, is not a member of the enterprise (``member`` as in
    ``may_edit_column``)."""
    return holds_step_role(user, assessment, column, transition) and _independent(
        user, assessment, column, member
    )


def editable_column(
    user: User, assessment: Assessment, *, member: bool | None = None
) -> str | None:
    """The column ``user`` may fill in now: the one open in the assessment's state, when they
    may edit it (``member`` as in ``may_edit_column``); None otherwise."""
    column = open_column(assessment.state)
    if column is not None and may_edit_column(user, assessment, column, member=member):
        return column
    return None


def steps_open_to(user: User, assessment: Assessment, *, member: bool | None = None) -> list[str]:
    """The steps of ``TRANSITIONS`` that ``user`` may take from the assessment's state, in the
    table's order (``member`` as in ``may_edit_column``)."""
    return [
        name
        for name, (sources, _target, column) in TRANSITIONS.items()
        if assessment.state in sources and may_act(user, assessment, column, name, member=member)
    ]


def may_return(user: User, assessment: Assessment, *, member: bool | None = None) -> bool:
    """Whether ``user`` may return the assessment to the enterprise from its state."""
    column = RETURNABLE_BY.get(assessment.state)
    return column is not None and may_act(user, assessment, column, "return", member=member)


def _reviewer_columns_in(state: str) -> list[str]:
    """The reviewer columns whose role has something to do in ``state``: fill in, step, return."""
    columns = [
        open_column(state),
        *(column for sources, _target, column in TRANSITIONS.values() if state in sources),
        RETURNABLE_BY.get(state),
    ]
    return list(dict.fromkeys(c for c in columns if c in REVIEW_DUTY))


def independence_refusal(
    user: User, assessment: Assessment, *, member: bool | None = None
) -> Refusal | None:
    """The ``member_conflict`` refusal met by a member of the enterprise who holds a reviewer
    role with something to do in the current state, or None: the page says it instead of
    offering the steps, and a direct POST gets it as its 403 (``member`` as in
    ``may_edit_column``: False answers at once)."""
    if member is False:
        return None
    for column in _reviewer_columns_in(assessment.state):
        if holds_column_role(user, assessment, column):
            try:
                refuse_if_not_independent(user, assessment, column)
            except Refusal as refusal:
                return refusal
            return None
    return None
