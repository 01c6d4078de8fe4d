"""The assessment report download (/assessments/<pk>/report.pdf)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from assessments.selectors import assessments_visible_to

from .services import assessment_report_render


@transaction.non_atomic_requests  # reads only; no transaction held open while rendering
@login_required
@require_GET
def assessment_report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """The assessment report (four columns, radar, gap analysis, next steps) as a PDF, for
    whoever may see the assessment, in the language they chose. Rendered on the first download
    (about half a second) and stored; later downloads of the same content are served from
    storage. Rendering here is acceptable in a GET: the stored file is a cache of a pure
    rendering of what the reader may already see, and no database row is written or locked."""
    assessment = get_object_or_404(
        assessments_visible_to(request.user).select_related("enterprise__province"), pk=pk
    )
    language = "en" if (request.LANGUAGE_CODE or "").startswith("en") else "vi"
    name = assessment_report_render(assessment=assessment, language=language)
    prefix = "DBI-report" if language == "en" else "bao-cao-DBI"
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"{prefix}-{assessment.enterprise.tax_code}-{assessment.period}.pdf",
        content_type="application/pdf",
    )
