from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "accueil.notifications"
    label = "notifications"
    verbose_name = "Notifications"
