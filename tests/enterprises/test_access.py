"""Who sees which enterprise (enterprises/access.py): one condition per role, unioned."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from enterprises.access import can_view_enterprise, visible_enterprises
from enterprises.models import Accreditation, Engagement, Membership, Province

from ..factories import (
    AccreditationFactory,
    EngagementFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Two enterprises in Vĩnh Long (86), one in Đồng Nai (75)."""
    vinh_long = Province.objects.get(code=86)
    dong_nai = Province.objects.get(code=75)
    return {
        "vl1": EnterpriseFactory(province=vinh_long),
        "vl2": EnterpriseFactory(province=vinh_long),
        "dn1": EnterpriseFactory(province=dong_nai),
    }


def names(user, world) -> set[str]:
    by_pk = {e.pk: key for key, e in world.items()}
    return {
        by_pk[pk] for pk in visible_enterprises(user).values_list("pk", flat=True) if pk in by_pk
    }


def test_anonymous_sees_nothing(world):
    assert names(AnonymousUser(), world) == set()


def test_a_user_without_a_role_sees_nothing(world):
    assert names(UserFactory(), world) == set()


def test_an_inactive_superuser_sees_nothing(world):
    assert names(UserFactory(is_superuser=True, is_active=False), world) == set()


def test_system_administrator_sees_every_enterprise(world):
    assert names(UserFactory(is_superuser=True), world) == {"vl1", "vl2", "dn1"}


def test_ministry_reviewer_sees_every_enterprise(world):
    assert names(MinistryReviewerFactory().user, world) == {"vl1", "vl2", "dn1"}


def test_province_officer_sees_only_their_province(world):
    officer = ProvinceOfficerFactory(province=Province.objects.get(code=86))
    assert names(officer.user, world) == {"vl1", "vl2"}
    assert not can_view_enterprise(officer.user, world["dn1"])


def test_member_sees_only_their_enterprise_while_active(world):
    membership = MembershipFactory(enterprise=world["vl1"])
    assert names(membership.user, world) == {"vl1"}

    membership.status = Membership.Status.REMOVED
    membership.save()
    assert names(membership.user, world) == set()


def test_pending_join_request_gives_no_access(world):
    membership = MembershipFactory(
        enterprise=world["vl1"], role=Membership.Role.STAFF, status=Membership.Status.PENDING
    )
    assert names(membership.user, world) == set()


def test_consultant_sees_only_clients_with_an_active_engagement(world):
    accreditation = AccreditationFactory()
    consultant = accreditation.consultant
    EngagementFactory(consultant=consultant, enterprise=world["vl1"])
    EngagementFactory(
        consultant=consultant,
        enterprise=world["dn1"],
        status=Engagement.Status.INVITED,
        independence_declared_at=None,
    )
    EngagementFactory(
        consultant=consultant, enterprise=world["vl2"], status=Engagement.Status.ENDED
    )

    assert names(consultant.user, world) == {"vl1"}


@pytest.mark.parametrize(
    ("status", "valid_for_days"),
    [
        (Accreditation.Status.APPROVED, -1),  # expired yesterday
        (Accreditation.Status.PENDING, 365),
        (Accreditation.Status.REVOKED, 365),
    ],
    ids=["expired", "not-yet-approved", "revoked"],
)
def test_consultant_without_a_valid_accreditation_loses_access(world, status, valid_for_days):
    accreditation = AccreditationFactory(
        status=status, valid_until=timezone.localdate() + datetime.timedelta(days=valid_for_days)
    )
    EngagementFactory(consultant=accreditation.consultant, enterprise=world["vl1"])

    assert names(accreditation.consultant.user, world) == set()


def test_accreditation_valid_until_today_still_counts(world):
    accreditation = AccreditationFactory(valid_until=timezone.localdate())
    EngagementFactory(consultant=accreditation.consultant, enterprise=world["vl1"])

    assert names(accreditation.consultant.user, world) == {"vl1"}


def test_a_person_with_two_roles_sees_the_union(world):
    officer = ProvinceOfficerFactory(province=Province.objects.get(code=75))
    MembershipFactory(user=officer.user, enterprise=world["vl1"])

    assert names(officer.user, world) == {"vl1", "dn1"}


def test_listing_is_one_query_whatever_the_roles(world, django_assert_num_queries):
    officer = ProvinceOfficerFactory()
    MembershipFactory(user=officer.user, enterprise=world["dn1"])
    accreditation = AccreditationFactory(consultant__user=officer.user)
    EngagementFactory(consultant=accreditation.consultant, enterprise=world["vl2"])
    for _ in range(5):
        EnterpriseFactory()

    with django_assert_num_queries(1):
        visible = list(visible_enterprises(officer.user))

    assert len(visible) == len(set(visible))  # no duplicates from the joins
