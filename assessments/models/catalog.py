"""The DBI framework catalog as data: framework → pillar → sub-index → criterion (the questions
and answers are versioned apart, questionnaire.py).

A framework names its scoring method; the method's parameters (pillar bands, overall rules, level
names) are rows tied to the framework, so a later framework (e.g. the 2023 indices) is added as
data plus, if its arithmetic differs, a new method — never by editing this one.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dbi_portal.i18n import localized


class BilingualName(models.Model):
    """Vietnamese is the official text; English is shown when the UI language is English."""

    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return localized(self.name_vi, self.name_en)


class ScoringMethod(models.TextChoices):
    SME_BANDS_2021 = (
        "sme-bands-2021",
        _("Dải phần trăm theo trụ cột và bảng quy tắc tổng thể (2021)"),
    )
    READINESS_MEDIAN_2023 = (
        "readiness-median-2023",
        _("Trung vị theo trụ cột, tổng có trọng số (sẵn sàng, 2023)"),
    )
    DEPARTMENT_MEANS_2023 = (
        "department-means-2023",
        _("Tỷ lệ hoàn thành, bình quân theo bộ phận (doanh nghiệp lớn, 2023)"),
    )


class Audience(models.TextChoices):
    """Which enterprises a framework is offered to, by size class (enterprises.sizing)."""

    SME = "sme", _("Doanh nghiệp nhỏ và vừa")
    LARGE = "large", _("Doanh nghiệp lớn")


class Framework(BilingualName):
    code = models.SlugField(_("mã"), max_length=50, unique=True)
    decision_vi = models.CharField(_("văn bản ban hành (tiếng Việt)"), max_length=255, blank=True)
    decision_en = models.CharField(_("văn bản ban hành (tiếng Anh)"), max_length=255, blank=True)
    scoring_method = models.CharField(
        _("phương pháp tính điểm"), max_length=50, choices=ScoringMethod.choices
    )
    max_level = models.PositiveSmallIntegerField(_("mức cao nhất"), default=5)
    max_points = models.PositiveIntegerField(_("tổng điểm tối đa"), default=0)
    # Answers run min_level..max_level (the readiness index has no level 0 answer).
    min_level = models.PositiveSmallIntegerField(_("mức thấp nhất của câu trả lời"), default=0)
    # The framework file's own version: a file published again must carry a higher one.
    version = models.PositiveIntegerField(_("phiên bản tệp bộ chỉ số"), default=1)
    audience = models.CharField(
        _("đối tượng áp dụng"), max_length=10, choices=Audience.choices, default=Audience.SME
    )
    threshold_note_vi = models.TextField(_("căn cứ các ngưỡng mức (tiếng Việt)"), blank=True)
    threshold_note_en = models.TextField(_("căn cứ các ngưỡng mức (tiếng Anh)"), blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("bộ chỉ số")
        verbose_name_plural = _("bộ chỉ số")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_level__gte=1) & Q(max_level__lte=10),
                name="framework_max_level_range",
            ),
            models.CheckConstraint(
                condition=Q(min_level__lte=models.F("max_level")),
                name="framework_min_level_below_max",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def decision(self) -> str:
        return localized(self.decision_vi, self.decision_en)

    @property
    def threshold_note(self) -> str:
        return localized(self.threshold_note_vi, self.threshold_note_en)


class ScoreThreshold(models.Model):
    """Overall (and pillar) level ``level`` from a score of ``minimum`` upwards, in the
    method's integer unit (scoring.common.Unit): the 2023 methods' levels."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="thresholds")
    level = models.PositiveSmallIntegerField(_("mức"))
    minimum = models.PositiveIntegerField(_("từ điểm"))

    class Meta:
        verbose_name = _("ngưỡng mức")
        verbose_name_plural = _("ngưỡng mức")
        ordering = ["framework", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "level"], name="score_threshold_unique_level"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework_id}: ≥{self.minimum} → {self.level}"


class FrameworkOpening(models.Model):
    """The ministry opens a framework for a year's assessments. A year with no opening at all
    offers every active framework (selectors.frameworks_offered)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="openings")
    period = models.PositiveSmallIntegerField(_("năm đánh giá"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("mở lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bộ chỉ số mở cho năm")
        verbose_name_plural = _("bộ chỉ số mở cho năm")
        ordering = ["-period", "framework"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "period"], name="opening_one_per_year"),
            models.CheckConstraint(
                condition=Q(period__gte=2021) & Q(period__lte=2100), name="opening_period_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework_id} · {self.period}"


class PillarBand(models.Model):
    """Pillar level ``level`` covers point ratios up to and including ``upper_percent``."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="bands")
    level = models.PositiveSmallIntegerField(_("mức"))
    upper_percent = models.PositiveSmallIntegerField(_("cận trên (%)"))

    class Meta:
        verbose_name = _("dải mức trụ cột")
        verbose_name_plural = _("dải mức trụ cột")
        ordering = ["framework", "level"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "level"], name="band_unique_level"),
            models.UniqueConstraint(
                fields=["framework", "upper_percent"], name="band_unique_upper"
            ),
            models.CheckConstraint(
                condition=Q(upper_percent__lte=100), name="band_upper_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework_id}: ≤{self.upper_percent}% → {self.level}"


class OverallRule(models.Model):
    """Overall level ``level`` needs total > ``total_above`` and ``min_pillars`` pillars ≥ level."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="overall_rules")
    level = models.PositiveSmallIntegerField(_("mức"))
    total_above = models.PositiveIntegerField(_("tổng điểm trên"))
    min_pillars = models.PositiveSmallIntegerField(_("số trụ cột tối thiểu đạt mức"))

    class Meta:
        verbose_name = _("quy tắc mức tổng thể")
        verbose_name_plural = _("quy tắc mức tổng thể")
        ordering = ["framework", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "level"], name="overall_rule_unique_level"
            ),
            models.CheckConstraint(condition=Q(level__gte=1), name="overall_rule_level_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.framework_id}: {self.level}"


class LevelName(BilingualName):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="level_names")
    level = models.PositiveSmallIntegerField(_("mức"))
    description_vi = models.TextField(_("mô tả (tiếng Việt)"), blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh)"), blank=True)

    class Meta:
        verbose_name = _("tên mức")
        verbose_name_plural = _("tên mức")
        ordering = ["framework", "level"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "level"], name="level_name_unique_level"),
        ]

    def __str__(self) -> str:
        return f"{self.level} – {self.name}"

    @property
    def description(self) -> str:
        return localized(self.description_vi, self.description_en)


class Pillar(BilingualName):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="pillars")
    code = models.CharField(_("mã"), max_length=20)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    max_points = models.PositiveIntegerField(_("điểm tối đa"), default=0)
    weight_percent = models.PositiveSmallIntegerField(_("trọng số (%)"), default=0)
    # How many criteria the decision gives the pillar (large enterprises: 25, 24, 29, …), so
    # that a framework whose criteria are not imported yet says it is not assessable.
    expected_criteria = models.PositiveSmallIntegerField(
        _("số tiêu chí theo quyết định"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("trụ cột")
        verbose_name_plural = _("trụ cột")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="pillar_unique_code"),
            models.UniqueConstraint(
                fields=["framework", "position"], name="pillar_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(weight_percent__lte=100), name="pillar_weight_at_most_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class SubIndex(BilingualName):
    pillar = models.ForeignKey(Pillar, on_delete=models.CASCADE, related_name="sub_indices")
    code = models.CharField(_("mã"), max_length=20)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    max_points = models.PositiveIntegerField(_("điểm tối đa"), default=0)

    class Meta:
        verbose_name = _("chỉ số thành phần")
        verbose_name_plural = _("chỉ số thành phần")
        ordering = ["pillar__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["pillar", "code"], name="sub_index_unique_code"),
            models.UniqueConstraint(
                fields=["pillar", "position"], name="sub_index_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Criterion(models.Model):
    """One criterion: its code, official text and points; how it is asked is versioned
    (questionnaire.Question)."""

    sub_index = models.ForeignKey(SubIndex, on_delete=models.CASCADE, related_name="criteria")
    # Denormalised so that a framework's codes are unique in the database, not just by convention.
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("mã"), max_length=20)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    group_vi = models.CharField(_("nhóm (tiếng Việt)"), max_length=255, blank=True)
    group_en = models.CharField(_("nhóm (tiếng Anh)"), max_length=255, blank=True)
    text_vi = models.TextField(_("tiêu chí (văn bản chính thức)"))
    text_en = models.TextField(_("tiêu chí (tiếng Anh)"), blank=True)
    points_per_level = models.PositiveSmallIntegerField(_("điểm mỗi mức"), default=1)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="criterion_unique_code"),
            models.UniqueConstraint(
                fields=["framework", "position"], name="criterion_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(points_per_level__gte=1), name="criterion_points_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text_vi[:60]}"

    @property
    def group(self) -> str:
        return localized(self.group_vi, self.group_en)

    @property
    def text(self) -> str:
        return localized(self.text_vi, self.text_en)
