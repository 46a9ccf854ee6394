"""One error format for the whole API: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from accueil.core.errors import ApiError, Refused

StrOrPromise = str | Promise

__all__ = ["ApiError", "error_response", "install_error_handlers"]

HTTP_ERROR_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid",
    413: "too_large",
    429: "throttled",
}


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": str(message), "details": details}
    return api.create_response(request, {"error": body}, status=status)


# Exceptions answered with one status and one message, whatever they carry.
FIXED_ERRORS: tuple[tuple[type[Exception], int, str, StrOrPromise], ...] = (
    (AuthenticationError, 401, "unauthenticated", gettext_lazy("Authentication is required.")),
    (PermissionDenied, 403, "forbidden", gettext_lazy("You are not allowed to do this.")),
    (Http404, 404, "not_found", gettext_lazy("Not found.")),
    (RequestDataTooBig, 413, "too_large", gettext_lazy("The request is too large.")),
)


def _fixed_handler(
    api: NinjaAPI, status: int, code: str, message: StrOrPromise
) -> Callable[[HttpRequest, object], HttpResponse]:
    def handler(request: HttpRequest, exc: object) -> HttpResponse:
        return error_response(api, request, status, code, str(message))

    return handler


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(Refused)
    def _refused(request: HttpRequest, exc: Refused) -> HttpResponse:
        return error_response(api, request, exc.status, str(exc.code), exc.message, exc.details)

    @api.exception_handler(NinjaValidationError)
    def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        details = [
            {"loc": [str(part) for part in err.get("loc", [])], "message": str(err.get("msg", ""))}
            for err in exc.errors
        ]
        return error_response(api, request, 422, "invalid", _("The request is not valid."), details)

    @api.exception_handler(ValidationError)
    def _django_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return error_response(api, request, 422, "invalid", _("The request is not valid."), details)

    for exc_class, status, code, message in FIXED_ERRORS:
        api.add_exception_handler(exc_class, _fixed_handler(api, status, code, message))

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = HTTP_ERROR_CODES.get(exc.status_code, "error")
        return error_response(api, request, exc.status_code, code, str(exc))
