from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "accueil.participation"
    default_auto_field = "django.db.models.BigAutoField"
