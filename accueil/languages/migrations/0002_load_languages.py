from django.db import migrations


def load(apps, schema_editor):
    from accueil.languages.catalogue import LANGUAGES

    Language = apps.get_model("languages", "Language")
    for code, name_en, native, rtl in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name_en": name_en, "native_name": native, "rtl": rtl})


class Migration(migrations.Migration):
    dependencies = [("languages", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
