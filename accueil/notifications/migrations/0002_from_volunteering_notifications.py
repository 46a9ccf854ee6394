"""Moves the rows of the volunteering outbox (`volunteering.Notification`) into `notifications.Message`.

Rows already sent are kept as sent (no text: it was never stored). Rows still to send are rendered now, in the
recipient's language, with the volunteering wording; rows that used up their attempts become failed.
"""

from django.conf import settings
from django.db import migrations

OLD_MAX_ATTEMPTS = 5


def forwards(apps, schema_editor):
    Notification = apps.get_model("volunteering", "Notification")
    Message = apps.get_model("notifications", "Message")
    from accueil.volunteering.notifications import notification_render

    batch = []
    rows = Notification.objects.select_related("user", "city").order_by("pk")
    for row in rows.iterator(chunk_size=500):
        user = row.user
        language = getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE
        address = (user.phone if row.channel == "sms" else user.email) or ""
        if row.sent_at is not None:
            status, subject, body = "sent", "", ""
        else:
            status = "failed" if row.attempts >= OLD_MAX_ATTEMPTS else "pending"
            subject, body = notification_render(
                kind=row.kind, payload=row.payload or {}, language=language, tz_name=getattr(row.city, "timezone", "")
            )
        batch.append(
            Message(
                city_id=row.city_id,
                channel=row.channel,
                to_user_id=row.user_id,
                address=address,
                subject=subject[:300],
                body=body,
                language=language,
                kind=f"volunteering.{row.kind}",
                key=row.dedupe_key,
                status=status,
                attempts=row.attempts,
                next_attempt_at=row.scheduled_for,
                sent_at=row.sent_at,
                last_error="failed before the move to the outbox" if row.last_error else "",
            )
        )
        if len(batch) >= 500:
            Message.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Message.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("volunteering", "0002_skills_and_overlap_constraint"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
