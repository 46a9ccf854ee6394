from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "accueil.plan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accueil.translations.registry import register

        from .models import TRANSLATED

        for model, fields in TRANSLATED.items():
            register(model, fields)
