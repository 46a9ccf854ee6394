"""Refusal codes of the learning app (declared once; pages show the message, the API answers the code)."""

from __future__ import annotations

from enum import StrEnum


class LearningError(StrEnum):
    FORBIDDEN = "forbidden"
    ALREADY_APPLIED = "already_applied"
    LEVEL_UNKNOWN = "level_unknown"
    NOT_OFFERED = "not_offered"
    NOT_ENROLLED = "not_enrolled"
    NOT_ACTIVE = "not_active"
    RUN_NOT_PREVIEW = "run_not_preview"
    PLACES_BELOW_TAKEN = "places_below_taken"
    SESSION_EXISTS = "session_exists"
    NOT_IN_COURSE = "not_in_course"
