from django.apps import AppConfig


class PlanConfig(AppConfig):
    name = "accueil.plan"
    default_auto_field = "django.db.models.BigAutoField"
