from django.core.management.base import BaseCommand

from accueil.mentoring.services import retention_purge


class Command(BaseCommand):
    help = "Delete closed mentoring beneficiaries whose retention period is over (the worker runs this daily)."

    def handle(self, *args: object, **options: object) -> None:
        deleted = retention_purge()
        self.stdout.write(f"{deleted} beneficiary record(s) deleted")
