"""An enterprise engages an accredited consultant; the consultant declares independence and
accepts; either side may end it. Each step locks the row, checks the state, records who and
when, and after commit tells the other side (inbox and email). A member of the enterprise is
never its consultant (``duties``): neither invited nor accepted."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from dbi_portal.refusals import refuse

from ..access import active_accreditations, is_active_member
from ..duties import Duty, refuse_consultant_if_member, refuse_if_conflicted
from ..errors import (
    ALREADY_ENGAGED,
    INDEPENDENCE_REQUIRED,
    NOT_A_MEMBER,
    NOT_ACCREDITED,
    NOT_YOURS,
    WRONG_STATE,
)
from ..models import Consultant, Engagement, Enterprise, User
from ..tasks import engagement_notify_task


def _is_accredited(consultant: Consultant) -> bool:
    return active_accreditations().filter(consultant=consultant).exists()


def _locked(engagement: Engagement) -> Engagement:
    return Engagement.objects.select_for_update().get(pk=engagement.pk)


def _queue_notifications(engagement: Engagement) -> None:
    """Queue the notifications about the step that just moved the engagement to its status (a
    TransactionAwareTask: sent when the step's transaction commits)."""
    engagement_notify_task.delay(engagement_id=engagement.pk, to_status=engagement.status)


@transaction.atomic
def engagement_invite(
    *, enterprise: Enterprise, consultant: Consultant, invited_by: User
) -> Engagement:
    """A member of the enterprise invites an accredited consultant (one open invitation or
    engagement per pair)."""
    if not is_active_member(invited_by, enterprise.pk):
        raise refuse(NOT_A_MEMBER)
    if not _is_accredited(consultant):
        raise refuse(NOT_ACCREDITED)
    refuse_consultant_if_member(consultant.user, enterprise.pk)
    open_states = [Engagement.Status.INVITED, Engagement.Status.ACTIVE]
    if Engagement.objects.filter(
        enterprise=enterprise, consultant=consultant, status__in=open_states
    ).exists():
        raise refuse(ALREADY_ENGAGED)
    engagement = Engagement.objects.create(
        enterprise=enterprise, consultant=consultant, invited_by=invited_by
    )
    _queue_notifications(engagement)
    return engagement


@transaction.atomic
def engagement_accept(
    *, engagement: Engagement, user: User, not_insured_employee: bool, not_member_unit: bool
) -> Engagement:
    """The invited consultant declares independence (DOMAIN.md §3: not an insured employee of
    the enterprise, not a member unit of it) and accepts; the accreditation must still hold."""
    engagement = _locked(engagement)
    if engagement.consultant.user_id != user.pk:
        raise refuse(NOT_YOURS)
    if engagement.status != Engagement.Status.INVITED:
        raise refuse(WRONG_STATE)
    if not (not_insured_employee and not_member_unit):
        raise refuse(INDEPENDENCE_REQUIRED)
    # The declaration is the consultant's word; membership is a fact the portal knows.
    refuse_if_conflicted(user, engagement.enterprise_id, Duty.ENGAGE)
    if not _is_accredited(engagement.consultant):
        raise refuse(NOT_ACCREDITED)
    now = timezone.now()
    engagement.status = Engagement.Status.ACTIVE
    engagement.independence_declared_at = now
    engagement.responded_at = now
    engagement.save(update_fields=["status", "independence_declared_at", "responded_at"])
    _queue_notifications(engagement)
    return engagement


@transaction.atomic
def engagement_decline(*, engagement: Engagement, user: User) -> Engagement:
    engagement = _locked(engagement)
    if engagement.consultant.user_id != user.pk:
        raise refuse(NOT_YOURS)
    if engagement.status != Engagement.Status.INVITED:
        raise refuse(WRONG_STATE)
    engagement.status = Engagement.Status.DECLINED
    engagement.responded_at = timezone.now()
    engagement.save(update_fields=["status", "responded_at"])
    _queue_notifications(engagement)
    return engagement


@transaction.atomic
def engagement_end(*, engagement: Engagement, user: User, reason: str = "") -> Engagement:
    """Either side ends an invitation or an engagement; access stops at once."""
    engagement = _locked(engagement)
    is_consultant = engagement.consultant.user_id == user.pk
    if not (is_consultant or is_active_member(user, engagement.enterprise_id)):
        raise refuse(NOT_YOURS)
    if engagement.status not in (Engagement.Status.INVITED, Engagement.Status.ACTIVE):
        raise refuse(WRONG_STATE)
    engagement.status = Engagement.Status.ENDED
    engagement.ended_by = user
    engagement.ended_at = timezone.now()
    engagement.end_reason = reason
    engagement.save(update_fields=["status", "ended_by", "ended_at", "end_reason"])
    _queue_notifications(engagement)
    return engagement
