from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "accueil.core"
    label = "core"
    verbose_name = "Kernel"
