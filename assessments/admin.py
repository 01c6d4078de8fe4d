"""Catalog administration: guidance texts and scoring rules are editable data."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    AnswerOption,
    Criterion,
    Framework,
    LevelName,
    OverallRule,
    Pillar,
    PillarBand,
    SubIndex,
)


class TouchesFramework(admin.ModelAdmin):
    """Any catalog edit bumps the framework's ``updated_at``, which keys the cached scoring
    index (``selectors.catalog_index``), so a changed rule is used at once."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        framework_id = getattr(form.instance, "framework_id", None) or form.instance.pk
        Framework.objects.filter(pk=framework_id).update(updated_at=timezone.now())


class PillarBandInline(admin.TabularInline):
    model = PillarBand
    extra = 0


class OverallRuleInline(admin.TabularInline):
    model = OverallRule
    extra = 0


class LevelNameInline(admin.TabularInline):
    model = LevelName
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(TouchesFramework, admin.ModelAdmin):
    list_display = ["code", "name_vi", "scoring_method", "max_points", "is_active", "updated_at"]
    list_filter = ["is_active", "scoring_method"]
    search_fields = ["code", "name_vi", "name_en"]
    inlines = [PillarBandInline, OverallRuleInline, LevelNameInline]


class SubIndexInline(admin.TabularInline):
    model = SubIndex
    extra = 0
    fields = ["code", "position", "name_vi", "name_en", "max_points"]


@admin.register(Pillar)
class PillarAdmin(TouchesFramework, admin.ModelAdmin):
    list_display = ["code", "name_vi", "framework", "max_points"]
    list_filter = ["framework"]
    list_select_related = ["framework"]
    inlines = [SubIndexInline]


class AnswerOptionInline(admin.TabularInline):
    model = AnswerOption
    extra = 0
    fields = ["level", "label_vi", "label_en"]


@admin.register(Criterion)
class CriterionAdmin(TouchesFramework, admin.ModelAdmin):
    list_display = ["code", "text_vi", "group_vi", "points_per_level", "framework"]
    list_filter = ["framework", "sub_index__pillar"]
    list_select_related = ["framework"]
    search_fields = ["code", "text_vi", "text_en", "question_vi", "question_en"]
    ordering = ["framework", "position"]
    inlines = [AnswerOptionInline]
    fieldsets = [
        (None, {"fields": ["framework", "sub_index", "code", "position", "points_per_level"]}),
        (_("Văn bản chính thức"), {"fields": ["group_vi", "group_en", "text_vi", "text_en"]}),
        (
            _("Hướng dẫn tham khảo"),
            {"fields": ["question_vi", "question_en", "followup_vi", "followup_en"]},
        ),
    ]
