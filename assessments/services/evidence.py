"""Attaching evidence to a criterion, by the people who may fill in that column now."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from dbi_portal.refusals import refuse
from dbi_portal.uploads import display_name, server_name
from enterprises.models import User

from ..errors import BAD_FILE
from ..evidence_files import EXTENSIONS, evidence_content_type
from ..models import Evidence
from ..selectors import catalog_index
from .ratings import lock_for_column


@transaction.atomic
def evidence_add(
    *, assessment_id: int, column: str, criterion_code: str, upload: UploadedFile[bytes], user: User
) -> Evidence:
    """Store ``upload`` (checked by content: refused with ``bad_file`` saying what is accepted)
    for the criterion."""
    assessment = lock_for_column(assessment_id=assessment_id, column=column, user=user)
    try:
        content_type = evidence_content_type(upload)
    except ValidationError as error:
        raise refuse(BAD_FILE, error.messages[0], file=error.messages) from error
    assert upload.size is not None  # an upload received in a request has one
    extension = EXTENSIONS[content_type]
    return Evidence.objects.create(
        assessment=assessment,
        criterion_id=catalog_index(assessment.framework).criterion_id_by_code[criterion_code],
        column=column,
        # Stored under a random name with the detected type's extension; the uploader's name
        # is only shown and offered on download, tidied and ending with that extension too.
        file=File(upload, name=server_name(extension)),
        original_name=display_name(upload.name or "", extension=extension),
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
