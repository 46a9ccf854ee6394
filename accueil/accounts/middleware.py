"""A second factor for whoever can read sensitive data, decided by what they can read, not by a role's name.

Each app holding data about people in need registers who can read it (`accueil.core.readers`); anyone for whom
one of those checks is true must have enrolled an authenticator app and passed it in the current sign-in.
Enrolment is offered at the moment it becomes needed: the next page after the access was given leads to it.

The answers (does the person need it? since when are they enrolled?) are cached in the session, so ordinary
pages cost no extra query. The cache is keyed by the person and their `access_version`, which role grants,
memberships, verifications and pairings bump (`accounts.services.access_changed`); it is also recomputed
every `RECHECK_SECONDS` in case an access was given by a path that does not bump it. Any visit to a two-factor
page (where authenticators are added or removed) drops it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote

from allauth.account.authentication import get_authentication_records
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import is_signed_in, user_needs_two_factor, user_two_factor_enrolled_at

if TYPE_CHECKING:
    from .models import User

# Paths a person may still reach before setting up two-factor authentication.
ALLOWED_PREFIXES = ("/static/", "/healthz", "/i18n/", "/media/")
ALLOWED_SUFFIXES = ("/accounts/2fa/", "/accounts/logout/", "/accounts/reauthenticate/")
TWO_FACTOR_SUFFIX = "/accounts/2fa/"
SESSION_KEY = "accounts.two_factor_check"
# How long a cached answer is trusted even when no access change bumped `access_version`.
RECHECK_SECONDS = 300

OK, ENROL, PASS = "ok", "enrol", "pass"


def _language_free(path: str) -> str:
    """'/fr/accounts/2fa/' -> '/accounts/2fa/' (the language prefix removed)."""
    parts = path.split("/", 2)
    return "/" + parts[2] if len(parts) > 2 else path


def passed_in_this_sign_in(request: HttpRequest, user: User, enrolled_at: float) -> bool:
    """The second factor was given during the sign-in that opened this session: a code at sign-in or at a
    reauthentication (allauth records the method "mfa"), or the enrolment itself (a code typed to enrol).

    A session with no record of how it was opened was not opened by a sign-in page (every sign-in of the site,
    the admin's included, goes through allauth, which asks for the code of an enrolled person); it is trusted.
    """
    records = get_authentication_records(request, user)
    if not records:
        return True
    if any(record.get("method") == "mfa" for record in records):
        return True
    opened_at = min(float(record.get("at") or 0) for record in records)
    return enrolled_at >= opened_at


class SensitiveRoleTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            if _language_free(request.path).startswith(TWO_FACTOR_SUFFIX):
                request.session.pop(SESSION_KEY, None)
            elif not self._allowed(request.path):
                state = self._state(request)
                if state != OK:
                    return self._refuse(request, state)
        return self.get_response(request)

    @staticmethod
    def _state(request: HttpRequest) -> str:
        user = request.user
        if not is_signed_in(user):
            return OK
        stamp = [user.pk, user.access_version]
        now = time.time()
        cached = request.session.get(SESSION_KEY)
        if (
            isinstance(cached, dict)
            and cached.get("stamp") == stamp
            and isinstance(cached.get("at"), (int, float))
            and now - cached["at"] < RECHECK_SECONDS
        ):
            needed, enrolled_at = bool(cached.get("needed")), cached.get("enrolled_at")
        else:
            needed = user_needs_two_factor(user=user)
            enrolled = user_two_factor_enrolled_at(user=user) if needed else None
            enrolled_at = enrolled.timestamp() if enrolled is not None else None
            request.session[SESSION_KEY] = {"stamp": stamp, "at": now, "needed": needed, "enrolled_at": enrolled_at}
        if not needed:
            return OK
        if enrolled_at is None:
            return ENROL
        return OK if passed_in_this_sign_in(request, user, float(enrolled_at)) else PASS

    @staticmethod
    def _refuse(request: HttpRequest, state: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            message = _("Two-factor authentication is required for your role.")
            return JsonResponse({"error": {"code": "two_factor_required", "message": message}}, status=403)
        if state == ENROL:
            messages.warning(
                request,
                _("Your role gives access to personal data: please set up two-factor authentication first."),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        messages.warning(
            request,
            _("You can read personal data: enter the code of your authenticator app to continue."),
        )
        return HttpResponseRedirect(reverse("mfa_reauthenticate") + "?next=" + _safe_next(request))

    @staticmethod
    def _allowed(path: str) -> bool:
        if path.startswith(ALLOWED_PREFIXES):
            return True
        return _language_free(path).startswith(ALLOWED_SUFFIXES)


def _safe_next(request: HttpRequest) -> str:
    """The page to return to: this site's path only (no query string, which may carry anything)."""
    return quote(request.path, safe="/")
