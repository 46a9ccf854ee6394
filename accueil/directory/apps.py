from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "accueil.directory"
    default_auto_field = "django.db.models.BigAutoField"
