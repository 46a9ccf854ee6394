from django.apps import AppConfig


class OutreachConfig(AppConfig):
    """Outreach teams, encounters with pseudonymous persons, consent, referrals, camp diagnoses, interpreting."""

    name = "accueil.outreach"
    label = "outreach"
    default_auto_field = "django.db.models.BigAutoField"
    # Models read only through access functions that write the audit row (besides those with encrypted fields).
    sensitive_models = ("Person", "Encounter", "Referral", "CampHousehold", "PartnerConsent", "InterpreterExclusion")
