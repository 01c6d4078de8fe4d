"""Upload an enterprise list, watch it being checked, confirm it; export the filtered list."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST
from tablib import Dataset

from ..models import ImportJob
from ..resources import COLUMNS, EnterpriseResource
from ..selectors import enterprise_search
from ..services import import_job_confirm, import_job_create, may_import


def _limits() -> dict:
    return {
        "size": filesizeformat(settings.DBI_IMPORT_MAX_BYTES),
        "rows": number_format(settings.DBI_IMPORT_MAX_ROWS, force_grouping=True),
    }


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp danh sách (CSV UTF-8 hoặc Excel .xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            _("Tối đa %(size)s, %(rows)s dòng. Dòng đầu là tên cột, như tệp mẫu.") % _limits()
        )


def _require_importer(user) -> None:
    if not may_import(user):
        raise PermissionDenied


def _own_job(request, pk: int) -> ImportJob:
    jobs = (
        ImportJob.objects.all()
        if request.user.is_superuser
        else ImportJob.objects.filter(created_by=request.user)
    )
    return get_object_or_404(jobs, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    """Only what is cheap happens here (size, type by content, storing the file); the rows are
    read by the task, which the job page follows."""
    _require_importer(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                user=request.user,
                upload=form.cleaned_data["file"],
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("import-job", pk=job.pk)
    recent = ImportJob.objects.filter(created_by=request.user)[:10]
    return render(
        request,
        "enterprises/import_upload.html",
        {"form": form, "recent": recent},
        status=400 if form.errors else 200,
    )


@login_required
def import_job(request, pk: int):
    job = _own_job(request, pk)
    page = Paginator(job.row_errors, 50).get_page(request.GET.get("page"))
    context = {"job": job, "page": page, "query": ""}
    if request.htmx and request.GET.get("progress"):
        return render(request, "enterprises/_import_progress.html", context)
    return render(request, "enterprises/import_job.html", context)


@login_required
@require_POST
def import_confirm(request, pk: int):
    _require_importer(request.user)  # whoever lost the duty since the check cannot go on
    job = _own_job(request, pk)
    if not (job.dry_run and job.status == ImportJob.Status.DONE):
        raise PermissionDenied
    return redirect("import-job", pk=import_job_confirm(job=job, user=request.user).pk)


def _table_response(dataset: Dataset, file_format: str, stem: str) -> HttpResponse:
    if file_format == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        body = dataset.export("xlsx")
    else:
        file_format, content_type = "csv", "text/csv; charset=utf-8"
        body = "\ufeff" + dataset.export("csv")  # the BOM makes Excel read UTF-8 diacritics
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response


@login_required
def import_template(request):
    _require_importer(request.user)
    return _table_response(
        Dataset(headers=list(COLUMNS)), request.GET.get("format", "csv"), "mau-danh-sach"
    )


@login_required
def enterprise_export(request):
    enterprises = enterprise_search(user=request.user, params=request.GET).select_related(
        "province", "ward"
    )
    dataset = EnterpriseResource().export(queryset=enterprises)
    stem = f"doanh-nghiep-{timezone.localdate():%Y%m%d}"
    return _table_response(dataset, request.GET.get("format", "csv"), stem)
