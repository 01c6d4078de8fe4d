"""The admin's framework upload: a ministry officer (or the system administrator) uploads a
framework file (JSON or XLSX, fixtures/frameworks/README.md), sees a preview — every problem, or
the tree that would be published — and publishes it as a new version (``framework_publish``).

What is published is exactly what was previewed: the preview signs the definition it read
(``django.core.signing``) into the publish form, and publishing checks it all again. Nothing is
written until the officer publishes, and nothing when that fails.
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .framework_files import (
    MAX_FILE_BYTES,
    FrameworkFileError,
    definition_outline,
    read_framework_file,
)
from .models import Framework, ScoringMethod
from .services import CatalogError
from .services.framework_publish import framework_publish, publish_plan
from .services.openings import may_open_frameworks

SALT = "assessments.framework_admin.publish"
MAX_AGE = 60 * 60  # a preview may be published within the hour
TEMPLATE = "admin/assessments/framework/upload.html"


def may_publish_frameworks(user) -> bool:
    """The ministry staff and the system administrator publish frameworks, as they open them
    for a year (``services.openings.may_open_frameworks``)."""
    return may_open_frameworks(user)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp bộ chỉ số (JSON hoặc XLSX)"),
        help_text=gettext_lazy(
            "Định dạng: fixtures/frameworks/README.md; mẫu XLSX: manage.py framework_template."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".json,.xlsx,application/json,application/vnd.ms-excel"}
        ),
    )


def _tree(definition: dict) -> list[dict]:
    """Pillars → sub-indices → criteria, with counts, for the preview."""
    return [
        {
            **pillar,
            "criteria_count": sum(len(s.get("criteria", [])) for s in pillar["sub_indices"]),
        }
        for pillar in definition.get("pillars", [])
    ]


class FrameworkUpload:
    """The two views, mounted under the framework admin's URLs (``urls``)."""

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def urls(self) -> list:
        site = self.model_admin.admin_site
        return [
            path(
                "upload/",
                site.admin_view(self.upload_view),
                name="assessments_framework_upload",
            ),
            path(
                "upload/publish/",
                site.admin_view(self.publish_view),
                name="assessments_framework_publish",
            ),
        ]

    def _allow(self, request: HttpRequest) -> None:
        if not may_publish_frameworks(request.user):
            raise PermissionDenied

    def _render(self, request: HttpRequest, **context) -> HttpResponse:
        site = self.model_admin.admin_site
        return TemplateResponse(
            request,
            TEMPLATE,
            {
                **site.each_context(request),
                "opts": Framework._meta,
                "title": _("Nạp bộ chỉ số từ tệp"),
                "max_mb": MAX_FILE_BYTES // (1024 * 1024),
                "plan": None,
                "problems": [],
                **context,
            },
        )

    def _preview(
        self, request: HttpRequest, form: UploadForm, definition: dict, name: str
    ) -> HttpResponse:
        plan = publish_plan(definition=definition)
        method = str(plan.definition.get("scoring_method"))
        context: dict = {
            "form": form,
            "plan": plan,
            "file_name": name,
            "method_label": dict(ScoringMethod.choices).get(method, method),
        }
        if plan.problems:
            context.update(problems=plan.problems)
        else:
            context.update(
                outline=definition_outline(plan.definition),
                tree=_tree(plan.definition),
                token=signing.dumps(
                    {"definition": definition, "name": name}, salt=SALT, compress=True
                ),
            )
        return self._render(request, **context)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """GET: the form. POST: the preview of the uploaded file (nothing is written)."""
        self._allow(request)
        if request.method != "POST":
            return self._render(request, form=UploadForm())
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, form=form)
        upload = form.cleaned_data["file"]
        # A file too large is refused by the reader, in its words, without being read.
        too_large = upload.size > MAX_FILE_BYTES
        content = b" " * (MAX_FILE_BYTES + 1) if too_large else upload.read()
        try:
            definition = read_framework_file(content, name=upload.name)
        except FrameworkFileError as error:
            return self._render(
                request,
                form=form,
                problems=[str(p) for p in error.problems],
                file_name=upload.name,
            )
        return self._preview(request, form, definition, upload.name)

    def publish_view(self, request: HttpRequest) -> HttpResponse:
        """POST the preview's token: publish what was previewed, checked again."""
        self._allow(request)
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:assessments_framework_upload"))
        try:
            signed = signing.loads(request.POST.get("token", ""), salt=SALT, max_age=MAX_AGE)
        except signing.BadSignature:
            messages.error(
                request,
                _("Bản xem trước đã hết hạn hoặc không hợp lệ; hãy tải tệp lên lại."),
            )
            return HttpResponseRedirect(reverse("admin:assessments_framework_upload"))
        definition, name = signed["definition"], signed["name"]
        try:
            outcome = framework_publish(definition=definition)
        except CatalogError:
            # Something changed since the preview (another publish): show what is wrong now.
            return self._preview(request, UploadForm(), definition, name)
        framework = outcome.framework
        # The admin's history of the framework says who published which file as which version.
        LogEntry.objects.create(
            user=request.user,  # type: ignore[misc]  # admin_view: signed in
            content_type=ContentType.objects.get_for_model(Framework),
            object_id=str(framework.pk),
            object_repr=str(framework)[:200],
            action_flag=ADDITION if outcome.created else CHANGE,
            change_message=json.dumps(
                [{"published": {"file": name, "version": outcome.version}}], ensure_ascii=False
            ),
        )
        messages.success(
            request,
            _("Đã xuất bản phiên bản %(version)s của bộ chỉ số %(code)s từ tệp %(name)s.")
            % {"version": outcome.version, "code": framework.code, "name": name},
        )
        return HttpResponseRedirect(
            reverse("admin:assessments_framework_change", args=[framework.pk])
        )
