"""The sender: every due message is claimed, sent and recorded, each step in its own short transaction.

1. Claim (transaction 1): one due `pending` row becomes `sending` with `claimed_at`/`claimed_by` and one more
   attempt — `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL (workers never take the same row), a conditional
   `UPDATE … WHERE status = 'pending'` everywhere. It commits before anything leaves: the claim is the
   sent-marker.
2. Send, outside any transaction: no database lock is held across the network.
3. Record (transaction 2): `sent` with the provider's id, or back to `pending` with a backoff, or `failed`
   after MAX_ATTEMPTS.

At most once: a row still `sending` after SENDING_TIMEOUT belongs to a worker that died between 1 and 3. The
message may or may not have left, so it is not sent again: it becomes `sent` if the provider reports the key as
delivered, otherwise `failed` with INTERRUPTED, for a coordinator to check and retry (docs/adr/0012-one-outbox.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Collection
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .backends import BACKENDS
from .models import Heartbeat, Message, MessageStatus

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_RETRY = dt.timedelta(minutes=1)
LAST_RETRY = dt.timedelta(hours=6)
SENDING_TIMEOUT = dt.timedelta(minutes=10)
INTERRUPTED = "interrupted, not known to be sent"
HEARTBEAT = "notifications.sender"


@dataclass(frozen=True)
class Outcome:
    status: MessageStatus
    provider_id: str = ""
    error: str = ""


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_native_id()}"[:100]


def retry_delay(attempts: int) -> dt.timedelta:
    """1 min, 2 min, 4 min, … at most 6 h."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LAST_RETRY)


def heartbeat_beat(name: str = HEARTBEAT) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


def message_claim_next(*, worker: str, now: dt.datetime, skip: Collection[int] = ()) -> Message | None:
    """Claims the next due message for `worker` and commits the claim; None when nothing is due.

    `skip`: messages already tried in this run (a failed one waits for a later run)."""
    due = (
        Message.objects.filter(status=MessageStatus.PENDING, next_attempt_at__lte=now)
        .exclude(pk__in=skip)
        .order_by("next_attempt_at", "pk")
    )
    for _attempt in range(10):  # another worker may take the row between the read and the update
        with transaction.atomic():
            if connection.features.has_select_for_update_skip_locked:
                pk = due.select_for_update(skip_locked=True).values_list("pk", flat=True).first()
            else:
                pk = due.values_list("pk", flat=True).first()
            if pk is None:
                return None
            claimed = Message.objects.filter(pk=pk, status=MessageStatus.PENDING).update(
                status=MessageStatus.SENDING,
                claimed_at=timezone.now(),
                claimed_by=worker,
                attempts=F("attempts") + 1,
            )
        if claimed:
            return Message.objects.select_related("to_user").get(pk=pk)
    return None


def message_deliver(message: Message) -> Outcome:
    """Sends one claimed message; never raises. Called outside any transaction."""
    if message.to_user is not None and not message.to_user.is_active:
        return Outcome(MessageStatus.CANCELLED, error="recipient inactive")
    try:
        provider_id = BACKENDS[message.channel].send(message)
    except Exception as exc:  # noqa: BLE001 — any provider failure is recorded and retried later
        # The class name only: a provider's message can carry the address or the content.
        logger.warning("message %s failed: %s", message.pk, type(exc).__name__)
        return Outcome(MessageStatus.PENDING, error=type(exc).__name__[:300])
    return Outcome(MessageStatus.SENT, provider_id=provider_id[:200])


def message_record(message: Message, outcome: Outcome, *, worker: str) -> bool:
    """Writes the outcome of the claim `worker` holds (one UPDATE, its own transaction); True if sent."""
    mine = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING, claimed_by=worker)
    now = timezone.now()
    if outcome.status == MessageStatus.PENDING:
        give_up = message.attempts >= MAX_ATTEMPTS
        mine.update(
            status=MessageStatus.FAILED if give_up else MessageStatus.PENDING,
            next_attempt_at=now + retry_delay(message.attempts),
            last_error=outcome.error,
        )
        return False
    mine.update(
        status=outcome.status,
        sent_at=now if outcome.status == MessageStatus.SENT else None,
        provider_id=outcome.provider_id,
        last_error=outcome.error,
    )
    return outcome.status == MessageStatus.SENT


def messages_recover_interrupted(*, now: dt.datetime | None = None, limit: int = 100) -> int:
    """Settles the messages whose worker died while sending them, without sending them again; returns how many."""
    now = now or timezone.now()
    stale = list(
        Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lt=now - SENDING_TIMEOUT).order_by("pk")[
            :limit
        ]
    )
    for message in stale:
        provider_id = BACKENDS[message.channel].lookup(message)
        same_claim = Message.objects.filter(pk=message.pk, status=MessageStatus.SENDING, claimed_at=message.claimed_at)
        if provider_id:
            same_claim.update(status=MessageStatus.SENT, sent_at=message.claimed_at, provider_id=provider_id[:200])
        else:
            logger.warning("message %s interrupted while sending; not sent again", message.pk)
            same_claim.update(status=MessageStatus.FAILED, last_error=INTERRUPTED)
    return len(stale)


def notifications_send_due(*, limit: int = 100, now: dt.datetime | None = None) -> int:
    """Sends up to `limit` due messages, one claim at a time; returns how many were sent. Several workers may run
    it at once. Call it outside any transaction: each step commits on its own."""
    heartbeat_beat()
    messages_recover_interrupted()
    worker = worker_name()
    sent = 0
    tried: list[int] = []
    for _index in range(limit):
        message = message_claim_next(worker=worker, now=now or timezone.now(), skip=tried)
        if message is None:
            break
        tried.append(message.pk)
        sent += message_record(message, message_deliver(message), worker=worker)
    return sent
