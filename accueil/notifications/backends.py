"""How a message leaves: one backend per channel, each given the message's idempotency key.

`send(message)` delivers and answers the provider's id for it; `lookup(message)` asks the provider whether the
message's key was already delivered (None when the provider cannot tell). SMTP cannot tell, so an email whose
sending was interrupted is reported, not resent; an SMS provider that deduplicates by key can.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.core.mail import EmailMessage

from accueil.accounts.sms import sms_lookup, sms_send

from .models import Channel

if TYPE_CHECKING:
    from .models import Message

SMS_MAX_LENGTH = 600


class Backend(Protocol):
    def send(self, message: Message) -> str: ...

    def lookup(self, message: Message) -> str | None: ...


def idempotency_key(message: Message) -> str:
    """The key as the provider sees it: unique across cities (a key is unique within its city)."""
    return f"{message.city_id}:{message.key}"


def message_id(message: Message) -> str:
    """A stable `Message-ID`: the same key always gives the same id, so a receiving server can drop a copy."""
    digest = hashlib.sha256(idempotency_key(message).encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].rstrip(">").strip() or "accueil.invalid"
    return f"<{digest}@{domain}>"


class EmailBackend:
    def send(self, message: Message) -> str:
        provider_id = message_id(message)
        email = EmailMessage(
            message.subject,
            message.body,
            None,
            [message.address],
            headers={"Message-ID": provider_id, "X-Accueil-Key": idempotency_key(message)},
        )
        email.send(fail_silently=False)
        return provider_id

    def lookup(self, message: Message) -> str | None:
        return None


class SmsBackend:
    def send(self, message: Message) -> str:
        text = f"{message.subject}\n{message.body}" if message.subject else message.body
        key = idempotency_key(message)
        sms_send(to=message.address, body=text[:SMS_MAX_LENGTH], key=key)
        return key

    def lookup(self, message: Message) -> str | None:
        return sms_lookup(key=idempotency_key(message))


BACKENDS: dict[str, Backend] = {Channel.EMAIL: EmailBackend(), Channel.SMS: SmsBackend()}
