from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accueil.accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()

        from accueil.core.readers import register_sensitive_reader

        from .selectors import holds_sensitive_role

        register_sensitive_reader("accounts.sensitive_roles", holds_sensitive_role)
