"""The large-enterprise index (dbi-large-2023) made assessable in a test.

dbi-large-2023 ships its 6 dimensions and 25 groups but none of its 140 criteria (their texts are
not published), so no assessment can be scored on it as loaded. ``load_large_index`` loads it as
``manage.py load_catalog`` does, then adds ``per_group`` made-up criteria to each group
(<group>.1, <group>.2, …) through the ORM and sets each dimension's expected count to what it
now has, so that ``catalog.assessable_problems`` finds nothing and the start page offers it.

``large_assessment`` starts the owner's assessment on it; ``fill_departments`` answers a column
for every department through the service, as a user would cell by cell.
"""

from __future__ import annotations

import io

from django.core.management import call_command

from assessments.models import (
    Assessment,
    Criterion,
    DepartmentRating,
    Framework,
    FrameworkOpening,
    SubIndex,
)
from assessments.services import assessment_create
from assessments.services.departments import department_add, department_rating_save
from enterprises.models import Membership, User

LARGE = "dbi-large-2023"
PER_GROUP = 2


def load_large_index(per_group: int = PER_GROUP) -> Framework:
    """dbi-large-2023 with ``per_group`` criteria in each of its 25 groups (idempotent)."""
    call_command("load_catalog", LARGE, stdout=io.StringIO())
    framework = Framework.objects.get(code=LARGE)
    if Criterion.objects.filter(framework=framework).exists():
        return framework
    groups = SubIndex.objects.filter(pillar__framework=framework).order_by(
        "pillar__position", "position"
    )
    criteria = []
    for group in groups:
        for n in range(1, per_group + 1):
            criteria.append(
                Criterion(
                    framework=framework,
                    sub_index=group,
                    code=f"{group.code}.{n}",
                    position=len(criteria) + 1,
                    text_vi=f"Tiêu chí thử {group.code}.{n}",
                    text_en=f"Test criterion {group.code}.{n}",
                )
            )
    Criterion.objects.bulk_create(criteria)
    for pillar in framework.pillars.all():
        pillar.expected_criteria = per_group * pillar.sub_indices.count()
        pillar.save(update_fields=["expected_criteria"])
    framework.save()  # a new ``updated_at``: the cached catalog index is read afresh
    return framework


def criterion_codes(framework: Framework) -> list[str]:
    """The framework's criterion codes in the catalog's order."""
    return list(
        Criterion.objects.filter(framework=framework)
        .order_by("sub_index__pillar__position", "sub_index__position", "position")
        .values_list("code", flat=True)
    )


def open_large_index(period: int) -> None:
    """The ministry offers the large index for ``period``."""
    FrameworkOpening.objects.get_or_create(
        framework=Framework.objects.get(code=LARGE), period=period
    )


def large_assessment(owner: Membership, *, period: int = 2026) -> Assessment:
    """The owner's enterprise starts its ``period`` assessment on the large index."""
    return assessment_create(
        enterprise=owner.enterprise, framework=load_large_index(), period=period, user=owner.user
    )


def add_departments(assessment: Assessment, user: User, names: list[str]) -> None:
    for name in names:
        department_add(assessment_id=assessment.pk, name=name, user=user)


def fill_departments(
    assessment: Assessment, column: str, user: User, percent_of: dict[str, int | None]
) -> None:
    """Every department answers every criterion in ``column``: ``percent_of[department]``
    (None: not relevant), saved cell by cell through ``department_rating_save``."""
    codes = criterion_codes(assessment.framework)
    for department in assessment.departments.order_by("position"):
        for code in codes:
            version = (
                DepartmentRating.objects.filter(
                    department=department, column=column, criterion__code=code
                )
                .values_list("version", flat=True)
                .first()
                or 0
            )
            department_rating_save(
                assessment_id=assessment.pk,
                column=column,
                department_id=department.pk,
                criterion_code=code,
                percent=percent_of[department.name],
                note="",
                version=version,
                user=user,
            )


__all__ = [
    "LARGE",
    "add_departments",
    "criterion_codes",
    "fill_departments",
    "large_assessment",
    "load_large_index",
    "open_large_index",
]
