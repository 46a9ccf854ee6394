from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "accueil.directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accueil.translations.registry import register

        from .models import Service
        from .services import search_index_translated

        register(Service, ["name", "description"], after_publish=search_index_translated)
