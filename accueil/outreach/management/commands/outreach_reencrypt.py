"""Re-encrypt every encrypted outreach field with the newest key (after adding a key in front of
ACCUEIL_FIELD_ENCRYPTION_KEYS), so that the old key can then be removed."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import models, transaction

from accueil.outreach.models import CampHousehold, Encounter, Person, Referral

ENCRYPTED: dict[type[models.Model], tuple[str, ...]] = {
    Person: ("code_name", "name"),
    Encounter: ("vulnerabilities", "notes"),
    Referral: ("shared", "outcome"),
    CampHousehold: ("vulnerabilities",),
}


class Command(BaseCommand):
    help = "Re-encrypt the outreach fields with the newest key of ACCUEIL_FIELD_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        for model, fields in ENCRYPTED.items():
            count = 0
            with transaction.atomic():
                for row in model._default_manager.select_for_update().only("pk", *fields).iterator(chunk_size=500):
                    row.save(update_fields=list(fields))  # read with any key, written with the first
                    count += 1
            self.stdout.write(f"{model.__name__}: {count} rows re-encrypted")
