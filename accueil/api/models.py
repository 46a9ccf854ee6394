"""What the API keeps to make a retried write safe: the first answer to each idempotency key."""

from __future__ import annotations

from django.db import models


class IdempotentRequest(models.Model):
    """One write sent with an `Idempotency-Key` header, and the answer it got.

    The row is written in the same transaction as the write it protects (see `accueil.api.idempotency`): either
    both are kept, or neither is, so a retry after a lost answer gets the first answer instead of a duplicate.
    """

    scope = models.CharField(max_length=80)  # who sent it: a token's digest, a person, or an address
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # method, path and body: the same key with another request is refused
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="api_idempotency_key_once_per_scope")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} → {self.status}"
