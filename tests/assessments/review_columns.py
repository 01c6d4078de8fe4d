"""A reviewer's column closed as the review chain now asks (issue 14): the criteria it did not
rate marked "không đánh giá" with a reason, through the same service as the step's page."""

from assessments.services import ratings_mark_not_assessed

REASON = "Không đủ minh chứng để chấm"


def rest_not_assessed(assessment, column: str, user, reason: str = REASON) -> list[str]:
    """Mark every criterion ``column`` has not answered not assessed; the codes marked."""
    codes = list(assessment.framework.criteria.values_list("code", flat=True))
    return ratings_mark_not_assessed(
        assessment_id=assessment.pk, column=column, codes=codes, reason=reason, user=user
    )
