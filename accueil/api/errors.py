"""One error format for the whole API: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

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


class ApiError(Exception):
    """Raised by endpoints for a refusal the client can act on."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": str(message), "details": details}
    return api.create_response(request, {"error": body}, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApiError)
    def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, exc.message, exc.details)

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

    @api.exception_handler(AuthenticationError)
    def _auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(api, request, 401, "unauthenticated", _("Authentication is required."))

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response(api, request, 403, "forbidden", _("You are not allowed to do this."))

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(RequestDataTooBig)
    def _too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return error_response(api, request, 413, "too_large", _("The request is too large."))

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = HTTP_ERROR_CODES.get(exc.status_code, "error")
        return error_response(api, request, exc.status_code, code, str(exc))
