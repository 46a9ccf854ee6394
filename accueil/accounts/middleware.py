"""Two-factor authentication is mandatory for roles that can see refugees' personal data.

The two checks (does the person hold a sensitive role? have they set up an authenticator app?) are cached in
the session, so ordinary pages cost no extra query. The cache is keyed by the person and their
`access_version`, which `role_grant`/`role_revoke` bump; any visit to a two-factor page (where authenticators
are added or removed) drops it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import is_signed_in, user_has_two_factor, user_needs_two_factor

# Paths a person may still reach before setting up two-factor authentication.
ALLOWED_PREFIXES = ("/static/", "/healthz", "/i18n/", "/media/")
ALLOWED_SUFFIXES = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/")
TWO_FACTOR_SUFFIX = "/accounts/2fa/"
SESSION_KEY = "accounts.two_factor_check"


def _language_free(path: str) -> str:
    """'/fr/accounts/2fa/' -> '/accounts/2fa/' (the language prefix removed)."""
    parts = path.split("/", 2)
    return "/" + parts[2] if len(parts) > 2 else path


class SensitiveRoleTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if _language_free(request.path).startswith(TWO_FACTOR_SUFFIX):
                request.session.pop(SESSION_KEY, None)
            elif not self._allowed(request.path) and self._missing_two_factor(request):
                return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _missing_two_factor(request: HttpRequest) -> bool:
        user = request.user
        if not is_signed_in(user):
            return False
        stamp = [user.pk, user.access_version]
        cached = request.session.get(SESSION_KEY)
        if isinstance(cached, dict) and cached.get("stamp") == stamp:
            return bool(cached["missing"])
        missing = user_needs_two_factor(user=user) and not user_has_two_factor(user=user)
        request.session[SESSION_KEY] = {"stamp": stamp, "missing": missing}
        return missing

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            message = _("Two-factor authentication is required for your role.")
            return JsonResponse({"error": {"code": "two_factor_required", "message": message}}, status=403)
        messages.warning(
            request,
            _("Your role gives access to personal data: please set up two-factor authentication first."),
        )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))

    @staticmethod
    def _allowed(path: str) -> bool:
        if path.startswith(ALLOWED_PREFIXES):
            return True
        return _language_free(path).startswith(ALLOWED_SUFFIXES)
