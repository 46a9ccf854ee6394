"""The partner registry's refusal codes, declared once."""

from __future__ import annotations

from enum import StrEnum


class OrganisationError(StrEnum):
    TOKEN_READ_ONLY = "token_read_only"  # noqa: S105 - a refusal code, not a secret
    ORGANISATION_NOT_VERIFIED = "organisation_not_verified"
