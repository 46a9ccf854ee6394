from django.apps import AppConfig


class SheltersConfig(AppConfig):
    name = "accueil.shelters"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Shelters"

    def ready(self) -> None:
        from accueil.plan.sources import register

        from .indicators import INDICATOR_SOURCES

        for key, (label, compute) in INDICATOR_SOURCES.items():
            register(key, label, compute)
