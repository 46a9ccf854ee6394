"""The outbox: one row per message (email or SMS), written in the transaction of the change that causes it.

Lifecycle: `pending` (waiting for its time or for a retry) → `sending` (claimed by a worker, committed before the
send: the sent-marker) → `sent` or, after the last attempt, `failed`; `cancelled` when there is nobody left to
tell. A message left in `sending` by a worker that died is never sent again by the worker (see
`docs/adr/0012-one-outbox.md`). `key` names what the message is about, once: enqueuing the same key twice in
a city yields one message.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


WAITING_STATUSES = (MessageStatus.PENDING, MessageStatus.SENDING)


class Message(models.Model):
    city = models.ForeignKey("territories.City", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.EMAIL)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    address = models.CharField(max_length=254, help_text="Email address or phone number, copied at enqueue time.")
    subject = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    language = models.CharField(max_length=8, blank=True)
    kind = models.CharField(max_length=40, help_text="What the message is, e.g. volunteering.reminder.")
    key = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_id = models.CharField(max_length=200, blank=True)
    last_error = models.CharField(max_length=300, blank=True, help_text="The failure's type, never personal content.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["next_attempt_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["city", "key"], name="message_unique_key_per_city")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="message_due")]

    def __str__(self) -> str:
        return self.key

    @property
    def masked_address(self) -> str:
        """What staff may see of the address: enough to tell two apart, not enough to read it."""
        value = self.address
        if "@" in value:
            local, _at, domain = value.partition("@")
            return f"{local[:1]}***@{domain}"
        return f"***{value[-2:]}" if len(value) > 2 else "***"


class Heartbeat(models.Model):
    """The last time a background process ran (one row per process name); `/healthz` reports its age."""

    name = models.CharField(max_length=60, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name
