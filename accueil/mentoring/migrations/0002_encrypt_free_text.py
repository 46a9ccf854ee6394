"""The availability, the meetings' topics and notes and the outcome notes encrypted at rest, with the rows written
in clear before (and any confidential note left in clear from before its field was encrypted). Reversed, the newly
encrypted columns are written back in clear; the confidential notes stay encrypted."""

from typing import Any

from django.db import migrations

import accueil.core.sensitive

COLUMNS = [
    ("Beneficiary", "availability_notes"),
    ("MentoringMeeting", "notes"),
    ("MentoringMeeting", "topics"),
    ("Mentorship", "outcome_notes"),
]

ALREADY_ENCRYPTED = [("Beneficiary", "sensitive_notes")]


def encrypt_rows(apps: Any, schema_editor: Any) -> None:
    for model_name, field_name in COLUMNS + ALREADY_ENCRYPTED:
        accueil.core.sensitive.reencrypt_column(apps.get_model("mentoring", model_name), field_name)


def decrypt_rows(apps: Any, schema_editor: Any) -> None:
    for model_name, field_name in COLUMNS:
        accueil.core.sensitive.decrypt_column(apps.get_model("mentoring", model_name), field_name)


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="beneficiary",
            name="availability_notes",
            field=accueil.core.sensitive.EncryptedTextField(blank=True, max_length=300, verbose_name="availability"),
        ),
        migrations.AlterField(
            model_name="mentoringmeeting",
            name="notes",
            field=accueil.core.sensitive.EncryptedTextField(blank=True, max_length=4000, verbose_name="notes"),
        ),
        migrations.AlterField(
            model_name="mentoringmeeting",
            name="topics",
            field=accueil.core.sensitive.EncryptedTextField(max_length=300, verbose_name="topics"),
        ),
        migrations.AlterField(
            model_name="mentorship",
            name="outcome_notes",
            field=accueil.core.sensitive.EncryptedTextField(blank=True, max_length=2000, verbose_name="outcome notes"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
