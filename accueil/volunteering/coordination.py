"""The city-wide view of volunteering for coordinators: unfilled places, coverage gaps, and "fill the gaps".

Reads (``unfilled_summary``, ``coverage_gaps``) work on the upcoming open shifts of one city, in the city's
local time. ``gaps_fill`` builds every candidate pair (volunteer × shift) that passes the hard constraints of
``accueil.volunteering.recommendations`` (the same rules and scores as "recommended for you", including the
sign-up eligibility rules), solves the maximum-score assignment exactly with ``accueil.matching``, saves one
``ShiftProposal`` per chosen pair with the criteria behind it, and puts a "proposal" message in the outbox.

Each volunteer receives at most one proposal per run (agent capacity 1): proposals therefore never overlap one
another nor stretch a volunteer's monthly hours. Places already held by open proposals are not proposed again,
and a pair already proposed once (whatever the answer) is never proposed again. The volunteer answers through
``services.proposal_respond``, which signs them up with the ordinary sign-up service (capacity respected).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.accounts.policies import is_coordinator
from accueil.audit.services import audit_record
from accueil.languages.models import Language
from accueil.matching.model import Agent, Edge, Instance, Slot
from accueil.matching.solver import solve
from accueil.territories.models import City, District

from .eligibility import eligibility_problems
from .models import (
    MissionCategory,
    MissionLanguage,
    NotificationKind,
    ProposalStatus,
    Shift,
    ShiftProposal,
    VolunteerLanguage,
    VolunteerProfile,
)
from .recommendations import (
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
from .services import notification_enqueue

DEFAULT_HORIZON_DAYS = 28
MAX_RANGE_DAYS = 92


def weekday_names() -> list[str]:
    return [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]


# --- policy --------------------------------------------------------------------------------------------------


def can_coordinate(user: Any, city: Any) -> bool:
    """City coordinators see the whole picture and run "fill the gaps"."""
    return bool(getattr(user, "is_authenticated", False)) and is_coordinator(user=user, city=city)


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


def _open_rows(city: Any, start: datetime, end: datetime, *, district: Any = None, category: str = "") -> list[tuple]:
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


def unfilled_summary(city: Any, *, start: datetime, end: datetime) -> UnfilledSummary:
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
    names = weekday_names()
    for day, row in days.items():
        row.label = f"{names[day.weekday()]} {day:%d/%m}"
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


def coverage_gaps(city: Any, *, start: datetime, end: datetime) -> list[Gap]:
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
        days = weekday_names()
        for (language_id, weekday), (places, level) in language_need.items():
            count = sum(1 for pid, lvl in speakers[language_id] if lvl >= level and weekday in weekdays_of[pid])
            if count < places:
                gaps.append(Gap("language", names.get(language_id, language_id), days[weekday], places, count))
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


# --- fill the gaps -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Candidate:
    volunteer: VolunteerFacts
    shift: ShiftFacts
    score: float
    reasons: list[Any]


@dataclass(slots=True)
class FillResult:
    proposals: list[ShiftProposal] = field(default_factory=list)
    objective: float = 0.0
    candidates: int = 0
    shifts: int = 0
    volunteers: int = 0


def fill_range_clean(*, start: date, end: date) -> None:
    if end < start:
        raise ValidationError(_("The end date must be on or after the start date."))
    if (end - start).days > MAX_RANGE_DAYS:
        raise ValidationError(_("Choose a period of at most %(days)s days.") % {"days": MAX_RANGE_DAYS})


def day_bounds(city: Any, start: date, end: date) -> tuple[datetime, datetime]:
    zone = city_zone(city)
    return (
        datetime.combine(start, datetime.min.time(), tzinfo=zone),
        datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=zone),
    )


def fill_candidates(
    city: Any, *, start: datetime, end: datetime, district: District | None = None, category: str = ""
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


def proposals_expire(*, city: Any) -> int:
    """Open proposals on shifts that have started become expired."""
    return ShiftProposal.objects.filter(
        city=city, status=ProposalStatus.PROPOSED, shift__starts_at__lte=timezone.now()
    ).update(status=ProposalStatus.EXPIRED, decided_at=timezone.now())


@transaction.atomic
def gaps_fill(
    *,
    city: City,
    acting_user: Any,
    start: date,
    end: date,
    district: District | None = None,
    category: str = "",
    request: Any = None,
) -> FillResult:
    """Proposes volunteers for the open places of the period (optionally one district or category)."""
    if not can_coordinate(acting_user, city):
        raise PermissionDenied(_("Only the city's coordinators can fill the gaps."))
    fill_range_clean(start=start, end=end)
    if district is not None and district.city_id != city.pk:
        raise ValidationError(_("This district is not in the city."))
    if category and category not in MissionCategory.values:
        raise ValidationError(_("Unknown category."))
    City.objects.select_for_update().filter(pk=city.pk).first()  # one run at a time per city
    proposals_expire(city=city)
    since, until = day_bounds(city, start, end)
    candidates = fill_candidates(city, start=since, end=until, district=district, category=category)
    result = FillResult(candidates=len(candidates))
    if not candidates:
        _audit_run(city, acting_user, request, start, end, district, category, result)
        return result
    solution = solve(fill_instance(candidates))
    chosen = {(a.agent, a.slot) for a in solution.assignments if a.units > 0}
    result.objective = solution.objective
    chosen_shifts = Shift.objects.select_related("mission__organisation").in_bulk({slot for _, slot in chosen})
    for candidate in candidates:
        if (candidate.volunteer.user_id, candidate.shift.shift_id) not in chosen:
            continue
        proposal = ShiftProposal(
            city=city,
            shift_id=candidate.shift.shift_id,
            volunteer_id=candidate.volunteer.user_id,
            status=ProposalStatus.PROPOSED,
            score=Decimal(str(candidate.score)),
            reasons=[reason.as_json() for reason in candidate.reasons],
            created_by=acting_user,
        )
        proposal.full_clean()
        proposal.save()
        notification_enqueue(
            city=city,
            user=proposal.volunteer,
            kind=NotificationKind.PROPOSAL,
            dedupe_key=f"proposal:{proposal.pk}",
            payload={
                "proposal_id": proposal.pk,
                "shift_id": candidate.shift.shift_id,
                "mission_id": candidate.shift.mission_id,
                "mission_title": chosen_shifts[candidate.shift.shift_id].mission.title,
                "organisation": chosen_shifts[candidate.shift.shift_id].mission.organisation.name,
                "address": chosen_shifts[candidate.shift.shift_id].mission.address,
                "starts_at": candidate.shift.starts_at.isoformat(),
                "ends_at": candidate.shift.ends_at.isoformat(),
                "score": candidate.score,
                "reasons": proposal.reasons,
            },
        )
        result.proposals.append(proposal)
    result.shifts = len({p.shift_id for p in result.proposals})
    result.volunteers = len(result.proposals)
    _audit_run(city, acting_user, request, start, end, district, category, result)
    return result


def _audit_run(city, acting_user, request, start, end, district, category, result) -> None:  # type: ignore[no-untyped-def]
    audit_record(
        action="volunteering.gaps_filled",
        actor=acting_user,
        city=city,
        data={
            "start": start.isoformat(),
            "end": end.isoformat(),
            "district": district.pk if district is not None else None,
            "category": category,
            "candidates": result.candidates,
            "proposals": len(result.proposals),
            "objective": result.objective,
        },
        request=request,
    )


def proposals_of(user: Any, *, city: Any) -> Any:
    """A volunteer's proposals, open ones first, with their shift, mission and organisation."""
    return (
        ShiftProposal.objects.filter(volunteer=user, city=city)
        .select_related("shift__mission__organisation", "shift__mission__district")
        .order_by("-status", "shift__starts_at", "pk")
    )


def proposals_recent(city: Any) -> Any:
    """The latest proposals of the city, for coordinators."""
    return (
        ShiftProposal.objects.filter(city=city)
        .select_related("shift__mission__organisation", "shift__mission__district", "volunteer")
        .order_by("-created_at", "-pk")
    )
