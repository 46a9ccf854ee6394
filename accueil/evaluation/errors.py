"""Refusal codes of the evaluation app (declared once; pages show the message, the API answers the code)."""

from __future__ import annotations

from enum import StrEnum


class EvaluationError(StrEnum):
    FORBIDDEN = "forbidden"
    BAD_TRANSITION = "bad_transition"
    INCOMPLETE = "incomplete"
    FROZEN = "frozen"
    SAME_CITY_REVIEWER = "same_city_reviewer"
    DUPLICATE_CYCLE = "duplicate_cycle"
    BAD_OPTION = "bad_option"
    BAD_EVIDENCE = "bad_evidence"
    BAD_FRAMEWORK = "bad_framework"
    FRAMEWORK_VERSION_EXISTS = "framework_version_exists"
    OWN_PRACTICE = "own_practice"
    REQUEST_ANSWERED = "request_answered"
