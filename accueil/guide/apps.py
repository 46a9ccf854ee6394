from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "accueil.guide"
    default_auto_field = "django.db.models.BigAutoField"
