from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TerritoriesConfig(AppConfig):
    name = "accueil.territories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .models import City
        from .selectors import city_cache_clear

        # Cache upkeep only: a saved or deleted city is looked up again by this process's next request.
        post_save.connect(city_cache_clear, sender=City, dispatch_uid="territories.city_cache_clear.save")
        post_delete.connect(city_cache_clear, sender=City, dispatch_uid="territories.city_cache_clear.delete")
