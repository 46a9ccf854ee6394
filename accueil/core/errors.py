"""Refusals with a machine-readable code.

Each app declares its codes once, as a `StrEnum` in its `errors.py` (Saleor's way), and raises `Refused` with one
of them. Pages show the message; the API answers `{"error": {"code", "message", "details"}}` with the status the
refusal carries, and the OpenAPI document lists the codes an endpoint can answer (`accueil.core.api_schemas`).
`ApiError` is the refusal an endpoint raises itself (bad parameters, a missing record).
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

    def __init__(self, code: StrEnum | str, message: str, *, status: int = 409, details: Any = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details


class ApiError(Refused):
    """Raised by an endpoint for a refusal the client can act on: `ApiError(422, "unknown_skill", message)`."""

    def __init__(self, status: int, code: StrEnum | str, message: str, details: Any = None) -> None:
        super().__init__(code, message, status=status, details=details)
