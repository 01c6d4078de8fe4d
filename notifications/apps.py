from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The inbox and the emails: plumbing every other app calls, knowing none of them."""

    name = "notifications"
    verbose_name = _("Thông báo")
