"""The refusal codes of city onboarding, declared once."""

from __future__ import annotations

from enum import StrEnum


class TerritoryError(StrEnum):
    NOT_OPERATOR = "not_operator"
    INVITATION_INVALID = "invitation_invalid"
    INVITATION_OTHER_CITY = "invitation_other_city"
