from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "accueil.api"
    label = "accueil_api"
