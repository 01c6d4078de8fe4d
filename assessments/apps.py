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

        # enterprises refuses a province change while an assessment is under review, and may not
        # import assessments: it is told which states those are (enterprises.duties).
        from enterprises.duties import in_review_states_declare

        from .vocabulary import IN_REVIEW_STATES

        in_review_states_declare(IN_REVIEW_STATES)
