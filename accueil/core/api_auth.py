"""API authentication by the browser session (with CSRF). Organisations' bearer tokens are the organisations
app's (`accueil.organisations.api_auth`)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import SessionAuth


class SignedInSession(SessionAuth):
    """The browser session. Anonymous callers get 401 (not a CSRF refusal); signed-in ones must send the
    CSRF token with every unsafe method."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not getattr(getattr(request, "user", None), "is_authenticated", False):
            return None
        return super()._get_key(request)


session = SignedInSession()
