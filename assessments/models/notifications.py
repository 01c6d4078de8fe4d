"""In-app notifications (the inbox); the same events are emailed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .assessment import Assessment, AuditEntry


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(AuditEntry, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One notification per person per event: re-running the task adds nothing.
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_once"),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.event_id}"
