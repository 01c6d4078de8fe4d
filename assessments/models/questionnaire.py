"""How a framework's criteria are asked, as versioned data: a catalog version holds one question
per criterion (the national form's gate question and descriptors, a scale, or the figures to
enter and the thresholds that turn their share into a level) and the unscored survey (barriers,
self-perception, support needs). An assessment records the version it is answered on; a version
that has been answered is never edited — the admin forks it into a new one
(services/versions.py), so an assessment keeps its questions and its score.

The framework's structure (criteria, points, bands, overall rules) is not versioned here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dbi_portal.i18n import localized

from .catalog import Criterion, Framework


def _bilingual(vi: str, en: str) -> str:
    return localized(vi, en)


class CatalogVersion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("số phiên bản"))
    label = models.SlugField(_("nhãn"), max_length=50)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=255)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=255, blank=True)
    note_vi = models.TextField(_("ghi chú (tiếng Việt)"), blank=True)
    note_en = models.TextField(_("ghi chú (tiếng Anh)"), blank=True)
    # The portal's own questions written for a framework whose official ones are not published
    # (the 2023 readiness index): every page and the API say so.
    is_reference = models.BooleanField(
        _("câu hỏi tham khảo của Cổng"),
        default=False,
        help_text=_("Không phải câu hỏi chính thức của Bộ; thay bằng phiên bản chính thức khi có."),
    )
    is_current = models.BooleanField(
        _("phiên bản hiện hành"),
        default=False,
        help_text=_("Đánh giá mới được trả lời theo phiên bản này."),
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tạo từ phiên bản"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )

    class Meta:
        verbose_name = _("phiên bản bộ câu hỏi")
        verbose_name_plural = _("phiên bản bộ câu hỏi")
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="version_unique_number"),
            models.UniqueConstraint(fields=["framework", "label"], name="version_unique_label"),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(is_current=True),
                name="version_one_current_per_framework",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.framework_id} v{self.number} ({self.label})"

    @property
    def name(self) -> str:
        return _bilingual(self.name_vi, self.name_en)

    @property
    def note(self) -> str:
        return _bilingual(self.note_vi, self.note_en)


class FigureUnit(models.TextChoices):
    COUNT = "count", _("số lượng")
    VND = "vnd", _("đồng")


class FigureField(models.Model):
    """A figure the form asks for (an amount or a count); ``shared`` ones (total staff, revenue)
    are asked once per assessment and reused by every question that divides by them."""

    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="figures")
    key = models.SlugField(_("mã"), max_length=40)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    unit = models.CharField(_("đơn vị"), max_length=8, choices=FigureUnit.choices)
    label_vi = models.TextField(_("nội dung (tiếng Việt)"))
    label_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)
    period_vi = models.CharField(_("kỳ (tiếng Việt)"), max_length=255, blank=True)
    period_en = models.CharField(_("kỳ (tiếng Anh)"), max_length=255, blank=True)
    shared = models.BooleanField(_("dùng chung cho nhiều tiêu chí"), default=False)

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="figure_field_unique_key"),
            models.UniqueConstraint(
                fields=["version", "position"], name="figure_field_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.label_vi[:60]}"

    @property
    def label(self) -> str:
        return _bilingual(self.label_vi, self.label_en)

    @property
    def period(self) -> str:
        return _bilingual(self.period_vi, self.period_en)


class QuestionKind(models.TextChoices):
    DESCRIPTORS = "descriptors", _("Câu hỏi có/không và các mô tả mức")
    SCALE = "scale", _("Thang đánh giá")
    FIGURES = "figures", _("Số liệu và ngưỡng")


class Question(models.Model):
    """One criterion as asked in one version."""

    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="questions")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="questions")
    kind = models.CharField(_("loại câu hỏi"), max_length=12, choices=QuestionKind.choices)
    gate_vi = models.TextField(_("câu hỏi có/không (tiếng Việt)"), blank=True)
    gate_en = models.TextField(_("câu hỏi có/không (tiếng Anh)"), blank=True)
    prompt_vi = models.TextField(_("câu hỏi mức độ (tiếng Việt)"), blank=True)
    prompt_en = models.TextField(_("câu hỏi mức độ (tiếng Anh)"), blank=True)
    help_vi = models.TextField(_("gợi ý (tiếng Việt)"), blank=True)
    help_en = models.TextField(_("gợi ý (tiếng Anh)"), blank=True)
    mapping_note_vi = models.TextField(
        _("cách quy đổi câu trả lời ra mức (tiếng Việt)"), blank=True
    )
    mapping_note_en = models.TextField(_("cách quy đổi câu trả lời ra mức (tiếng Anh)"), blank=True)
    # RESTRICT: a figure a question divides by cannot be deleted alone, only with its version.
    numerator = models.ForeignKey(
        FigureField,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tử số"),
    )
    denominator = models.ForeignKey(
        FigureField,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mẫu số"),
    )
    threshold_note_vi = models.TextField(_("lý do chọn ngưỡng (tiếng Việt)"), blank=True)
    threshold_note_en = models.TextField(_("lý do chọn ngưỡng (tiếng Anh)"), blank=True)
    published_text_vi = models.TextField(
        _("văn bản tiêu chí như bảng công bố"),
        blank=True,
        help_text=_("Chỉ điền khi văn bản tiêu chí của danh mục sửa một lỗi của bảng công bố."),
    )
    correction_note_vi = models.TextField(_("lý do sửa (tiếng Việt)"), blank=True)
    correction_note_en = models.TextField(_("lý do sửa (tiếng Anh)"), blank=True)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["version", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "criterion"], name="question_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="figures", numerator__isnull=False, denominator__isnull=False)
                    | (~Q(kind="figures") & Q(numerator__isnull=True, denominator__isnull=True))
                ),
                name="question_figures_have_both_terms",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} · v{self.version.number}"

    @property
    def gate(self) -> str:
        return _bilingual(self.gate_vi, self.gate_en)

    @property
    def prompt(self) -> str:
        return _bilingual(self.prompt_vi, self.prompt_en)

    @property
    def help(self) -> str:
        return _bilingual(self.help_vi, self.help_en)

    @property
    def mapping_note(self) -> str:
        return _bilingual(self.mapping_note_vi, self.mapping_note_en)

    @property
    def threshold_note(self) -> str:
        return _bilingual(self.threshold_note_vi, self.threshold_note_en)

    @property
    def correction_note(self) -> str:
        return _bilingual(self.correction_note_vi, self.correction_note_en)


class QuestionOption(models.Model):
    """An answer shown for a question; picking it sets the criterion's level. Several answers may
    give the same level (the form's six descriptors of 3.2.6), hence the position."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    level = models.PositiveSmallIntegerField(_("mức"))
    label_vi = models.TextField(_("câu trả lời (tiếng Việt)"))
    label_en = models.TextField(_("câu trả lời (tiếng Anh)"), blank=True)

    class Meta:
        verbose_name = _("phương án trả lời")
        verbose_name_plural = _("phương án trả lời")
        ordering = ["question", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "position"], name="question_option_unique_position"
            ),
            models.CheckConstraint(condition=Q(level__lte=10), name="question_option_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.level}: {self.label_vi[:60]}"

    @property
    def label(self) -> str:
        return _bilingual(self.label_vi, self.label_en)


class FigureThreshold(models.Model):
    """Level ``level`` needs a share of at least ``min_percent`` (and a numerator above 0)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="thresholds")
    level = models.PositiveSmallIntegerField(_("mức"))
    min_percent = models.PositiveSmallIntegerField(_("tỷ lệ tối thiểu (%)"))

    class Meta:
        verbose_name = _("ngưỡng")
        verbose_name_plural = _("ngưỡng")
        ordering = ["question", "level"]
        constraints = [
            models.UniqueConstraint(fields=["question", "level"], name="threshold_unique_level"),
            models.CheckConstraint(condition=Q(min_percent__lte=100), name="threshold_at_most_100"),
            models.CheckConstraint(condition=Q(level__gte=1), name="threshold_level_positive"),
        ]

    def __str__(self) -> str:
        return f"≥{self.min_percent}% → {self.level}"


class SurveyPart(models.TextChoices):
    BARRIER = "barrier", _("Rào cản")
    PERCEPTION = "perception", _("Tự nhận thức")


class SurveyStatement(models.Model):
    """A statement the enterprise rates on the 1–5 agreement scale; not scored."""

    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="statements")
    part = models.CharField(_("phần"), max_length=12, choices=SurveyPart.choices)
    code = models.CharField(_("mã"), max_length=12)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    group_code = models.CharField(_("mã nhóm"), max_length=12, blank=True)
    group_vi = models.CharField(_("nhóm (tiếng Việt)"), max_length=255, blank=True)
    group_en = models.CharField(_("nhóm (tiếng Anh)"), max_length=255, blank=True)
    group_description_vi = models.TextField(_("mô tả nhóm (tiếng Việt)"), blank=True)
    group_description_en = models.TextField(_("mô tả nhóm (tiếng Anh)"), blank=True)
    text_vi = models.TextField(_("nội dung (tiếng Việt)"))
    text_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)

    class Meta:
        verbose_name = _("nhận định khảo sát")
        verbose_name_plural = _("nhận định khảo sát")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="statement_unique_code"),
            models.UniqueConstraint(
                fields=["version", "position"], name="statement_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text_vi[:60]}"

    @property
    def text(self) -> str:
        return _bilingual(self.text_vi, self.text_en)

    @property
    def group(self) -> str:
        return _bilingual(self.group_vi, self.group_en)

    @property
    def group_description(self) -> str:
        return _bilingual(self.group_description_vi, self.group_description_en)


class SurveyScaleLabel(models.Model):
    version = models.ForeignKey(
        CatalogVersion, on_delete=models.CASCADE, related_name="scale_labels"
    )
    value = models.PositiveSmallIntegerField(_("giá trị"))
    label_vi = models.CharField(_("nhãn (tiếng Việt)"), max_length=100)
    label_en = models.CharField(_("nhãn (tiếng Anh)"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("nhãn thang đo")
        verbose_name_plural = _("nhãn thang đo")
        ordering = ["version", "value"]
        constraints = [
            models.UniqueConstraint(fields=["version", "value"], name="scale_label_unique_value"),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="scale_label_value_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value}: {self.label_vi}"

    @property
    def label(self) -> str:
        return _bilingual(self.label_vi, self.label_en)


class SupportNeed(models.Model):
    version = models.ForeignKey(
        CatalogVersion, on_delete=models.CASCADE, related_name="support_needs"
    )
    code = models.SlugField(_("mã"), max_length=40)
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    label_vi = models.CharField(_("nhu cầu (tiếng Việt)"), max_length=255)
    label_en = models.CharField(_("nhu cầu (tiếng Anh)"), max_length=255, blank=True)
    asks_text = models.BooleanField(_("hỏi thêm nội dung"), default=False)

    class Meta:
        verbose_name = _("nhu cầu hỗ trợ")
        verbose_name_plural = _("nhu cầu hỗ trợ")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="support_need_unique_code"),
            models.UniqueConstraint(
                fields=["version", "position"], name="support_need_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.label_vi

    @property
    def label(self) -> str:
        return _bilingual(self.label_vi, self.label_en)
