from django.contrib import admin

from .models import PendingTask


@admin.register(PendingTask)
class PendingTaskAdmin(admin.ModelAdmin):
    """Read only: what the broker has not taken yet, and why."""

    list_display = ["name", "task_id", "created_at", "attempts", "last_error"]
    readonly_fields = [f.name for f in PendingTask._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
