"""The refusal codes of volunteering, declared once. `SignupRefused` carries one of them; the API answers it."""

from __future__ import annotations

from enum import StrEnum

from accueil.core.errors import Refused


class SignupError(StrEnum):
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    MISSION_NOT_OPEN = "mission_not_open"
    SHIFT_STARTED = "shift_started"
    NOT_ELIGIBLE = "not_eligible"
    ALREADY_SIGNED_UP = "already_signed_up"
    OVERLAP = "overlap"
    SHIFT_FULL = "shift_full"
    CONFLICT = "conflict"
    NOT_ACTIVE = "not_active"
    NOT_PENDING = "not_pending"
    NOT_OPEN = "not_open"


class SignupRefused(Refused):
    """A sign-up or sign-up change the volunteer or organisation can act on; `status` is the HTTP status to use."""

    code: SignupError
