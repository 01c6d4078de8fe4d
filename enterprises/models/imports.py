"""A bulk import of enterprises from a CSV/XLSX file: checked first (dry run), then run."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

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
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("đã xử lý"), default=0)
    new_count = models.PositiveIntegerField(_("mới"), default=0)
    updated_count = models.PositiveIntegerField(_("cập nhật"), default=0)
    skipped_count = models.PositiveIntegerField(_("không đổi"), default=0)
    invalid_count = models.PositiveIntegerField(_("lỗi"), default=0)
    # [{"row": 7, "tax_code": "...", "errors": {"field": ["message", ...]}}, ...]
    row_errors = models.JSONField(_("lỗi từng dòng"), default=list, blank=True)
    failure = models.TextField(_("lỗi chung"), blank=True)  # why a failed job failed
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập danh sách")
        verbose_name_plural = _("các lần nhập danh sách")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")),
                name="import_processed_within_total",
            ),
            # A failed job says why (its page shows it and stops waiting).
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(failure=""), name="import_failed_says_why"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return self.processed_rows * 100 // self.total_rows if self.total_rows else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
