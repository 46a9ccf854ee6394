"""Refusals with a machine-readable code.

Each app declares its codes once, as a `StrEnum` in its `errors.py` (Saleor's way), and raises `Refused` with one
of them. Pages show the message; the API answers `{"error": {"code", "message", "details"}}` with the status the
refusal carries, and the OpenAPI document lists the codes an endpoint can answer (`accueil.api.schemas`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class CommonError(StrEnum):
    """Codes any endpoint can answer."""

    BAD_REQUEST = "bad_request"
    UNAUTHENTICATED = "unauthenticated"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    INVALID = "invalid"
    CONFLICT = "conflict"
    TOO_LARGE = "too_large"
    THROTTLED = "throttled"


class Refused(Exception):
    """A refusal the person or the client can act on: `code` names it, `status` is the HTTP status to use."""

    def __init__(self, code: StrEnum, message: str, *, status: int = 409, details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details
