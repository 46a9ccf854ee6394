"""Refusal codes of the shelters app (declared once; pages show the message, the API answers the code)."""

from __future__ import annotations

from enum import StrEnum


class ShelterError(StrEnum):
    FORBIDDEN = "forbidden"
    NO_FREE_PLACE = "no_free_place"
    NOT_ELIGIBLE = "not_eligible"
    BED_TAKEN = "bed_taken"
    RESERVATION_NOT_HELD = "reservation_not_held"
    NOT_ARRIVED = "not_arrived"
    BED_BUSY = "bed_busy"
    BAD_TRANSITION = "bad_transition"
    REASON_REQUIRED = "reason_required"
    SITE_CLOSED = "site_closed"
    OPERATOR_REQUIRED = "operator_required"
