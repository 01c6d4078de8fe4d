from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from dbi_portal.refusals import Refusal

from .forms import check_enterprise_data, https_by_default
from .models import (
    Accreditation,
    Authority,
    Consultant,
    ConsultingFirm,
    Engagement,
    Enterprise,
    GroupMember,
    ImportJob,
    LegacyProvince,
    Membership,
    MinistryReviewer,
    Province,
    ProvinceOfficer,
    User,
    Ward,
)
from .profile_changes import enterprises_profile_changed
from .services import accreditation_decide, enterprise_refresh_size


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name",)}),
        (
            _("Quyền"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["name", "codename"]


@admin.register(Ward)
class WardAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "province"]
    list_filter = ["province"]
    list_select_related = ["province"]
    search_fields = ["name", "code"]


@admin.register(LegacyProvince)
class LegacyProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "successor"]
    list_select_related = ["successor"]
    search_fields = ["name"]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name_vi", "kind", "province", "valid_from", "valid_until"]
    list_filter = ["kind", "valid_until"]
    list_select_related = ["province"]
    search_fields = ["name_vi", "name_en", "province__name"]


class EnterpriseAdminForm(forms.ModelForm):
    """The admin checks what the registration form checks (check digit, VSIC, ward)."""

    class Meta:
        model = Enterprise
        fields = "__all__"  # noqa: DJ007 — the admin shows every field
        formfield_callback = https_by_default

    def clean(self) -> dict[str, Any]:
        super().clean()  # returns cleaned_data
        return check_enterprise_data(self, self.cleaned_data)


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "enterprise"
    extra = 0
    fields = ["user", "role", "status", "decided_at"]
    readonly_fields = ["decided_at"]
    autocomplete_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    form = EnterpriseAdminForm
    list_display = ["tax_code", "name_vi", "kind", "province", "sector_section", "size_class"]
    list_filter = ["kind", "size_class", "sector_section", "province"]
    list_select_related = ["province"]
    search_fields = ["tax_code", "name_vi", "name_en"]
    readonly_fields = ["size_class", "created_at", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    autocomplete_fields = ["ward"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        enterprise_refresh_size(obj)
        super().save_model(request, obj, form, change)
        if change:  # its results follow its place, sector, size and type (the dashboards')
            enterprises_profile_changed(enterprise_ids=[obj.pk])


class AccreditationInline(admin.TabularInline):
    model = Accreditation
    extra = 0
    fields = ["number", "issued_by", "valid_until", "status", "decided_at"]
    # Decisions go through accreditation_decide (the action on the accreditation list).
    readonly_fields = ["status", "decided_at"]


@admin.register(Consultant)
class ConsultantAdmin(admin.ModelAdmin):
    list_display = ["user", "firm", "phone"]
    list_select_related = ["user", "firm"]
    search_fields = ["user__email", "user__full_name", "accreditations__number"]
    autocomplete_fields = ["user"]
    inlines = [AccreditationInline]


@admin.register(ConsultingFirm)
class ConsultingFirmAdmin(admin.ModelAdmin):
    list_display = ["name", "tax_code"]
    search_fields = ["name", "tax_code"]


@admin.register(Engagement)
class EngagementAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "consultant", "status", "invited_at", "ended_at"]
    list_filter = ["status"]
    list_select_related = ["enterprise", "consultant__user"]
    search_fields = ["enterprise__name_vi", "enterprise__tax_code", "consultant__user__email"]
    readonly_fields = ["invited_at", "independence_declared_at", "responded_at", "ended_at"]


@admin.register(ProvinceOfficer)
class ProvinceOfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "province", "can_assess", "can_approve"]
    list_filter = ["province", "can_assess", "can_approve"]
    list_select_related = ["user", "province"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(MinistryReviewer)
class MinistryReviewerAdmin(admin.ModelAdmin):
    list_display = ["user", "can_appraise", "can_issue"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(Accreditation)
class AccreditationAdmin(admin.ModelAdmin):
    list_display = ["number", "consultant", "issued_by", "valid_until", "status", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["consultant__user"]
    search_fields = ["number", "consultant__user__email", "consultant__user__full_name"]
    readonly_fields = ["status", "decided_by", "decided_at", "created_at"]
    actions = ["approve", "reject"]

    def _decide(self, request, queryset, *, approve: bool) -> None:
        done = 0
        for accreditation in queryset:
            try:
                accreditation_decide(accreditation=accreditation, by=request.user, approve=approve)
                done += 1
            except Refusal as error:  # each one refused is said, the others still decided
                self.message_user(request, f"{accreditation}: {error.message}", messages.WARNING)
        self.message_user(request, _("Đã ghi nhận %(n)s quyết định.") % {"n": done})

    @admin.action(description=_("Công nhận các hồ sơ đã chọn"))
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description=_("Từ chối các hồ sơ đã chọn"))
    def reject(self, request, queryset):
        self._decide(request, queryset, approve=False)


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    list_display = [
        "original_name",
        "created_by",
        "dry_run",
        "status",
        "total",
        "failed",
        "created_at",
    ]
    list_filter = ["status", "dry_run"]
    list_select_related = ["created_by"]
    readonly_fields = [f.name for f in ImportJob._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(GroupMember)
class GroupMemberAdmin(admin.ModelAdmin):
    """Corporate groups' member companies; a share is in hundredths of a percent (5150 is
    51,5 %). The portal's group page checks who may edit and refuses cycles; here the system
    administrator corrects rows (the database still refuses a self-membership and a repeat)."""

    list_display = ["group", "member", "share", "added_by", "added_at"]
    list_select_related = ["group", "member", "added_by"]
    search_fields = [
        "group__tax_code",
        "group__name_vi",
        "member__tax_code",
        "member__name_vi",
    ]
    autocomplete_fields = ["group", "member", "added_by"]
    readonly_fields = ["added_at"]
