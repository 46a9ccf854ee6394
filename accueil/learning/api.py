"""Learning endpoints, mounted at /api/v1/learning.

- `GET /courses`, `GET /courses/{id}` — open data: the published catalogue (levels, schedule, place, places
  left). No personal data; no authentication.
- `GET /supply?kind=` — partners and coordinators (a member's session or an organisation's token): places,
  taken and waiting by level and district.
- `POST /applications` — a signed-in person applies for themselves: one application reaches every suitable
  class; the answer says whether a place is offered or where they stand in line.
- `POST /learners/{id}/tests` — a partner records a placement test (the learner's level becomes the lowest
  of the three skills).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accueil.accounts.models import User
from accueil.core.api_auth import session
from accueil.core.api_schemas import error_schema
from accueil.core.errors import ApiError, CommonError, Refused
from accueil.core.http import city_of
from accueil.organisations.api_auth import organisation_token
from accueil.organisations.models import ApiToken, Organisation
from accueil.territories.models import District
from accueil.translations.shown import prefetch_shown

from . import policies, selectors, services
from .errors import LearningError
from .models import LEVEL_CODES, ApplicationStatus, Course, CourseKind, WomenOnly, days_of

router = Router(tags=["learning"])
LearningErrorOut = error_schema("Learning", LearningError, CommonError)


class CourseOut(Schema):
    id: int
    title: str = Field(..., description="In the reader's language when translated, else French")
    organisation: str
    kind: str
    level_required: str
    level_reached: str
    days: list[int] = Field(..., description="ISO weekdays, Monday = 1")
    starts_at: dt.time
    ends_at: dt.time
    start_date: dt.date
    end_date: dt.date
    address: str
    district: int
    places: int
    places_left: int
    childcare: bool
    women_only: bool
    cost_eur: int


def _course_out(course: Course) -> CourseOut:
    return CourseOut(
        id=course.pk,
        title=str(course.shown.title),
        organisation=course.organisation.name,
        kind=course.kind,
        level_required=LEVEL_CODES[course.level_required],
        level_reached=LEVEL_CODES[course.level_reached],
        days=[day.bit_length() for day in days_of(course.days)],
        starts_at=course.starts_at,
        ends_at=course.ends_at,
        start_date=course.start_date,
        end_date=course.end_date,
        address=course.address,
        district=course.district.number,
        places=course.places,
        places_left=course.places_left,
        childcare=course.childcare,
        women_only=course.women_only,
        cost_eur=course.cost_eur,
    )


class CoursePage(Schema):
    count: int
    page: int
    pages: int
    results: list[CourseOut]


class CourseQuery(Schema):
    kind: CourseKind | None = None
    level: int | None = Field(None, ge=0, le=5, description="0 = A0 … 5 = C1")
    district: int | None = Field(None, ge=1, le=99)
    childcare: bool = False
    women_only: bool = False
    free: bool = False
    with_places: bool = False
    page: int = Field(1, ge=1, le=10_000)


@router.get("/courses", response=CoursePage, summary="The catalogue of classes and programmes (open data)")
def course_list(request: HttpRequest, query: Query[CourseQuery]) -> CoursePage:
    city = city_of(request)
    page = selectors.course_search(
        city=city,
        filters=selectors.CourseFilters(
            kind=query.kind or "",
            level=query.level,
            district=query.district,
            childcare=query.childcare,
            women_only=query.women_only,
            free=query.free,
            with_places=query.with_places,
        ),
        page=query.page,
    )
    prefetch_shown(page.object_list)
    return CoursePage(
        count=page.paginator.count,
        page=page.number,
        pages=page.paginator.num_pages,
        results=[_course_out(c) for c in page.object_list],
    )


@router.get("/courses/{course_id}", response={200: CourseOut, 404: LearningErrorOut}, summary="One class")
def course_get(request: HttpRequest, course_id: int) -> CourseOut:
    course = selectors.course_get_public(city=city_of(request), pk=course_id)
    if course is None:
        raise ApiError(404, CommonError.NOT_FOUND, _("Not found."))
    return _course_out(course)


class SupplyOut(Schema):
    level: str
    district: int
    places: int
    taken: int
    free: int
    waiting: int
    dropped: int


def _partner_or_coordinator(request: HttpRequest) -> tuple[Organisation | None, User]:
    city = city_of(request)
    auth = request.auth  # type: ignore[attr-defined]
    if isinstance(auth, ApiToken):
        if auth.organisation.city_id != city.pk or auth.created_by is None:
            raise ApiError(404, CommonError.NOT_FOUND, _("Not found."))
        if not policies.can_act_for(user=auth.created_by, organisation=auth.organisation):
            raise ApiError(403, LearningError.FORBIDDEN, _("You are not allowed to do this."))
        return auth.organisation, auth.created_by
    user = request.user
    if not isinstance(user, User):
        raise ApiError(401, CommonError.UNAUTHENTICATED, _("Sign in or use a token."))
    if not policies.can_refer(user=user, city=city):
        raise ApiError(403, LearningError.FORBIDDEN, _("You are not allowed to do this."))
    return policies.partner_organisations(user=user, city=city).first(), user


@router.get(
    "/supply",
    response={200: list[SupplyOut], 401: LearningErrorOut, 403: LearningErrorOut},
    summary="Places and waiting learners by level and district",
    auth=[organisation_token, session],
)
def supply(request: HttpRequest, kind: CourseKind = CourseKind.FRENCH) -> list[SupplyOut]:
    _partner_or_coordinator(request)
    return [
        SupplyOut(
            level=row.level_code,
            district=row.district,
            places=row.places,
            taken=row.taken,
            free=row.free,
            waiting=row.waiting,
            dropped=row.dropped,
        )
        for row in selectors.supply_demand(city=city_of(request), kind=kind)
    ]


class ApplicationIn(Schema):
    kind: CourseKind
    level: int | None = Field(None, ge=0, le=5, description="Your level until a partner tests it (0 = A0)")
    district: int = Field(..., ge=1, le=99, description="District number to look near")
    max_km: int = Field(5, ge=1, le=50)
    days: int = Field(127, ge=1, le=127, description="Bit mask of the days you are free, Monday = 1 … Sunday = 64")
    periods: int = Field(7, ge=1, le=7, description="Bit mask: morning = 1, afternoon = 2, evening = 4")
    needs_childcare: bool = False
    women_only: WomenOnly = WomenOnly.NO
    free_only: bool = True


class ApplicationOut(Schema):
    id: int
    status: str
    position: int | None = Field(None, description="Place in line while waiting")
    offered_course: int | None = None
    offer_expires_at: dt.datetime | None = None


@router.post(
    "/applications",
    response={
        201: ApplicationOut,
        400: LearningErrorOut,
        401: LearningErrorOut,
        409: LearningErrorOut,
        422: LearningErrorOut,
    },
    summary="Apply for yourself: one application reaches every suitable class",
    description="Refusal codes: " + ", ".join(e.value for e in LearningError),
    auth=[session],
)
def application_create(request: HttpRequest, payload: ApplicationIn) -> Status:
    city = city_of(request)
    user = request.user
    if not isinstance(user, User):
        raise ApiError(401, CommonError.UNAUTHENTICATED, _("Sign in or use a token."))
    district = District.objects.filter(city=city, number=payload.district).first()
    if district is None:
        raise ApiError(422, CommonError.INVALID, _("No such district here."))
    try:
        learner = selectors.own_learner(user=user, city=city) or services.learner_for_user(user=user, city=city)
        services.learner_declare(learner=learner, acting_user=user, level=payload.level)
        application = services.application_submit(
            learner=learner,
            acting_user=user,
            kind=payload.kind,
            district=district,
            max_km=payload.max_km,
            days=payload.days,
            periods=payload.periods,
            needs_childcare=payload.needs_childcare,
            women_only=payload.women_only,
            free_only=payload.free_only,
        )
    except Refused as exc:
        raise ApiError(exc.status, exc.code, exc.message) from exc
    offer = application.enrolments.filter(status="offered").first()
    return Status(
        201,
        ApplicationOut(
            id=application.pk,
            status=application.status,
            position=selectors.queue_position(application) if application.status == ApplicationStatus.WAITING else None,
            offered_course=offer.course_id if offer else None,
            offer_expires_at=offer.expires_at if offer else None,
        ),
    )


class TestIn(Schema):
    organisation: int | None = None
    oral: int = Field(..., ge=0, le=5)
    reading: int = Field(..., ge=0, le=5)
    writing: int = Field(..., ge=0, le=5)


class TestOut(Schema):
    id: int
    level: str


@router.post(
    "/learners/{learner_id}/tests",
    response={201: TestOut, 403: LearningErrorOut, 404: LearningErrorOut},
    summary="Record a placement test",
    auth=[organisation_token, session],
)
def test_create(request: HttpRequest, learner_id: int, payload: TestIn) -> Status:
    city = city_of(request)
    organisation, user = _partner_or_coordinator(request)
    if payload.organisation is not None:
        organisation = policies.partner_organisations(user=user, city=city).filter(pk=payload.organisation).first()
    if organisation is None:
        raise ApiError(403, LearningError.FORBIDDEN, _("You are not allowed to do this."))
    learner = selectors.learner_get_visible(user=user, city=city, pk=learner_id)
    if learner is None:
        raise ApiError(404, CommonError.NOT_FOUND, _("Not found."))
    try:
        test = services.placement_test_record(
            learner=learner,
            organisation=organisation,
            acting_user=user,
            oral=payload.oral,
            reading=payload.reading,
            writing=payload.writing,
        )
    except Refused as exc:
        raise ApiError(exc.status, exc.code, exc.message) from exc
    return Status(201, TestOut(id=test.pk, level=LEVEL_CODES[test.level]))
