"""The directory's refusal codes (the API answers them in `{"error": {"code", ...}}`); common ones are
`accueil.core.errors.CommonError`."""

from __future__ import annotations

from enum import StrEnum


class DirectoryError(StrEnum):
    INVALID_LANGUAGE = "invalid_language"
    QUERY_TOO_LONG = "query_too_long"
    INVALID_DISTRICT = "invalid_district"
