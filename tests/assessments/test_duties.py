"""Separation of duties in the review chain (issue 10, item 4): a member of an enterprise who is
also its province officer, ministry reviewer or consultant takes no reviewer step on it and rates
no reviewer column of it — not through the page, the autosave, the whole-form post or the API —
and is told why (vi/en); as a member they still self-assess. Independent reviewers keep working.

The world: enterprise E in Vĩnh Long with its owner; a Vĩnh Long officer who may assess and
approve and is also E's staff member; an independent Vĩnh Long approver; a ministry reviewer
(appraise and issue) who is also E's staff member; an independent ministry reviewer."""

import pytest

from assessments.forms import field_name
from assessments.models import Assessment, AuditEntry, Column, Rating
from assessments.services import assessment_return, assessment_transition, rating_save
from assessments.vocabulary import IN_REVIEW_STATES
from assessments.workflow import RETURNABLE_BY
from enterprises.duties import in_review_states
from enterprises.models import Membership

from ..factories import (
    AccreditationFactory,
    EngagementFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
)
from ..refusals import refused

pytestmark = pytest.mark.django_db
State = Assessment.State

PROVINCE_REFUSAL = "Bạn là thành viên của doanh nghiệp này nên không thể đánh giá, phê duyệt"
MINISTRY_REFUSAL = "Bạn là thành viên của doanh nghiệp này nên không thể thẩm định"
CONSULTANT_REFUSAL = "Bạn là thành viên của doanh nghiệp này nên không thể đánh giá hồ sơ"


@pytest.fixture
def world(assessment, owner, province_officer, ministry_reviewer):
    """The shared cast (tests/cast.py), with an officer and a reviewer who are also E's staff."""
    enterprise = owner.enterprise

    def staff_of_e(user):
        MembershipFactory(user=user, enterprise=enterprise, role=Membership.Role.STAFF)
        return user

    people = {
        "owner": owner.user,
        "officer_member": staff_of_e(
            ProvinceOfficerFactory(province=enterprise.province, can_approve=True).user
        ),
        "officer": province_officer,
        "reviewer_member": staff_of_e(MinistryReviewerFactory(can_issue=True).user),
        "reviewer": ministry_reviewer,
    }
    return assessment, people


def in_state(assessment, state):
    Assessment.objects.filter(pk=assessment.pk).update(state=state)
    assessment.refresh_from_db()
    return assessment


def step_page(client, assessment, name, **extra):
    return client.post(f"/assessments/{assessment.pk}/step/", {"step": name, **extra})


def step_api(client, assessment, name, **headers):
    body = {"name": name, "comment": "Nhận xét"}
    return client.post(
        f"/api/v1/assessments/{assessment.pk}/transitions/",
        body,
        content_type="application/json",
        **headers,
    )


def rate_api(client, assessment, column, code="1.1.1", level=3):
    return client.put(
        f"/api/v1/assessments/{assessment.pk}/ratings/{code}/",
        {"column": column, "level": level, "version": 0, "reason": "Điều chỉnh"},
        content_type="application/json",
    )


def rate_page(client, assessment, code="1.1.1", level=3):
    data = {field_name(code): str(level), "r-" + code: "Điều chỉnh"}
    return client.post(f"/assessments/{assessment.pk}/ratings/{code}/", data)


def assert_untouched(assessment, state):
    assessment.refresh_from_db()
    assert assessment.state == state
    assert not AuditEntry.objects.filter(assessment=assessment).exists()


# --- the province ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "name"),
    [
        (State.SUBMITTED, "province_start"),
        (State.PROVINCE_REVIEW, "province_approve"),
        (State.SUBMITTED, "return"),
        (State.PROVINCE_REVIEW, "return"),
    ],
)
def test_an_officer_who_is_a_member_takes_no_province_step_on_the_page(client, world, state, name):
    assessment, people = world
    in_state(assessment, state)
    client.force_login(people["officer_member"])

    response = step_page(client, assessment, name, comment="Thiếu minh chứng")

    assert response.status_code == 403
    assert PROVINCE_REFUSAL in response.content.decode()
    assert_untouched(assessment, state)


@pytest.mark.parametrize(
    ("state", "name"),
    [
        (State.SUBMITTED, "province_start"),
        (State.PROVINCE_REVIEW, "province_approve"),
        (State.PROVINCE_REVIEW, "return"),
    ],
)
def test_an_officer_who_is_a_member_takes_no_province_step_through_the_api(
    client, world, state, name
):
    assessment, people = world
    in_state(assessment, state)
    client.force_login(people["officer_member"])

    response = step_api(client, assessment, name)

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "member_conflict"
    assert error["message"].startswith(PROVINCE_REFUSAL)
    assert_untouched(assessment, state)


def test_the_refusal_is_in_english_for_an_english_client(client, world):
    assessment, people = world
    in_state(assessment, State.PROVINCE_REVIEW)
    client.force_login(people["officer_member"])

    response = step_api(client, assessment, "province_approve", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 403
    assert response.json()["error"]["message"].startswith(
        "You are a member of this enterprise, so you cannot"
    )


def test_an_officer_who_is_a_member_rates_no_province_criterion(client, world):
    assessment, people = world
    in_state(assessment, State.PROVINCE_REVIEW)
    client.force_login(people["officer_member"])

    by_api = rate_api(client, assessment, Column.PROVINCE)
    by_autosave = rate_page(client, assessment)
    by_whole_form = client.post(
        f"/assessments/{assessment.pk}/", {"c-1.1.1": "3", field_name("1.1.1"): "3"}
    )

    assert by_api.status_code == 403
    assert by_api.json()["error"]["code"] == "member_conflict"
    for response in (by_autosave, by_whole_form):
        assert response.status_code == 403
        assert PROVINCE_REFUSAL in response.content.decode()
    assert not Rating.objects.filter(assessment=assessment).exists()
    with refused("member_conflict"):
        rating_save(
            assessment_id=assessment.pk,
            column=Column.PROVINCE,
            criterion_code="1.1.1",
            level=3,
            user=people["officer_member"],
        )


def test_the_page_offers_a_member_no_review_step_and_says_why(client, world):
    assessment, people = world
    in_state(assessment, State.PROVINCE_REVIEW)

    client.force_login(people["officer_member"])
    member_html = client.get(f"/assessments/{assessment.pk}/").content.decode()
    client.force_login(people["officer"])
    officer_html = client.get(f"/assessments/{assessment.pk}/").content.decode()

    assert 'data-step="province_approve"' not in member_html
    assert 'data-step="return"' not in member_html
    assert 'data-testid="duty-conflict"' in member_html
    assert PROVINCE_REFUSAL in member_html
    assert "(chỉ xem)" in member_html  # no column to fill in
    # The independent officer of the same province is offered the steps, without the notice.
    assert 'data-step="province_approve"' in officer_html
    assert 'data-step="return"' in officer_html
    assert 'data-testid="duty-conflict"' not in officer_html


def test_an_officer_who_is_a_member_still_self_assesses_and_submits(world):
    """The self column is theirs as a member; only the reviewer roles are refused."""
    assessment, people = world
    from .sme_reference import ALL_CODES

    for code in ALL_CODES:
        rating_save(
            assessment_id=assessment.pk,
            column=Column.SELF,
            criterion_code=code,
            level=2,
            user=people["officer_member"],
        )
    assessment_transition(assessment_id=assessment.pk, name="submit", user=people["officer_member"])

    assessment.refresh_from_db()
    assert assessment.state == State.SUBMITTED


def test_independent_officers_and_reviewers_take_the_chain_to_the_end(world):
    assessment, people = world
    in_state(assessment, State.SUBMITTED)

    for name, who in [
        ("province_start", "officer"),
        ("province_approve", "officer"),
        ("ministry_start", "reviewer"),
        ("ministry_appraise", "reviewer"),
    ]:
        assessment_transition(assessment_id=assessment.pk, name=name, user=people[who])

    assessment.refresh_from_db()
    assert assessment.state == State.APPRAISED


# --- the ministry ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "name"),
    [
        (State.PROVINCE_APPROVED, "ministry_start"),
        (State.MINISTRY_APPRAISAL, "ministry_appraise"),
        (State.MINISTRY_APPRAISAL, "return"),
    ],
)
def test_a_reviewer_who_is_a_member_takes_no_ministry_step(client, world, state, name):
    assessment, people = world
    in_state(assessment, state)
    client.force_login(people["reviewer_member"])

    page = step_page(client, assessment, name, comment="Thiếu minh chứng")
    api = step_api(client, assessment, name)

    assert page.status_code == 403
    assert MINISTRY_REFUSAL in page.content.decode()
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "member_conflict"
    assert_untouched(assessment, state)
    with refused("member_conflict"):
        if name == "return":
            assessment_return(
                assessment_id=assessment.pk, user=people["reviewer_member"], comment="x"
            )
        else:
            assessment_transition(
                assessment_id=assessment.pk, name=name, user=people["reviewer_member"]
            )


def test_a_reviewer_who_is_a_member_rates_no_ministry_criterion(client, world):
    assessment, people = world
    in_state(assessment, State.MINISTRY_APPRAISAL)
    client.force_login(people["reviewer_member"])

    api = rate_api(client, assessment, Column.MINISTRY)
    page = rate_page(client, assessment)

    assert api.status_code == 403
    assert api.json()["error"]["code"] == "member_conflict"
    assert page.status_code == 403
    assert MINISTRY_REFUSAL in page.content.decode()
    assert not Rating.objects.filter(assessment=assessment).exists()


# --- the consultant ----------------------------------------------------------------------


def test_a_consultant_who_is_a_member_does_not_assess(client, world):
    """Engagements refuse a member as consultant (tests/enterprises/test_duties.py); an
    engagement made before that rule, or by hand, still gives no consultant's column."""
    assessment, _people = world
    consultant = AccreditationFactory().consultant
    EngagementFactory(consultant=consultant, enterprise=assessment.enterprise)
    MembershipFactory(
        user=consultant.user, enterprise=assessment.enterprise, role=Membership.Role.STAFF
    )
    in_state(assessment, State.SUBMITTED)
    client.force_login(consultant.user)

    start = step_page(client, assessment, "consultant_start")
    assert start.status_code == 403
    assert CONSULTANT_REFUSAL in start.content.decode()

    in_state(assessment, State.CONSULTANT_ASSESSING)
    rate = rate_api(client, assessment, Column.CONSULTANT)
    assert rate.status_code == 403
    assert rate.json()["error"]["code"] == "member_conflict"
    assert not Rating.objects.filter(assessment=assessment).exists()


# --- the province stays during the review --------------------------------------------------


def test_the_enterprise_side_names_every_state_of_the_review():
    """enterprises.duties is told the in-review states (it may not import assessments): they
    are exactly the states a reviewer may return from, i.e. submitted and not yet appraised or
    returned."""
    assert in_review_states() == IN_REVIEW_STATES
    assert set(IN_REVIEW_STATES) == set(RETURNABLE_BY)
    assert set(IN_REVIEW_STATES) == set(State.values) - {
        State.DRAFT,
        State.RETURNED,
        State.APPRAISED,
    }
