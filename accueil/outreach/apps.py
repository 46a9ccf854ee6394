from django.apps import AppConfig


class OutreachConfig(AppConfig):
    """Outreach teams, encounters with pseudonymous persons, consent, referrals, camp diagnoses, interpreting."""

    name = "accueil.outreach"
    label = "outreach"
    default_auto_field = "django.db.models.BigAutoField"
    # Models read only through access functions that write the audit row (besides those with encrypted fields).
    sensitive_models = ("Person", "Encounter", "Referral", "CampHousehold", "PartnerConsent", "InterpreterExclusion")
    # Every free-text field of this app is encrypted or declared public (`manage.py architecture_check`).
    sensitive = True
    # Names of teams, places, operations and interpreters: about the service, never about a person met.
    public_text_fields = (
        "Team.name",
        "Team.area_name",
        "Team.schedule",
        "Landmark.name",
        "CampOperation.name",
        "Interpreter.display_name",
    )

    def ready(self) -> None:
        from accueil.core.readers import register_sensitive_reader

        from .policies import reads_persons, reads_referrals

        register_sensitive_reader("outreach.persons", reads_persons)
        register_sensitive_reader("outreach.referrals", reads_referrals)

        from accueil.plan.sources import register

        from .indicators import register_sources

        register_sources(register)
