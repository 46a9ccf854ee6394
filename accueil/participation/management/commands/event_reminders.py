from django.core.management.base import BaseCommand

from accueil.participation.tasks import event_reminders_send


class Command(BaseCommand):
    help = "Send the day-before reminders of events now (the worker runs this hourly)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"{event_reminders_send()} reminder(s) sent")
