from django.apps import AppConfig


class VolunteeringConfig(AppConfig):
    name = "accueil.volunteering"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accueil.translations.registry import register_translator_languages

        register_translator_languages(
            "volunteering.VolunteerLanguage", user="profile__user", city="profile__city", language="language_id"
        )
