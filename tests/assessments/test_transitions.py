"""The review chain: every allowed step for its role, every other role and state refused, the
submission's list of missing criteria, returns with comments, and the audit of each step."""

import pytest

from assessments.errors import IncompleteAssessment
from assessments.models import Assessment, AuditEntry, Column, Rating
from assessments.services import (
    assessment_return,
    assessment_transition,
    rating_save,
)
from assessments.workflow import TRANSITIONS

from ..refusals import refused
from .sme_reference import ALL_CODES

pytestmark = pytest.mark.django_db
State = Assessment.State

# Who is expected to take each step (the roles).
ACTOR = {
    "submit": "owner",
    "consultant_start": "consultant",
    "consultant_finish": "consultant",
    "province_start": "approver",
    "province_approve": "approver",
    "ministry_start": "reviewer",
    "ministry_appraise": "reviewer",
}
ROLES = [
    "owner",
    "consultant",
    "approver",
    "assessor_only",
    "other_province",
    "reviewer",
    "stranger",
]


@pytest.fixture
def world(
    assessment,
    owner,
    consultant,
    province_officer,
    province_assessor,
    other_province_officer,
    ministry_reviewer,
    stranger,
):
    """The shared cast (tests/cast.py) under this module's role names."""
    users = {
        "owner": owner.user,
        "consultant": consultant.user,
        "approver": province_officer,
        "assessor_only": province_assessor,
        "other_province": other_province_officer,
        "reviewer": ministry_reviewer,
        "stranger": stranger,
    }
    return assessment, users


def fill_self(assessment, user):
    for code in ALL_CODES:
        rating_save(
            assessment_id=assessment.pk,
            column=Column.SELF,
            criterion_code=code,
            level=3,
            user=user,
            expected_version=0,
        )


def at_state(assessment, state):
    Assessment.objects.filter(pk=assessment.pk).update(state=state)


def step(assessment, name, user, comment=""):
    return assessment_transition(assessment_id=assessment.pk, name=name, user=user, comment=comment)


def test_submission_lists_every_missing_criterion(world):
    assessment, users = world
    rating_save(
        assessment_id=assessment.pk,
        column=Column.SELF,
        criterion_code="1.1.1",
        level=2,
        user=users["owner"],
        expected_version=0,
    )

    with pytest.raises(IncompleteAssessment) as caught:
        step(assessment, "submit", users["owner"])

    assert caught.value.missing == ALL_CODES[1:]
    assert "59" in str(caught.value.message)
    assessment.refresh_from_db()
    assert assessment.state == State.DRAFT


def test_the_whole_chain_through_the_province_and_the_ministry(world):
    assessment, users = world
    fill_self(assessment, users["owner"])
    for name in (
        "submit",
        "province_start",
        "province_approve",
        "ministry_start",
        "ministry_appraise",
    ):
        step(assessment, name, users[ACTOR[name]], comment=f"bước {name}")

    assessment.refresh_from_db()
    assert assessment.state == State.APPRAISED
    trail = list(
        AuditEntry.objects.filter(assessment=assessment, action="transition").values_list(
            "from_state", "to_state", "actor_id", "reason"
        )
    )
    assert [(f, t) for f, t, _a, _r in trail] == [
        ("draft", "submitted"),
        ("submitted", "province_review"),
        ("province_review", "province_approved"),
        ("province_approved", "ministry_appraisal"),
        ("ministry_appraisal", "appraised"),
    ]
    assert trail[1][2] == users["approver"].pk
    assert trail[4][3] == "bước ministry_appraise"


def test_the_consultant_path_leads_to_the_province(world):
    assessment, users = world
    at_state(assessment, State.SUBMITTED)
    step(assessment, "consultant_start", users["consultant"])
    step(assessment, "consultant_finish", users["consultant"])
    assessment.refresh_from_db()
    assert assessment.state == State.PROVINCE_REVIEW


def cases():
    for name, (sources, _target, _column) in TRANSITIONS.items():
        start = sorted(sources)[0]
        for role in ROLES:
            allowed = role == ACTOR[name] or (name == "province_start" and role == "assessor_only")
            yield pytest.param(name, start, role, allowed, id=f"{name}-as-{role}")


@pytest.mark.parametrize(("name", "start", "role", "allowed"), list(cases()))
def test_each_step_is_for_its_role_only(world, name, start, role, allowed):
    assessment, users = world
    if name == "submit":
        fill_self(assessment, users["owner"])
    at_state(assessment, start)

    if allowed:
        step(assessment, name, users[role])
        assessment.refresh_from_db()
        assert assessment.state == TRANSITIONS[name][1]
    else:
        with refused("not_your_step"):
            step(assessment, name, users[role])
        assessment.refresh_from_db()
        assert assessment.state == start


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_a_step_from_the_wrong_state_is_refused(world, name):
    assessment, users = world
    at_state(assessment, State.APPRAISED)
    with refused("wrong_state"):
        step(assessment, name, users[ACTOR[name]])


@pytest.mark.parametrize(
    ("state", "role"),
    [
        (State.SUBMITTED, "approver"),
        (State.CONSULTANT_ASSESSING, "consultant"),
        (State.PROVINCE_REVIEW, "assessor_only"),
        (State.PROVINCE_APPROVED, "reviewer"),
        (State.MINISTRY_APPRAISAL, "reviewer"),
    ],
)
def test_a_review_step_returns_the_assessment_with_a_comment(world, state, role):
    assessment, users = world
    at_state(assessment, state)

    with refused("comment_required"):
        assessment_return(assessment_id=assessment.pk, user=users[role], comment="  ")
    with refused("not_your_step"):
        assessment_return(assessment_id=assessment.pk, user=users["owner"], comment="Trả lại")

    assessment_return(
        assessment_id=assessment.pk, user=users[role], comment="Thiếu minh chứng 3.2.5"
    )
    assessment.refresh_from_db()
    assert assessment.state == State.RETURNED
    entry = AuditEntry.objects.filter(assessment=assessment).latest("at")
    assert (entry.to_state, entry.reason) == ("returned", "Thiếu minh chứng 3.2.5")


def test_a_returned_assessment_reopens_the_self_column_and_can_be_submitted_again(world):
    assessment, users = world
    fill_self(assessment, users["owner"])
    step(assessment, "submit", users["owner"])
    assessment_return(assessment_id=assessment.pk, user=users["approver"], comment="Sửa 1.1.1")

    rating = Rating.objects.get(assessment=assessment, column=Column.SELF, criterion__code="1.1.1")
    rating_save(
        assessment_id=assessment.pk,
        column=Column.SELF,
        criterion_code="1.1.1",
        level=5,
        user=users["owner"],
        expected_version=rating.version,
    )
    step(assessment, "submit", users["owner"])
    assessment.refresh_from_db()
    assert assessment.state == State.SUBMITTED


def rate(assessment, column, user, code, level, reason=""):
    version = (
        Rating.objects.filter(assessment=assessment, column=column, criterion__code=code)
        .values_list("version", flat=True)
        .first()
    )
    return rating_save(
        assessment_id=assessment.pk, column=column, criterion_code=code, level=level,
        user=user, reason=reason, expected_version=version or 0,
    )  # fmt: skip


def ministry_levels(assessment):
    return dict(
        Rating.objects.filter(assessment=assessment, column=Column.MINISTRY).values_list(
            "criterion__code", "level"
        )
    )


def test_the_ministry_column_starts_from_the_latest_review_of_each_criterion(world):
    assessment, users = world
    fill_self(assessment, users["owner"])  # every criterion at 3
    at_state(assessment, State.CONSULTANT_ASSESSING)
    rate(assessment, Column.CONSULTANT, users["consultant"], "1.1.2", 1)
    rate(assessment, Column.CONSULTANT, users["consultant"], "1.1.1", 5)
    at_state(assessment, State.PROVINCE_REVIEW)
    rate(assessment, Column.PROVINCE, users["approver"], "1.1.1", 4)
    at_state(assessment, State.PROVINCE_APPROVED)

    step(assessment, "ministry_start", users["reviewer"])

    levels = ministry_levels(assessment)
    assert len(levels) == 60
    assert (levels["1.1.1"], levels["1.1.2"], levels["6.1.7"]) == (4, 1, 3)
    result = assessment.results.get(column=Column.MINISTRY)
    assert (result.answered, result.total) == (60, sum(levels.values()) + 4 * levels["2.1.1"])
    trail = AuditEntry.objects.filter(
        assessment=assessment, action=AuditEntry.Action.RATING, column=Column.MINISTRY
    )
    assert trail.count() == 60  # every starting level is explained: who, when, from where
    started = trail.get(criterion__code="1.1.2")
    assert (started.old_level, started.new_level, started.actor) == (None, 1, users["reviewer"])
    assert started.reason == "Mức khởi đầu của Bộ, lấy từ cột Tư vấn đánh giá"


def test_the_ministry_needs_a_reason_only_for_what_it_changes(world):
    assessment, users = world
    fill_self(assessment, users["owner"])
    at_state(assessment, State.PROVINCE_APPROVED)
    step(assessment, "ministry_start", users["reviewer"])

    rate(assessment, Column.MINISTRY, users["reviewer"], "1.1.1", 3)  # confirmed, no reason
    with refused("reason_missing"):
        rate(assessment, Column.MINISTRY, users["reviewer"], "1.1.2", 2)
    rate(assessment, Column.MINISTRY, users["reviewer"], "1.1.2", 2, reason="Chưa có minh chứng")

    assert ministry_levels(assessment)["1.1.2"] == 2


def test_after_a_return_the_ministry_keeps_its_own_levels_when_it_starts_again(world):
    assessment, users = world
    fill_self(assessment, users["owner"])
    at_state(assessment, State.PROVINCE_APPROVED)
    step(assessment, "ministry_start", users["reviewer"])
    rate(assessment, Column.MINISTRY, users["reviewer"], "2.1.1", 1, reason="Chưa có kế hoạch")
    assessment_return(assessment_id=assessment.pk, user=users["reviewer"], comment="Bổ sung")
    at_state(assessment, State.PROVINCE_APPROVED)

    step(assessment, "ministry_start", users["reviewer"])

    assert ministry_levels(assessment)["2.1.1"] == 1
