"""Refusal codes of the outreach app (declared once; services raise `Refused` with them)."""

from enum import StrEnum


class OutreachError(StrEnum):
    NOT_A_MEMBER = "not_a_team_member"
    CONSENT_MISSING = "consent_missing"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    DUPLICATE_SUBMISSION = "duplicate_submission"
    PERSON_EXITED = "person_exited"
    PARTNER_NOT_IN_CITY = "partner_not_in_city"
    NO_INTERPRETER = "no_interpreter"
    REQUEST_CLOSED = "request_closed"
    NOT_A_SHELTER_REFERRAL = "not_a_shelter_referral"
    NOT_YOUR_SITE = "not_your_site"
