from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "accueil.mentoring"
    default_auto_field = "django.db.models.BigAutoField"
    # It holds what is known of people in need: every free-text field is encrypted or declared public.
    sensitive = True
    public_text_fields: tuple[str, ...] = ()

    def ready(self) -> None:
        from accueil.core.readers import register_sensitive_reader

        from .policies import reads_beneficiaries, reads_meeting_notes

        register_sensitive_reader("mentoring.beneficiaries", reads_beneficiaries)
        register_sensitive_reader("mentoring.meeting_notes", reads_meeting_notes)
