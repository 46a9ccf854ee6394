"""API authentication by an organisation's bearer token: `Authorization: Bearer <token>`.

A token reads with any scope. An unsafe method (POST, PUT, PATCH, DELETE) needs the `write` scope and an
organisation the City has verified; otherwise the request is refused with 403 and its code, before any endpoint
runs."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from accueil.core.errors import Refused

from .errors import OrganisationError
from .models import ApiToken
from .policies import can_write_through_api
from .selectors import api_token_authenticate

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class OrganisationToken(HttpBearer):
    """Sets `request.api_organisation` to the token's organisation."""

    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_authenticate(raw_key=token)
        if api_token is None:
            return None
        if request.method not in SAFE_METHODS:
            if not api_token.can_write:
                raise Refused(
                    OrganisationError.TOKEN_READ_ONLY,
                    _("This token can only read. Create a token that can write."),
                    status=403,
                )
            if not can_write_through_api(api_token.organisation):
                raise Refused(
                    OrganisationError.ORGANISATION_NOT_VERIFIED,
                    _("Your organisation has not been verified by the City yet."),
                    status=403,
                )
        request.api_organisation = api_token.organisation  # type: ignore[attr-defined]
        return api_token


organisation_token = OrganisationToken()
