"""One error format for the whole API: `{"error": {"code", "message", "details"}}`, whatever refused the call."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404
from django.test import Client, RequestFactory
from django.utils import translation
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accueil.api.api import api
from accueil.api.errors import ApiError
from accueil.core.errors import CommonError, Refused
from accueil.testing.factories import UserFactory


def answer(exc: Exception, language: str = "en") -> tuple[int, dict]:
    """What the API answers when an endpoint raises `exc` (the handlers installed on the real API)."""
    with translation.override(language):
        response = api.on_exception(RequestFactory().get("/api/v1/"), exc)
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    return response.status_code, body["error"]


def test_a_refusal_of_an_endpoint_keeps_its_status_code_and_details():
    status, error = answer(ApiError(409, "already_signed_up", "You are already signed up.", {"signup": 12}))
    assert status == 409
    assert error == {"code": "already_signed_up", "message": "You are already signed up.", "details": {"signup": 12}}


def test_a_services_refusal_with_a_code_answers_that_code_and_status():
    status, error = answer(Refused(CommonError.CONFLICT, "Changed meanwhile.", details={"version": 3}))
    assert (status, error) == (409, {"code": "conflict", "message": "Changed meanwhile.", "details": {"version": 3}})
    status, error = answer(Refused(CommonError.THROTTLED, "Too many.", status=429))
    assert (status, error["code"], error["details"]) == (429, "throttled", None)


def test_input_the_schema_refuses_is_422_with_where_and_why():
    exc = NinjaValidationError([{"loc": ("body", "payload", "capacity"), "msg": "Input should be a valid integer"}])
    status, error = answer(exc)
    assert status == 422
    assert error == {
        "code": "invalid",
        "message": "The request is not valid.",
        "details": [{"loc": ["body", "payload", "capacity"], "message": "Input should be a valid integer"}],
    }


def test_a_services_refusal_by_field_is_422_with_its_messages():
    status, error = answer(ValidationError({"name": ["This name is taken."], "__all__": ["Closed."]}))
    assert (status, error["code"]) == (422, "invalid")
    assert error["details"] == {"name": ["This name is taken."], "__all__": ["Closed."]}


def test_a_services_refusal_without_field_is_422_under_all():
    status, error = answer(ValidationError("The shift is full."))
    assert (status, error["code"], error["details"]) == (422, "invalid", {"__all__": ["The shift is full."]})


@pytest.mark.parametrize(
    ("exc", "status", "code", "message"),
    [
        (AuthenticationError(), 401, "unauthenticated", "Authentication is required."),
        (PermissionDenied(), 403, "forbidden", "You are not allowed to do this."),
        (Http404("No City matches the given query."), 404, "not_found", "Not found."),
        (RequestDataTooBig(), 413, "too_large", "The request is too large."),
        (HttpError(405, "Method not allowed"), 405, "method_not_allowed", "Method not allowed"),
        (HttpError(429, "Too many requests"), 429, "throttled", "Too many requests"),
        (HttpError(418, "I'm a teapot"), 418, "error", "I'm a teapot"),
    ],
)
def test_each_refusal_of_the_framework_has_its_status_and_code(exc, status, code, message):
    assert answer(exc) == (status, {"code": code, "message": message, "details": None})


def test_messages_are_in_the_language_of_the_request():
    assert answer(PermissionDenied(), "fr")[1]["message"] == "Vous n’êtes pas autorisé à faire cela."
    assert answer(Http404(), "fr")[1]["message"] == "Introuvable."


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


@pytest.mark.django_db
def test_real_endpoints_answer_in_the_same_format(client, city):
    assert_error(client.get("/api/v1/missions/999999"), 404, "not_found")
    details = assert_error(client.get("/api/v1/missions/not-a-number"), 422, "invalid")["details"]
    assert details == [{"loc": ["path", "mission_id"], "message": details[0]["message"]}]
    assert_error(client.get("/api/v1/me/signups"), 401, "unauthenticated")


@pytest.mark.django_db
def test_a_signed_in_call_without_its_csrf_token_is_403_in_the_same_format(city):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    assert_error(strict.post("/api/v1/shifts/1/signups"), 403, "forbidden")
