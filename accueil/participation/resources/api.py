"""Resource library endpoints, under /api/v1/events/: public resources for everyone and members-only ones for
the platform's members (a signed-in member's session, or a bearer token of an organisation of the city)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from accueil.core.api_auth import session
from accueil.core.errors import ApiError, CommonError
from accueil.core.http import CityRequest, city_of
from accueil.core.paging import BoundedPageNumberPagination
from accueil.organisations.api_auth import organisation_token
from accueil.territories.models import City

from ..models import Resource
from ..proposals.api import TAGS, ErrorOut
from . import policies, selectors


class ResourceOut(Schema):
    id: int
    title: str
    summary: str
    body: str
    tags: list[str]
    visibility: str
    organisation: str | None
    version: int
    file_name: str
    file_url: str | None
    updated_at: datetime
    is_demo: bool

    @staticmethod
    def resolve_tags(obj: Resource) -> list[str]:
        return obj.tag_list

    @staticmethod
    def resolve_organisation(obj: Resource) -> str | None:
        organisation = obj.organisation
        return organisation.name if organisation is not None else None

    @staticmethod
    def resolve_file_url(obj: Resource) -> str | None:
        return reverse("participation:resource_file", kwargs={"pk": obj.pk}) if obj.file else None


def anonymous(request: CityRequest) -> Any:
    """Lets callers without credentials through (they see public items only); a bearer token that is not valid
    is refused rather than silently ignored."""
    if request.headers.get("Authorization"):
        return None
    return "anonymous"


def _is_member(request: CityRequest, city: City) -> bool:
    organisation = getattr(request, "api_organisation", None)
    if organisation is not None:
        return policies.organisation_is_member(organisation, city)
    return policies.is_city_member(request.user, city)


def resource_list(request: CityRequest, q: str = "", tag: str = "") -> Any:
    """Public resources for everyone; members-only resources too for a signed-in member of the platform or with
    the bearer token of an organisation of the city. Filters: `q` (words, accents ignored), `tag`."""
    city = city_of(request)
    if len(q) > 100 or len(tag) > 40:
        raise ApiError(422, CommonError.INVALID, _("The search is too long."), {"q": len(q), "tag": len(tag)})
    return selectors.resources_listed(city=city, members=_is_member(request, city), query=q, tag=tag)


def resource_detail(request: CityRequest, resource_id: int) -> Resource:
    city = city_of(request)
    resource = selectors.resources_listed(city=city, members=_is_member(request, city)).filter(pk=resource_id).first()
    if resource is None:
        raise ApiError(404, CommonError.NOT_FOUND, _("Not found."))
    return resource


def mount(router: Router) -> None:
    """Add the endpoints to the events router, before the events' own routes (so that `/resources` is matched
    before `/{event_id}`)."""
    pages = paginate(BoundedPageNumberPagination, page_size=50)
    router.get(
        "/resources",
        response={200: list[ResourceOut], 401: ErrorOut, 422: ErrorOut},
        auth=[organisation_token, session, anonymous],
        summary="Resources of the library (members-only ones for members)",
        tags=TAGS,
    )(pages(resource_list))
    router.get(
        "/resources/{resource_id}",
        response={200: ResourceOut, 401: ErrorOut, 404: ErrorOut},
        auth=[organisation_token, session, anonymous],
        summary="One resource",
        tags=TAGS,
    )(resource_detail)
