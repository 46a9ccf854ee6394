from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "accueil.hosting"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Hosting"
    # Read only through the access functions of `selectors.py`, which apply visibility and write the audit row.
    sensitive_models = ("HostOffer", "Household", "Stay", "FollowUp", "Incident", "HostVerification")

    def ready(self) -> None:
        from accueil.shelters.selectors import register_place_source

        from .selectors import hosting_free_places

        register_place_source(hosting_free_places)
