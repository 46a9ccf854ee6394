from django.apps import AppConfig


class TranslationsConfig(AppConfig):
    name = "accueil.translations"
    default_auto_field = "django.db.models.BigAutoField"
