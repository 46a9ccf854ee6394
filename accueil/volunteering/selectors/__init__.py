"""Reads of the volunteering app, with their joins named and visibility applied for the person asking."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Exists, F, FloatField, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from accueil.organisations.models import Organisation
from accueil.territories.models import District
from accueil.territories.places import district_distances

from ..models import (
    ACTIVE_SIGNUP_STATUSES,
    CalendarToken,
    Mission,
    MissionStatus,
    Shift,
    ShiftProposal,
    Signup,
    SignupStatus,
    VolunteerProfile,
)
from ..policies import can_see_volunteer_contact, volunteer_public_name

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City


@dataclass(frozen=True)
class MissionFilters:
    category: str = ""
    skill: str = ""
    language: str = ""
    district: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    max_hours: float | None = None
    remote: bool | None = None
    q: str = ""
    near: int | None = None  # a district id: results ordered by distance from its centre
    no_requirement: bool = False  # no training, no background check, no language level, open from 18


ADULT_AGE = 18  # a minimum age up to this one is no requirement for an adult volunteer

# Sort keys of missions without a distance when searching near a place: on site without a district, then remote.
NO_DISTRICT_KM = 1_000_000.0
REMOTE_KM = 2_000_000.0


def _open_shift_q(now: dt.datetime, filters: MissionFilters, prefix: str = "") -> Q:
    q = Q(**{f"{prefix}starts_at__gt": now})
    if filters.date_from:
        q &= Q(**{f"{prefix}starts_at__date__gte": filters.date_from})
    if filters.date_to:
        q &= Q(**{f"{prefix}starts_at__date__lte": filters.date_to})
    return q


def published_missions(*, city: City, filters: MissionFilters | None = None) -> QuerySet[Mission]:
    """Published missions of the city that have at least one upcoming shift matching the filters."""
    filters = filters or MissionFilters()
    now = timezone.now()
    shifts = Shift.objects.filter(mission=OuterRef("pk")).filter(_open_shift_q(now, filters))
    if filters.max_hours:
        shifts = shifts.filter(ends_at__lte=F("starts_at") + dt.timedelta(hours=filters.max_hours))
    qs = (
        Mission.objects.filter(city=city, status=MissionStatus.PUBLISHED)
        .filter(Exists(shifts))
        .select_related("organisation", "district")
    )
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.skill:
        qs = qs.filter(skills__code=filters.skill)
    if filters.language:
        qs = qs.filter(languages__language_id=filters.language)
    if filters.district:
        qs = qs.filter(district_id=filters.district)
    if filters.remote is True:
        qs = qs.filter(remote=True)
    elif filters.remote is False:
        qs = qs.filter(remote=False)
    if filters.q:
        qs = qs.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q))
    if filters.no_requirement:
        qs = qs.filter(
            required_qualification__isnull=True,
            works_with_minors=False,
            vulnerable_people=False,
            languages__isnull=True,
            min_age__lte=ADULT_AGE,
        )
    upcoming = Shift.objects.filter(starts_at__gt=now).order_by("starts_at", "pk")
    qs = (
        qs.distinct()
        .select_related("required_qualification")
        .prefetch_related(Prefetch("shifts", queryset=upcoming, to_attr="upcoming_shifts"), "languages__language")
    )
    if filters.near:
        return qs.annotate(near_km=_distance_from(city=city, district_id=filters.near)).order_by(
            "near_km", "-created_at", "pk"
        )
    return qs.order_by("-created_at", "pk")


def _distance_from(*, city: City, district_id: int) -> Case:
    """Kilometres from the centre of district `district_id` to the centre of each mission's district (haversine,
    computed once per district of the city); missions without a district come after, remote missions last."""
    districts = list(District.objects.filter(city=city))
    origin = next((d for d in districts if d.pk == district_id), None)
    distances = district_distances(origin, districts) if origin is not None else {}
    whens = [When(remote=True, then=Value(REMOTE_KM))]
    whens += [When(district_id=pk, then=Value(km)) for pk, km in sorted(distances.items())]
    return Case(*whens, default=Value(NO_DISTRICT_KM), output_field=FloatField())


def mission_public_detail(*, city: City, mission_id: int, skills: bool = True) -> Mission | None:
    """A published mission with its upcoming shifts (places left), or None; its skills only when `skills`."""
    now = timezone.now()
    upcoming = Shift.objects.filter(starts_at__gt=now).order_by("starts_at", "pk")
    related: list[str | Prefetch] = [Prefetch("shifts", queryset=upcoming, to_attr="upcoming_shifts")]
    related += ["languages__language", "skills"] if skills else ["languages__language"]
    return (
        Mission.objects.filter(city=city, pk=mission_id, status=MissionStatus.PUBLISHED)
        .select_related("organisation", "district", "required_qualification")
        .prefetch_related(*related)
        .first()
    )


def trainings_granting(*, mission: Mission, limit: int = 3) -> list[Any]:
    """The next published training sessions that grant the mission's required qualification (through the
    participation app's events, reached by their relation so this app imports none of its modules)."""
    if mission.required_qualification_id is None or mission.required_qualification is None:
        return []
    events = mission.required_qualification.training_events
    return list(events.filter(status="published", starts_at__gt=timezone.now()).order_by("starts_at", "pk")[:limit])


def organisation_missions(*, organisation: Organisation) -> QuerySet[Mission]:
    return (
        Mission.objects.filter(organisation=organisation)
        .select_related("district", "organisation")
        .prefetch_related(
            Prefetch("shifts", queryset=Shift.objects.order_by("starts_at", "pk"), to_attr="all_shifts"),
            "languages__language",
            "skills",
        )
        .order_by("-created_at", "pk")
    )


def mission_for_manager(*, mission_id: int) -> Mission | None:
    return (
        Mission.objects.filter(pk=mission_id)
        .select_related("organisation", "district", "city", "required_qualification")
        .prefetch_related(
            Prefetch("shifts", queryset=Shift.objects.order_by("starts_at", "pk"), to_attr="all_shifts"),
            "languages__language",
            "skills",
        )
        .first()
    )


@dataclass(frozen=True)
class ApplicantRow:
    signup: Signup
    name: str
    email: str | None
    phone: str | None


def shift_applicants(*, shift: Shift, user: User) -> list[ApplicantRow]:
    """The volunteers of a shift as the organisation sees them: contact only for accepted sign-ups.

    The caller has checked `can_manage_shift`."""
    signups = (
        Signup.objects.filter(shift=shift)
        .exclude(status=SignupStatus.CANCELLED)
        .select_related("volunteer", "shift", "shift__mission", "shift__mission__organisation")
        .order_by("created_at", "pk")
    )
    rows = []
    for signup in signups:
        visible = can_see_volunteer_contact(user, signup)
        rows.append(
            ApplicantRow(
                signup=signup,
                name=volunteer_public_name(signup.volunteer),
                email=signup.volunteer.email if visible else None,
                phone=(signup.volunteer.phone or None) if visible else None,
            )
        )
    return rows


def volunteer_signups(*, user: User, city: City | None = None, upcoming_only: bool = False) -> QuerySet[Signup]:
    """The person's sign-ups; in `city` only when given (pages and the API of a city show that city's)."""
    qs = Signup.objects.filter(volunteer=user).select_related(
        "shift", "shift__mission", "shift__mission__organisation", "shift__mission__district"
    )
    if city is not None:
        qs = qs.filter(city=city)
    if upcoming_only:
        qs = qs.filter(ends_at__gt=timezone.now(), status__in=ACTIVE_SIGNUP_STATUSES)
    return qs.order_by("starts_at", "pk")


def volunteer_open_proposals(*, user: User) -> QuerySet[ShiftProposal]:
    return (
        ShiftProposal.objects.filter(volunteer=user, status="proposed", shift__starts_at__gt=timezone.now())
        .select_related("shift", "shift__mission", "shift__mission__organisation")
        .order_by("shift__starts_at")
    )


def volunteer_profile(*, user: User, city: City) -> VolunteerProfile | None:
    """The person's volunteer profile in `city` (one per city they volunteer in), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        VolunteerProfile.objects.filter(user=user, city=city)
        .select_related("city")
        .prefetch_related(
            "skills", "districts", "languages__language", "availabilities", "qualifications__qualification"
        )
        .first()
    )


@dataclass(frozen=True)
class HoursSummary:
    total: Decimal
    signups: list[Signup]
    organisations: list[str]


def volunteer_hours(*, user: User) -> HoursSummary:
    """Approved hours of the volunteer, with the sign-ups that count."""
    qs = (
        Signup.objects.filter(volunteer=user, status=SignupStatus.ACCEPTED, attended=True, hours_approved=True)
        .select_related("shift__mission__organisation")
        .order_by("starts_at", "pk")
    )
    rows = list(qs)
    total = qs.aggregate(total=Sum("hours"))["total"] or Decimal("0")
    organisations = sorted({s.shift.mission.organisation.name for s in rows})
    return HoursSummary(total=total, signups=rows, organisations=organisations)


def calendar_token_hash(raw: str) -> str:
    """What is stored of a calendar feed's secret (the secret itself is only ever in the person's URL)."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def calendar_user(*, raw_token: str) -> User | None:
    if not raw_token or len(raw_token) > 100:
        return None
    token = CalendarToken.objects.select_related("user").filter(token_hash=calendar_token_hash(raw_token)).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


def calendar_signups(*, user: User) -> QuerySet[Signup]:
    since = timezone.now() - dt.timedelta(days=90)
    return (
        Signup.objects.filter(volunteer=user, status=SignupStatus.ACCEPTED, ends_at__gte=since)
        .select_related("shift__mission__organisation", "shift__mission__district")
        .order_by("starts_at", "pk")
    )
