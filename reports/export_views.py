"""Files from the dashboard: the assessments it counts as XLSX or CSV (with the dashboard's own
filters, in the query string), and the yearly report as a PDF; a job page that shows a
background file's progress (polled by htmx) and then its download link, for its requester only.

Who may ask is the dashboard's rule (``reports.selectors.dashboard_access``): everyone else
gets 403. A province officer's province is imposed on every export: naming another province in
the query string gets 404, as that province's dashboard does.
"""

from __future__ import annotations

import dataclasses
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .export_services import (
    direct_export_max_rows,
    job_file_name,
    report_job_create_export,
    report_job_create_yearly,
)
from .exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_chunks,
    export_count,
    export_table,
    write_xlsx,
)
from .models import ReportJob
from .questions import dashboard_question, scoped_province
from .selectors import (
    SME,
    DashboardAccess,
    DashboardQuery,
    dashboard_access,
    dashboard_framework,
    latest_period,
    year_choices,
)


def _access(request) -> DashboardAccess:
    access = dashboard_access(request.user)
    if access is None:
        raise PermissionDenied(_("Chỉ cán bộ Sở và cán bộ Bộ xem được báo cáo tổng hợp."))
    return access


def _query(request, access: DashboardAccess) -> DashboardQuery:
    """The dashboard's question from the query string (an export has no breakdown)."""
    return dataclasses.replace(dashboard_question(request.GET, access), breakdown="")


def _file_name(query: DashboardQuery, file_format: str) -> str:
    place = str(query.province.code) if query.province else "toan-quoc"
    if query.framework.code != SME:  # the 2021 index's names stay as they were
        place += f"-{query.framework.code}"
    return f"dbi-{query.period}-{place}.{file_format}"


def _attachment(response: HttpResponseBase, name: str) -> HttpResponseBase:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def dashboard_export(request):
    """GET: the file itself when it is small (streamed), else a page offering to prepare it in
    the background; POST: prepare it in the background."""
    access = _access(request)
    query = _query(request, access)
    file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    if request.method == "POST":
        job = report_job_create_export(
            user=request.user, query=query, file_format=file_format, language=get_language()
        )
        return redirect("report-job", pk=job.pk)
    count = export_count(query)
    limit = direct_export_max_rows()
    if count > limit:
        context = {"query": query, "count": count, "limit": limit, "file_format": file_format}
        return render(request, "reports/export_large.html", context)
    table = export_table(query)
    name = _file_name(query, file_format)
    if file_format == "csv":
        return _attachment(StreamingHttpResponse(csv_chunks(table), CSV_CONTENT_TYPE), name)
    content = io.BytesIO()
    write_xlsx(table, content)
    return _attachment(HttpResponse(content.getvalue(), XLSX_CONTENT_TYPE), name)


@login_required
@require_POST
def yearly_report_request(request):
    access = _access(request)
    framework = dashboard_framework(request.POST.get("framework", ""))
    if framework is None:
        raise Http404
    latest = latest_period(framework)
    try:
        period = int(request.POST.get("year") or latest)
    except ValueError:
        period = latest
    if period not in year_choices(latest):
        period = latest
    province = scoped_province(access, request.POST.get("province"))
    job = report_job_create_yearly(
        user=request.user,
        framework=framework,
        period=period,
        province=province,
        language=get_language(),
    )
    return redirect("report-job", pk=job.pk)


def _own_job(request, pk: int) -> ReportJob:
    """Only the person who asked sees a job and its file; for anyone else it does not exist."""
    jobs = ReportJob.objects.select_related("province")
    return get_object_or_404(jobs, pk=pk, created_by=request.user)


@login_required
@require_GET
def report_job_page(request, pk: int):
    job = _own_job(request, pk)
    context = {"job": job, "file_name": job_file_name(job)}
    if request.htmx and request.GET.get("progress"):
        return render(request, "reports/_job_progress.html", context)
    return render(request, "reports/job.html", context)


@login_required
@require_GET
def report_job_download(request, pk: int):
    job = _own_job(request, pk)
    access = dashboard_access(request.user)
    # Scope again at download: an officer moved to another province loses the old files.
    if access is None or not access.may_see(job.province):
        raise Http404
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job_file_name(job))
