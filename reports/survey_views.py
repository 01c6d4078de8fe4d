"""The survey's dashboard figures as a file (XLSX or CSV), for the dashboard's question in the
query string and with its scoping: the ministry names any province or none, a province officer
always gets their own (naming another is a 404), anyone else gets 403."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_chunks, write_xlsx
from .questions import dashboard_question
from .selectors import dashboard_access
from .survey_exports import survey_export_table


@login_required
@require_GET
def survey_export(request) -> HttpResponseBase:
    access = dashboard_access(request.user)
    if access is None:
        raise PermissionDenied(_("Chỉ cán bộ Sở và cán bộ Bộ xem được báo cáo tổng hợp."))
    query = dashboard_question(request.GET, access)
    table = survey_export_table(query)
    file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    place = str(query.province.code) if query.province else "toan-quoc"
    name = f"dbi-khao-sat-{query.period}-{place}.{file_format}"
    response: HttpResponseBase
    if file_format == "csv":
        response = StreamingHttpResponse(csv_chunks(table), CSV_CONTENT_TYPE)
    else:
        content = io.BytesIO()
        write_xlsx(table, content)
        response = HttpResponse(content.getvalue(), XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
