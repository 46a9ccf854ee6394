from django.apps import AppConfig


class HostingConfig(AppConfig):
    name = "accueil.hosting"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Hosting"
    # Read only through the access functions of `selectors.py`, which apply visibility and write the audit row.
    sensitive_models = ("HostOffer", "Household", "Stay", "FollowUp", "Incident", "HostVerification")
    # Every free-text field of this app is encrypted or declared public (`manage.py architecture_check`).
    sensitive = True
    # What a host offers besides the room (meals, French practice): about the offer, shown to matched households.
    public_text_fields = ("HostOffer.can_offer",)

    def ready(self) -> None:
        from accueil.core.readers import register_sensitive_reader

        from .policies import reads_households_and_hosts

        register_sensitive_reader("hosting.households_and_hosts", reads_households_and_hosts)

        from accueil.shelters.selectors import register_place_source

        from .selectors import hosting_free_places

        register_place_source(hosting_free_places)

        from accueil.plan.sources import register

        from .indicators import INDICATOR_SOURCES

        for key, (label, compute) in INDICATOR_SOURCES.items():
            register(key, label, compute)
