"""Background jobs of the notifications app (django-q2): the sender, run every minute (`jobs.py`)."""

from __future__ import annotations

from .sender import notifications_send_due


def send_due_messages() -> int:
    return notifications_send_due()
