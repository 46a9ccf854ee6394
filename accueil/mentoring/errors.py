"""The refusal codes of mentoring's endpoints, declared once (the generic ones are `core.errors.CommonError`)."""

from __future__ import annotations

from enum import StrEnum


class MentoringError(StrEnum):
    ORGANISATION_REQUIRED = "organisation_required"
    NOT_A_PROPOSAL = "not_a_proposal"
    MENTOR_FULL = "conflict"  # the mentor has no room left (answered with the generic conflict code)
