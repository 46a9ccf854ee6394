"""Reads of the outbox: what staff see of their city's queue, and the deployment's health."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Min, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import WAITING_STATUSES, Heartbeat, Message, MessageStatus
from .policies import can_view_outbox
from .sender import HEARTBEAT

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

SHOWN_STATUSES = (*WAITING_STATUSES, MessageStatus.FAILED)


def outbox_for_city(*, city: City) -> QuerySet[Message]:
    """The city's waiting and failed messages, failed first, then the oldest."""
    return (
        Message.objects.filter(city=city, status__in=SHOWN_STATUSES)
        .only(
            "pk",
            "kind",
            "channel",
            "status",
            "attempts",
            "address",
            "created_at",
            "next_attempt_at",
            "claimed_at",
            "last_error",
            "city_id",
        )
        .order_by("-status", "next_attempt_at", "pk")
    )


def message_get_visible(*, user: User | AnonymousUser, city: City, pk: int) -> Message:
    """A message of the city, for a person who may see the city's outbox; 404 otherwise."""
    if not can_view_outbox(user=user, city=city):
        raise Http404
    message = Message.objects.filter(city=city, pk=pk).first()
    if message is None:
        raise Http404
    return message


@dataclass(frozen=True)
class OutboxHealth:
    heartbeat_age: dt.timedelta | None
    waiting: int
    oldest_waiting_age: dt.timedelta | None


def outbox_health(*, now: dt.datetime | None = None) -> OutboxHealth:
    """The sender's last heartbeat and the age of the oldest message still to send (every city)."""
    now = now or timezone.now()
    beat = Heartbeat.objects.filter(name=HEARTBEAT).values_list("beat_at", flat=True).first()
    due = Message.objects.filter(status__in=WAITING_STATUSES, next_attempt_at__lte=now)
    summary = due.aggregate(oldest=Min("next_attempt_at"))
    oldest = summary["oldest"]
    return OutboxHealth(
        heartbeat_age=now - beat if beat else None,
        waiting=due.count(),
        oldest_waiting_age=now - oldest if oldest else None,
    )
