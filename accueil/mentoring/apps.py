from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "accueil.mentoring"
    default_auto_field = "django.db.models.BigAutoField"
