from django.db import models
from django.utils.translation import gettext_lazy as _


class PendingTask(models.Model):
    """A Celery task that a committed transaction asked for and the broker has not taken yet.
    Written in the same transaction as the action that needs it; deleted once the broker has
    the message (at the commit, or later by ``outbox_relay``)."""

    task_id = models.CharField(_("mã tác vụ"), max_length=64, unique=True)
    name = models.CharField(_("tác vụ"), max_length=200)
    args = models.JSONField(_("đối số"), default=list, blank=True)
    kwargs = models.JSONField(_("đối số có tên"), default=dict, blank=True)
    options = models.JSONField(_("tuỳ chọn gửi"), default=dict, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(_("số lần gửi lỗi"), default=0)
    last_error = models.TextField(_("lỗi gửi gần nhất"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("tác vụ chưa gửi")
        verbose_name_plural = _("tác vụ chưa gửi")

    def __str__(self) -> str:
        return f"{self.name} {self.task_id}"
