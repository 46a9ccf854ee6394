from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "accueil.volunteering"
    default_auto_field = "django.db.models.BigAutoField"
