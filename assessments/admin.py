"""Catalog administration: texts, questions, thresholds and scoring rules are editable data.

A version of the questions that has been answered (an assessment records it) is shown read-only,
with its answer options, thresholds and figures: editing it means forking it into a new version
(``services.version_fork``) and making that one current, so answered assessments keep the
questions, thresholds and levels they were answered on. The admin's forms hold a version to the
rules ``check_catalog`` checks (``assessments.versions``): option levels within the framework's
scale and in ascending order, a mapping note when they are not one per level, thresholds that
cover every level and do not decrease, figure terms from the question's own version.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .figures import Threshold, thresholds_problems
from .framework_admin import FrameworkUpload, may_publish_frameworks
from .models import (
    Assessment,
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
    QuestionKind,
    QuestionOption,
    SubIndex,
)
from .selectors import framework_definition, version_definition
from .services import version_fork, version_make_current
from .versions import version_problems


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
    # The "upload a framework file" button and pages (framework_admin.py).
    change_list_template = "admin/assessments/framework/change_list.html"

    def get_urls(self):
        return [*FrameworkUpload(self).urls(), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_upload": may_publish_frameworks(request.user),
        }
        return super().changelist_view(request, extra_context)


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


# --- catalog versions ----------------------------------------------------------------------------


def version_answered(request: HttpRequest, version_id: int | None) -> bool:
    """Whether an assessment is answered on the version (then nothing of it may change here);
    asked once per request and version, however many permission checks ask."""
    if version_id is None:
        return False
    known: dict[int, bool] = request.__dict__.setdefault("_answered_versions", {})
    if version_id not in known:
        known[version_id] = Assessment.objects.filter(catalog_version_id=version_id).exists()
    return known[version_id]


def can_fork(request: HttpRequest) -> bool:
    return request.user.has_perm("assessments.add_catalogversion")


class NfcForm(forms.ModelForm):
    """Texts are stored composed (NFC), as the loader stores a file's and the checker wants."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = unicodedata.normalize("NFC", value)
        return cleaned


def _max_level(question: Question) -> int:
    return question.criterion.framework.max_level


class _QuestionRows(BaseInlineFormSet):
    """The rows of one question's inline that are kept: neither deleted nor left blank."""

    instance: Question

    def kept_rows(self) -> list[dict[str, Any]]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk or form.has_changed())
        ]


class OptionFormSet(_QuestionRows):
    """Answer options as the checker wants them: at least one, levels within 0..max_level and
    ascending in the order shown, and a mapping note (on the question) when they are not
    exactly one per level 0..max_level."""

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        max_level = _max_level(self.instance)
        rows = sorted(self.kept_rows(), key=lambda row: row["position"])
        errors = []
        if not rows:
            errors.append(str(_("Câu hỏi cần ít nhất một phương án trả lời.")))
        levels = [row["level"] for row in rows]
        if any(level > max_level for level in levels):
            errors.append(
                str(_("Mức của phương án phải nằm trong khoảng 0–%(max)d.")) % {"max": max_level}
            )
        elif levels != sorted(levels):
            errors.append(
                str(_("Các phương án phải xếp theo mức tăng dần (theo thứ tự hiển thị)."))
            )
        elif (
            rows
            and levels != list(range(max_level + 1))
            and not self.instance.mapping_note_vi.strip()
        ):
            errors.append(
                str(
                    _(
                        "Các phương án không phải đúng một phương án cho mỗi mức 0–%(max)d: hãy "
                        "ghi cách quy đổi câu trả lời ra mức (tiếng Việt) và lý do."
                    )
                )
                % {"max": max_level}
            )
        if errors:
            raise ValidationError(errors)


class OptionForm(NfcForm):
    def clean_level(self) -> int:
        level = self.cleaned_data["level"]
        if self.instance.question_id is not None:  # set by the inline formset, new rows too
            max_level = _max_level(self.instance.question)
            if level > max_level:
                raise ValidationError(
                    _("Mức phải nằm trong khoảng 0–%(max)d.") % {"max": max_level}
                )
        return level


# What thresholds_problems reports, said in the admin's language.
THRESHOLD_PROBLEMS = {
    "thresholds must cover levels": _("Ngưỡng phải có đúng một dòng cho mỗi mức từ 1 đến %(max)d."),
    "threshold minima must not decrease": _("Tỷ lệ tối thiểu không được giảm khi mức tăng."),
    "threshold minima must lie": _("Tỷ lệ tối thiểu phải nằm trong khoảng từ 0 đến 100."),
}


def threshold_messages(problems: list[str], max_level: int) -> list[str]:
    messages_ = []
    for problem in problems:
        message = next(
            (str(vi) for start, vi in THRESHOLD_PROBLEMS.items() if problem.startswith(start)),
            problem,
        )
        messages_.append(message % {"max": max_level} if "%(max)d" in message else message)
    return messages_


class ThresholdFormSet(_QuestionRows):
    """Thresholds as ``assessments.figures.thresholds_problems`` wants them: levels 1..max_level
    once each, minima within 0..100 that do not decrease as the level rises."""

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        max_level = _max_level(self.instance)
        thresholds = [Threshold(row["level"], row["min_percent"]) for row in self.kept_rows()]
        problems = thresholds_problems(thresholds, max_level)
        if problems:
            raise ValidationError(threshold_messages(problems, max_level))


class ReadOnlyInline(admin.TabularInline):
    """An inline whose rows belong to a version (found from the parent ``obj``): read-only, with
    no row added or deleted, once the version is answered."""

    extra = 0

    def _version_id(self, obj: Any) -> int | None:
        raise NotImplementedError

    def _locked(self, request: HttpRequest, obj: Any) -> bool:
        return obj is not None and version_answered(request, self._version_id(obj))

    def has_add_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(request, obj) and super().has_delete_permission(request, obj)


class QuestionOptionInline(ReadOnlyInline):
    model = QuestionOption
    form = OptionForm
    formset = OptionFormSet
    fields = ["position", "level", "label_vi", "label_en"]

    def _version_id(self, obj: Question) -> int | None:
        return obj.version_id


class FigureThresholdInline(ReadOnlyInline):
    model = FigureThreshold
    form = NfcForm
    formset = ThresholdFormSet
    fields = ["level", "min_percent"]

    def _version_id(self, obj: Question) -> int | None:
        return obj.version_id


class QuestionForm(NfcForm):
    """Checked against the question's kind (which comes from the version file and is shown
    read-only): a figures question needs both terms, a descriptors one its yes/no question."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        question: Question = self.instance
        if question.kind == QuestionKind.FIGURES:
            for term in ("numerator", "denominator"):
                if term in self.fields and not cleaned.get(term):
                    self.add_error(term, _("Câu hỏi số liệu cần cả tử số và mẫu số."))
        if question.kind == QuestionKind.DESCRIPTORS and not cleaned.get("gate_vi", "").strip():
            self.add_error("gate_vi", _("Câu hỏi mô tả mức cần câu hỏi có/không (tiếng Việt)."))
        return cleaned


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    """One criterion as one version asks it; its kind comes from the version file, so the form
    shows the options of an answered question or the figures and thresholds of a figures one."""

    form = QuestionForm
    change_form_template = "admin/assessments/question/change_form.html"
    list_display = ["criterion", "version", "kind", "has_mapping_note", "has_correction"]
    list_filter = ["version__framework", "version", "kind"]
    list_select_related = ["criterion", "version"]
    search_fields = ["criterion__code", "gate_vi", "gate_en", "prompt_vi", "prompt_en"]
    ordering = ["version", "criterion__position"]
    readonly_fields = ["version", "criterion", "catalog_text", "kind"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return super().get_queryset(request).select_related("version", "criterion__framework")

    def get_fieldsets(self, request, obj=None):
        fieldsets: list[tuple[Any, dict[str, Any]]] = [
            (None, {"fields": ["version", "criterion", "catalog_text", "kind"]}),
            (
                _("Câu hỏi"),
                {"fields": ["gate_vi", "gate_en", "prompt_vi", "prompt_en", "help_vi", "help_en"]},
            ),
        ]
        if obj is not None and obj.kind == QuestionKind.FIGURES:
            fieldsets.append(
                (
                    _("Số liệu và ngưỡng"),
                    {
                        "fields": [
                            "numerator",
                            "denominator",
                            "threshold_note_vi",
                            "threshold_note_en",
                        ],
                        "description": _(
                            "Mức = mức cao nhất có tỷ lệ tối thiểu ≤ tử số / mẫu số; mức 0 khi "
                            "tử số bằng 0. Ghi lý do chọn các ngưỡng."
                        ),
                    },
                )
            )
        else:
            fieldsets.append(
                (
                    _("Quy đổi câu trả lời ra mức"),
                    {
                        "fields": ["mapping_note_vi", "mapping_note_en"],
                        "description": _(
                            "Bắt buộc khi các phương án không phải đúng một phương án cho mỗi mức "
                            "0–5 theo thứ tự: cách quy đổi đã chọn và lý do."
                        ),
                    },
                )
            )
        fieldsets.append(
            (
                _("Văn bản tiêu chí đã sửa so với bảng công bố"),
                {
                    "fields": [
                        "published_text_vi",
                        "correction_note_vi",
                        "correction_note_en",
                    ]
                },
            )
        )
        return fieldsets

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind == QuestionKind.FIGURES:
            return [FigureThresholdInline]
        return [QuestionOptionInline]

    # Questions come from a version file or a fork: one per criterion, never added or deleted.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Question | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Question | None = None) -> bool:
        if obj is not None and version_answered(request, obj.version_id):
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description=_("Văn bản tiêu chí (danh mục)"))
    def catalog_text(self, obj: Question) -> str:
        return obj.criterion.text_vi

    @admin.display(boolean=True, description=_("Có quy đổi riêng"))
    def has_mapping_note(self, obj: Question) -> bool:
        return bool(obj.mapping_note_vi)

    @admin.display(boolean=True, description=_("Sửa lỗi bảng công bố"))
    def has_correction(self, obj: Question) -> bool:
        return bool(obj.published_text_vi)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in ("numerator", "denominator"):
            # The question's own version's figures only (a crafted POST naming another
            # version's figure is refused by the field, as any choice outside its queryset).
            object_id = str((request.resolver_match.kwargs or {}).get("object_id", ""))
            question = (
                Question.objects.filter(pk=object_id).first() if object_id.isdigit() else None
            )
            kwargs["queryset"] = FigureField.objects.filter(
                version_id=question.version_id if question else None
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _warn_unsound(request, form.instance.version)

    def get_urls(self):
        fork = self.admin_site.admin_view(require_POST(self.fork_view))
        return [
            path("<int:pk>/fork/", fork, name="assessments_question_fork"),
            *super().get_urls(),
        ]

    def fork_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Fork the question's version and open the same question in the copy."""
        question = get_object_or_404(Question.objects.select_related("version"), pk=pk)
        if not can_fork(request):
            self.message_user(
                request, _("Bạn không có quyền tạo phiên bản bộ câu hỏi."), messages.ERROR
            )
            return HttpResponseRedirect(reverse("admin:assessments_question_change", args=[pk]))
        fork = version_fork(version=question.version, user=request.user)  # type: ignore[arg-type]
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
        question = (
            Question.objects.filter(pk=object_id).first() if str(object_id).isdigit() else None
        )
        answered = bool(question and version_answered(request, question.version_id))
        extra_context = {**(extra_context or {}), "answered_version": answered}
        if answered:
            extra_context["fork_url"] = reverse("admin:assessments_question_fork", args=[object_id])
            extra_context["can_fork"] = can_fork(request)
        return super().change_view(request, object_id, form_url, extra_context)


def _warn_unsound(request: HttpRequest, version: CatalogVersion) -> None:
    """What ``check_catalog`` would now say of the edited version, if anything (the forms
    refuse what they can see; this names what only the whole version shows)."""
    problems = version_problems(
        version_definition(version=version), framework_definition(code=version.framework.code)
    )
    if problems:
        messages.warning(
            request,
            _("Phiên bản %(number)s chưa nhất quán (check_catalog): %(problems)s")
            % {"number": version.number, "problems": "; ".join(problems)},
        )


class FigureFieldForm(NfcForm):
    key = forms.CharField(
        label=_("mã"),
        max_length=40,
        validators=[
            RegexValidator(r"^[a-z0-9_]+$", _("Mã chỉ gồm chữ thường không dấu, số và dấu _."))
        ],
    )


class FigureFieldInline(ReadOnlyInline):
    model = FigureField
    form = FigureFieldForm
    fields = ["position", "key", "unit", "label_vi", "label_en", "period_vi", "period_en", "shared"]

    def _version_id(self, obj: CatalogVersion) -> int | None:
        return obj.pk


@admin.register(CatalogVersion)
class CatalogVersionAdmin(admin.ModelAdmin):
    """Versions come from files (``load_catalog``) or from a fork. An answered one is read-only;
    the list's actions fork a version and choose the one new assessments are answered on."""

    form = NfcForm
    list_display = [
        "framework",
        "number",
        "label",
        "name_vi",
        "is_current",
        "answered",
        "based_on",
    ]
    list_filter = ["framework", "is_current"]
    list_select_related = ["framework", "based_on"]
    search_fields = ["label", "name_vi", "name_en"]
    readonly_fields = [
        "framework",
        "number",
        "is_current",
        "answered",
        "editing",
        "questions",
        "based_on",
        "created_at",
        "created_by",
    ]
    fields = [
        "framework",
        "number",
        "label",
        "name_vi",
        "name_en",
        "note_vi",
        "note_en",
        "is_current",
        "answered",
        "editing",
        "questions",
        "based_on",
        "created_at",
        "created_by",
    ]
    inlines = [FigureFieldInline]
    actions = ["fork", "make_current"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CatalogVersion]:
        return super().get_queryset(request).annotate(answered_count=Count("assessments"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # versions come from files (load_catalog) or from a fork

    def has_change_permission(
        self, request: HttpRequest, obj: CatalogVersion | None = None
    ) -> bool:
        if obj is not None and version_answered(request, obj.pk):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: CatalogVersion | None = None
    ) -> bool:
        """An answered version, or the current one, is never deleted."""
        if obj is not None and (obj.is_current or version_answered(request, obj.pk)):
            return False
        return super().has_delete_permission(request, obj)

    def get_deleted_objects(self, objs, request):
        """A version's questions go with it (a question alone is never deleted here)."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        return deleted, counts, perms_needed - {str(Question._meta.verbose_name)}, protected

    def has_fork_permission(self, request: HttpRequest) -> bool:
        return can_fork(request)

    @admin.display(description=_("Số đánh giá đã trả lời"), ordering="answered_count")
    def answered(self, obj: CatalogVersion) -> int:
        count = getattr(obj, "answered_count", None)
        return obj.assessments.count() if count is None else count

    @admin.display(description=_("Sửa phiên bản"))
    def editing(self, obj: CatalogVersion) -> str:
        if self.answered(obj):
            return str(
                _(
                    "Đã có đánh giá trả lời theo phiên bản này nên không sửa được. Để sửa, chọn "
                    "phiên bản ở danh sách và dùng thao tác “Tạo phiên bản mới từ phiên bản đã "
                    "chọn”, sửa bản mới rồi đặt nó làm phiên bản hiện hành."
                )
            )
        return str(_("Chưa có đánh giá nào trả lời theo phiên bản này: có thể sửa."))

    @admin.display(description=_("Câu hỏi"))
    def questions(self, obj: CatalogVersion) -> str:
        url = reverse("admin:assessments_question_changelist")
        return format_html(
            '<a href="{}?version__id__exact={}">{}</a>',
            url,
            obj.pk,
            _("Các câu hỏi của phiên bản %(number)s") % {"number": obj.number},
        )

    @admin.action(
        description=_("Tạo phiên bản mới từ phiên bản đã chọn (để sửa)"),
        permissions=["fork"],
    )
    def fork(self, request: HttpRequest, queryset: QuerySet[CatalogVersion]) -> None:
        for version in queryset.order_by("number"):
            copy = version_fork(version=version, user=request.user)  # type: ignore[arg-type]
            self.message_user(
                request,
                _("Đã tạo phiên bản %(number)s từ phiên bản %(old)s.")
                % {"number": copy.number, "old": version.number},
                messages.SUCCESS,
            )

    @admin.action(
        description=_("Đặt làm phiên bản hiện hành (cho đánh giá mới)"),
        permissions=["change"],
    )
    def make_current(self, request: HttpRequest, queryset: QuerySet[CatalogVersion]) -> None:
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


# The ministry opens and closes frameworks by year on its own page (/frameworks/openings/,
# services/openings.py); the admin lists the openings and can add or remove one.
from .models import FrameworkOpening  # noqa: E402


@admin.register(FrameworkOpening)
class FrameworkOpeningAdmin(admin.ModelAdmin):
    list_display = ["framework", "period", "opened_by", "opened_at"]
    list_filter = ["period", "framework"]
    list_select_related = ["framework", "opened_by"]
    search_fields = ["framework__code", "framework__name_vi"]
    fields = ["framework", "period", "opened_by", "opened_at"]
    readonly_fields = ["opened_by", "opened_at"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # open or closed: there is nothing to edit in an opening

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        obj.opened_by = request.user
        super().save_model(request, obj, form, change)
