"""The plan's ``_fr`` / ``_en`` column pairs become a French source field and English translations (ADR 0013)."""

from django.db import migrations

from accueil.translations.column_pairs import pairs_migration

FIELDS = {
    "Plan": ("title",),
    "Official": ("role",),
    "Cornerstone": ("title", "description"),
    "Commitment": ("title", "description"),
    "Project": ("title",),
    "Measure": ("title", "description"),
    "Pledge": ("text",),
    "Indicator": ("name",),
}


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("plan", "0002_pledge_progress_action_owner"),
        ("translations", "0001_initial"),
    ]

    operations = [
        *(
            migrations.RenameField(model_name=model.lower(), old_name=f"{field}_fr", new_name=field)
            for model, fields in FIELDS.items()
            for field in fields
        ),
        migrations.RunPython(*pairs_migration("plan", FIELDS)),
        *(
            migrations.RemoveField(model_name=model.lower(), name=f"{field}_en")
            for model, fields in FIELDS.items()
            for field in fields
        ),
    ]
