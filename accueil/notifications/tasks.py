"""Background jobs of the notifications app (django-q2), see `jobs.py`: the sender, every minute; the erasure of
the text of settled messages, daily."""

from __future__ import annotations

from .sender import notifications_send_due
from .services import messages_erase_sent_text


def send_due_messages() -> int:
    return notifications_send_due()


def erase_sent_text() -> int:
    return messages_erase_sent_text()
