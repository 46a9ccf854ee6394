"""Events endpoints: public list and detail; registration with the browser session (and its CSRF token)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from accueil.core.api_auth import session
from accueil.core.errors import ApiError, CommonError
from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.paging import BoundedPageNumberPagination
from accueil.core.refusals import refusal_text

from . import selectors, services
from .errors import ParticipationError
from .models import Event, EventKind
from .proposals.api import mount as mount_proposals
from .resources.api import mount as mount_resources

router = Router(tags=["events"])
mount_proposals(router)
mount_resources(router)


class EventOut(Schema):
    id: int
    title: str
    description: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    place: str
    address: str
    district: int | None
    online_url: str
    organiser: str | None
    capacity: int | None
    registered_count: int
    places_left: int | None
    status: str
    grants_qualification: str | None
    is_demo: bool

    @staticmethod
    def resolve_district(obj: Event) -> int | None:
        district = obj.district
        return district.number if district is not None else None

    @staticmethod
    def resolve_organiser(obj: Event) -> str | None:
        organiser = obj.organiser
        return organiser.name if organiser is not None else None

    @staticmethod
    def resolve_grants_qualification(obj: Event) -> str | None:
        qualification = obj.grants_qualification
        return qualification.code if qualification is not None else None


class RegistrationOut(Schema):
    id: int
    event: int
    status: str


class ErrorBody(Schema):
    code: str
    message: str


class ErrorOut(Schema):
    error: ErrorBody


@router.get("", response=list[EventOut], summary="Upcoming published events")
@paginate(BoundedPageNumberPagination, page_size=50)
def event_list(request: CityRequest, kind: str | None = None, district: int | None = None) -> QuerySet[Event]:
    """Filters: `kind` (information_session, training, conference, meeting), `district` (its number)."""
    city = city_of(request)
    if kind and kind not in EventKind.values:
        raise ApiError(422, CommonError.INVALID, _("Unknown kind of event."), {"kind": kind})
    district_obj = None
    if district is not None:
        district_obj = city.districts.filter(number=district).first()
        if district_obj is None:
            raise ApiError(422, CommonError.INVALID, _("Unknown district."), {"district": district})
    return selectors.event_public_list(city=city, kind=kind or "", district=district_obj).select_related(
        "grants_qualification"
    )


@router.get("/{event_id}", response={200: EventOut, 404: ErrorOut}, summary="One event")
def event_detail(request: CityRequest, event_id: int) -> Event:
    event = selectors.event_get_visible(user=request.user, city=city_of(request), pk=event_id)
    if event is None:
        raise ApiError(404, CommonError.NOT_FOUND, _("Not found."))
    return event


@router.post(
    "/{event_id}/registrations",
    auth=session,
    response={201: RegistrationOut, 200: RegistrationOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Register the signed-in person (a place, or the waiting list when full)",
)
def event_register(request: SignedInRequest, event_id: int) -> Status:
    event = selectors.event_get_visible(user=request.user, city=city_of(request), pk=event_id)
    if event is None:
        raise ApiError(404, CommonError.NOT_FOUND, _("Not found."))
    existing = selectors.registration_for(event=event, user=request.user)
    try:
        registration = services.event_register(event=event, user=request.user, acting_user=request.user)
    except ValidationError as exc:
        raise ApiError(409, ParticipationError.REGISTRATION_REFUSED, refusal_text(exc)) from exc
    status = 200 if existing is not None and existing.pk == registration.pk else 201
    return Status(status, {"id": registration.pk, "event": event.pk, "status": registration.status})
