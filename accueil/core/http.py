"""The typed request every view and endpoint receives.

`CityMiddleware` (territories) sets `request.city` on every request, once; authentication sets `request.user`.
Views annotate their request as `CityRequest` (anyone) or `SignedInRequest` (behind `login_required`) and read
`request.city` through `city_of()`, which answers 404 where the deployment serves no city at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


class CityRequest(HttpRequest):
    """A request of a city-scoped site: the city it is served for (None only before any city exists)."""

    city: City | None
    user: User | AnonymousUser


class SignedInRequest(CityRequest):
    """A request behind `login_required`: the user is a real account."""

    user: User


def city_of(request: HttpRequest) -> City:
    """The city this request is served for; 404 (an API 404 on `/api/`) when the deployment has none."""
    city: City | None = getattr(request, "city", None)
    if city is None:
        raise Http404("No city is served here.")
    return city


def city_or_none(request: HttpRequest | None) -> City | None:
    """The request's city, or None for a request outside a city (signals from the shell, no request)."""
    return getattr(request, "city", None) if request is not None else None
