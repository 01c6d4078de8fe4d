"""Catalog administration: texts, questions, thresholds and scoring rules are editable data.
A version of the questions that has been answered is shown read-only: editing it means forking
it into a new version (services.version_fork), so answered assessments keep theirs."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .models import (
    CatalogVersion,
    Criterion,
    FigureField,
    FigureThreshold,
    Framework,
    LevelName,
    OverallRule,
    Pillar,
    PillarBand,
    Question,
    QuestionOption,
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


@admin.register(Criterion)
class CriterionAdmin(TouchesFramework, admin.ModelAdmin):
    list_display = ["code", "text_vi", "group_vi", "points_per_level", "framework"]
    list_filter = ["framework", "sub_index__pillar"]
    list_select_related = ["framework"]
    search_fields = ["code", "text_vi", "text_en"]
    ordering = ["framework", "position"]
    fieldsets = [
        (None, {"fields": ["framework", "sub_index", "code", "position", "points_per_level"]}),
        (_("Văn bản chính thức"), {"fields": ["group_vi", "group_en", "text_vi", "text_en"]}),
    ]


class ReadOnlyWhenAnswered:
    """Rows of an answered version cannot be changed here (fork the version to edit)."""

    def _version_of(self, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and self._version_of(obj).assessments.exists():
            return False
        return super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self._version_of(obj).assessments.exists():
            return False
        return super().has_delete_permission(request, obj)  # type: ignore[misc]

    def has_add_permission(self, request, obj=None):
        if obj is not None and self._version_of(obj).assessments.exists():
            return False
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)  # type: ignore[misc]
        return super().has_add_permission(request)  # type: ignore[misc]


class QuestionOptionInline(ReadOnlyWhenAnswered, admin.TabularInline):
    model = QuestionOption
    extra = 0
    fields = ["position", "level", "label_vi", "label_en"]

    def _version_of(self, obj):
        return obj.version


class FigureThresholdInline(ReadOnlyWhenAnswered, admin.TabularInline):
    model = FigureThreshold
    extra = 0
    fields = ["level", "min_percent"]

    def _version_of(self, obj):
        return obj.version


@admin.register(Question)
class QuestionAdmin(ReadOnlyWhenAnswered, admin.ModelAdmin):
    list_display = ["criterion", "version", "kind", "has_mapping_note", "has_correction"]
    list_filter = ["version__framework", "version", "kind"]
    list_select_related = ["criterion", "version"]
    search_fields = ["criterion__code", "gate_vi", "gate_en", "prompt_vi", "prompt_en"]
    ordering = ["version", "criterion__position"]
    inlines = [QuestionOptionInline, FigureThresholdInline]
    readonly_fields = ["version", "criterion", "official_text"]
    fieldsets = [
        (None, {"fields": ["version", "criterion", "official_text", "kind"]}),
        (
            _("Câu hỏi"),
            {"fields": ["gate_vi", "gate_en", "prompt_vi", "prompt_en", "help_vi", "help_en"]},
        ),
        (
            _("Quy đổi câu trả lời ra mức"),
            {"fields": ["mapping_note_vi", "mapping_note_en"]},
        ),
        (
            _("Số liệu và ngưỡng"),
            {
                "fields": [
                    "numerator",
                    "denominator",
                    "threshold_note_vi",
                    "threshold_note_en",
                ]
            },
        ),
        (
            _("Văn bản tiêu chí đã sửa so với bảng công bố"),
            {"fields": ["published_text_vi", "correction_note_vi", "correction_note_en"]},
        ),
    ]

    def _version_of(self, obj):
        return obj.version

    @admin.display(description=_("Văn bản tiêu chí (danh mục)"))
    def official_text(self, obj):
        return obj.criterion.text_vi

    @admin.display(boolean=True, description=_("Có quy đổi riêng"))
    def has_mapping_note(self, obj):
        return bool(obj.mapping_note_vi)

    @admin.display(boolean=True, description=_("Sửa lỗi bảng công bố"))
    def has_correction(self, obj):
        return bool(obj.published_text_vi)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("numerator", "denominator"):
            question_id = request.resolver_match.kwargs.get("object_id")
            question = Question.objects.filter(pk=question_id).first()
            kwargs["queryset"] = FigureField.objects.filter(
                version_id=question.version_id if question else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_urls(self):
        fork = self.admin_site.admin_view(require_POST(self.fork_view))
        return [
            path("<int:pk>/fork/", fork, name="assessments_question_fork"),
            *super().get_urls(),
        ]

    def fork_view(self, request, pk: int):
        """Fork the question's answered version and open the same question in the copy."""
        from .services import version_fork

        question = get_object_or_404(Question.objects.select_related("version"), pk=pk)
        if not request.user.has_perm("assessments.add_catalogversion"):
            return HttpResponseRedirect(reverse("admin:assessments_question_change", args=[pk]))
        fork = version_fork(version=question.version, user=request.user)
        self.message_user(
            request,
            _(
                "Đã tạo phiên bản %(number)s từ phiên bản %(old)s; sửa trên phiên bản mới rồi "
                "đặt nó làm phiên bản hiện hành. Các đánh giá đã trả lời giữ phiên bản cũ."
            )
            % {"number": fork.number, "old": question.version.number},
            messages.SUCCESS,
        )
        copy = Question.objects.get(version=fork, criterion_id=question.criterion_id)
        return HttpResponseRedirect(reverse("admin:assessments_question_change", args=[copy.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        question = Question.objects.filter(pk=object_id).select_related("version").first()
        answered = bool(question and question.version.assessments.exists())
        extra_context = {**(extra_context or {}), "answered_version": answered}
        if answered:
            extra_context["fork_url"] = reverse("admin:assessments_question_fork", args=[object_id])
        return super().change_view(request, object_id, form_url, extra_context)


class FigureFieldInline(ReadOnlyWhenAnswered, admin.TabularInline):
    model = FigureField
    extra = 0
    fields = ["position", "key", "unit", "label_vi", "label_en", "period_vi", "period_en", "shared"]

    def _version_of(self, obj):
        return obj


@admin.register(CatalogVersion)
class CatalogVersionAdmin(admin.ModelAdmin):
    list_display = ["framework", "number", "label", "name_vi", "is_current", "answered"]
    list_filter = ["framework", "is_current"]
    readonly_fields = ["framework", "number", "is_current", "based_on", "created_at", "created_by"]
    fields = [
        "framework",
        "number",
        "label",
        "name_vi",
        "name_en",
        "note_vi",
        "note_en",
        "is_current",
        "based_on",
        "created_at",
        "created_by",
    ]
    inlines = [FigureFieldInline]
    actions = ["fork", "make_current"]

    def has_add_permission(self, request):
        return False  # versions come from files (load_catalog) or from a fork

    @admin.display(description=_("Số đánh giá đã trả lời"))
    def answered(self, obj):
        return obj.assessments.count()

    @admin.action(description=_("Tạo phiên bản mới từ phiên bản đã chọn (để sửa)"))
    def fork(self, request, queryset):
        from .services import version_fork

        for version in queryset:
            copy = version_fork(version=version, user=request.user)
            self.message_user(
                request,
                _("Đã tạo phiên bản %(number)s từ phiên bản %(old)s.")
                % {"number": copy.number, "old": version.number},
                messages.SUCCESS,
            )

    @admin.action(description=_("Đặt làm phiên bản hiện hành (cho đánh giá mới)"))
    def make_current(self, request, queryset):
        from .services import version_make_current

        if queryset.count() != 1:
            self.message_user(request, _("Hãy chọn đúng một phiên bản."), messages.ERROR)
            return
        version = version_make_current(version=queryset.get())
        self.message_user(
            request,
            _("Đánh giá mới của %(framework)s sẽ trả lời theo phiên bản %(number)s.")
            % {"framework": version.framework_id, "number": version.number},
            messages.SUCCESS,
        )
