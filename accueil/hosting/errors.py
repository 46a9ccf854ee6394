"""Refusal codes of the hosting app."""

from __future__ import annotations

from enum import StrEnum


class HostingError(StrEnum):
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    NOT_VERIFIED = "not_verified"
    VERIFICATION_INCOMPLETE = "verification_incomplete"
    ALREADY_DECIDED = "already_decided"
    PROPOSAL_CLOSED = "proposal_closed"
    PROPOSAL_EXPIRED = "proposal_expired"
    OFFER_TAKEN = "offer_taken"
    STAY_NOT_ACTIVE = "stay_not_active"
    ALTERNATIVE_REQUIRED = "alternative_required"
    SAFEGUARDING = "safeguarding"
