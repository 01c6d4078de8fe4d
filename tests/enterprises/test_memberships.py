"""Registering an enterprise, asking to join one, and the ministry's accreditation decision."""

import pytest

from enterprises.access import can_view_enterprise
from enterprises.models import Accreditation, Enterprise, EnterpriseKind, Membership, Province
from enterprises.services import accreditation_decide, enterprise_register, membership_decide

from ..factories import (
    AccreditationFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)
from ..refusals import refused

pytestmark = pytest.mark.django_db


def new_enterprise(tax_code="0100109106") -> Enterprise:
    return Enterprise(
        tax_code=tax_code,
        name_vi="Công ty Cổ phần Dừa Bến Tre",
        kind=EnterpriseKind.ENTERPRISE,
        province=Province.objects.get(code=86),
        sector_section="C",
        employees=40,
        annual_revenue=30_000_000_000,
    )


def test_first_registrant_becomes_the_active_owner_and_size_is_set():
    user = UserFactory()
    registration = enterprise_register(user=user, enterprise=new_enterprise())

    assert not registration.joined_existing
    assert registration.membership.role == Membership.Role.OWNER
    assert registration.membership.status == Membership.Status.ACTIVE
    # Industry (C): 40 employees ≤ 100 and revenue 30 bn ≤ 50 bn, but > 10 employees → small.
    assert registration.enterprise.size_class == "small"
    assert can_view_enterprise(user, registration.enterprise)


def test_second_registrant_of_a_tax_code_asks_to_join_and_waits():
    enterprise_register(user=UserFactory(), enterprise=new_enterprise())
    second = UserFactory()

    registration = enterprise_register(user=second, enterprise=new_enterprise())

    assert registration.joined_existing
    assert registration.membership.status == Membership.Status.PENDING
    assert Enterprise.objects.filter(tax_code="0100109106").count() == 1
    assert not can_view_enterprise(second, registration.enterprise)


@pytest.mark.parametrize(("approve", "status"), [(True, "active"), (False, "rejected")])
def test_owner_decides_a_join_request(approve, status):
    owner = UserFactory()
    enterprise_register(user=owner, enterprise=new_enterprise())
    request = enterprise_register(user=UserFactory(), enterprise=new_enterprise()).membership

    decided = membership_decide(membership=request, by=owner, approve=approve)

    assert decided.status == status
    assert decided.decided_by == owner
    assert decided.decided_at is not None
    assert can_view_enterprise(request.user, request.enterprise) is approve


def test_only_the_owner_decides_a_join_request():
    owner = UserFactory()
    enterprise = enterprise_register(user=owner, enterprise=new_enterprise()).enterprise
    staff = MembershipFactory(enterprise=enterprise, role=Membership.Role.STAFF)
    request = enterprise_register(user=UserFactory(), enterprise=new_enterprise()).membership

    with refused("not_the_owner"):
        membership_decide(membership=request, by=staff.user, approve=True)


def test_a_decided_request_cannot_be_decided_again():
    owner = UserFactory()
    enterprise_register(user=owner, enterprise=new_enterprise())
    request = enterprise_register(user=UserFactory(), enterprise=new_enterprise()).membership
    membership_decide(membership=request, by=owner, approve=False)

    with refused("wrong_state"):
        membership_decide(membership=request, by=owner, approve=True)


@pytest.mark.parametrize(("approve", "status"), [(True, "approved"), (False, "rejected")])
def test_ministry_reviewer_decides_an_accreditation(approve, status):
    reviewer = MinistryReviewerFactory().user
    application = AccreditationFactory(status=Accreditation.Status.PENDING)

    decided = accreditation_decide(accreditation=application, by=reviewer, approve=approve)

    assert decided.status == status
    assert decided.decided_by == reviewer


def test_a_province_officer_cannot_decide_an_accreditation():
    application = AccreditationFactory(status=Accreditation.Status.PENDING)
    with refused("not_ministry"):
        accreditation_decide(
            accreditation=application, by=ProvinceOfficerFactory().user, approve=True
        )
    application.refresh_from_db()
    assert application.status == Accreditation.Status.PENDING
