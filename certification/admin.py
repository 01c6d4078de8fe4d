"""Admin: signers are data to maintain; certificates are read-only records (issue and revoke go
through the portal's services, so every change is checked and logged)."""

from django.contrib import admin

from .models import Certificate, CertificateBatch, CertificateEvent, HonourOptOut, Signer


@admin.register(Signer)
class SignerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "title", "valid_from", "valid_until"]
    search_fields = ["full_name", "title"]
    list_filter = ["valid_until"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CertificateEventInline(admin.TabularInline):
    model = CertificateEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "action", "actor", "reason")
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "enterprise_name",
        "tax_code",
        "overall_level",
        "issued_on",
        "valid_until",
        "status",
    ]
    list_filter = ["status", "year", "overall_level"]
    search_fields = ["number", "tax_code", "enterprise_name", "verification_code"]
    date_hierarchy = "issued_on"
    inlines = [CertificateEventInline]


@admin.register(CertificateBatch)
class CertificateBatchAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "created_by",
        "status",
        "total",
        "issued",
        "skipped",
        "failed",
        "created_at",
    ]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    search_fields = ["created_by__email"]


@admin.register(HonourOptOut)
class HonourOptOutAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "decided_by", "decided_at"]
    list_select_related = ["enterprise", "decided_by"]
    search_fields = ["enterprise__name_vi", "enterprise__tax_code"]
    raw_id_fields = ["enterprise", "decided_by"]
