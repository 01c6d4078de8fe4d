"""Separation of duties (issue 10): the rules that keep a reviewer independent of the enterprise
it reviews, checked by every service that acts for a reviewer, never only by the pages.

* A person who is an active member of an enterprise (``access.is_active_member``) does not act on
  it as its consultant, its province or the ministry: no rating in those columns, no review
  step, no certificate issued or revoked, no engagement as its consultant. They keep what they
  do as a member (the self column, submitting, the profile).
* The reverse: an enterprise's consultant (invited or engaged) does not become its member.
* An enterprise does not move to another province while one of its assessments is with the
  reviewers (submitted and not yet appraised or returned): the department reviewing it would
  change under the review.

Each refusal is a ``dbi_portal.refusals.Refusal`` with its own code (declared in ``errors``), so
pages and the API map it like the others.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import BooleanField, Exists, OuterRef, Value

from dbi_portal.refusals import refuse

from .access import active_memberships, is_active_member
from .errors import (
    CONSULTANT_IS_MEMBER,
    CONSULTANT_JOINING,
    MEMBER_CONFLICT,
    MEMBER_CONFLICT_MESSAGES,
    PROVINCE_LOCKED,
)
from .models import Engagement, Enterprise


class Duty:
    """What a member of an enterprise may not do to it (the refusal names it: the keys of
    ``errors.MEMBER_CONFLICT_MESSAGES``)."""

    CONSULTANT = "consultant"
    PROVINCE = "province"
    MINISTRY = "ministry"
    CERTIFY = "certify"
    ENGAGE = "engage"


def is_conflicted(user, enterprise_id: int) -> bool:
    """Whether ``user`` may not act on the enterprise as its consultant, province or ministry:
    they are one of its active members. The one test every reviewer action asks."""
    return is_active_member(user, enterprise_id)


def conflicted_expression(user, enterprise_field: str = "enterprise_id"):
    """``is_conflicted`` as a query expression over rows whose ``enterprise_field`` names the
    enterprise, so a page reads it with the row it loads anyway (no extra query). For what a
    page offers only: the services ask ``is_conflicted`` under their lock."""
    if not user.is_authenticated:
        return Value(False, output_field=BooleanField())
    return Exists(active_memberships(user).filter(enterprise_id=OuterRef(enterprise_field)))


def refuse_if_conflicted(user, enterprise_id: int, duty: str) -> None:
    """Raise MEMBER_CONFLICT, naming ``duty``, when ``user`` is a member of the enterprise."""
    if is_conflicted(user, enterprise_id):
        raise refuse(MEMBER_CONFLICT, MEMBER_CONFLICT_MESSAGES[duty])


def refuse_consultant_if_member(consultant_user, enterprise_id: int) -> None:
    """The enterprise side's refusal to engage a consultant who is one of its members."""
    if is_conflicted(consultant_user, enterprise_id):
        raise refuse(CONSULTANT_IS_MEMBER)


def refuse_joining_if_consultant(user_id: int, enterprise_id: int) -> None:
    """An enterprise's invited or engaged consultant may not become its member."""
    engaged = Engagement.objects.filter(
        consultant__user_id=user_id,
        enterprise_id=enterprise_id,
        status__in=(Engagement.Status.INVITED, Engagement.Status.ACTIVE),
    ).exists()
    if engaged:
        raise refuse(CONSULTANT_JOINING)


# The states of an assessment that is with the reviewers: after submission, until it is
# appraised or returned. enterprises sits below assessments and may not import it, so
# assessments declares them (``assessments.vocabulary.IN_REVIEW_STATES``) and hands them over
# when its app is ready (``assessments/apps.py``), before any request, task or command runs; the
# checks read them through the reverse relation ``Enterprise.assessments``.
_in_review: dict[str, frozenset[str]] = {}


def in_review_states_declare(states: Iterable[str]) -> None:
    """Called once by the assessments app with its in-review states."""
    _in_review["states"] = frozenset(states)


def in_review_states() -> frozenset[str]:
    """The in-review states declared by assessments (loudly missing if they were not)."""
    try:
        return _in_review["states"]
    except KeyError:
        raise ImproperlyConfigured(
            "assessments declares the in-review states in its AppConfig.ready()"
        ) from None


def provinces_held_under_review(enterprise_ids) -> dict[int, int]:
    """The stored province of each of ``enterprise_ids`` that has an assessment under review
    (and so may not move), by enterprise id: one query for a whole chunk of an import."""
    return dict(
        Enterprise.objects.filter(pk__in=enterprise_ids, assessments__state__in=in_review_states())
        .values_list("pk", "province_id")
        .distinct()
    )


def province_locked_message() -> str:
    return str(PROVINCE_LOCKED.message)


def enterprise_province_change_check(enterprise: Enterprise, new_province_id: int | None) -> None:
    """Refuse (PROVINCE_LOCKED) moving the stored ``enterprise`` to ``new_province_id`` while
    one of its assessments is under review. Compares with the province in the database, not on
    the instance (a form or an import may already have changed it): one query. A new
    enterprise, or an unchanged province, passes. For every path that edits an enterprise: the
    profile page, the admin, the import."""
    if enterprise.pk is None or new_province_id is None:
        return
    moving_under_review = (
        Enterprise.objects.filter(pk=enterprise.pk, assessments__state__in=in_review_states())
        .exclude(province_id=new_province_id)
        .exists()
    )
    if moving_under_review:
        raise refuse(PROVINCE_LOCKED)
