from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "accueil.guide"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accueil.translations.registry import register

        from .models import Article, RoadMap, RoadMapStage, Step

        register(Article, ["title", "summary", "body"])
        register(Step, ["title", "body"])
        register(RoadMap, ["title", "summary"])
        register(RoadMapStage, ["title", "body"])
