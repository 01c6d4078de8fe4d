"""Attaching evidence to a criterion, by the people who may fill in that column now."""

from __future__ import annotations

from django.db import transaction

from ..evidence_files import evidence_content_type
from ..models import Assessment, Evidence
from ..selectors import catalog_index
from ..workflow import EDITABLE_IN, may_edit_column
from .ratings import COLUMN_CLOSED, NOT_YOUR_COLUMN, refuse


@transaction.atomic
def evidence_add(*, assessment_id: int, column: str, criterion_code: str, upload, user) -> Evidence:
    """Store ``upload`` (checked by content: ValidationError when refused) for the criterion."""
    assessment = (
        Assessment.objects.select_for_update().select_related("framework").get(pk=assessment_id)
    )
    if not may_edit_column(user, assessment, column):
        raise refuse(NOT_YOUR_COLUMN)
    if assessment.state not in EDITABLE_IN[column]:
        raise refuse(COLUMN_CLOSED)
    content_type = evidence_content_type(upload)
    return Evidence.objects.create(
        assessment=assessment,
        criterion_id=catalog_index(assessment.framework).criterion_id_by_code[criterion_code],
        column=column,
        file=upload,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
