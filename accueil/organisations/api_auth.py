"""API authentication by an organisation's bearer token: `Authorization: Bearer <token>`."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from .models import ApiToken
from .selectors import api_token_authenticate


class OrganisationToken(HttpBearer):
    """Sets `request.api_organisation` to the token's organisation."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_authenticate(raw_key=token)
        if api_token is None:
            return None
        request.api_organisation = api_token.organisation  # type: ignore[attr-defined]
        return api_token


organisation_token = OrganisationToken()
