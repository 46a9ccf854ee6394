from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "accueil.participation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accueil.plan.selectors import register_measure_proposals

        from .indicators import register_indicator_sources
        from .proposals.selectors import proposals_for_measure

        register_indicator_sources()
        register_measure_proposals(proposals_for_measure)
