"""Separation of duties on the enterprise side (issue 10, item 4): a member is never the
enterprise's consultant (not invited, not accepted), its consultant does not become a member,
and its province stays while an assessment is with the reviewers — on the profile page, in the
service, in the admin. Each refusal says why, in Vietnamese and English."""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from enterprises.duties import enterprise_province_change_check
from enterprises.models import Engagement, Enterprise, Membership, Province
from enterprises.services import (
    engagement_accept,
    engagement_end,
    engagement_invite,
    enterprise_update,
    membership_decide,
)

from ..factories import (
    AccreditationFactory,
    AssessmentFactory,
    EngagementFactory,
    MembershipFactory,
    UserFactory,
)
from ..refusals import refused

pytestmark = pytest.mark.django_db
State = Assessment.State

CONSULTANT_IS_MEMBER = "Chuyên gia này là thành viên của doanh nghiệp nên không thể làm tư vấn"
MEMBER_ACCEPTING = "Bạn là thành viên của doanh nghiệp này nên không thể nhận làm chuyên gia"
CONSULTANT_JOINING = "Người này đang là chuyên gia tư vấn của doanh nghiệp nên không thể"
PROVINCE_LOCKED = "Không thể đổi tỉnh/thành khi hồ sơ đánh giá của doanh nghiệp đang được"


@pytest.fixture
def staff_consultant(owner):
    """An accredited consultant who is also a staff member of the owner's enterprise."""
    consultant = AccreditationFactory().consultant
    MembershipFactory(user=consultant.user, enterprise=owner.enterprise, role=Membership.Role.STAFF)
    return consultant


# --- a member is not the enterprise's consultant -------------------------------------------


def test_a_member_cannot_be_invited_as_the_consultant(owner, staff_consultant):
    with refused("consultant_is_member"):
        engagement_invite(
            enterprise=owner.enterprise, consultant=staff_consultant, invited_by=owner.user
        )
    assert not Engagement.objects.exists()


def test_the_invite_form_says_why(client, owner, staff_consultant):
    client.force_login(owner.user)

    response = client.post(
        f"/enterprises/{owner.enterprise.pk}/invite/", {"consultant": staff_consultant.user.email}
    )

    assert response.status_code == 400
    assert CONSULTANT_IS_MEMBER in response.content.decode()
    assert not Engagement.objects.exists()


def test_an_independent_consultant_is_still_invited(owner):
    consultant = AccreditationFactory().consultant
    engagement = engagement_invite(
        enterprise=owner.enterprise, consultant=consultant, invited_by=owner.user
    )
    assert engagement.status == Engagement.Status.INVITED


def test_a_member_cannot_accept_an_invitation_to_consult(client, owner, staff_consultant):
    """Invited before joining (or by hand): the declaration is their word, membership a fact."""
    engagement = EngagementFactory(
        enterprise=owner.enterprise,
        consultant=staff_consultant,
        invited_by=owner.user,
        status=Engagement.Status.INVITED,
        independence_declared_at=None,
    )
    with refused("member_conflict"):
        engagement_accept(
            engagement=engagement,
            user=staff_consultant.user,
            not_insured_employee=True,
            not_member_unit=True,
        )

    client.force_login(staff_consultant.user)
    response = client.post(
        f"/engagements/{engagement.pk}/",
        {"decision": "accept", "not_insured_employee": "on", "not_member_unit": "on"},
    )
    assert response.status_code == 400
    assert MEMBER_ACCEPTING in response.content.decode()
    engagement.refresh_from_db()
    assert engagement.status == Engagement.Status.INVITED


def test_the_accept_refusal_is_in_english(client, owner, staff_consultant):
    engagement = EngagementFactory(
        enterprise=owner.enterprise,
        consultant=staff_consultant,
        invited_by=owner.user,
        status=Engagement.Status.INVITED,
        independence_declared_at=None,
    )
    client.force_login(staff_consultant.user)
    client.cookies["django_language"] = "en"  # chosen with the language selector

    response = client.post(
        f"/engagements/{engagement.pk}/",
        {"decision": "accept", "not_insured_employee": "on", "not_member_unit": "on"},
    )

    assert "so you cannot accept to be its independent consultant" in response.content.decode()


# --- the consultant does not become a member ------------------------------------------------


@pytest.mark.parametrize("status", [Engagement.Status.INVITED, Engagement.Status.ACTIVE])
def test_the_enterprises_consultant_cannot_become_a_member(client, owner, status):
    consultant = AccreditationFactory().consultant
    engagement = EngagementFactory(
        enterprise=owner.enterprise, consultant=consultant, invited_by=owner.user, status=status
    )
    request = MembershipFactory(
        user=consultant.user,
        enterprise=owner.enterprise,
        role=Membership.Role.STAFF,
        status=Membership.Status.PENDING,
    )

    with refused("consultant_joining"):
        membership_decide(membership=request, by=owner.user, approve=True)
    client.force_login(owner.user)
    response = client.post(
        f"/enterprises/{owner.enterprise.pk}/members/{request.pk}/decide/",
        {"decision": "approve"},
        follow=True,
    )
    assert CONSULTANT_JOINING in response.content.decode()
    request.refresh_from_db()
    assert request.status == Membership.Status.PENDING

    # Rejecting is always possible; once the engagement has ended, joining is too.
    engagement_end(engagement=engagement, user=owner.user)
    membership_decide(membership=request, by=owner.user, approve=True)
    request.refresh_from_db()
    assert request.status == Membership.Status.ACTIVE


# --- the province stays while an assessment is with the reviewers --------------------------


def profile(enterprise, **changes):
    return {
        "kind": enterprise.kind,
        "name_vi": enterprise.name_vi,
        "province": enterprise.province_id,
        "sector_section": enterprise.sector_section,
        "employees": 5,
        "annual_revenue": 1_000_000_000,
        **changes,
    }


@pytest.fixture
def dong_nai(db):
    return Province.objects.get(code=75)


@pytest.mark.parametrize(
    "state",
    [
        State.SUBMITTED,
        State.CONSULTANT_ASSESSING,
        State.PROVINCE_REVIEW,
        State.PROVINCE_APPROVED,
        State.MINISTRY_APPRAISAL,
    ],
)
def test_a_member_cannot_move_the_enterprise_mid_review(
    client, sme_framework, owner, dong_nai, state
):
    enterprise = owner.enterprise
    AssessmentFactory(enterprise=enterprise, state=state)
    client.force_login(owner.user)

    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        profile(enterprise, province=dong_nai.pk, name_vi="Tên mới"),
    )

    assert response.status_code == 400
    assert PROVINCE_LOCKED in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.province.code == 86
    assert enterprise.name_vi != "Tên mới"


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED, State.APPRAISED])
def test_the_province_may_change_when_no_assessment_is_under_review(
    client, sme_framework, owner, dong_nai, state
):
    enterprise = owner.enterprise
    AssessmentFactory(enterprise=enterprise, state=state)
    client.force_login(owner.user)

    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/", profile(enterprise, province=dong_nai.pk)
    )

    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.province == dong_nai


def test_other_fields_may_change_mid_review(client, sme_framework, owner):
    enterprise = owner.enterprise
    AssessmentFactory(enterprise=enterprise, state=State.PROVINCE_REVIEW)
    client.force_login(owner.user)

    response = client.post(f"/enterprises/{enterprise.pk}/edit/", profile(enterprise, employees=40))

    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.employees == 40


def test_the_service_refuses_the_move_whatever_the_caller_checked(sme_framework, owner, dong_nai):
    """enterprise_update is the last word (a submission may cross a form's check)."""
    enterprise = Enterprise.objects.get(pk=owner.enterprise.pk)
    AssessmentFactory(enterprise=enterprise, state=State.SUBMITTED)
    enterprise.province = dong_nai

    with refused("province_locked"):
        enterprise_update(enterprise=enterprise)
    with refused("province_locked"):
        enterprise_province_change_check(enterprise, dong_nai.pk)
    assert Enterprise.objects.get(pk=enterprise.pk).province.code == 86
    # The same province, or a new enterprise, passes.
    enterprise_province_change_check(enterprise, owner.enterprise.province_id)
    enterprise_province_change_check(Enterprise(), dong_nai.pk)


def test_the_admin_cannot_move_the_enterprise_mid_review(client, sme_framework, owner, dong_nai):
    enterprise = owner.enterprise
    AssessmentFactory(enterprise=enterprise, state=State.MINISTRY_APPRAISAL)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data.update({"province": dong_nai.pk, "ward": ""})
    data.update(
        {
            "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0,
            "memberships-MIN_NUM_FORMS": 0,
            "memberships-MAX_NUM_FORMS": 1000,
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert PROVINCE_LOCKED in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.province.code == 86


def test_the_api_offers_no_way_to_edit_an_enterprise(client, owner, dong_nai):
    """The enterprises API is read-only, so it cannot move one either."""
    client.force_login(owner.user)
    url = f"/api/v1/enterprises/{owner.enterprise.pk}/"

    for method in (client.put, client.patch):
        response = method(url, {"province": dong_nai.pk}, content_type="application/json")
        assert response.status_code == 405
    owner.enterprise.refresh_from_db()
    assert owner.enterprise.province.code == 86
