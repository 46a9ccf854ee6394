"""Proposals endpoints, under /api/v1/events/: published proposals with their status, official answer and the
plan measures they feed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from accueil.core.api_schemas import ErrorOut
from accueil.core.errors import ApiError, CommonError
from accueil.core.http import CityRequest, city_of
from accueil.core.paging import BoundedPageNumberPagination

from ..models import Proposal, ProposalAnswerStatus
from . import selectors

TAGS = ["proposals and resources"]


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


def proposal_list(request: CityRequest, status: str | None = None, district: int | None = None) -> Any:
    """Published proposals, newest first. Filters: `status` (under_study, accepted, partially_accepted,
    not_retained, implemented), `district` (its number). `measures` lists the ids of the published plan
    measures each proposal feeds."""
    city = city_of(request)
    if status and status not in ProposalAnswerStatus.values:
        raise ApiError(422, CommonError.INVALID, _("Unknown status."), {"status": status})
    district_obj = None
    if district is not None:
        district_obj = city.districts.filter(number=district).first()
        if district_obj is None:
            raise ApiError(422, CommonError.INVALID, _("Unknown district."), {"district": district})
    return selectors.proposals_public(city=city, status=status or "", district=district_obj)


def proposal_detail(request: CityRequest, proposal_id: int) -> Proposal:
    proposal = selectors.proposals_public(city=city_of(request)).filter(pk=proposal_id).first()
    if proposal is None:
        raise ApiError(404, CommonError.NOT_FOUND, _("Not found."))
    return proposal


def mount(router: Router) -> None:
    """Add the endpoints to the events router. Called before the events' own routes are declared, so that
    `/proposals` is matched before `/{event_id}`."""
    pages = paginate(BoundedPageNumberPagination, page_size=50)
    router.get("/proposals", response=list[ProposalOut], summary="Published proposals", tags=TAGS)(pages(proposal_list))
    router.get(
        "/proposals/{proposal_id}",
        response={200: ProposalOut, 404: ErrorOut},
        summary="One published proposal",
        tags=TAGS,
    )(proposal_detail)
