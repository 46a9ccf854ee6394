"""Shelter endpoints, mounted at /api/v1/shelters.

- `GET /capacity` — open data: capacity per open site (beds, allocable, available, reserved, occupied,
  blocked, out of service, audiences, last confirmation). No personal data; no authentication.
- For referring partners (an organisation's bearer token, acting as its creator, or a member's session):
  `GET /sites`, `GET /places` (free places tonight by audience and district, shelters and residents' homes),
  `POST /requests` (a household's composition and needs: no name, status or nationality) and
  `POST /requests/{id}/reservations` (reserve on a site; refusals answer 409 with a code).
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accueil.accounts.models import User
from accueil.core.api_auth import session
from accueil.core.errors import ApiError, Refused
from accueil.core.http import city_of
from accueil.organisations.api_auth import organisation_token
from accueil.organisations.models import ApiToken, Organisation

from . import policies, selectors, services
from .errors import ShelterError
from .models import Audience, Availability, Site, Unit

router = Router(tags=["shelters"])


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody


class CapacityOut(Schema):
    id: int
    name: str
    operator: str
    district: int | None = Field(None, description="District number within the city")
    departement: str | None
    audiences: list[str]
    beds: int
    allocable: int = Field(..., description="Available + reserved + occupied (blocked and out of service excluded)")
    available: int
    reserved: int
    occupied: int
    blocked: int
    out_of_service: int
    last_confirmed_at: dt.datetime | None
    stale: bool = Field(..., description="Figures not confirmed in the last 24 hours")


class PlaceOut(Schema):
    kind: str = Field(..., description="shelter or hosting (residents' verified homes, grouped by district)")
    name: str
    site: int | None
    district: int | None
    audiences: list[str]
    availabilities: list[str] = Field(
        ..., description="year_round, seasonal (the winter plan), overflow: how the free places are available"
    )
    free: int
    last_confirmed_at: dt.datetime | None
    stale: bool


class SiteOut(Schema):
    id: int
    name: str
    operator: str
    district: int | None
    address: str
    services: str
    step_free: bool
    last_confirmed_at: dt.datetime | None
    stale: bool


class RequestIn(Schema):
    organisation: int | None = Field(None, description="Sessions of people in several organisations: which one")
    audience: Audience
    adults: int = Field(1, ge=0, le=12)
    children: int = Field(0, ge=0, le=12)
    pregnancy: bool = False
    step_free_needed: bool = False
    medical_needs: bool = False
    reference: str = Field("", max_length=40, description="Your own reference; never a name")


class RequestOut(Schema):
    id: int
    reference: str
    audience: str
    size: int


class ReserveIn(Schema):
    site: int
    unit: int | None = None
    hold_hours: int = Field(3, ge=1, le=48)


class ReservationOut(Schema):
    id: int
    site: int
    bed: str
    status: str
    expires_at: dt.datetime | None


def _refusal(exc: Refused) -> ApiError:
    return ApiError(exc.status, str(exc.code), exc.message, exc.details)


def partner_caller(request: HttpRequest, organisation_id: int | None = None) -> tuple[Organisation, User]:
    """The organisation the caller acts for and the person acting (the token's creator, who must still be a
    member of the verified organisation, or the signed-in member)."""
    city = city_of(request)
    auth = request.auth  # type: ignore[attr-defined]
    user: User | None
    if isinstance(auth, ApiToken):
        organisation = auth.organisation
        if organisation.city_id != city.pk or (organisation_id is not None and organisation_id != organisation.pk):
            raise ApiError(404, "not_found", _("Not found."))
        user = auth.created_by
    else:
        if not request.user.is_authenticated:
            raise ApiError(401, "unauthenticated", _("Sign in or use a token."))
        user = request.user
        organisations = policies.partner_organisations(user=user, city=city)
        if organisation_id is not None:
            organisations = organisations.filter(pk=organisation_id)
        found = list(organisations[:2])
        if not found:
            raise ApiError(403, "forbidden", _("You are not a member of a verified organisation here."))
        if len(found) > 1:
            raise ApiError(422, "organisation_required", _("Say which organisation with the organisation field."))
        organisation = found[0]
    if user is None or not policies.can_request_for(user=user, organisation=organisation):
        raise ApiError(403, "forbidden", _("You are not a member of a verified organisation here."))
    return organisation, user


@router.get("/capacity", response=list[CapacityOut], summary="Open data: capacity per site", auth=None)
def capacity(request: HttpRequest) -> list[dict[str, Any]]:
    return selectors.site_public_capacity(city=city_of(request))


CAPACITY_COLUMNS = [
    "id",
    "name",
    "operator",
    "district",
    "departement",
    "audiences",
    "beds",
    "allocable",
    "available",
    "reserved",
    "occupied",
    "blocked",
    "out_of_service",
    "last_confirmed_at",
    "stale",
]


@router.get(
    "/capacity.csv",
    summary="Open data: capacity per site, as CSV",
    auth=None,
    openapi_extra={"responses": {200: {"description": "CSV, one row per open site", "content": {"text/csv": {}}}}},
)
def capacity_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="capacity.csv"'
    writer = csv.DictWriter(response, fieldnames=CAPACITY_COLUMNS)
    writer.writeheader()
    for row in selectors.site_public_capacity(city=city_of(request)):
        confirmed = row["last_confirmed_at"]
        writer.writerow(
            {
                **row,
                "audiences": " ".join(row["audiences"]),  # type: ignore[arg-type]
                "last_confirmed_at": confirmed.isoformat() if isinstance(confirmed, dt.datetime) else "",
            }
        )
    return response


@router.get(
    "/sites", response={200: list[SiteOut], 403: ErrorOut}, summary="Open sites", auth=[organisation_token, session]
)
def sites(request: HttpRequest) -> list[dict[str, Any]]:
    partner_caller(request)
    city = city_of(request)
    return [
        {
            "id": s.pk,
            "name": s.name,
            "operator": s.operator.name,
            "district": s.district.number if s.district else None,
            "address": s.address,
            "services": s.services,
            "step_free": s.step_free,
            "last_confirmed_at": s.last_confirmed_at,
            "stale": s.is_stale(),
        }
        for s in Site.objects.filter(city=city, closed_on__isnull=True).select_related("operator", "district")
    ]


@router.get(
    "/places",
    response={200: list[PlaceOut], 403: ErrorOut},
    summary="Free places tonight, by audience and district",
    auth=[organisation_token, session],
)
def places(
    request: HttpRequest,
    audience: Audience | None = Query(None),  # noqa: B008
    district: int | None = Query(None, description="District number"),
    availability: Availability | None = Query(  # noqa: B008
        None, description="Only places available that way: year-round, seasonal (the winter plan), overflow"
    ),
) -> list[dict[str, Any]]:
    partner_caller(request)
    rows = selectors.free_places_tonight(city=city_of(request), availability=availability)
    return [
        {
            "kind": r.kind,
            "name": r.name,
            "site": r.site_id,
            "district": r.district_number,
            "audiences": list(r.audiences),
            "availabilities": list(r.availabilities),
            "free": r.free,
            "last_confirmed_at": r.last_confirmed_at,
            "stale": r.stale,
        }
        for r in rows
        if (audience is None or audience in r.audiences) and (district is None or r.district_number == district)
    ]


@router.post(
    "/requests",
    response={201: RequestOut, 403: ErrorOut, 422: ErrorOut},
    summary="Describe a household needing a place (no name, status or nationality)",
    auth=[organisation_token, session],
)
def request_create(request: HttpRequest, payload: RequestIn) -> Status:
    organisation, user = partner_caller(request, payload.organisation)
    if payload.adults + payload.children == 0:
        raise ApiError(422, "invalid", _("A household has at least one person."))
    try:
        place_request = services.place_request_create(
            organisation=organisation,
            acting_user=user,
            audience=payload.audience,
            adults=payload.adults,
            children=payload.children,
            pregnancy=payload.pregnancy,
            step_free_needed=payload.step_free_needed,
            medical_needs=payload.medical_needs,
            reference=payload.reference,
        )
    except Refused as exc:
        raise _refusal(exc) from exc
    return Status(
        201,
        {
            "id": place_request.pk,
            "reference": place_request.reference,
            "audience": place_request.audience,
            "size": place_request.size,
        },
    )


@router.post(
    "/requests/{request_id}/reservations",
    response={201: list[ReservationOut], 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Reserve beds for the household on a site",
    description="Refusal codes: " + ", ".join(e.value for e in ShelterError),
    auth=[organisation_token, session],
)
def reservation_create(request: HttpRequest, request_id: int, payload: ReserveIn) -> Status:
    organisation, user = partner_caller(request)
    city = city_of(request)
    place_request = selectors.request_get_visible(user=user, city=city, pk=request_id)
    if place_request is None or place_request.organisation_id != organisation.pk:
        raise ApiError(404, "not_found", _("Not found."))
    site = Site.objects.filter(city=city, pk=payload.site).first()
    unit = Unit.objects.filter(site=site, pk=payload.unit).first() if payload.unit is not None else None
    if site is None or (payload.unit is not None and unit is None):
        raise ApiError(404, "not_found", _("Not found."))
    try:
        reservations = services.reservation_create(
            place_request=place_request, site=site, unit=unit, acting_user=user, hold_hours=payload.hold_hours
        )
    except Refused as exc:
        raise _refusal(exc) from exc
    return Status(
        201,
        [
            {"id": r.pk, "site": site.pk, "bed": str(r.bed), "status": r.status, "expires_at": r.expires_at}
            for r in reservations
        ],
    )
