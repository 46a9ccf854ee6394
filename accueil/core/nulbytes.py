"""No NUL byte reaches a view: a path or query string carrying one is refused with 400 before any view runs.

PostgreSQL text cannot hold a NUL byte (`DataError`), so an id, slug or filter holding one (`/…/%00`) would
answer 500 wherever it reaches a query; forms refuse them with Django's validator, but path and query
parameters of pages and of the API do not go through forms. The API answers in its JSON error format.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists())


class NulBytesRefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            message = _("The request is not valid.")
            if request.path.startswith("/api/"):
                return JsonResponse({"error": {"code": "bad_request", "message": message, "details": None}}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
