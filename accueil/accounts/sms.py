"""SMS provider interface. A real provider implements `send`; the demo writes files, tests keep memory."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str
    key: str = ""  # the outbox's idempotency key: a provider that deduplicates by it never sends twice


class SmsBackend(Protocol):
    def send(self, message: SmsMessage) -> None: ...


class FileSmsBackend:
    """Writes each message to a file under SMS_FILE_PATH (demo and development)."""

    def send(self, message: SmsMessage) -> None:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
        (folder / name).write_text(f"To: {message.to}\n\n{message.body}\n", encoding="utf-8")


class MemorySmsBackend:
    """Keeps messages in `outbox` (tests)."""

    outbox: list[SmsMessage] = []

    def send(self, message: SmsMessage) -> None:
        MemorySmsBackend.outbox.append(message)

    def lookup(self, key: str) -> str | None:
        return key if any(message.key == key for message in MemorySmsBackend.outbox) else None


def sms_send(*, to: str, body: str, key: str = "") -> None:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    backend.send(SmsMessage(to=to, body=body, key=key))


def sms_lookup(*, key: str) -> str | None:
    """The provider's id of a message already sent with `key`, if the provider can tell (None otherwise)."""
    lookup = getattr(import_string(settings.SMS_BACKEND)(), "lookup", None)
    return lookup(key) if lookup is not None else None
