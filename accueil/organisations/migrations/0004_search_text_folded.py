"""Stored search text recomputed with the kernel's `normalise()`, which also folds Arabic letter variants and
Ethiopic homophones: organisations, and the resource library (searched with the same query words)."""

from django.db import migrations

from accueil.core.text import normalise


def refold(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    for organisation in Organisation.objects.only("pk", "name", "acronym", "description").iterator():
        text = normalise(f"{organisation.name} {organisation.acronym} {organisation.description}")
        Organisation.objects.filter(pk=organisation.pk).update(search_text=text)
    Resource = apps.get_model("participation", "Resource")
    for resource in Resource.objects.only("pk", "title", "summary", "tags", "body").iterator():
        text = normalise(f"{resource.title} {resource.summary} {resource.tags} {resource.body}")
        Resource.objects.filter(pk=resource.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_search_text"),
        ("participation", "0002_proposals_resources"),
    ]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
