from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "accueil.portal"
    default_auto_field = "django.db.models.BigAutoField"
