"""API tokens carry scopes. Tokens that exist keep writing if their organisation is verified; the others read only."""

from django.db import migrations, models


def keep_write_for_verified(apps, schema_editor):
    ApiToken = apps.get_model("organisations", "ApiToken")
    ApiToken.objects.filter(organisation__verification="verified").update(scopes="read,write")


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_search_text_folded"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scopes",
            field=models.CharField(
                choices=[("read", "Read only"), ("read,write", "Read and write")],
                default="read",
                max_length=32,
                verbose_name="scope",
            ),
        ),
        migrations.RunPython(keep_write_for_verified, migrations.RunPython.noop),
    ]
