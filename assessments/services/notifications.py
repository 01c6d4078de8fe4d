"""Who hears about a step of the review chain, in the inbox and by email (never the person who
took it). Idempotent: one notification per person per event, so a retried task sends nothing
twice."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from enterprises.access import active_accreditations
from enterprises.models import Engagement, Membership, MinistryReviewer, ProvinceOfficer, User
from notifications.emails import email_queue
from notifications.models import Notification
from notifications.services import notifications_create

from ..models import Assessment, AuditEntry
from ..workflow import TRANSITIONS

State = Assessment.State


def step_of(entry: AuditEntry) -> str:
    """The name of the step an audit row records (``workflow.TRANSITIONS``, or "return")."""
    if entry.to_state == State.RETURNED:
        return "return"
    return next(
        (
            name
            for name, (sources, target, _column) in TRANSITIONS.items()
            if target == entry.to_state and entry.from_state in sources
        ),
        "",
    )


def recipients(entry: AuditEntry) -> set[int]:
    """User ids to tell about a step (never the person who took it): whoever must act next, and
    the enterprise's members, who follow their file. Reviewers who are members of the
    enterprise cannot act on it (``enterprises.duties``) and are told only as members.

    * submit: the consultant engaged (active engagement, accreditation in force) — the file is
      theirs first —, else the province's assessors;
    * consultant_finish: the province's assessors (the file reaches the province);
    * province_approve: the ministry's appraisers;
    * ministry_appraise: the ministry's issuers (a certificate to issue) and the members;
    * return: the members, who must correct it (the comment is in the entry);
    * the other steps (a reviewer starts): the members."""
    assessment = entry.assessment
    member_ids = Membership.objects.filter(
        enterprise_id=assessment.enterprise_id, status=Membership.Status.ACTIVE
    ).values("user_id")
    members = Q(pk__in=member_ids)
    engaged = Engagement.objects.filter(
        enterprise_id=assessment.enterprise_id,
        status=Engagement.Status.ACTIVE,
        consultant__in=active_accreditations().values("consultant_id"),
    ).values("consultant__user_id")
    consultants = Q(pk__in=engaged)
    assessors = Q(
        pk__in=ProvinceOfficer.objects.filter(
            province_id=assessment.enterprise.province_id, can_assess=True
        ).values("user_id")
    )
    appraisers = Q(pk__in=MinistryReviewer.objects.filter(can_appraise=True).values("user_id"))
    issuers = Q(pk__in=MinistryReviewer.objects.filter(can_issue=True).values("user_id"))
    step = step_of(entry)
    if step == "submit":
        has_consultant = User.objects.filter(consultants, is_active=True).exists()
        audience = (consultants if has_consultant else assessors) & ~members
    elif step == "consultant_finish":
        audience = (assessors & ~members) | members
    elif step == "province_approve":
        audience = (appraisers & ~members) | members
    elif step == "ministry_appraise":
        audience = (issuers & ~members) | members
    elif step:
        audience = members
    else:
        return set()
    ids = set(User.objects.filter(audience, is_active=True).values_list("pk", flat=True))
    return ids - {entry.actor_id}


@transaction.atomic
def transition_notify(*, audit_entry_id: int, base_url: str) -> int:
    """Create the inbox entries for a transition and email each new recipient; returns how many
    were new (0 when the task runs again)."""
    entry = AuditEntry.objects.select_related("assessment__enterprise").get(pk=audit_entry_id)
    new = notifications_create(
        recipient_ids=recipients(entry),
        kind=Notification.Kind.TRANSITION,
        assessment_id=entry.assessment_id,
        event_id=entry.pk,
    )
    new_ids = [n.recipient_id for n in new]
    link = base_url.rstrip("/") + reverse("assessment", args=[entry.assessment_id])
    for email in User.objects.filter(pk__in=new_ids).values_list("email", flat=True):
        email_queue(
            to=email,
            template="transition",
            context={"entry": entry, "assessment": entry.assessment, "link": link},
        )
    return len(new_ids)
