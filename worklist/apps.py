from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorklistConfig(AppConfig):
    """A person's home page, /me/: what waits for them in every role, read from the apps that
    own it (enterprises, assessments, certification). Above them all; nothing imports it."""

    name = "worklist"
    verbose_name = _("Việc cần làm")
