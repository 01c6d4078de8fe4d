"""Engaging a consultant: invitation, independence declaration, accreditation, ending."""

import datetime

import pytest
from django.utils import timezone

from enterprises.access import can_view_enterprise
from enterprises.models import Accreditation, Engagement, Membership
from enterprises.services import (
    engagement_accept,
    engagement_decline,
    engagement_end,
    engagement_invite,
)

from ..factories import AccreditationFactory, MembershipFactory, UserFactory
from ..refusals import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant(free_consultant):
    """Here the consultant is yet to be invited: the shared cast's ``free_consultant``; the owner
    is the cast's (tests/cast.py)."""
    return free_consultant


def invite(owner, consultant):
    return engagement_invite(
        enterprise=owner.enterprise, consultant=consultant, invited_by=owner.user
    )


def test_invitation_then_acceptance_with_independence_gives_access(owner, consultant):
    engagement = invite(owner, consultant)
    assert engagement.status == Engagement.Status.INVITED
    assert not can_view_enterprise(consultant.user, owner.enterprise)

    engagement_accept(
        engagement=engagement, user=consultant.user, not_insured_employee=True, not_member_unit=True
    )

    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ACTIVE
    assert engagement.independence_declared_at is not None
    assert engagement.invited_by == owner.user
    assert can_view_enterprise(consultant.user, owner.enterprise)


@pytest.mark.parametrize(
    ("not_insured_employee", "not_member_unit"), [(False, True), (True, False), (False, False)]
)
def test_acceptance_without_the_full_independence_declaration_is_refused(
    owner, consultant, not_insured_employee, not_member_unit
):
    engagement = invite(owner, consultant)
    with refused("independence_required"):
        engagement_accept(
            engagement=engagement,
            user=consultant.user,
            not_insured_employee=not_insured_employee,
            not_member_unit=not_member_unit,
        )
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.INVITED


@pytest.mark.parametrize(
    ("status", "valid_for_days"),
    [(Accreditation.Status.APPROVED, -1), (Accreditation.Status.PENDING, 365)],
    ids=["expired", "unapproved"],
)
def test_a_consultant_without_valid_accreditation_cannot_be_invited(owner, status, valid_for_days):
    consultant = AccreditationFactory(
        status=status, valid_until=timezone.localdate() + datetime.timedelta(days=valid_for_days)
    ).consultant
    with refused("not_accredited"):
        invite(owner, consultant)
    assert not Engagement.objects.exists()


def test_accreditation_expiring_before_acceptance_blocks_it(owner, consultant):
    engagement = invite(owner, consultant)
    consultant.accreditations.update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    with refused("not_accredited"):
        engagement_accept(
            engagement=engagement,
            user=consultant.user,
            not_insured_employee=True,
            not_member_unit=True,
        )


def test_only_an_active_member_may_invite(owner, consultant):
    stranger = UserFactory()
    pending = MembershipFactory(
        enterprise=owner.enterprise, role=Membership.Role.STAFF, status=Membership.Status.PENDING
    )
    for user in (stranger, pending.user):
        with refused("not_a_member"):
            engagement_invite(enterprise=owner.enterprise, consultant=consultant, invited_by=user)


def test_a_second_open_invitation_to_the_same_consultant_is_refused(owner, consultant):
    invite(owner, consultant)
    with refused("already_engaged"):
        invite(owner, consultant)


def test_only_the_invited_consultant_may_accept_or_decline(owner, consultant):
    engagement = invite(owner, consultant)
    other = AccreditationFactory().consultant
    with refused("not_yours"):
        engagement_accept(
            engagement=engagement, user=other.user, not_insured_employee=True, not_member_unit=True
        )
    with refused("not_yours"):
        engagement_decline(engagement=engagement, user=owner.user)


def test_declined_invitation_can_be_followed_by_a_new_one(owner, consultant):
    engagement_decline(engagement=invite(owner, consultant), user=consultant.user)
    assert invite(owner, consultant).status == Engagement.Status.INVITED


@pytest.mark.parametrize("side", ["enterprise", "consultant"])
def test_either_side_can_end_and_access_stops_at_once(owner, consultant, side):
    engagement = invite(owner, consultant)
    engagement_accept(
        engagement=engagement, user=consultant.user, not_insured_employee=True, not_member_unit=True
    )
    by = owner.user if side == "enterprise" else consultant.user

    engagement_end(engagement=engagement, user=by, reason="Hết hợp đồng")

    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.ENDED
    assert engagement.ended_by == by
    assert engagement.ended_at is not None
    assert engagement.end_reason == "Hết hợp đồng"
    assert not can_view_enterprise(consultant.user, owner.enterprise)


def test_a_stranger_cannot_end_an_engagement(owner, consultant):
    engagement = invite(owner, consultant)
    with refused("not_yours"):
        engagement_end(engagement=engagement, user=UserFactory())


def test_an_ended_engagement_cannot_be_accepted(owner, consultant):
    engagement = invite(owner, consultant)
    engagement_end(engagement=engagement, user=owner.user)
    with refused("wrong_state"):
        engagement_accept(
            engagement=engagement,
            user=consultant.user,
            not_insured_employee=True,
            not_member_unit=True,
        )
