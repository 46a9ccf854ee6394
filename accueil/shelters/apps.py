from django.apps import AppConfig


class SheltersConfig(AppConfig):
    name = "accueil.shelters"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Shelters"
