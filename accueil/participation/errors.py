"""The refusal codes of participation's endpoints, declared once (the generic ones are `core.errors.CommonError`)."""

from __future__ import annotations

from enum import StrEnum


class ParticipationError(StrEnum):
    REGISTRATION_REFUSED = "registration_refused"
