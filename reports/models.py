"""The reports' own rows.

* ``ReportJob``: an export (XLSX, CSV) or a yearly report (PDF) made in a background task, with
  its filters, progress and file.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ReportJob(models.Model):
    class Kind(models.TextChoices):
        EXPORT_XLSX = "export_xlsx", _("Xuất kết quả đánh giá (Excel)")
        EXPORT_CSV = "export_csv", _("Xuất kết quả đánh giá (CSV)")
        YEARLY_PDF = "yearly_pdf", _("Báo cáo năm (PDF)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi")

    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    framework = models.ForeignKey(
        "assessments.Framework", on_delete=models.PROTECT, related_name="+"
    )
    period = models.PositiveSmallIntegerField(_("năm"))
    column = models.CharField(_("cột"), max_length=12, default="reference")
    province = models.ForeignKey(
        "enterprises.Province", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sector = models.CharField(_("ngành"), max_length=1, blank=True)
    size = models.CharField(_("quy mô"), max_length=10, blank=True)
    enterprise_kind = models.CharField(_("loại hình"), max_length=20, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    done = models.PositiveIntegerField(_("đã xong"), default=0)
    file = models.FileField(_("tệp"), max_length=255, blank=True)
    failure = models.TextField(_("lỗi"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp báo cáo")
        verbose_name_plural = _("tệp báo cáo")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=F("total")), name="report_job_done_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} ({self.status})"

    @property
    def is_export(self) -> bool:
        return self.kind in (self.Kind.EXPORT_XLSX, self.Kind.EXPORT_CSV)

    @property
    def extension(self) -> str:
        return {self.Kind.EXPORT_XLSX: "xlsx", self.Kind.EXPORT_CSV: "csv"}.get(self.kind, "pdf")

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return self.done * 100 // self.total if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
