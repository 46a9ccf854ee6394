"""Messages to mentors, queued for the background worker once the transaction commits."""

from __future__ import annotations

from django.db import transaction


def mentor_notify(*, mentorship_id: int, kind: str) -> None:
    def enqueue() -> None:
        from django_q.tasks import async_task

        async_task("accueil.mentoring.tasks.mentor_email_send", mentorship_id, kind)

    transaction.on_commit(enqueue)
