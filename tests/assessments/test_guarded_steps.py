"""Guarded steps (issue 14): a consultant's or the province's column that was begun is finished or
approved only with every criterion rated or marked "không đánh giá" with a reason — in the
service, the pages and the API — and a criterion so marked scores at the earlier column's level;
each guarded step has a confirmation page saying what is incomplete; each step ends with a
message saying what comes next; the return comment, the certified result and the ministry's
reasons are shown where people act."""

import pytest
from django.db import IntegrityError, transaction

from assessments import scoring
from assessments.models import Assessment, AuditEntry, Column, ColumnResult, Rating
from assessments.selectors import catalog_index
from assessments.services import (
    assessment_transition,
    rating_save,
    ratings_mark_not_assessed,
)

from ..pdf_text import text_of
from ..refusals import refused
from .sme_reference import ALL_CODES

pytestmark = pytest.mark.django_db
State = Assessment.State
REASON = "Chưa có minh chứng tại chỗ"


def rate(assessment, column, user, levels: dict[str, int], reason: str = "") -> None:
    for code, level in levels.items():
        version = (
            Rating.objects.filter(assessment=assessment, column=column, criterion__code=code)
            .values_list("version", flat=True)
            .first()
        )
        rating_save(
            assessment_id=assessment.pk,
            column=column,
            criterion_code=code,
            level=level,
            user=user,
            reason=reason,
            expected_version=version or 0,
        )


def step(assessment, name, user):
    return assessment_transition(assessment_id=assessment.pk, name=name, user=user)


@pytest.fixture
def in_province_review(assessment, owner, province_officer):
    """Every criterion of the enterprise at 3, submitted, and the province's review begun."""
    rate(assessment, Column.SELF, owner.user, dict.fromkeys(ALL_CODES, 3))
    step(assessment, "submit", owner.user)
    step(assessment, "province_start", province_officer)
    return assessment


def test_a_province_column_begun_is_not_approved_with_criteria_unrated(
    in_province_review, province_officer
):
    rate(in_province_review, Column.PROVINCE, province_officer, dict.fromkeys(ALL_CODES[:30], 4))

    with refused("review_incomplete") as caught:
        step(in_province_review, "province_approve", province_officer)

    assert caught.value.fields["missing"] == ALL_CODES[30:]
    assert "Còn 30 tiêu chí chưa chấm ở cột Sở đánh giá" in str(caught.value.message)
    assert ALL_CODES[30] in str(caught.value.message)
    in_province_review.refresh_from_db()
    assert in_province_review.state == State.PROVINCE_REVIEW


def test_criteria_marked_not_assessed_score_at_the_enterprise_level_and_let_it_approve(
    in_province_review, province_officer, ministry_reviewer
):
    rate(in_province_review, Column.PROVINCE, province_officer, dict.fromkeys(ALL_CODES[:30], 5))

    marked = ratings_mark_not_assessed(
        assessment_id=in_province_review.pk,
        column=Column.PROVINCE,
        codes=ALL_CODES,
        reason=REASON,
        user=province_officer,
    )
    step(in_province_review, "province_approve", province_officer)

    assert marked == ALL_CODES[30:]  # the rated ones are left as they were
    in_province_review.refresh_from_db()
    assert in_province_review.state == State.PROVINCE_APPROVED
    expected = scoring.score(
        catalog_index(in_province_review.framework).snapshot,
        dict.fromkeys(ALL_CODES[:30], 5) | dict.fromkeys(ALL_CODES[30:], 3),
    )
    result = ColumnResult.objects.get(assessment=in_province_review, column=Column.PROVINCE)
    assert (result.total, result.level) == (expected.total, expected.level)
    assert AuditEntry.objects.filter(
        assessment=in_province_review, column=Column.PROVINCE, reason=f"Không đánh giá: {REASON}"
    ).count() == len(ALL_CODES[30:])
    # The ministry's column starts from the enterprise's level where the province left it out.
    step(in_province_review, "ministry_start", ministry_reviewer)
    started = Rating.objects.get(
        assessment=in_province_review, column=Column.MINISTRY, criterion__code=ALL_CODES[-1]
    )
    assert started.level == 3


def test_leaving_a_criterion_out_needs_a_reason_and_a_reviewer_column(
    in_province_review, owner, province_officer
):
    with refused("not_assessed_reason_missing"):
        rating_save(
            assessment_id=in_province_review.pk,
            column=Column.PROVINCE,
            criterion_code="1.1.1",
            level=None,
            user=province_officer,
            not_assessed=True,
            not_assessed_reason="  ",
        )
    outcome = rating_save(
        assessment_id=in_province_review.pk,
        column=Column.PROVINCE,
        criterion_code="1.1.1",
        level=4,  # a level sent with the tick is dropped: the criterion is left out
        user=province_officer,
        not_assessed=True,
        not_assessed_reason=REASON,
    )
    assert (outcome.rating.level, outcome.rating.not_assessed) == (None, True)
    # Rating it again takes the mark off.
    again = rating_save(
        assessment_id=in_province_review.pk,
        column=Column.PROVINCE,
        criterion_code="1.1.1",
        level=2,
        user=province_officer,
        expected_version=outcome.rating.version,
    )
    assert (again.rating.level, again.rating.not_assessed, again.rating.not_assessed_reason) == (
        2,
        False,
        "",
    )
    draft = Assessment.objects.create(
        enterprise=in_province_review.enterprise,
        framework=in_province_review.framework,
        catalog_version=in_province_review.catalog_version,
        period=2025,
        created_by=owner.user,
    )
    with refused("not_assessed_not_here"):
        rating_save(
            assessment_id=draft.pk,
            column=Column.SELF,
            criterion_code="1.1.1",
            level=None,
            user=owner.user,
            not_assessed=True,
            not_assessed_reason=REASON,
        )


def test_the_database_refuses_a_criterion_left_out_without_a_reason(
    in_province_review, province_officer
):
    criterion = in_province_review.framework.criteria.get(code="1.1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            assessment=in_province_review,
            column=Column.PROVINCE,
            criterion=criterion,
            not_assessed=True,
            rated_by=province_officer,
            rated_at=in_province_review.updated_at,
        )


def test_a_province_that_rated_nothing_approves_on_the_earlier_column(
    in_province_review, province_officer
):
    step(in_province_review, "province_approve", province_officer)
    in_province_review.refresh_from_db()
    assert in_province_review.state == State.PROVINCE_APPROVED


def test_the_api_leaves_out_with_a_reason_and_refuses_an_approval_with_gaps(
    client, in_province_review, province_officer
):
    client.force_login(province_officer)
    rate(in_province_review, Column.PROVINCE, province_officer, {"1.1.1": 4})
    url = f"/api/v1/assessments/{in_province_review.pk}/ratings/1.1.2/"
    body = {"column": "province", "version": 0, "not_assessed": True}

    no_reason = client.put(url, body, content_type="application/json")
    left_out = client.put(
        url, body | {"not_assessed_reason": REASON}, content_type="application/json"
    )
    approve = client.post(
        f"/api/v1/assessments/{in_province_review.pk}/transitions/",
        {"name": "province_approve"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert no_reason.status_code == 400
    assert no_reason.json()["error"]["fields"]["not_assessed_reason"] == [
        "Hãy ghi lý do không đánh giá tiêu chí này."
    ]
    assert left_out.status_code == 200
    assert left_out.json()["not_assessed"] is True
    assert left_out.json()["not_assessed_reason"] == REASON
    assert left_out.json()["level"] is None
    assert approve.status_code == 409
    error = approve.json()["error"]
    assert error["code"] == "review_incomplete"
    assert error["fields"]["missing"] == ALL_CODES[2:]
    assert error["message"].startswith("58 criteria are not rated yet in the column")


def test_the_confirmation_page_lists_the_gaps_then_confirms_once_they_are_left_out(
    client, in_province_review, province_officer
):
    client.force_login(province_officer)
    rate(in_province_review, Column.PROVINCE, province_officer, dict.fromkeys(ALL_CODES[:50], 4))
    page = f"/assessments/{in_province_review.pk}/"
    confirm = f"/assessments/{in_province_review.pk}/step/province_approve/"

    html = client.get(page).content.decode()
    first = client.get(confirm).content.decode()
    empty_reason = client.post(
        f"{confirm}not-assessed/", {"code": ALL_CODES, "reason": ""}, follow=True
    )
    marked = client.post(
        f"{confirm}not-assessed/", {"code": ALL_CODES, "reason": REASON}, follow=True
    )
    approved = client.post(page + "step/", {"step": "province_approve"}, follow=True)

    assert f'href="{confirm}" data-step="province_approve"' in html
    assert 'data-testid="missing"' in first
    for code in ALL_CODES[50:]:
        assert f'data-code="{code}"' in first
    assert 'data-testid="confirm-step"' not in first  # nothing to confirm yet
    assert empty_reason.redirect_chain == [(confirm, 302)]
    assert "Hãy ghi lý do không đánh giá tiêu chí này." in empty_reason.content.decode()
    after = marked.content.decode()
    assert "Đã đánh dấu 10 tiêu chí là “không đánh giá”" in after
    assert 'data-testid="missing"' not in after
    assert 'data-testid="confirm-step"' in after
    assert REASON in after
    assert "Sở đã phê duyệt hồ sơ. Tiếp theo: Bộ thẩm định" in approved.content.decode()


def test_the_enterprise_submit_confirmation_lists_what_is_unanswered(client, assessment, owner):
    rate(assessment, Column.SELF, owner.user, {"1.1.1": 2})
    client.force_login(owner.user)

    html = client.get(f"/assessments/{assessment.pk}/step/submit/").content.decode()

    assert "Còn 59 tiêu chí chưa tự đánh giá; hãy trả lời trước khi nộp:" in html
    assert 'data-code="1.1.2"' in html
    assert 'data-testid="confirm-step"' not in html


def test_every_step_ends_saying_what_comes_next_and_a_return_shows_its_comment(
    client, in_province_review, owner, province_officer
):
    client.force_login(province_officer)
    returned = client.post(
        f"/assessments/{in_province_review.pk}/step/",
        {"step": "return", "comment": "Bổ sung minh chứng trụ cột 3"},
        follow=True,
    )
    client.force_login(owner.user)
    seen = client.get(f"/assessments/{in_province_review.pk}/").content.decode()
    resubmitted = client.post(
        f"/assessments/{in_province_review.pk}/step/", {"step": "submit"}, follow=True
    )

    assert "Đã trả hồ sơ lại doanh nghiệp kèm nhận xét. Tiếp theo:" in returned.content.decode()
    assert 'data-testid="return-comment"' in seen
    assert "Bổ sung minh chứng trụ cột 3" in seen
    assert str(province_officer) in seen
    text = resubmitted.content.decode()
    assert "Đã nộp hồ sơ. Tiếp theo: tư vấn/Sở xem xét; bạn sẽ được thông báo." in text
    assert 'data-testid="return-comment"' not in text  # submitted again: no longer returned


@pytest.fixture
def appraised(in_province_review, province_officer, ministry_reviewer):
    """Approved by the province without scoring, appraised by the ministry, which lowered 1.1.1
    to 1 and raised 2.1.1 to 5, each with a reason."""
    reviewer = ministry_reviewer
    step(in_province_review, "province_approve", province_officer)
    step(in_province_review, "ministry_start", reviewer)
    rate(in_province_review, Column.MINISTRY, reviewer, {"1.1.1": 1}, reason="Website ngừng")
    rate(in_province_review, Column.MINISTRY, reviewer, {"2.1.1": 5}, reason="Có chiến lược")
    step(in_province_review, "ministry_appraise", reviewer)
    return in_province_review


def test_the_enterprise_sees_the_certified_result_and_the_ministrys_reasons(
    client, appraised, owner
):
    client.force_login(owner.user)
    result = ColumnResult.objects.get(assessment=appraised, column=Column.MINISTRY)

    page = client.get(f"/assessments/{appraised.pk}/").content.decode()
    results = client.get(f"/enterprises/{appraised.enterprise_id}/results/").content.decode()
    compare = client.get(f"/assessments/{appraised.pk}/compare/").content.decode()
    pdf = text_of(b"".join(client.get(f"/assessments/{appraised.pk}/report.pdf").streaming_content))

    for html in (page, results):
        assert 'data-testid="certified-result"' in html
        assert f'data-testid="certified-level" data-level="{result.level}"' in html
        assert f"{result.total} điểm" in html
    assert "Lý do của Bộ: Website ngừng" in compare
    assert "Lý do của Bộ: Có chiến lược" in compare
    assert "Lý do điều chỉnh của Bộ" in pdf
    assert "Website ngừng" in pdf
    assert "Có chiến lược" in pdf


def test_a_criterion_left_out_is_not_the_next_one_to_rate(
    client, in_province_review, province_officer
):
    rate(in_province_review, Column.PROVINCE, province_officer, {"1.1.1": 4})
    rating_save(
        assessment_id=in_province_review.pk,
        column=Column.PROVINCE,
        criterion_code="1.1.2",
        level=None,
        user=province_officer,
        not_assessed=True,
        not_assessed_reason=REASON,
    )
    client.force_login(province_officer)

    html = client.get(f"/assessments/{in_province_review.pk}/").content.decode()

    assert 'data-testid="next-unanswered" data-code="1.1.3"' in html
    assert 'data-filter="unanswered" data-count="58"' in html


def test_the_province_sees_beside_each_criterion_what_the_consultant_left_out(
    client, assessment, owner, consultant, province_officer
):
    rate(assessment, Column.SELF, owner.user, dict.fromkeys(ALL_CODES, 2))
    step(assessment, "submit", owner.user)
    step(assessment, "consultant_start", consultant.user)
    rate(assessment, Column.CONSULTANT, consultant.user, {"1.1.1": 4})
    ratings_mark_not_assessed(
        assessment_id=assessment.pk,
        column=Column.CONSULTANT,
        codes=ALL_CODES,
        reason=REASON,
        user=consultant.user,
    )
    step(assessment, "consultant_finish", consultant.user)
    client.force_login(province_officer)

    html = client.get(f"/assessments/{assessment.pk}/").content.decode()

    assert f"không đánh giá ({REASON})" in html
    result = ColumnResult.objects.get(assessment=assessment, column=Column.CONSULTANT)
    # 1.1.1 at 4, the other 59 at the enterprise's 2 (2.1.1: 5 points a level).
    assert result.total == 4 + 58 * 2 + 2 * 5
