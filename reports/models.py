"""The reports' own rows.

* ``ReportJob``: an export (XLSX, CSV) or a yearly report (PDF) made in a background task, with
  its filters, progress and file.
* ``ProvinceTarget``: yearly targets a province (or the ministry, for the nation) sets itself,
  like the plans in the seeds ("trên 90% doanh nghiệp tham gia đánh giá", "30% doanh nghiệp đạt
  mức 3"). The dashboard shows each target's progress (reports/targets.py); the figures are the
  dashboard's own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from dbi_portal.jobs import BackgroundJob


class ReportJob(BackgroundJob):
    """``total`` is the export's rows (or the yearly report's steps), ``processed`` those
    written so far; ``file`` is set when it is done."""

    class Kind(models.TextChoices):
        EXPORT_XLSX = "export_xlsx", _("Xuất kết quả đánh giá (Excel)")
        EXPORT_CSV = "export_csv", _("Xuất kết quả đánh giá (CSV)")
        YEARLY_PDF = "yearly_pdf", _("Báo cáo năm (PDF)")

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
    file = models.FileField(_("tệp"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(BackgroundJob.Meta):
        verbose_name = _("tệp báo cáo")
        verbose_name_plural = _("tệp báo cáo")

    def __str__(self) -> str:
        return f"{self.kind} {self.period} ({self.status})"

    @property
    def is_export(self) -> bool:
        return self.kind in (self.Kind.EXPORT_XLSX, self.Kind.EXPORT_CSV)

    @property
    def extension(self) -> str:
        extensions: dict[str, str] = {self.Kind.EXPORT_XLSX: "xlsx", self.Kind.EXPORT_CSV: "csv"}
        return extensions.get(self.kind, "pdf")


# --- targets ---

MAX_TARGET_LEVEL = 5  # the SME framework's highest level (DOMAIN.md §2)


class TargetMetric(models.TextChoices):
    # Shares are of the registered enterprises of the province (or nation) that match the
    # dashboard's filters; "assessed" means a counted assessment of the year (not a draft).
    SHARE_ASSESSED = "share_assessed", _("Tỉ lệ doanh nghiệp được đánh giá")
    SHARE_LEVEL_AT_LEAST = "share_level_at_least", _("Tỉ lệ doanh nghiệp đạt từ một mức trở lên")
    SHARE_CERTIFIED = "share_certified", _("Tỉ lệ doanh nghiệp có chứng nhận còn hiệu lực")
    COUNT_ASSESSED = "count_assessed", _("Số doanh nghiệp được đánh giá")


PERCENT_METRICS = frozenset(
    {TargetMetric.SHARE_ASSESSED, TargetMetric.SHARE_LEVEL_AT_LEAST, TargetMetric.SHARE_CERTIFIED}
)


class ProvinceTarget(models.Model):
    """One target of one year: a percentage (0–100) for the share metrics, a number of
    enterprises for ``count_assessed``. ``province`` is empty for a national target. The share
    at a level carries its threshold (``level``, 0–5); the other metrics have none."""

    province = models.ForeignKey(
        "enterprises.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("tỉnh/thành phố"),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    metric = models.CharField(_("chỉ tiêu"), max_length=24, choices=TargetMetric.choices)
    level = models.PositiveSmallIntegerField(_("từ mức"), null=True, blank=True)
    value = models.PositiveIntegerField(_("mục tiêu"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người đặt"),
    )
    set_at = models.DateTimeField(_("đặt lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mục tiêu của tỉnh")
        verbose_name_plural = _("mục tiêu của tỉnh")
        ordering = ["-year", "metric", "level"]
        constraints = [
            # One target per (province or nation, year, metric, level): NULLs made comparable,
            # since SQL unique constraints let NULLs repeat.
            models.UniqueConstraint(
                Coalesce("province", Value(0), output_field=models.IntegerField()),
                "year",
                "metric",
                Coalesce("level", Value(-1), output_field=models.IntegerField()),
                name="target_one_per_metric",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2021) & Q(year__lte=2100), name="target_year_range"
            ),
            models.CheckConstraint(
                condition=Q(metric=TargetMetric.COUNT_ASSESSED) | Q(value__lte=100),
                name="target_percent_range",
            ),
            models.CheckConstraint(
                condition=(
                    Q(metric=TargetMetric.SHARE_LEVEL_AT_LEAST)
                    & Q(level__isnull=False)
                    & Q(level__lte=MAX_TARGET_LEVEL)
                )
                | (~Q(metric=TargetMetric.SHARE_LEVEL_AT_LEAST) & Q(level__isnull=True)),
                name="target_level_only_for_level_metric",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_id or '—'} · {self.year} · {self.description}: {self.value}"

    @property
    def is_percent(self) -> bool:
        return self.metric in PERCENT_METRICS

    @property
    def description(self) -> str:
        if self.metric == TargetMetric.SHARE_LEVEL_AT_LEAST:
            return _("Tỉ lệ doanh nghiệp đạt từ mức %(level)s trở lên") % {"level": self.level}
        return str(TargetMetric(self.metric).label)
