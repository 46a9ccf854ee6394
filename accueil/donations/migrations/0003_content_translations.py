"""Names of categories and items: ``name_fr`` / ``name_en`` become a French ``name`` and English translations
(ADR 0013)."""

from django.db import migrations, models

from accueil.translations.column_pairs import pairs_migration

FIELDS = {"ItemCategory": ("name",), "Item": ("name",)}


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("donations", "0002_sponsor_budget_sponsor_capacity_and_more"),
        ("translations", "0001_initial"),
    ]

    operations = [
        *(
            migrations.RenameField(model_name=model.lower(), old_name=f"{field}_fr", new_name=field)
            for model, fields in FIELDS.items()
            for field in fields
        ),
        migrations.AlterModelOptions(name="itemcategory", options={"ordering": ["city", "name"]}),
        migrations.AlterModelOptions(name="item", options={"ordering": ["city", "name"]}),
        migrations.AlterModelOptions(name="priorityitem", options={"ordering": ["city", "item__name"]}),
        migrations.AlterModelOptions(name="pointitemrule", options={"ordering": ["point", "item__name"]}),
        migrations.AlterModelOptions(name="stock", options={"ordering": ["point", "item__name", "size"]}),
        # An empty default, so that going backwards can add the column again to tables that have rows.
        *(
            migrations.AlterField(
                model_name=model.lower(),
                name=f"{field}_en",
                field=models.CharField(blank=True, default="", max_length=120, verbose_name="name (English)"),
            )
            for model, fields in FIELDS.items()
            for field in fields
        ),
        migrations.RunPython(*pairs_migration("donations", FIELDS)),
        *(
            migrations.RemoveField(model_name=model.lower(), name=f"{field}_en")
            for model, fields in FIELDS.items()
            for field in fields
        ),
    ]
