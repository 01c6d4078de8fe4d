"""Starting an assessment for a year, from the previous year's self answers when there are any."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from dbi_portal.refusals import refuse
from enterprises.access import is_active_member
from enterprises.models import Enterprise, User

from ..errors import ALREADY_EXISTS, NOT_A_MEMBER
from ..models import Assessment, CatalogVersion, Column, Figure, Framework, Rating
from ..selectors import catalog_index, current_version
from .ratings import write_column_result


@transaction.atomic
def assessment_create(
    *,
    enterprise: Enterprise,
    framework: Framework,
    period: int,
    user: User,
    catalog_version: CatalogVersion | None = None,
) -> Assessment:
    """A member starts the year's assessment; the latest earlier year's self ratings are copied
    in as the starting answers (each stays editable; the copy is in the audit trail's absence
    of changes until the enterprise edits it).

    The assessment is answered on ``catalog_version``, by default the framework's current
    version; the demo and the import of past years name an older version."""
    if catalog_version is not None and catalog_version.framework_id != framework.pk:
        raise ValueError(f"{catalog_version} is not a version of {framework.code}")
    if not is_active_member(user, enterprise.pk):
        raise refuse(NOT_A_MEMBER)
    # Locked and read afresh: the first result carries the enterprise's place, sector and size
    # for the dashboards (column_results.py), so a profile change must not slip in between.
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                enterprise=enterprise,
                framework=framework,
                catalog_version=catalog_version or current_version(framework),
                period=period,
                created_by=user,
            )
    except IntegrityError as error:
        raise refuse(ALREADY_EXISTS, ALREADY_EXISTS.message % {"period": period}) from error
    previous = (
        Assessment.objects.filter(enterprise=enterprise, framework=framework, period__lt=period)
        .order_by("-period")
        .first()
    )
    # Answers carry over only to the same questions: a year answered on another version asked
    # something else (its levels would not be answers to these questions).
    if previous and previous.catalog_version_id == assessment.catalog_version_id:
        now = timezone.now()
        Rating.objects.bulk_create(
            [
                Rating(
                    assessment=assessment,
                    column=Column.SELF,
                    criterion_id=old.criterion_id,
                    level=old.level,
                    basis=old.basis,
                    option_id=old.option_id,
                    note=old.note,
                    rated_by=user,
                    rated_at=now,
                )
                for old in Rating.objects.filter(assessment=previous, column=Column.SELF)
            ]
        )
        Figure.objects.bulk_create(
            [
                Figure(
                    assessment=assessment,
                    column=Column.SELF,
                    field_id=old.field_id,
                    value=old.value,
                    entered_by=user,
                    entered_at=now,
                )
                for old in Figure.objects.filter(assessment=previous, column=Column.SELF)
            ]
        )
    write_column_result(assessment, Column.SELF, catalog_index(framework))
    return assessment
