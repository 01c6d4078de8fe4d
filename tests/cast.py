"""One shared cast for the tests (registered in tests/conftest.py): an enterprise in Vĩnh Long
(86) and everyone around it, each built by the factories in tests/factories.py only when a test
asks for them.

=========================  =====================================================================
fixture                    who
=========================  =====================================================================
``enterprise``             an enterprise in Vĩnh Long
``owner``                  the enterprise owner's active membership (``.user``, ``.enterprise``)
``staff_member``           a user who is an active staff member of ``enterprise``
``consultant``             an accredited consultant (a ``Consultant``) the enterprise engaged
``free_consultant``        an accredited consultant nobody has engaged yet
``province_officer``       a Vĩnh Long officer who may assess and approve
``province_assessor``      a Vĩnh Long officer who may assess but not approve
``other_province_officer`` a Đồng Nai (75) officer who may approve (not the enterprise's province)
``ministry_reviewer``      a ministry reviewer who appraises but does not issue
``stranger``               a signed-up user with no role
``assessment``             the enterprise's 2026 assessment, a draft started by the owner
``assessment_in``          ``assessment_in(state, period=2026)``: another of its assessments
=========================  =====================================================================

A module that names its people differently maps them in a small fixture of its own (see
``world`` in tests/assessments/test_transitions.py)."""

from collections.abc import Callable

import pytest

from assessments.models import Assessment
from enterprises.models import Consultant, Enterprise, Membership, Province, User
from enterprises.services import divisions_load

from .factories import (
    AccreditationFactory,
    AssessmentFactory,
    EngagementFactory,
    EnterpriseFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
    UserFactory,
)

VINH_LONG = 86
DONG_NAI = 75


@pytest.fixture
def places(db) -> None:
    """The provinces and wards (reloaded if a browser test flushed the database)."""
    if not Province.objects.exists():
        divisions_load()


@pytest.fixture
def enterprise(places) -> Enterprise:
    return EnterpriseFactory(province=Province.objects.get(code=VINH_LONG))


@pytest.fixture
def owner(enterprise) -> Membership:
    return MembershipFactory(enterprise=enterprise, role=Membership.Role.OWNER)


@pytest.fixture
def staff_member(enterprise) -> User:
    return MembershipFactory(enterprise=enterprise, role=Membership.Role.STAFF).user


@pytest.fixture
def consultant(owner) -> Consultant:
    consultant = AccreditationFactory().consultant
    EngagementFactory(consultant=consultant, enterprise=owner.enterprise, invited_by=owner.user)
    return consultant


@pytest.fixture
def free_consultant(places) -> Consultant:
    return AccreditationFactory().consultant


@pytest.fixture
def province_officer(enterprise) -> User:
    return ProvinceOfficerFactory(province=enterprise.province, can_approve=True).user


@pytest.fixture
def province_assessor(enterprise) -> User:
    return ProvinceOfficerFactory(province=enterprise.province).user


@pytest.fixture
def other_province_officer(places) -> User:
    return ProvinceOfficerFactory(
        province=Province.objects.get(code=DONG_NAI), can_approve=True
    ).user


@pytest.fixture
def ministry_reviewer(places) -> User:
    return MinistryReviewerFactory().user


@pytest.fixture
def stranger(db) -> User:
    return UserFactory()


@pytest.fixture
def assessment_in(owner, sme_framework) -> Callable[..., Assessment]:
    """Make one of the enterprise's assessments in ``state`` (created by the owner)."""

    def make(state: str = Assessment.State.DRAFT, *, period: int = 2026) -> Assessment:
        return AssessmentFactory(
            enterprise=owner.enterprise, created_by=owner.user, state=state, period=period
        )

    return make


@pytest.fixture
def assessment(assessment_in) -> Assessment:
    return assessment_in(Assessment.State.DRAFT)
