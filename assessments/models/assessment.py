"""An assessment of one enterprise against one framework for one year: four columns of ratings
(self, consultant, province, ministry), a persisted result per column, and an append-only audit
trail. Results are written by ``services.rating_save`` in the same transaction as the rating, so
a stored result always matches its ratings and dashboards can aggregate them in SQL."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dbi_portal.text import NfcTextField

from .catalog import Criterion, Framework, Pillar, SubIndex
from .questionnaire import CatalogVersion, QuestionOption


class Column(models.TextChoices):
    SELF = "self", _("Doanh nghiệp tự đánh giá")
    CONSULTANT = "consultant", _("Tư vấn đánh giá")
    PROVINCE = "province", _("Sở đánh giá")
    MINISTRY = "ministry", _("Bộ đánh giá")


class Assessment(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Nháp")
        SUBMITTED = "submitted", _("Đã nộp")
        CONSULTANT_ASSESSING = "consultant_assessing", _("Tư vấn đang đánh giá")
        PROVINCE_REVIEW = "province_review", _("Sở đang xem xét")
        PROVINCE_APPROVED = "province_approved", _("Sở đã phê duyệt")
        MINISTRY_APPRAISAL = "ministry_appraisal", _("Bộ đang thẩm định")
        APPRAISED = "appraised", _("Đã thẩm định")
        RETURNED = "returned", _("Trả lại doanh nghiệp")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="assessments"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="assessments")
    # The questions, answers and thresholds it is answered and re-scored on (questionnaire.py).
    catalog_version = models.ForeignKey(
        CatalogVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("phiên bản bộ câu hỏi"),
    )
    period = models.PositiveSmallIntegerField(_("năm đánh giá"))
    state = models.CharField(
        _("trạng thái"), max_length=30, choices=State.choices, default=State.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")
        ordering = ["-period", "enterprise__name_vi"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "framework", "period"], name="assessment_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(period__gte=2021) & Q(period__lte=2100), name="assessment_period_range"
            ),
        ]
        indexes = [
            models.Index(fields=["framework", "period", "state"]),
            # The dashboards' year filter, covering the columns they read (reports/selectors.py).
            models.Index(
                fields=["framework", "period"],
                include=["id", "enterprise", "state"],
                name="assessment_year_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.framework_id} · {self.period}"


class RatingBasis(models.TextChoices):
    ANSWER = "answer", _("Câu trả lời")
    FIGURES = "figures", _("Tính từ số liệu")
    DIRECT = "direct", _("Người đánh giá đặt mức")


class Rating(models.Model):
    """One column's rating of one criterion. ``version`` grows by one on every change: a save
    that names an older version is refused (optimistic locking), so no update is lost.

    ``level`` is what the column scores; ``basis`` says where it came from: the answer picked
    (``option``), the figures entered (Figure rows, through the question's thresholds), or a
    reviewer who set it directly with a note."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    column = models.CharField(_("cột"), max_length=12, choices=Column.choices)
    level = models.PositiveSmallIntegerField(_("mức"), null=True, blank=True)
    basis = models.CharField(
        _("căn cứ"), max_length=8, choices=RatingBasis.choices, default=RatingBasis.ANSWER
    )
    option = models.ForeignKey(
        QuestionOption, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = NfcTextField(_("ghi chú"), blank=True)
    # A consultant or province column may leave a criterion out on purpose ("không đánh giá"),
    # saying why; the column then scores it at the level of the column before it (the
    # consultant's, else the enterprise's: step_selectors.scored_levels), and may be finished or
    # approved (services/transitions.py). No level while it is marked.
    not_assessed = models.BooleanField(_("không đánh giá"), default=False)
    not_assessed_reason = NfcTextField(_("lý do không đánh giá"), blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(_("đánh giá lúc"))

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "column", "criterion"], name="rating_one_per_cell"
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__lte=10), name="rating_level_range"
            ),
            models.CheckConstraint(
                condition=Q(basis="answer") | Q(option__isnull=True),
                name="rating_option_only_for_answers",
            ),
            # Not assessed: only by a consultant or the province, with no level, saying why.
            models.CheckConstraint(
                condition=Q(not_assessed=False)
                | (
                    Q(column__in=["consultant", "province"])
                    & Q(level__isnull=True)
                    & ~Q(not_assessed_reason="")
                ),
                name="rating_not_assessed_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(not_assessed=True) | Q(not_assessed_reason=""),
                name="rating_not_assessed_reason_only_when_marked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.column}/{self.criterion_id} = {self.level}"


PILLAR_SLOTS = 8  # pillar level columns of a column result: room for a seven-pillar framework
# What the dashboards read beside the year and the province (the covering indexes' payload).
DASHBOARD_COLUMNS = [
    "ward",
    "sector_section",
    "size_class",
    "kind",
    "level",
    *(f"pillar_{i}" for i in range(1, PILLAR_SLOTS + 1)),
]


class ColumnResult(models.Model):
    """The scored result of one column, rewritten with every rating save."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="results")
    column = models.CharField(_("cột"), max_length=12, choices=Column.choices)
    total = models.PositiveIntegerField(_("tổng điểm"), default=0)
    level = models.PositiveSmallIntegerField(_("mức tổng thể"), default=0)
    answered = models.PositiveSmallIntegerField(_("số tiêu chí đã có mức"), default=0)
    # Denormalized for the dashboards (column_results.py), so that a national figure is an
    # index-only pass over these rows, joining neither the assessment nor the enterprise: which
    # column the reports count by default, whether the row counts at all, the assessment's
    # framework and year, the enterprise's place, sector, size and type as they are now, and the
    # pillar levels (one column per pillar in catalog order).
    # Written by write_column_result with the result; the markers are moved by every transition
    # (services/transitions.py::_move); the enterprise's fields follow every profile change
    # (column_results.column_results_follow_enterprises, via enterprises/profile_changes.py).
    is_reference = models.BooleanField(_("cột tham chiếu của báo cáo"), default=False)
    counted = models.BooleanField(_("được tính trong báo cáo"), default=False)
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    period = models.PositiveSmallIntegerField(_("năm đánh giá"))
    province = models.ForeignKey(
        "enterprises.Province", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    ward = models.ForeignKey(
        "enterprises.Ward",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    sector_section = models.CharField(_("ngành (VSIC cấp 1)"), max_length=1, blank=True)
    size_class = models.CharField(_("quy mô"), max_length=10, blank=True)
    kind = models.CharField(_("loại hình"), max_length=20, blank=True)
    pillar_1 = models.PositiveSmallIntegerField(null=True, blank=True)
    pillar_2 = models.PositiveSmallIntegerField(null=True, blank=True)
    pillar_3 = models.PositiveSmallIntegerField(null=True, blank=True)
    pillar_4 = models.PositiveSmallIntegerField(null=True, blank=True)
    pillar_5 = models.PositiveSmallIntegerField(null=True, blank=True)
    pillar_6 = models.PositiveSmallIntegerField(null=True, blank=True)
    pillar_7 = models.PositiveSmallIntegerField(null=True, blank=True)
    pillar_8 = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kết quả theo cột")
        verbose_name_plural = _("kết quả theo cột")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "column"], name="result_one_per_column"),
        ]
        indexes = [
            models.Index(fields=["column", "level"]),
            # The dashboards' reads (reports/selectors.py): covering, so PostgreSQL answers them
            # from the index alone — the counted reference results of a year (of a province),
            # the same of one column, and the narrow ones the trend over the years reads (of
            # the nation, of a province).
            models.Index(
                fields=["framework", "period", "province"],
                include=DASHBOARD_COLUMNS,
                condition=Q(is_reference=True, counted=True),
                name="result_dashboard_idx",
            ),
            models.Index(
                fields=["framework", "column", "period", "province"],
                include=DASHBOARD_COLUMNS,
                condition=Q(counted=True),
                name="result_dashboard_column_idx",
            ),
            models.Index(
                fields=["framework", "period", "level"],
                condition=Q(is_reference=True, counted=True),
                name="result_dashboard_trend_idx",
            ),
            models.Index(
                fields=["framework", "province", "period", "level"],
                condition=Q(is_reference=True, counted=True),
                name="result_province_trend_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.column}: {self.total} → {self.level}"


class PillarResult(models.Model):
    result = models.ForeignKey(ColumnResult, on_delete=models.CASCADE, related_name="pillars")
    pillar = models.ForeignKey(Pillar, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField(_("điểm"))
    level = models.PositiveSmallIntegerField(_("mức"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["result", "pillar"], name="pillar_result_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id}/{self.pillar_id}: {self.points} → {self.level}"


class SubIndexResult(models.Model):
    result = models.ForeignKey(ColumnResult, on_delete=models.CASCADE, related_name="sub_indices")
    sub_index = models.ForeignKey(SubIndex, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField(_("điểm"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["result", "sub_index"], name="sub_index_result_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.result_id}/{self.sub_index_id}: {self.points}"


class AuditEntry(models.Model):
    """Append-only: every rating change (old → new, who, when, why) and every transition."""

    class Action(models.TextChoices):
        RATING = "rating", _("Đổi mức")
        TRANSITION = "transition", _("Chuyển trạng thái")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="audit")
    action = models.CharField(_("hành động"), max_length=12, choices=Action.choices)
    column = models.CharField(_("cột"), max_length=12, choices=Column.choices, blank=True)
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    old_level = models.PositiveSmallIntegerField(null=True, blank=True)
    new_level = models.PositiveSmallIntegerField(null=True, blank=True)
    from_state = models.CharField(max_length=30, blank=True, choices=Assessment.State.choices)
    to_state = models.CharField(max_length=30, blank=True, choices=Assessment.State.choices)
    reason = NfcTextField(_("lý do / ghi chú"), blank=True)
    # A rating change made by copying an earlier column's level (services.rating_copy): which.
    copied_from = models.CharField(
        _("sao chép từ cột"), max_length=12, choices=Column.choices, blank=True
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["assessment", "at"])]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit entries are append-only")
