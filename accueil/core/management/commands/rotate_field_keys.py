"""Re-encrypt every encrypted column of every model with the first key of ``ACCUEIL_FIELD_ENCRYPTION_KEYS``.

Rotation: put the new key first (keep the old ones after it), deploy, run this command, then remove the old
keys. Values are rewritten in batches, each in its own short transaction; a value already encrypted with the
first key is left alone, so running the command again changes nothing. Values written in clear (before a field
was encrypted) are encrypted too."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accueil.core.sensitive import encrypted_fields, reencrypt_column


class Command(BaseCommand):
    help = "Re-encrypt every encrypted column with the first key of ACCUEIL_FIELD_ENCRYPTION_KEYS (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="Rows per transaction (500).")

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model, field in encrypted_fields():
            rewritten = reencrypt_column(model, field.name, batch_size=options["batch_size"])
            total += rewritten
            self.stdout.write(f"{model._meta.label}.{field.name}: {rewritten} re-encrypted")
        self.stdout.write(f"{total} values re-encrypted with the first key.")
