"""Starting an assessment for a year, from the previous year's self answers when there are any."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.access import is_active_member
from enterprises.errors import DomainError
from enterprises.models import Enterprise, User

from ..models import Assessment, Column, Framework, Rating
from ..selectors import catalog_index
from .ratings import write_column_result

NOT_A_MEMBER = "not_a_member"
ALREADY_EXISTS = "already_exists"


@transaction.atomic
def assessment_create(
    *, enterprise: Enterprise, framework: Framework, period: int, user: User
) -> Assessment:
    """A member starts the year's assessment; the latest earlier year's self ratings are copied
    in as the starting answers (each stays editable; the copy is in the audit trail's absence
    of changes until the enterprise edits it)."""
    if not is_active_member(user, enterprise.pk):
        raise DomainError(NOT_A_MEMBER, _("Chỉ thành viên doanh nghiệp được tạo hồ sơ đánh giá."))
    # Locked and read afresh: the first result carries the enterprise's place, sector and size
    # for the dashboards (column_results.py), so a profile change must not slip in between.
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                enterprise=enterprise, framework=framework, period=period, created_by=user
            )
    except IntegrityError as error:
        raise DomainError(
            ALREADY_EXISTS,
            _("Doanh nghiệp đã có hồ sơ đánh giá năm %(period)s.") % {"period": period},
        ) from error
    previous = (
        Assessment.objects.filter(enterprise=enterprise, framework=framework, period__lt=period)
        .order_by("-period")
        .first()
    )
    if previous:
        now = timezone.now()
        Rating.objects.bulk_create(
            [
                Rating(
                    assessment=assessment,
                    column=Column.SELF,
                    criterion_id=old.criterion_id,
                    level=old.level,
                    note=old.note,
                    rated_by=user,
                    rated_at=now,
                )
                for old in Rating.objects.filter(assessment=previous, column=Column.SELF)
            ]
        )
    write_column_result(assessment, Column.SELF, catalog_index(framework))
    return assessment
