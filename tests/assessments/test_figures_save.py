"""Figures on the national form: the enterprise enters amounts and counts, the portal computes
the share and the level through the version's thresholds; shared denominators are entered once
and re-level every criterion dividing by them; bad figures are refused whole and nothing is
saved; reviewers correct a figure or set the level directly with a note."""

import pytest

from assessments.models import Assessment, AuditEntry, Column, Figure, Rating, RatingBasis
from assessments.services import figures_save, rating_save
from dbi_portal.refusals import Refusal

from ..factories import AssessmentFactory, official_version
from .review_columns import rest_not_assessed

pytestmark = pytest.mark.django_db
State = Assessment.State


@pytest.fixture
def on_form(owner, sme_framework):
    """A draft answered on the national form's version."""
    return AssessmentFactory(
        enterprise=owner.enterprise, created_by=owner.user, catalog_version=official_version()
    )


def level(assessment, code, column=Column.SELF):
    rating = Rating.objects.filter(
        assessment=assessment, column=column, criterion__code=code
    ).first()
    return None if rating is None else rating.level


def save(assessment, user, column=Column.SELF, reason="", **values):
    return figures_save(
        assessment_id=assessment.pk, column=column, values=values, user=user, reason=reason
    )


def test_own_figures_give_the_level_of_their_share(on_form, owner):
    # 3.2.3: e-invoices over all invoices; thresholds 0/25/50/75/100 % (fixture).
    save(on_form, owner.user, c3_2_3_num=12, c3_2_3_den=40)  # 30 %
    assert level(on_form, "3.2.3") == 2
    save(on_form, owner.user, c3_2_3_num=40)  # 100 %
    assert level(on_form, "3.2.3") == 5
    save(on_form, owner.user, c3_2_3_num=0)
    assert level(on_form, "3.2.3") == 0
    rating = Rating.objects.get(assessment=on_form, column=Column.SELF, criterion__code="3.2.3")
    assert rating.basis == RatingBasis.FIGURES
    reasons = list(
        AuditEntry.objects.filter(assessment=on_form, criterion__code="3.2.3")
        .order_by("pk")
        .values_list("reason", flat=True)
    )
    assert reasons[0] == "12 / 40 = 30 % → mức 2"


def test_a_share_just_under_a_threshold_stays_below_it(on_form, owner):
    save(on_form, owner.user, c3_2_3_num=249, c3_2_3_den=1000)  # 24.9 %
    assert level(on_form, "3.2.3") == 1
    save(on_form, owner.user, c3_2_3_num=250)  # 25 %
    assert level(on_form, "3.2.3") == 2


def test_a_shared_denominator_relevels_every_criterion_dividing_by_it(on_form, owner):
    save(on_form, owner.user, staff_total=50, c5_1_1_num=45, c4_2_2_num=3)
    assert (level(on_form, "5.1.1"), level(on_form, "4.2.2")) == (5, 2)  # 90 %, 6 %
    save(on_form, owner.user, staff_total=100)  # 45 %, 3 %
    assert (level(on_form, "5.1.1"), level(on_form, "4.2.2")) == (3, 1)


def test_a_criterion_waits_for_its_denominator(on_form, owner):
    save(on_form, owner.user, c5_1_1_num=10)
    assert level(on_form, "5.1.1") is None
    save(on_form, owner.user, staff_total=20)
    assert level(on_form, "5.1.1") == 3  # 50 %


@pytest.mark.parametrize(
    "values",
    [
        {"c3_2_3_num": 41, "c3_2_3_den": 40},
        {"c3_2_3_num": -1, "c3_2_3_den": 40},
        {"c3_2_3_num": "12", "c3_2_3_den": 40},
        {"c3_2_3_num": 1.5, "c3_2_3_den": 40},
        {"c3_2_3_num": 10**16, "c3_2_3_den": 10**16},
        {"not_a_figure": 3},
    ],
)
def test_bad_figures_are_refused_whole_and_nothing_is_saved(on_form, owner, values):
    save(on_form, owner.user, staff_total=10)
    with pytest.raises(Refusal) as refused:
        save(on_form, owner.user, staff_total=11, **values)
    assert refused.value.fields  # named under the figure it is about
    assert Figure.objects.get(assessment=on_form, field__key="staff_total").value == 10
    assert not Figure.objects.filter(assessment=on_form, field__key__startswith="c3_2_3").exists()


def test_lowering_a_shared_denominator_below_a_numerator_is_refused(on_form, owner):
    save(on_form, owner.user, staff_total=50, c5_1_1_num=45)
    with pytest.raises(Refusal) as refused:
        save(on_form, owner.user, staff_total=40)
    assert "5.1.1" in str(refused.value.message)
    assert level(on_form, "5.1.1") == 5


def test_the_enterprise_cannot_set_a_figures_level_directly(on_form, owner):
    with pytest.raises(Refusal) as refused:
        rating_save(
            assessment_id=on_form.pk, column=Column.SELF, criterion_code="3.2.3",
            level=4, note="ước tính", user=owner.user,
        )  # fmt: skip
    assert refused.value.code == "figures_only"


@pytest.fixture
def under_review(on_form, owner, province_assessor):
    save(on_form, owner.user, c3_2_3_num=12, c3_2_3_den=40, staff_total=50, c5_1_1_num=45)
    Assessment.objects.filter(pk=on_form.pk).update(state=State.PROVINCE_REVIEW)
    save(
        on_form, province_assessor, Column.PROVINCE,
        c3_2_3_num=12, c3_2_3_den=40, staff_total=50, c5_1_1_num=45,
    )  # fmt: skip
    return on_form


def test_a_reviewer_corrects_a_figure_in_their_own_column(under_review, province_assessor):
    save(under_review, province_assessor, Column.PROVINCE, c3_2_3_num=30)  # 75 %
    assert level(under_review, "3.2.3", Column.PROVINCE) == 4
    assert level(under_review, "3.2.3", Column.SELF) == 2  # the enterprise's stays


def test_a_reviewer_sets_a_level_directly_only_with_a_note(under_review, province_assessor):
    direct = {
        "assessment_id": under_review.pk, "column": Column.PROVINCE, "criterion_code": "5.1.1",
        "level": 3, "user": province_assessor, "expected_version": 1,
    }  # fmt: skip
    with pytest.raises(Refusal) as refused:
        rating_save(**direct)
    assert refused.value.code == "note_for_direct_level"
    rating_save(**direct, note="Chỉ 30 người dùng máy tính thường xuyên")
    rating = Rating.objects.get(
        assessment=under_review, column=Column.PROVINCE, criterion__code="5.1.1"
    )
    assert (rating.level, rating.basis) == (3, RatingBasis.DIRECT)

    # A change of the shared denominator leaves the direct level alone; its own figure does not.
    save(under_review, province_assessor, Column.PROVINCE, staff_total=60)
    assert level(under_review, "5.1.1", Column.PROVINCE) == 3
    save(under_review, province_assessor, Column.PROVINCE, c5_1_1_num=30)  # 50 %
    rating.refresh_from_db()
    assert (rating.level, rating.basis) == (3, RatingBasis.FIGURES)


def test_the_ministry_gives_a_reason_for_a_figure_that_changes_a_level(
    under_review, province_officer, ministry_reviewer
):
    from assessments.services import assessment_transition

    rest_not_assessed(under_review, Column.PROVINCE, province_officer)
    assessment_transition(
        assessment_id=under_review.pk, name="province_approve", user=province_officer
    )
    assessment_transition(
        assessment_id=under_review.pk, name="ministry_start", user=ministry_reviewer
    )
    # The ministry's column starts from the province's figures and levels.
    assert level(under_review, "3.2.3", Column.MINISTRY) == 2
    assert (
        Figure.objects.get(
            assessment=under_review, column=Column.MINISTRY, field__key="c3_2_3_num"
        ).value
        == 12
    )
    with pytest.raises(Refusal) as refused:
        save(under_review, ministry_reviewer, Column.MINISTRY, c3_2_3_num=20)
    assert refused.value.code == "reason_missing"
    save(under_review, ministry_reviewer, Column.MINISTRY, reason="Hóa đơn quý 3", c3_2_3_num=20)
    assert level(under_review, "3.2.3", Column.MINISTRY) == 3


def test_someone_else_cannot_enter_figures(on_form, stranger, province_assessor):
    for user in (stranger, province_assessor):
        with pytest.raises(Refusal) as refused:
            save(on_form, user, staff_total=5)
        assert refused.value.kind == "not_allowed"
    assert not Figure.objects.filter(assessment=on_form).exists()
