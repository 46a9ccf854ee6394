"""Messages to the people registered for an event, sent by the background worker after the commit.

Each message is a django-q task (`accueil.participation.tasks.registration_email_send`) queued with
`transaction.on_commit`, so nothing is sent for a write that is rolled back. Reminders are claimed with a
conditional update of `Registration.reminder_sent_at`, so a reminder is never sent twice.
"""

from __future__ import annotations

from django.db import transaction

KINDS = ("registered", "waitlisted", "promoted", "event_cancelled", "reminder")


def registration_notify(*, registration_id: int, kind: str) -> None:
    """Queue one email to the person behind `registration_id` once the current transaction commits."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")

    def enqueue() -> None:
        from django_q.tasks import async_task

        async_task("accueil.participation.tasks.registration_email_send", registration_id, kind)

    transaction.on_commit(enqueue)
