from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "accueil.directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        try:
            from accueil.translations.registry import register
            from accueil.translations.signals import translation_published
        except ImportError:
            return
        from .models import Service
        from .services import search_index_translated

        register(Service, ["name", "description"])
        translation_published.connect(search_index_translated, dispatch_uid="directory-search-index-translated")
