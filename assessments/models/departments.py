"""The large-enterprise index is answered by department (Decision 2158/QĐ-BTTTT, Appendix 2,
4.a): the enterprise lists its departments, and in each column every department gives each
criterion the percentage of its tasks completed, or marks it not relevant to its duties."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dbi_portal.text import NfcCharField, NfcTextField

from .assessment import Assessment, Column
from .catalog import Criterion


class Department(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="departments")
    name = NfcCharField(_("tên bộ phận"), max_length=100)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bộ phận")
        verbose_name_plural = _("bộ phận")
        ordering = ["assessment", "position"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "name"], name="department_unique_name"),
            models.UniqueConstraint(
                fields=["assessment", "position"], name="department_unique_position"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="department_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class DepartmentRating(models.Model):
    """One column's answer for one department and criterion: ``percent`` of its tasks done, or
    null when the criterion is not relevant to the department (left out of its averages). No row:
    not answered yet (counts 0 %). ``version`` grows on every change (optimistic locking)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="department_ratings"
    )
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="ratings")
    column = models.CharField(_("cột"), max_length=12, choices=Column.choices)
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), null=True, blank=True)
    note = NfcTextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(_("đánh giá lúc"))

    class Meta:
        verbose_name = _("điểm tiêu chí theo bộ phận")
        verbose_name_plural = _("điểm tiêu chí theo bộ phận")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "column", "criterion"], name="department_rating_one_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="department_rating_percent_range",
            ),
        ]
        indexes = [models.Index(fields=["assessment", "column"])]

    def __str__(self) -> str:
        return f"{self.department_id}/{self.column}/{self.criterion_id} = {self.percent}"

    @property
    def relevant(self) -> bool:
        return self.percent is not None
