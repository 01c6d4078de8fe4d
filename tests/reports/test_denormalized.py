"""What the reports keep on each column result — the reference marker and the pillar levels as
text — stays right through the real services: rating saves, every transition, a return."""

import pytest

from assessments.models import Assessment, Column, ColumnResult, PillarResult
from assessments.services import assessment_return, assessment_transition, rating_save
from reports.denormalized import (
    decode_pillar_levels,
    encode_pillar_levels,
    reference_column,
)

from ..assessments.sme_reference import ALL_CODES, PILLAR_CRITERIA
from ..factories import (
    AccreditationFactory,
    AssessmentFactory,
    EngagementFactory,
    MembershipFactory,
    MinistryReviewerFactory,
    ProvinceOfficerFactory,
)

pytestmark = pytest.mark.django_db
State = Assessment.State


@pytest.mark.parametrize(
    ("state", "answered", "expected"),
    [
        ("appraised", {"self", "province", "ministry"}, "ministry"),
        ("appraised", {"self", "consultant"}, "consultant"),  # nobody else scored anything
        ("ministry_appraisal", {"self", "province", "ministry"}, "province"),
        ("province_approved", {"self", "consultant", "province"}, "province"),
        ("province_review", {"self", "consultant", "province"}, "consultant"),
        ("province_review", {"self", "province"}, "self"),
        ("consultant_assessing", {"self", "consultant"}, "self"),
        ("submitted", {"self"}, "self"),
        ("returned", {"self", "province", "ministry"}, "self"),
        ("draft", {"self"}, "self"),
        ("draft", set(), None),
    ],
)
def test_the_reference_is_the_most_authoritative_finished_column_with_answers(
    state, answered, expected
):
    assert reference_column(state, answered) == expected


def test_pillar_levels_are_two_digits_per_pillar():
    assert encode_pillar_levels([3, 4, 0, 5, 1, 10]) == "030400050110"
    assert decode_pillar_levels("030400050110") == [3, 4, 0, 5, 1, 10]


@pytest.fixture
def chain(sme_framework):
    owner = MembershipFactory()
    enterprise = owner.enterprise
    consultant = AccreditationFactory().consultant
    EngagementFactory(consultant=consultant, enterprise=enterprise)
    users = {
        "owner": owner.user,
        "consultant": consultant.user,
        "province": ProvinceOfficerFactory(province=enterprise.province, can_approve=True).user,
        "ministry": MinistryReviewerFactory().user,
    }
    return AssessmentFactory(enterprise=enterprise, created_by=owner.user), users


def save(assessment, column, user, levels: dict[str, int | None]):
    for code, level in levels.items():
        version = (
            assessment.ratings.filter(column=column, criterion__code=code)
            .values_list("version", flat=True)
            .first()
        )
        rating_save(
            assessment_id=assessment.pk, column=column, criterion_code=code, level=level,
            user=user, expected_version=version or 0, reason="Điều chỉnh",
        )  # fmt: skip


def step(assessment, name, user):
    assessment_transition(assessment_id=assessment.pk, name=name, user=user)


def marked(assessment) -> list[str]:
    return list(
        ColumnResult.objects.filter(assessment=assessment, is_reference=True).values_list(
            "column", flat=True
        )
    )


def stored_pillar_levels(assessment, column) -> tuple[str, list[int]]:
    """The denormalized text and the pillar rows' levels in pillar order."""
    result = ColumnResult.objects.get(assessment=assessment, column=column)
    rows = PillarResult.objects.filter(result=result).order_by("pillar__position")
    return result.pillar_levels, [r.level for r in rows]


def test_the_marker_follows_the_review_chain(chain):
    assessment, users = chain
    save(assessment, Column.SELF, users["owner"], {"1.1.1": 2})
    assert marked(assessment) == ["self"]  # a draft counts its own answers
    save(assessment, Column.SELF, users["owner"], {"1.1.1": None})
    assert marked(assessment) == []  # no answer left
    save(assessment, Column.SELF, users["owner"], dict.fromkeys(ALL_CODES, 3))
    step(assessment, "submit", users["owner"])
    assert marked(assessment) == ["self"]

    step(assessment, "consultant_start", users["consultant"])
    save(assessment, Column.CONSULTANT, users["consultant"], {"1.1.1": 1})
    assert marked(assessment) == ["self"]  # the consultant is not finished
    step(assessment, "consultant_finish", users["consultant"])
    assert marked(assessment) == ["consultant"]

    save(assessment, Column.PROVINCE, users["province"], {"1.1.1": 4, "2.1.1": 5})
    assert marked(assessment) == ["consultant"]
    step(assessment, "province_approve", users["province"])
    assert marked(assessment) == ["province"]

    step(assessment, "ministry_start", users["ministry"])  # the ministry column starts full
    assert marked(assessment) == ["province"]
    save(assessment, Column.MINISTRY, users["ministry"], {"1.1.1": 2})
    assert marked(assessment) == ["province"]
    step(assessment, "ministry_appraise", users["ministry"])
    assert marked(assessment) == ["ministry"]


def test_a_return_hands_the_count_back_to_the_enterprise(chain):
    assessment, users = chain
    save(assessment, Column.SELF, users["owner"], dict.fromkeys(ALL_CODES, 3))
    step(assessment, "submit", users["owner"])
    step(assessment, "province_start", users["province"])
    save(assessment, Column.PROVINCE, users["province"], {"1.1.1": 4})
    step(assessment, "province_approve", users["province"])
    assert marked(assessment) == ["province"]

    assessment_return(assessment_id=assessment.pk, user=users["ministry"], comment="Bổ sung")
    assert marked(assessment) == ["self"]
    save(assessment, Column.SELF, users["owner"], {"1.1.1": 5})
    assert marked(assessment) == ["self"]
    step(assessment, "submit", users["owner"])
    step(assessment, "province_start", users["province"])
    assert marked(assessment) == ["self"]  # no consultant: the enterprise's answers count


def test_a_province_that_approves_without_scoring_leaves_the_earlier_column(chain):
    assessment, users = chain
    save(assessment, Column.SELF, users["owner"], dict.fromkeys(ALL_CODES, 2))
    step(assessment, "submit", users["owner"])
    step(assessment, "province_start", users["province"])
    step(assessment, "province_approve", users["province"])

    assert marked(assessment) == ["self"]


def test_the_pillar_levels_text_matches_the_pillar_rows_after_every_save(chain):
    assessment, users = chain
    levels = dict.fromkeys(PILLAR_CRITERIA["1"], 5) | dict.fromkeys(PILLAR_CRITERIA["3"], 2)
    save(assessment, Column.SELF, users["owner"], levels)
    text, rows = stored_pillar_levels(assessment, Column.SELF)
    assert decode_pillar_levels(text) == rows == [5, 0, 2, 0, 0, 0]

    save(assessment, Column.SELF, users["owner"], {"2.1.1": 3, "1.1.1": 0, "1.1.2": 0, "1.1.3": 0})
    text, rows = stored_pillar_levels(assessment, Column.SELF)
    assert decode_pillar_levels(text) == rows == [4, 3, 2, 0, 0, 0]

    save(assessment, Column.SELF, users["owner"], dict.fromkeys(ALL_CODES, 4))
    step(assessment, "submit", users["owner"])
    step(assessment, "province_start", users["province"])
    save(assessment, Column.PROVINCE, users["province"], {"6.1.1": 1})
    text, rows = stored_pillar_levels(assessment, Column.PROVINCE)
    assert decode_pillar_levels(text) == rows
