"""The API's error format, declared once: `{"error": {"code", "message", "details"}}`.

`ErrorOut` documents any refusal. `error_schema("Volunteering", SignupError, CommonError)` gives an app its own
schema whose `code` is the enumeration of the codes it can answer, so the OpenAPI document names every refusal
an endpoint can give (one schema per app, named uniquely: `VolunteeringError`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, create_model


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody


def error_schema(name: str, *codes: type[StrEnum]) -> type[Schema]:
    """An error schema named `<name>Error` whose `code` is one of the values of `codes`."""
    values = tuple(dict.fromkeys(str(member) for enum in codes for member in enum))
    body = create_model(
        f"{name}ErrorBody",
        __base__=Schema,
        code=(Literal[values], Field(description="Machine-readable refusal code.")),  # type: ignore[arg-type]
        message=(str, Field(description="The refusal in the caller's language.")),
        details=(Any, None),
    )
    return create_model(f"{name}Error", __base__=Schema, error=(body, ...))
