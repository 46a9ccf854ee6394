"""Proposals and resources endpoints, under /api/v1/events/: published proposals with their status, official
answer and the plan measures they feed; the resource library, public resources for everyone and members-only
ones for the platform's members (a signed-in member's session, or a bearer token of an organisation of the
city)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from accueil.api.auth import organisation_token, session
from accueil.api.errors import ApiError

from . import policies_proposals as policies
from . import selectors_proposals as selectors
from .models_proposals import Proposal, ProposalAnswerStatus
from .models_resources import Resource

TAGS = ["proposals and resources"]


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody


class ProposalOut(Schema):
    id: int
    title: str
    body: str
    district: int | None
    status: str
    status_label: str
    answer: str
    answered_at: datetime | None
    measures: list[int]
    created_at: datetime
    is_demo: bool

    @staticmethod
    def resolve_district(obj: Proposal) -> int | None:
        district = obj.district
        return district.number if district is not None else None

    @staticmethod
    def resolve_status(obj: Proposal) -> str:
        return obj.answer_status

    @staticmethod
    def resolve_status_label(obj: Proposal) -> str:
        return str(obj.get_answer_status_display()) if obj.answer_status else ""

    @staticmethod
    def resolve_measures(obj: Proposal) -> list[int]:
        return sorted(measure.pk for measure in getattr(obj, "public_measures", []))


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


def anonymous(request: HttpRequest) -> Any:
    """Lets callers without credentials through (they see public items only); a bearer token that is not valid
    is refused rather than silently ignored."""
    if request.headers.get("Authorization"):
        return None
    return "anonymous"


def _city(request: HttpRequest) -> Any:
    city = getattr(request, "city", None)
    if city is None:
        raise ApiError(404, "not_found", _("Not found."))
    return city


def _is_member(request: HttpRequest, city: Any) -> bool:
    organisation = getattr(request, "api_organisation", None)
    if organisation is not None:
        return policies.organisation_is_member(organisation, city)
    return policies.is_city_member(request.user, city)


def proposal_list(request: HttpRequest, status: str | None = None, district: int | None = None) -> Any:
    """Published proposals, newest first. Filters: `status` (under_study, accepted, partially_accepted,
    not_retained, implemented), `district` (its number). `measures` lists the ids of the published plan
    measures each proposal feeds."""
    city = _city(request)
    if status and status not in ProposalAnswerStatus.values:
        raise ApiError(422, "invalid", _("Unknown status."), {"status": status})
    district_obj = None
    if district is not None:
        district_obj = city.districts.filter(number=district).first()
        if district_obj is None:
            raise ApiError(422, "invalid", _("Unknown district."), {"district": district})
    return selectors.proposals_public(city=city, status=status or "", district=district_obj)


def proposal_detail(request: HttpRequest, proposal_id: int) -> Proposal:
    proposal = selectors.proposals_public(city=_city(request)).filter(pk=proposal_id).first()
    if proposal is None:
        raise ApiError(404, "not_found", _("Not found."))
    return proposal


def resource_list(request: HttpRequest, q: str = "", tag: str = "") -> Any:
    """Public resources for everyone; members-only resources too for a signed-in member of the platform or with
    the bearer token of an organisation of the city. Filters: `q` (words, accents ignored), `tag`."""
    city = _city(request)
    if len(q) > 100 or len(tag) > 40:
        raise ApiError(422, "invalid", _("The search is too long."), {"q": len(q), "tag": len(tag)})
    return selectors.resources_listed(city=city, members=_is_member(request, city), query=q, tag=tag)


def resource_detail(request: HttpRequest, resource_id: int) -> Resource:
    city = _city(request)
    resource = selectors.resources_listed(city=city, members=_is_member(request, city)).filter(pk=resource_id).first()
    if resource is None:
        raise ApiError(404, "not_found", _("Not found."))
    return resource


def mount(router: Router) -> None:
    """Add the endpoints to the events router. Called before the events' own routes are declared, so that
    `/proposals` and `/resources` are matched before `/{event_id}`."""
    pages = paginate(PageNumberPagination, page_size=50)
    router.get("/proposals", response=list[ProposalOut], summary="Published proposals", tags=TAGS)(pages(proposal_list))
    router.get(
        "/proposals/{proposal_id}",
        response={200: ProposalOut, 404: ErrorOut},
        summary="One published proposal",
        tags=TAGS,
    )(proposal_detail)
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
