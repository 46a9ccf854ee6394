"""The city-wide view of volunteering for coordinators: unfilled places, coverage gaps, and the candidates of
"fill the gaps".

Reads work on the upcoming open shifts of one city, in the city's local time. ``fill_candidates`` builds every
candidate pair (volunteer × shift) that passes the hard constraints of ``accueil.volunteering.recommendations``
(the same rules and scores as "recommended for you", including the sign-up eligibility rules), and
``fill_instance`` turns them into the matching instance that ``services.gaps_fill`` solves. A pair already
proposed once (whatever the answer) is never a candidate again; open proposals hold the volunteer's time and the
shift's places like bookings.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from accueil.languages.models import Language
from accueil.matching.model import Agent, Edge, Instance, Slot
from accueil.territories.models import City, District

from ..eligibility import eligibility_problems
from ..models import (
    MissionCategory,
    MissionLanguage,
    ProposalStatus,
    Shift,
    ShiftProposal,
    VolunteerLanguage,
    VolunteerProfile,
)
from ..recommendations import (
    Reason,
    ShiftFacts,
    VolunteerFacts,
    city_zone,
    is_candidate,
    open_shifts,
    profiles_for_scoring,
    score,
    shift_facts,
    volunteer_facts,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User

DEFAULT_HORIZON_DAYS = 28


def weekday_name(weekday: int) -> str:
    return str(WEEKDAYS[weekday])


# --- unfilled places -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class UnfilledRow:
    key: Any
    label: str
    shifts: int = 0
    places: int = 0
    accepted: int = 0

    @property
    def unfilled(self) -> int:
        return self.places - self.accepted


@dataclass(slots=True)
class UnfilledSummary:
    by_district: list[UnfilledRow]
    by_category: list[UnfilledRow]
    by_day: list[UnfilledRow]
    total: UnfilledRow


def _open_rows(
    city: City, start: datetime, end: datetime, *, district: District | None = None, category: str = ""
) -> list[tuple]:
    queryset = open_shifts(city, start=start, end=end)
    if district is not None:
        queryset = queryset.filter(mission__district=district)
    if category:
        queryset = queryset.filter(mission__category=category)
    return list(
        queryset.values_list(
            "pk",
            "starts_at",
            "capacity",
            "accepted_count",
            "mission__district__number",
            "mission__district__name",
            "mission__remote",
            "mission__category",
            "mission_id",
        )
    )


def unfilled_summary(city: City, *, start: datetime, end: datetime) -> UnfilledSummary:
    """Places offered and still open on upcoming shifts of published missions, by district, category and day."""
    zone = city_zone(city)
    categories = dict(MissionCategory.choices)
    districts: dict[Any, UnfilledRow] = {}
    by_category: dict[str, UnfilledRow] = {}
    days: dict[date, UnfilledRow] = {}
    total = UnfilledRow(key=None, label=_("All shifts"))
    for _pk, starts_at, capacity, accepted, number, name, remote, category, _mission in _open_rows(city, start, end):
        if remote:
            district_row = districts.setdefault("remote", UnfilledRow(key="remote", label=_("Remote")))
        else:
            label = name or _("No district")
            district_row = districts.setdefault(number, UnfilledRow(key=number, label=label))
        day = starts_at.astimezone(zone).date()
        rows = (
            district_row,
            by_category.setdefault(category, UnfilledRow(key=category, label=str(categories.get(category, category)))),
            days.setdefault(day, UnfilledRow(key=day, label=day.isoformat())),
            total,
        )
        for row in rows:
            row.shifts += 1
            row.places += capacity
            row.accepted += accepted
    for day, row in days.items():
        row.label = f"{weekday_name(day.weekday())} {day:%d/%m}"
    return UnfilledSummary(
        by_district=sorted(districts.values(), key=lambda r: (r.key == "remote", r.key is None, str(r.key).zfill(3))),
        by_category=sorted(by_category.values(), key=lambda r: (-r.unfilled, r.label)),
        by_day=[days[day] for day in sorted(days)],
        total=total,
    )


# --- coverage gaps -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Gap:
    """Open places that need something (a language on a weekday, a category in a district) few volunteers offer."""

    kind: str  # "language" or "district"
    what: str
    where: str
    places: int
    volunteers: int

    @property
    def sentence(self) -> str:
        params = {"what": self.what, "where": self.where, "places": self.places, "volunteers": self.volunteers}
        if self.kind == "language":
            if self.volunteers == 0:
                return _("No %(what)s speaker available on %(where)s for %(places)s open places.") % params
            return (
                _("Only %(volunteers)s %(what)s speakers available on %(where)s for %(places)s open places.") % params
            )
        if self.volunteers == 0:
            return _("No volunteer covers %(where)s for %(places)s open places in %(what)s.") % params
        return _("Only %(volunteers)s volunteers cover %(where)s for %(places)s open places in %(what)s.") % params


def coverage_gaps(city: City, *, start: datetime, end: datetime) -> list[Gap]:
    """Where open places outnumber the volunteers who could take them, most uncovered first.

    Language × weekday: open places on shifts requiring the language that weekday, against volunteers of the
    city speaking it at the lowest level those shifts require and available that weekday. Category × district:
    open places of the category in the district, against volunteers who go to that district (or anywhere).
    """
    zone = city_zone(city)
    rows = _open_rows(city, start, end)
    if not rows:
        return []
    mission_ids = {row[8] for row in rows}
    required: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for mission_id, language_id, level in MissionLanguage.objects.filter(mission_id__in=mission_ids).values_list(
        "mission_id", "language_id", "min_level"
    ):
        required[mission_id].append((language_id, level))

    language_need: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 99])  # places, lowest level
    district_need: Counter[tuple[str, int]] = Counter()
    district_names: dict[int, str] = {}
    for _pk, starts_at, capacity, accepted, number, name, remote, category, mission_id in rows:
        places = capacity - accepted
        weekday = starts_at.astimezone(zone).weekday()
        for language_id, level in required.get(mission_id, ()):
            need = language_need[(language_id, weekday)]
            need[0] += places
            need[1] = min(need[1], level)
        if not remote and number is not None:
            district_need[(category, number)] += places
            district_names[number] = name

    profiles = VolunteerProfile.objects.filter(city=city, user__is_active=True)
    weekdays_of: dict[int, set[int]] = defaultdict(set)
    for profile_id, weekday in profiles.values_list("pk", "availabilities__weekday"):
        if weekday is not None:
            weekdays_of[profile_id].add(weekday)
    gaps: list[Gap] = []
    if language_need:
        languages = {language for language, _ in language_need}
        speakers: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for profile_id, language_id, level in VolunteerLanguage.objects.filter(
            profile__in=profiles, language_id__in=languages
        ).values_list("profile_id", "language_id", "level"):
            speakers[language_id].append((profile_id, level))
        names = dict(Language.objects.filter(code__in=languages).values_list("code", "name_en"))
        for (language_id, weekday), (places, level) in language_need.items():
            count = sum(1 for pid, lvl in speakers[language_id] if lvl >= level and weekday in weekdays_of[pid])
            if count < places:
                gaps.append(Gap("language", names.get(language_id, language_id), weekday_name(weekday), places, count))
    if district_need:
        anywhere = set(profiles.filter(districts__isnull=True).values_list("pk", flat=True))
        by_district: dict[int, set[int]] = defaultdict(set)
        for profile_id, number in profiles.filter(districts__isnull=False).values_list("pk", "districts__number"):
            by_district[number].add(profile_id)
        categories = dict(MissionCategory.choices)
        for (category, number), places in district_need.items():
            count = len(by_district[number] | anywhere)
            if count < places:
                label = str(categories.get(category, category))
                gaps.append(Gap("district", label, district_names[number], places, count))
    gaps.sort(key=lambda gap: (gap.volunteers - gap.places, gap.kind, gap.what, gap.where))
    return gaps


# --- fill the gaps: the candidates ---------------------------------------------------------------------------


@dataclass(slots=True)
class Candidate:
    volunteer: VolunteerFacts
    shift: ShiftFacts
    score: float
    reasons: list[Reason]


def day_bounds(city: City, start: date, end: date) -> tuple[datetime, datetime]:
    zone = city_zone(city)
    return (
        datetime.combine(start, datetime.min.time(), tzinfo=zone),
        datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=zone),
    )


def fill_candidates(
    city: City, *, start: datetime, end: datetime, district: District | None = None, category: str = ""
) -> list[Candidate]:
    """Every (volunteer, shift) pair passing the hard constraints, with its score, in a stable order."""
    now = timezone.now()
    start = max(start, now)
    zone = city_zone(city)
    queryset = open_shifts(city, start=start, end=end)
    if district is not None:
        queryset = queryset.filter(mission__district=district)
    if category:
        queryset = queryset.filter(mission__category=category)
    open_proposals = ShiftProposal.objects.filter(city=city, status=ProposalStatus.PROPOSED, shift__starts_at__gt=now)
    reserved = dict(
        open_proposals.filter(shift__in=queryset)
        .values("shift_id")
        .annotate(n=Count("pk"))
        .values_list("shift_id", "n")
    )
    shifts = shift_facts(queryset.order_by("starts_at", "pk"), reserved=reserved)
    if not shifts:
        return []
    profiles = list(
        profiles_for_scoring(
            VolunteerProfile.objects.filter(city=city, user__is_active=True, availabilities__isnull=False).distinct()
        ).order_by("pk")
    )
    volunteers = volunteer_facts(profiles, since=start, until=end, zone=zone)
    profile_by_user = {profile.user_id: profile for profile in profiles}
    # Open proposals hold the volunteer's time like a booking.
    facts_by_user = {facts.user_id: facts for facts in volunteers}
    for user_id, s, e in open_proposals.values_list("volunteer_id", "shift__starts_at", "shift__ends_at"):
        if user_id in facts_by_user:
            facts_by_user[user_id].booked.append((s, e))
    already = set(
        ShiftProposal.objects.filter(city=city, shift_id__in=[s.shift_id for s in shifts]).values_list(
            "shift_id", "volunteer_id"
        )
    )
    # Index volunteers by place and weekday so each shift only looks at plausible people.
    by_place: dict[tuple[Any, int], list[VolunteerFacts]] = defaultdict(list)
    for facts in volunteers:
        places: list[Any] = list(facts.district_ids) if facts.district_ids else ["any"]
        if facts.remote_ok:
            places.append("remote")
        for weekday in facts.availability:
            for place in places:
                by_place[(place, weekday)].append(facts)
    shift_objects = (
        Shift.objects.select_related("mission__required_qualification")
        .prefetch_related("mission__languages__language")
        .in_bulk([s.shift_id for s in shifts])
    )
    candidates: list[Candidate] = []
    for shift in shifts:
        weekday = shift.starts_at.astimezone(zone).weekday()
        if shift.remote:
            pool = by_place.get(("remote", weekday), [])
        else:
            pool = by_place.get((shift.district_id, weekday), []) + by_place.get(("any", weekday), [])
        for facts in sorted(pool, key=lambda f: f.profile_id):
            if (shift.shift_id, facts.user_id) in already or not is_candidate(facts, shift, zone):
                continue
            if eligibility_problems(profile=profile_by_user[facts.user_id], shift=shift_objects[shift.shift_id]):
                continue
            total, reasons = score(facts, shift, zone)
            candidates.append(Candidate(volunteer=facts, shift=shift, score=total, reasons=reasons))
    return candidates


def fill_instance(candidates: list[Candidate]) -> Instance:
    """The matching instance: one place per volunteer, the open places of each shift, the candidate pairs."""
    agents: dict[int, Agent] = {}
    slots: dict[int, Slot] = {}
    edges = []
    for candidate in candidates:
        agents.setdefault(candidate.volunteer.user_id, Agent(id=candidate.volunteer.user_id, capacity=1))
        slots.setdefault(
            candidate.shift.shift_id, Slot(id=candidate.shift.shift_id, capacity=candidate.shift.places_left)
        )
        edges.append(
            Edge(
                agent=candidate.volunteer.user_id,
                slot=candidate.shift.shift_id,
                score=candidate.score,
                reasons=tuple((reason.code, reason.points) for reason in candidate.reasons),
            )
        )
    return Instance(agents=list(agents.values()), slots=list(slots.values()), edges=edges)


def proposals_of(user: User, *, city: City) -> QuerySet[ShiftProposal]:
    """A volunteer's proposals, open ones first, with their shift, mission and organisation."""
    return (
        ShiftProposal.objects.filter(volunteer=user, city=city)
        .select_related("shift__mission__organisation", "shift__mission__district")
        .order_by("-status", "shift__starts_at", "pk")
    )


def proposals_recent(city: City) -> QuerySet[ShiftProposal]:
    """The latest proposals of the city, for coordinators."""
    return (
        ShiftProposal.objects.filter(city=city)
        .select_related("shift__mission__organisation", "shift__mission__district", "volunteer")
        .order_by("-created_at", "-pk")
    )
