from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "dbi_portal.outbox"
    label = "outbox"
    verbose_name = _("Hàng đợi tác vụ chưa gửi")
    default_auto_field = "django.db.models.BigAutoField"
