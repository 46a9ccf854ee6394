from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accueil.accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
