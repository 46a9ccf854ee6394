"""Idempotency keys for every write of the API: a client that retries after a lost answer gets the first answer.

A `POST`, `PUT`, `PATCH` or `DELETE` under `/api/` may carry an `Idempotency-Key` header (1 to 255 visible
ASCII characters; a UUID is the usual choice), as in the IETF "Idempotency-Key" draft and Stripe's API:

- the first request with a key runs, and its answer (status, type, body) is stored with the key, **in the same
  transaction as the write itself**: either both are kept, or neither is (a crash between the write and the
  record cannot leave a write whose retry would run again);
- a request with the same key, from the same client, on the same method, path and body, gets the stored answer
  again without running, with the header `Idempotent-Replayed: true`; while the first is still running, the
  second waits for it on the key's unique index, then replays its answer;
- the same key with another method, path or body is refused: 422 `idempotency_key_reused`;
- a malformed key is refused: 400 `idempotency_key_invalid`;
- answers 5xx are not kept (their transaction is rolled back): a retry runs again. Refusals that depend on the
  moment (401, 403, 409 with a conflict, 429) are not kept either.

A key belongs to the client that sent it: the bearer token's digest, else the signed-in person, else the
visitor's address. Keys are kept `IDEMPOTENCY_KEEP_HOURS` (24 h), then erased by a daily job.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse, UnreadablePostError
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.core.net import client_ip

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
IDEMPOTENCY_KEEP_HOURS = 24
# Answers that say something about this moment rather than about the request: not replayed.
NOT_KEPT = frozenset({401, 403, 409, 429})


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "details": None}}, status=status)


def client_scope(request: HttpRequest) -> str:
    """Who the key belongs to: the token, else the person, else the address (never the secret itself)."""
    authorization = request.headers.get("Authorization", "")
    if authorization:
        return "token:" + hashlib.sha256(authorization.encode()).hexdigest()[:40]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "address:" + hashlib.sha256((client_ip(request) or "unknown").encode()).hexdigest()[:40]


def request_fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.path, request.META.get("QUERY_STRING", "")):
        digest.update(part.encode("utf-8", "replace") + b"\0")
    digest.update(request.body)
    return digest.hexdigest()


def replay(stored: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(bytes(stored.body), status=stored.status, content_type=stored.content_type or None)
    response["Idempotent-Replayed"] = "true"
    return response


class IdempotencyKeyMiddleware:
    """Installed after authentication and the two-factor check; acts only on API writes carrying the header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None or request.method not in WRITE_METHODS or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not KEY_PATTERN.match(key):
            return _error(
                400,
                "idempotency_key_invalid",
                _("The Idempotency-Key header must be 1 to 255 visible ASCII characters."),
            )
        try:
            fingerprint = request_fingerprint(request)
        except (RequestDataTooBig, UnreadablePostError):  # the view answers it in the API's error format
            return self.get_response(request)
        scope = client_scope(request)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotentRequest.objects.create(
                        scope=scope, key=key, fingerprint=fingerprint, status=0, body=b""
                    )
            except IntegrityError:
                # The key was used before, or is being used now: its unique index made us wait for it to commit.
                stored = IdempotentRequest.objects.filter(scope=scope, key=key).first()
                if stored is None:  # the first one was rolled back after we looked: let the client retry
                    return _error(409, "idempotency_key_in_use", _("A request with this key is still running."))
                if stored.fingerprint != fingerprint:
                    return _error(
                        422,
                        "idempotency_key_reused",
                        _("This Idempotency-Key was already used for another request."),
                    )
                return replay(stored)
            response = self.get_response(request)
            if response.status_code >= 500 or getattr(response, "streaming", False):
                transaction.set_rollback(True)
                return response
            if response.status_code in NOT_KEPT:
                record.delete()
                return response
            record.status = response.status_code
            record.content_type = response.get("Content-Type", "")
            record.body = response.content
            record.save(update_fields=["status", "content_type", "body"])
        return response


def idempotency_keys_erase(*, now: datetime | None = None) -> int:
    """Erase the keys older than `IDEMPOTENCY_KEEP_HOURS` (the daily job); returns how many."""
    now = now or timezone.now()
    deleted, _unused = IdempotentRequest.objects.filter(
        created_at__lt=now - timedelta(hours=IDEMPOTENCY_KEEP_HOURS)
    ).delete()
    return deleted
