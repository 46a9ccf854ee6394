"""Volunteering endpoints, mounted at the API root (/api/v1/).

Public: mission list and detail. Volunteers (browser session with CSRF): sign up, list and cancel their sign-ups.
Organisations (bearer token): manage their missions and shifts, read their shifts' sign-ups.
"""

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from accueil.core.api_auth import session
from accueil.core.api_schemas import ErrorOut
from accueil.core.errors import ApiError
from accueil.core.http import CityRequest, SignedInRequest, city_of
from accueil.core.paging import MAX_PAGE, MAX_PAGE_SIZE
from accueil.languages.models import Language
from accueil.organisations.api_auth import organisation_token
from accueil.territories.models import District
from accueil.territories.places import district_from_text

from . import selectors, services
from .errors import SignupRefused
from .models import (
    Acceptance,
    LanguageLevel,
    Mission,
    MissionCategory,
    MissionStatus,
    Shift,
    Signup,
    SignupSource,
    SignupStatus,
    Skill,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User

router = Router(tags=["volunteering"])


class OrganisationRef(Schema):
    id: int
    name: str


class MissionLanguageOut(Schema):
    code: str
    min_level: int


class ShiftOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    places_left: int


class MissionOut(Schema):
    id: int
    title: str
    description: str
    category: str
    status: str
    organisation: OrganisationRef
    address: str
    district: int | None = Field(None, description="District number within the city")
    remote: bool
    works_with_minors: bool
    vulnerable_people: bool
    min_age: int
    acceptance: str
    languages: list[MissionLanguageOut]
    skills: list[str]


class MissionDetailOut(MissionOut):
    shifts: list[ShiftOut]


class MissionListItemOut(MissionDetailOut):
    distance_km: float | None = Field(
        None, description="With `near`: km between the district centres (null for remote or no district)"
    )


class MissionPage(Schema):
    count: int
    page: int
    page_size: int
    near_district: int | None = Field(None, description="With `near`: the district number it was read as")
    results: list[MissionListItemOut]


class SignupCreated(Schema):
    status: str
    signup_id: int
    waitlist_position: int | None = Field(
        None, description="Waitlisted: your place in the queue when you joined it (1: the next place is yours)"
    )


class MySignupOut(Schema):
    id: int
    status: str
    shift_id: int
    mission_id: int
    mission_title: str
    organisation: str
    starts_at: dt.datetime
    ends_at: dt.datetime


class ApplicantOut(Schema):
    signup_id: int
    status: str
    name: str
    email: str | None
    phone: str | None
    created_at: dt.datetime
    attended: bool | None
    hours: float | None


class LanguageIn(Schema):
    code: str
    min_level: int = Field(..., ge=1, le=7)


class MissionIn(Schema):
    title: str = Field(..., min_length=3, max_length=200)
    description: str = Field(..., min_length=1, max_length=10_000)
    category: MissionCategory
    address: str = Field("", max_length=255)
    district: int | None = None
    remote: bool = False
    works_with_minors: bool = False
    vulnerable_people: bool = False
    min_age: int = Field(18, ge=14, le=99)
    acceptance: Acceptance = Acceptance.AUTO
    languages: list[LanguageIn] = []
    skills: list[str] = []


class MissionPatch(Schema):
    title: str | None = Field(None, min_length=3, max_length=200)
    description: str | None = Field(None, min_length=1, max_length=10_000)
    category: MissionCategory | None = None
    address: str | None = Field(None, max_length=255)
    district: int | None = None
    remote: bool | None = None
    works_with_minors: bool | None = None
    vulnerable_people: bool | None = None
    min_age: int | None = Field(None, ge=14, le=99)
    acceptance: Acceptance | None = None
    languages: list[LanguageIn] | None = None
    skills: list[str] | None = None
    status: MissionStatus | None = None


class ShiftIn(Schema):
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int = Field(..., ge=1, le=10_000)
    repeat_weekly_until: dt.date | None = None


class MissionFilterIn(Schema):
    category: MissionCategory | None = None
    skill: str | None = Field(None, max_length=40)
    language: str | None = Field(None, max_length=8)
    district: int | None = Field(None, description="District number")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    max_hours: float | None = Field(None, gt=0, le=24, description="Longest shift you can give, in hours")
    remote: bool | None = None
    q: str | None = Field(None, max_length=100)
    near: str | None = Field(
        None,
        max_length=200,
        description=(
            "A postcode (75011), a district number or name (11, 11e, XIe) or an address with its postcode: "
            "results are ordered by distance from that district's centre, remote missions last"
        ),
    )
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _mission_out(mission: Mission, shifts: list[Shift] | None = None) -> dict[str, Any]:
    data = {
        "id": mission.pk,
        "title": mission.title,
        "description": mission.description,
        "category": mission.category,
        "status": mission.status,
        "organisation": {"id": mission.organisation_id, "name": mission.organisation.name},
        "address": mission.address,
        "district": mission.district.number if mission.district is not None else None,
        "remote": mission.remote,
        "works_with_minors": mission.works_with_minors,
        "vulnerable_people": mission.vulnerable_people,
        "min_age": mission.min_age,
        "acceptance": mission.acceptance,
        "languages": [{"code": ml.language_id, "min_level": ml.min_level} for ml in mission.languages.all()],
        "skills": [s.code for s in mission.skills.all()],
    }
    if shifts is not None:
        data["shifts"] = [_shift_data(s) for s in shifts]
    return data


def _shift_data(shift: Shift) -> dict[str, Any]:
    return {
        "id": shift.pk,
        "starts_at": shift.starts_at,
        "ends_at": shift.ends_at,
        "capacity": shift.capacity,
        "places_left": shift.places_left,
    }


def _district(request: CityRequest, number: int | None) -> District | None:
    if number is None:
        return None
    district = District.objects.filter(city=city_of(request), number=number).first()
    if district is None:
        raise ApiError(422, "invalid", _("Unknown district."), {"district": number})
    return district


def _languages(items: list[LanguageIn]) -> list[tuple[Language, int]]:
    codes = {item.code for item in items}
    found = {lang.pk: lang for lang in Language.objects.filter(pk__in=codes)}
    missing = sorted(codes - set(found))
    if missing:
        raise ApiError(422, "invalid", _("Unknown language."), {"languages": missing})
    return [(found[item.code], LanguageLevel(item.min_level).value) for item in items]


def _skills(codes: list[str]) -> list[Skill]:
    skills = list(Skill.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {s.code for s in skills})
    if missing:
        raise ApiError(422, "invalid", _("Unknown skill."), {"skills": missing})
    return skills


def _refusal(exc: SignupRefused) -> ApiError:
    return ApiError(exc.status, exc.code, exc.message, exc.details)


# --- Public ----------------------------------------------------------------------------------------------------------


@router.get(
    "/missions",
    response={200: MissionPage, 422: ErrorOut},
    summary="Published missions with upcoming shifts",
    description="422 unknown_place when `near` names no district of the city.",
)
def mission_list(request: CityRequest, filters: Query[MissionFilterIn]) -> dict[str, Any]:
    district_id = None
    if filters.district is not None:
        district = District.objects.filter(city=city_of(request), number=filters.district).first()
        district_id = district.pk if district else -1
    near = None
    if filters.near and filters.near.strip():
        near = district_from_text(city_of(request), filters.near)
        if near is None:
            raise ApiError(
                422,
                "unknown_place",
                _(
                    "We could not find a district in “%(text)s”. Enter a postcode (for example 75011), "
                    "a district number (11e) or an address with its postcode."
                )
                % {"text": filters.near.strip()},
                {"near": filters.near.strip()},
            )
    qs = selectors.published_missions(
        city=city_of(request),
        filters=selectors.MissionFilters(
            category=filters.category or "",
            skill=filters.skill or "",
            language=filters.language or "",
            district=district_id,
            date_from=filters.date_from,
            date_to=filters.date_to,
            max_hours=filters.max_hours,
            remote=filters.remote,
            q=filters.q or "",
            near=near.pk if near is not None else None,
        ),
    ).prefetch_related("skills")
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    missions = list(qs[start : start + filters.page_size])
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "near_district": near.number if near is not None else None,
        "results": [_list_item_out(m, near is not None) for m in missions],
    }


def _list_item_out(mission: Mission, near: bool) -> dict[str, Any]:
    data = _mission_out(mission, getattr(mission, "upcoming_shifts", []))
    km = getattr(mission, "near_km", None)
    data["distance_km"] = km if near and km is not None and km < selectors.NO_DISTRICT_KM else None
    return data


@router.get("/missions/{mission_id}", response={200: MissionDetailOut, 404: ErrorOut}, summary="One mission")
def mission_detail(request: CityRequest, mission_id: int) -> Any:
    mission = selectors.mission_public_detail(city=city_of(request), mission_id=mission_id)
    if mission is None:
        raise ApiError(404, "not_found", _("Not found."))
    return _mission_out(mission, getattr(mission, "upcoming_shifts", []))


# --- Volunteers (session) --------------------------------------------------------------------------------------------


@router.post(
    "/shifts/{shift_id}/signups",
    auth=session,
    response={201: SignupCreated, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Sign up for a shift",
    description=(
        "201 with the status (accepted, pending when the organisation decides, waitlisted when full). Refusals: "
        "409 already_signed_up, overlap, mission_not_open, shift_started; 422 not_eligible."
    ),
)
def shift_sign_up(request: SignedInRequest, shift_id: int) -> Any:
    try:
        signup = services.shift_sign_up_by_id(
            shift_id=shift_id,
            city_id=city_of(request).pk,
            volunteer=request.user,
            acting_user=request.user,
            source=SignupSource.API,
            request=request,
        )
    except SignupRefused as exc:
        raise _refusal(exc) from exc
    position = getattr(signup, "waitlist_position", None)
    return Status(201, {"status": signup.status, "signup_id": signup.pk, "waitlist_position": position})


@router.get("/me/signups", auth=session, response=list[MySignupOut], summary="My sign-ups")
def my_signups(request: SignedInRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": s.pk,
            "status": s.status,
            "shift_id": s.shift_id,
            "mission_id": s.shift.mission_id,
            "mission_title": s.shift.mission.title,
            "organisation": s.shift.mission.organisation.name,
            "starts_at": s.starts_at,
            "ends_at": s.ends_at,
        }
        for s in selectors.volunteer_signups(user=request.user, city=city_of(request))[:500]
    ]


@router.delete(
    "/signups/{signup_id}",
    auth=session,
    response={204: None, 404: ErrorOut, 409: ErrorOut},
    summary="Cancel my sign-up (frees the place for the waiting list)",
)
def signup_cancel(request: SignedInRequest, signup_id: int) -> Any:
    signup = Signup.objects.filter(pk=signup_id, volunteer_id=request.user.pk).first()
    if signup is None:
        raise ApiError(404, "not_found", _("Not found."))
    try:
        services.signup_cancel(signup=signup, acting_user=request.user, request=request)
    except SignupRefused as exc:
        raise _refusal(exc) from exc
    return Status(204, None)


# --- Organisations (bearer token) ------------------------------------------------------------------------------------


def _token_user(request: CityRequest) -> "User | None":
    token = request.auth  # type: ignore[attr-defined]
    return getattr(token, "created_by", None)


def _org_mission(request: CityRequest, mission_id: int) -> Mission:
    mission = selectors.mission_for_manager(mission_id=mission_id)
    if mission is None or mission.organisation_id != request.api_organisation.pk:  # type: ignore[attr-defined]
        raise ApiError(404, "not_found", _("Not found."))
    return mission


@router.get("/organisation/missions", auth=organisation_token, response=list[MissionDetailOut], summary="My missions")
def organisation_missions(request: CityRequest) -> list[dict[str, Any]]:
    missions = selectors.organisation_missions(organisation=request.api_organisation)[:500]  # type: ignore[attr-defined]
    return [_mission_out(m, getattr(m, "all_shifts", [])) for m in missions]


@router.post(
    "/organisation/missions",
    auth=organisation_token,
    response={201: MissionDetailOut, 401: ErrorOut, 422: ErrorOut},
    summary="Create a draft mission",
)
def organisation_mission_create(request: CityRequest, payload: MissionIn) -> Any:
    fields = payload.dict(exclude={"languages", "skills", "district"})
    fields["district"] = _district(request, payload.district)
    mission = services.mission_create(
        organisation=request.api_organisation,  # type: ignore[attr-defined]
        acting_user=_token_user(request),
        skills=_skills(payload.skills),
        languages=_languages(payload.languages),
        **fields,
    )
    mission = _org_mission(request, mission.pk)
    return Status(201, _mission_out(mission, getattr(mission, "all_shifts", [])))


@router.patch(
    "/organisation/missions/{mission_id}",
    auth=organisation_token,
    response={200: MissionDetailOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a mission, or its status (published, paused, closed)",
)
def organisation_mission_update(request: CityRequest, mission_id: int, payload: MissionPatch) -> Any:
    mission = _org_mission(request, mission_id)
    data = payload.dict(exclude_unset=True)
    status = data.pop("status", None)
    languages = data.pop("languages", None)
    skills = data.pop("skills", None)
    if "district" in data:
        data["district"] = _district(request, data["district"])
    acting_user = _token_user(request)
    services.mission_update(
        mission=mission,
        acting_user=acting_user,
        skills=_skills(skills) if skills is not None else None,
        languages=_languages([LanguageIn(**item) for item in languages]) if languages is not None else None,
        **data,
    )
    if status is not None and status != mission.status:
        services.mission_set_status(mission=mission, acting_user=acting_user, status=status)
    mission = _org_mission(request, mission_id)
    return Status(200, _mission_out(mission, getattr(mission, "all_shifts", [])))


@router.post(
    "/organisation/missions/{mission_id}/shifts",
    auth=organisation_token,
    response={201: list[ShiftOut], 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add one shift, or weekly shifts up to a date",
)
def organisation_shifts_create(request: CityRequest, mission_id: int, payload: ShiftIn) -> Any:
    mission = _org_mission(request, mission_id)
    shifts = services.shifts_create(
        mission=mission,
        acting_user=_token_user(request),
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        capacity=payload.capacity,
        repeat_weekly_until=payload.repeat_weekly_until,
    )
    return Status(201, [_shift_data(s) for s in shifts])


@router.get(
    "/organisation/shifts/{shift_id}/signups",
    auth=organisation_token,
    response={200: list[ApplicantOut], 401: ErrorOut, 404: ErrorOut},
    summary="Sign-ups of a shift (contact details only for confirmed volunteers)",
)
def organisation_shift_signups(request: CityRequest, shift_id: int) -> Any:
    shift = Shift.objects.select_related("mission").filter(pk=shift_id).first()
    if shift is None or shift.mission.organisation_id != request.api_organisation.pk:  # type: ignore[attr-defined]
        raise ApiError(404, "not_found", _("Not found."))
    signups = (
        Signup.objects.filter(shift=shift)
        .exclude(status=SignupStatus.CANCELLED)
        .select_related("volunteer")
        .order_by("created_at", "pk")
    )
    rows = []
    for s in signups:
        visible = s.status == SignupStatus.ACCEPTED
        rows.append(
            {
                "signup_id": s.pk,
                "status": s.status,
                "name": s.volunteer.display_name or f"Volunteer #{s.volunteer_id}",
                "email": s.volunteer.email if visible else None,
                "phone": (s.volunteer.phone or None) if visible else None,
                "created_at": s.created_at,
                "attended": s.attended,
                "hours": float(s.hours) if s.hours is not None else None,
            }
        )
    return Status(200, rows)
