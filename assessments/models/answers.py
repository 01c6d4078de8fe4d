"""What an assessment holds besides its ratings: the figures each column entered (a reviewer
corrects a figure in their own column) and the enterprise's unscored survey answers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dbi_portal.text import NfcTextField

from .assessment import Assessment, Column
from .questionnaire import FigureField, SupportNeed, SurveyStatement


class Figure(models.Model):
    """One figure (an amount in đồng or a count) of one column; whole and never negative."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="figures")
    column = models.CharField(_("cột"), max_length=12, choices=Column.choices)
    field = models.ForeignKey(FigureField, on_delete=models.PROTECT, related_name="+")
    value = models.BigIntegerField(_("giá trị"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("nhập lúc"))

    class Meta:
        verbose_name = _("số liệu đã nhập")
        verbose_name_plural = _("số liệu đã nhập")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "column", "field"], name="figure_one_per_cell"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="figure_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.column}/{self.field_id} = {self.value}"


class SurveyAnswer(models.Model):
    """The enterprise's 1–5 rating of a barrier or a self-perception statement."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="survey_answers"
    )
    statement = models.ForeignKey(SurveyStatement, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField(_("mức đồng ý"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("trả lời lúc"))

    class Meta:
        verbose_name = _("trả lời khảo sát")
        verbose_name_plural = _("trả lời khảo sát")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "statement"], name="survey_answer_one_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5), name="survey_answer_value_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.statement_id} = {self.value}"


class NeedAnswer(models.Model):
    """A support need the enterprise ticked (with its own words for "other")."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="need_answers"
    )
    need = models.ForeignKey(SupportNeed, on_delete=models.PROTECT, related_name="+")
    text = NfcTextField(_("nội dung"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("trả lời lúc"))

    class Meta:
        verbose_name = _("nhu cầu hỗ trợ đã chọn")
        verbose_name_plural = _("nhu cầu hỗ trợ đã chọn")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "need"], name="need_answer_one_per_need"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}/{self.need_id}"
