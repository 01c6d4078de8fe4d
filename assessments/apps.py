from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Bộ chỉ số và đánh giá")

    def ready(self) -> None:
        # The column results carry the enterprise's place, sector, size and type: they follow
        # every profile change, in its transaction (enterprises/profile_changes.py).
        from enterprises.profile_changes import profile_follower_register

        from .column_results import column_results_follow_enterprises

        profile_follower_register(column_results_follow_enterprises)
