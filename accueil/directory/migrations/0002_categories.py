"""The taxonomy's rows, from the code catalogue (names are translated by gettext, not stored)."""

from django.db import migrations


def create_categories(apps, schema_editor):
    from accueil.directory.categories import CATEGORY_TREE, category_uuid

    Category = apps.get_model("directory", "Category")
    by_code = {}
    for order, (code, (_name, _parent)) in enumerate(CATEGORY_TREE.items()):
        by_code[code], _created = Category.objects.get_or_create(
            code=code, defaults={"order": order, "uuid": category_uuid(code)}
        )
    for code, (_name, parent) in CATEGORY_TREE.items():
        if parent:
            Category.objects.filter(code=code).update(parent=by_code[parent])


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
