from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "accueil.mentoring"
    default_auto_field = "django.db.models.BigAutoField"
    # It holds what is known of people in need: every free-text field is encrypted or declared public.
    sensitive = True
    public_text_fields: tuple[str, ...] = ()
