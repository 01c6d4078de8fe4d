"""A bulk import of enterprises from a CSV/XLSX file: checked first (dry run), then run."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dbi_portal.jobs import BackgroundJob


class ImportJob(BackgroundJob):
    """``total`` is the file's rows, ``processed`` those checked (or imported) so far, ``failed``
    the rows with errors; ``failure`` says why a job that could not finish failed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    file_format = models.CharField(_("định dạng"), max_length=10)
    dry_run = models.BooleanField(_("chỉ kiểm tra"), default=True)
    # The uploader's language: the task writes row errors and failures in it.
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    checked_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("lần kiểm tra trước"),
    )  # fmt: skip
    new_count = models.PositiveIntegerField(_("mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cập nhật"), default=0)
    skipped_count = models.PositiveIntegerField(_("không đổi"), default=0)
    # [{"row": 7, "tax_code": "...", "errors": {"field": ["message", ...]}}, ...]
    row_errors = models.JSONField(_("lỗi từng dòng"), default=list, blank=True)

    class Meta(BackgroundJob.Meta):
        verbose_name = _("lần nhập danh sách")
        verbose_name_plural = _("các lần nhập danh sách")
        constraints = [
            *BackgroundJob.Meta.constraints,
            # A failed job says why (its page shows it and stops waiting).
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(failure=""), name="import_failed_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
