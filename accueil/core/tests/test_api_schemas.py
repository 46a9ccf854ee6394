"""The API's error schemas, declared once: each app's schema names the codes it can answer."""

from __future__ import annotations

from enum import StrEnum

import pytest
from pydantic import ValidationError

from accueil.core.api_auth import SignedInSession
from accueil.core.api_schemas import ErrorOut, error_schema
from accueil.core.errors import ApiError, CommonError, Refused


class ShelterError(StrEnum):
    FULL = "full"
    CLOSED = "closed"


def test_an_apps_error_schema_is_named_after_it_and_lists_its_codes():
    schema = error_schema("Shelters", ShelterError, CommonError)
    assert schema.__name__ == "SheltersError"
    document = schema.model_json_schema()
    body = document["$defs"]["SheltersErrorBody"]
    codes = body["properties"]["code"]["enum"]
    assert codes[:2] == ["full", "closed"]
    assert set(codes) == {"full", "closed"} | {str(code) for code in CommonError}
    assert len(codes) == len(set(codes))


def test_an_apps_error_schema_accepts_its_codes_and_refuses_others():
    schema = error_schema("Shelters", ShelterError)
    answer = schema.model_validate({"error": {"code": "full", "message": "No bed left.", "details": None}})
    assert answer.error.code == "full"
    with pytest.raises(ValidationError):
        schema.model_validate({"error": {"code": "not_a_code", "message": "x"}})


def test_the_common_error_shape():
    answer = ErrorOut.model_validate({"error": {"code": "anything", "message": "Refused."}})
    assert (answer.error.code, answer.error.message, answer.error.details) == ("anything", "Refused.", None)


def test_an_api_error_is_a_refusal_with_its_status_first():
    error = ApiError(422, "unknown_skill", "Unknown skill.", {"skill": "x"})
    assert isinstance(error, Refused)
    assert (error.status, error.code, error.message, error.details) == (
        422,
        "unknown_skill",
        "Unknown skill.",
        {"skill": "x"},
    )


def test_the_session_authentication_lets_anonymous_callers_through_to_a_401(rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.post("/api/v1/shifts/1/signups")
    request.user = AnonymousUser()
    assert SignedInSession()(request) is None
