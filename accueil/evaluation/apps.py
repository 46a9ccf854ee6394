from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "accueil.evaluation"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Evaluation"

    def ready(self) -> None:
        from accueil.translations.registry import register

        from .models import TRANSLATED

        for model, fields in TRANSLATED.items():
            register(model, fields)
