"""API authentication: the browser session (with CSRF) or a per-organisation bearer token."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from accueil.organisations.selectors import api_token_authenticate


class OrganisationToken(HttpBearer):
    """`Authorization: Bearer <token>`; sets `request.api_organisation`."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = api_token_authenticate(raw_key=token)
        if api_token is None:
            return None
        request.api_organisation = api_token.organisation  # type: ignore[attr-defined]
        return api_token


class SignedInSession(SessionAuth):
    """The browser session. Anonymous callers get 401 (not a CSRF refusal); signed-in ones must send the
    CSRF token with every unsafe method."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if not getattr(getattr(request, "user", None), "is_authenticated", False):
            return None
        return super()._get_key(request)


session = SignedInSession()
organisation_token = OrganisationToken()
