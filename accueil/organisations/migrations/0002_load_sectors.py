from django.db import migrations

SECTORS = {
    "housing": "Housing",
    "health": "Health",
    "legal": "Legal help",
    "language": "French and languages",
    "employment": "Employment",
    "education": "Education",
    "culture": "Culture",
    "sport": "Sport",
    "food": "Food",
    "hygiene": "Hygiene",
    "child_protection": "Child protection",
    "social": "Social support",
    "administrative": "Administrative help",
    "interpreting": "Interpreting",
    "digital": "Digital access",
    "transport": "Transport",
    "emergency": "Emergency shelter",
    "donations": "Donations",
}


def load(apps, schema_editor):
    Sector = apps.get_model("organisations", "Sector")
    for code, name in SECTORS.items():
        Sector.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
