"""Two-factor authentication is mandatory for roles that can see refugees' personal data."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import user_has_two_factor, user_needs_two_factor

# Paths a person may still reach before setting up two-factor authentication.
ALLOWED_PREFIXES = ("/static/", "/healthz", "/i18n/", "/media/")
ALLOWED_SUFFIXES = ("/accounts/2fa/", "/accounts/logout/")


class SensitiveRoleTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not self._allowed(request.path)
            and user_needs_two_factor(user=user)  # type: ignore[arg-type]
            and not user_has_two_factor(user=user)  # type: ignore[arg-type]
        ):
            if request.path.startswith("/api/"):
                message = _("Two-factor authentication is required for your role.")
                return JsonResponse({"error": {"code": "two_factor_required", "message": message}}, status=403)
            messages.warning(
                request,
                _("Your role gives access to personal data: please set up two-factor authentication first."),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        if path.startswith(ALLOWED_PREFIXES):
            return True
        # Language-prefixed: /fr/accounts/2fa/..., /ar/accounts/logout/
        parts = path.split("/", 2)
        rest = "/" + parts[2] if len(parts) > 2 else path
        return rest.startswith(ALLOWED_SUFFIXES)
