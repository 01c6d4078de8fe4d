"""Reading uploaded files by their content, shared by the list import and the evidence files."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


def refuse_if_larger(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s); tối đa %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def read_head(upload, size: int) -> bytes:
    """The first ``size`` bytes, leaving the file at its start."""
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def zip_names(upload) -> set[str]:
    """The member names of a zip archive (Office files are zips), or an empty set."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()
    finally:
        upload.seek(0)
