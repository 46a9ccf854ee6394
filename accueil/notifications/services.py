"""Writes to the outbox: enqueue a message in the caller's transaction, retry a failed one.

Call `message_enqueue` inside the transaction of the change the message tells about: the message then exists
if and only if the change committed, and the worker sends it (`sender.notifications_send_due`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accueil.audit.services import audit_record

from .models import Channel, Message, MessageStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

KEY_MAX_LENGTH = 200
SENT_TEXT_KEPT = dt.timedelta(days=30)


def user_language(user: User | None) -> str:
    """The language a person reads their messages in."""
    return (getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE) if user is not None else ""


def message_enqueue(
    *,
    city: City,
    channel: str = Channel.EMAIL,
    to_user: User | None = None,
    address: str = "",
    subject: str,
    body: str,
    kind: str,
    key: str,
    send_after: dt.datetime | None = None,
    language: str = "",
) -> bool:
    """Adds a message to the outbox unless one with the same key exists in the city; idempotent, never an error.

    `address` defaults to the user's email address or phone number; nothing is enqueued (False) when there is
    no address to write to.
    """
    if not address and to_user is not None:
        address = (to_user.phone if channel == Channel.SMS else to_user.email) or ""
    if not address:
        return False
    Message.objects.bulk_create(
        [
            Message(
                city=city,
                channel=channel,
                to_user=to_user,
                address=address,
                subject=str(subject)[:300],
                body=str(body),
                language=language or user_language(to_user) or translation.get_language() or "",
                kind=kind,
                key=key[:KEY_MAX_LENGTH],
                next_attempt_at=send_after or timezone.now(),
            )
        ],
        ignore_conflicts=True,
    )
    return True


def message_enqueue_rendered(
    *,
    city: City,
    to_user: User,
    kind: str,
    key: str,
    subject: Callable[[], str],
    template: str,
    context: dict[str, Any],
) -> bool:
    """Renders `subject()` and the text `template` in the recipient's language, then enqueues the email."""
    language = user_language(to_user)
    with translation.override(language):
        subject_text = subject()
        body = render_to_string(template, context)
    return message_enqueue(
        city=city, to_user=to_user, subject=subject_text, body=body, language=language, kind=kind, key=key
    )


@transaction.atomic
def message_retry(*, message: Message, acting_user: User | AnonymousUser) -> Message:
    """A coordinator sends a failed message again (after checking it did not arrive): back to the queue."""
    updated = Message.objects.filter(pk=message.pk, status=MessageStatus.FAILED).update(
        status=MessageStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_at=None, claimed_by=""
    )
    if updated:
        audit_record(
            action="notifications.message_retried",
            actor=acting_user,
            city=message.city,
            target=message,
            data={"kind": message.kind, "channel": message.channel},
        )
    message.refresh_from_db()
    return message


def messages_erase_sent_text(*, now: dt.datetime | None = None) -> int:
    """Erases the text and address of messages settled more than SENT_TEXT_KEPT ago (daily job); the row and its key
    stay, so that the same key is never sent again. Returns how many were erased."""
    before = (now or timezone.now()) - SENT_TEXT_KEPT
    settled = (MessageStatus.SENT, MessageStatus.CANCELLED)
    return (
        Message.objects.filter(status__in=settled, created_at__lt=before)
        .exclude(body="", address="")
        .update(subject="", body="", address="")
    )
