"""Which open shifts suit a volunteer, and why: the scoring shared by "recommended for you" and "fill the gaps".

A pair (volunteer, shift) is a *candidate* when the hard constraints hold:

- the shift is open: its mission is published, it starts in the future, places are left;
- place: a remote mission needs a volunteer who helps remotely; otherwise the mission's district is one of the
  volunteer's districts (a volunteer who named no district goes anywhere in the city);
- languages: each language the mission requires, at its minimum level;
- time: one weekly availability of the volunteer covers the whole shift (local time of the city), the
  volunteer holds no accepted or pending sign-up overlapping it, and the hours of the month stay within the
  hours per month the volunteer offers;
- eligibility (minimum age, safeguarding check, required training, languages): the sign-up rules themselves,
  ``accueil.volunteering.eligibility.eligibility_problems``, applied to the pairs that survive the filters above.

Its *score* adds up criteria, each explained (``Reason``):

=============  ===========================================================================================
open_place     1 point: an open place the volunteer can take (so every candidate scores above 0)
district       2 points when the mission is in one of the volunteer's districts; remote: 1 point
language       0.5 point per level above the required minimum, over the required languages, at most 2
skills         1.5 points per skill wanted by the mission that the volunteer has, at most 3
experience     1 point when the volunteer has already helped this organisation
fairness       up to 2 points: 2 × the share of the month's hours the volunteer has not given yet
=============  ===========================================================================================

``recommend_shifts(profile, limit=10)`` ranks the open shifts for one volunteer, one shift per mission. It
prefilters in SQL (city, published mission, places left, district or remote, and the start of the shift inside
one of the volunteer's availability windows, one range of the (city, starts_at) index per window), then checks
the remaining rules and scores in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accueil.territories.models import District

from .eligibility import eligibility_problems
from .models import (
    ACTIVE_SIGNUP_STATUSES,
    BOOKED_SIGNUP_STATUSES,
    Mission,
    MissionLanguage,
    MissionStatus,
    Shift,
    Signup,
    SignupStatus,
    VolunteerProfile,
)

if TYPE_CHECKING:
    from accueil.territories.models import City

DEFAULT_WINDOW_DAYS = 28

POINTS_OPEN_PLACE = 1.0
POINTS_DISTRICT = 2.0
POINTS_REMOTE = 1.0
POINTS_PER_LANGUAGE_LEVEL = 0.5
MAX_LANGUAGE_POINTS = 2.0
POINTS_PER_SKILL = 1.5
MAX_SKILL_POINTS = 3.0
POINTS_EXPERIENCE = 1.0
MAX_FAIRNESS_POINTS = 2.0


@dataclass(frozen=True, slots=True)
class Reason:
    """One criterion of a score: its code, the points it gives and what it is about (for the sentence)."""

    code: str
    points: float
    detail: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "points": self.points, "detail": self.detail}


def reason_text(reason: dict[str, Any] | Reason) -> str:
    """The sentence a person reads for one criterion (in the active language)."""
    data = reason.as_json() if isinstance(reason, Reason) else reason
    code, detail = data.get("code", ""), data.get("detail", "")
    texts = {
        "open_place": _("A place is open on this shift"),
        "district": _("In one of your districts (%(detail)s)") % {"detail": detail},
        "remote": _("Can be done remotely"),
        "language": _("Your languages are above the level needed (%(detail)s)") % {"detail": detail},
        "skills": _("Uses your skills (%(detail)s)") % {"detail": detail},
        "experience": _("You have already helped this organisation"),
        "fairness": _("You have hours left to give this month"),
    }
    return texts.get(code, code)


@dataclass(slots=True)
class VolunteerFacts:
    """What the scoring needs to know about a volunteer, loaded in bulk."""

    profile_id: int
    user_id: int
    district_ids: frozenset[int]
    languages: dict[str, int]
    skill_ids: frozenset[int]
    availability: dict[int, list[tuple[time, time]]]
    hours_per_month: int
    remote_ok: bool
    organisation_ids: frozenset[int] = frozenset()
    booked: list[tuple[datetime, datetime]] = field(default_factory=list)
    hours_by_month: dict[tuple[int, int], float] = field(default_factory=dict)
    taken_shift_ids: frozenset[int] = frozenset()


@dataclass(slots=True)
class ShiftFacts:
    """What the scoring needs to know about a shift and its mission."""

    shift_id: int
    mission_id: int
    organisation_id: int
    district_id: int | None
    district_name: str
    remote: bool
    category: str
    starts_at: datetime
    ends_at: datetime
    places_left: int
    languages: dict[str, int] = field(default_factory=dict)
    skills: dict[int, str] = field(default_factory=dict)

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


@dataclass(slots=True)
class Recommendation:
    """A shift proposed to a volunteer, its score and the criteria behind it."""

    shift: Shift
    score: float
    reasons: list[Reason]

    @property
    def reason_texts(self) -> list[str]:
        return [reason_text(reason) for reason in self.reasons]


# --- loading facts -------------------------------------------------------------------------------------


def volunteer_facts(
    profiles: Iterable[VolunteerProfile], *, since: datetime, until: datetime, zone: ZoneInfo
) -> list[VolunteerFacts]:
    """Facts for each profile; the profiles should come with districts, languages, skills, availabilities
    prefetched. Sign-ups are read for the months touching ``[since, until)`` (two queries for all)."""
    profiles = list(profiles)
    user_ids = [profile.user_id for profile in profiles]
    month_start = since.replace(day=1, hour=0, minute=0, second=0, microsecond=0) - timedelta(days=1)
    booked: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    hours: dict[int, dict[tuple[int, int], float]] = defaultdict(lambda: defaultdict(float))
    taken: dict[int, set[int]] = defaultdict(set)
    rows = Signup.objects.filter(
        volunteer_id__in=user_ids,
        status__in=ACTIVE_SIGNUP_STATUSES,
        starts_at__gte=month_start,
        starts_at__lt=until + timedelta(days=32),
    ).values_list("volunteer_id", "shift_id", "status", "starts_at", "ends_at", "hours")
    for user_id, shift_id, status, starts_at, ends_at, given in rows:
        taken[user_id].add(shift_id)
        if status in BOOKED_SIGNUP_STATUSES:
            booked[user_id].append((starts_at, ends_at))
            local = starts_at.astimezone(zone)
            duration = float(given) if given is not None else (ends_at - starts_at).total_seconds() / 3600
            hours[user_id][(local.year, local.month)] += duration
    experience: dict[int, set[int]] = defaultdict(set)
    for user_id, organisation_id in (
        Signup.objects.filter(volunteer_id__in=user_ids, status=SignupStatus.ACCEPTED, starts_at__lt=timezone.now())
        .values_list("volunteer_id", "shift__mission__organisation_id")
        .distinct()
    ):
        experience[user_id].add(organisation_id)

    facts = []
    for profile in profiles:
        availability: dict[int, list[tuple[time, time]]] = defaultdict(list)
        for slot in profile.availabilities.all():
            availability[slot.weekday].append((slot.start_time, slot.end_time))
        facts.append(
            VolunteerFacts(
                profile_id=profile.pk,
                user_id=profile.user_id,
                district_ids=frozenset(district.pk for district in profile.districts.all()),
                languages={vl.language_id: vl.level for vl in profile.languages.all()},
                skill_ids=frozenset(skill.pk for skill in profile.skills.all()),
                availability=dict(availability),
                hours_per_month=profile.hours_per_month,
                remote_ok=profile.remote_ok,
                organisation_ids=frozenset(experience.get(profile.user_id, ())),
                booked=booked.get(profile.user_id, []),
                hours_by_month=dict(hours.get(profile.user_id, {})),
                taken_shift_ids=frozenset(taken.get(profile.user_id, ())),
            )
        )
    return facts


def profiles_for_scoring(queryset: Any) -> Any:
    return queryset.select_related("user").prefetch_related(
        "districts", "languages", "skills", "availabilities", "qualifications"
    )


def open_shifts(city: City, *, start: datetime, end: datetime) -> Any:
    """Shifts of published missions of the city starting in ``[start, end)`` with places left."""
    return Shift.objects.filter(
        city=city,
        starts_at__gte=start,
        starts_at__lt=end,
        mission__status=MissionStatus.PUBLISHED,
        accepted_count__lt=F("capacity"),
    )


def shift_facts(
    queryset: Any, *, reserved: dict[int, int] | None = None, rows: list[tuple] | None = None
) -> list[ShiftFacts]:
    """Facts for the shifts of ``queryset``, or for ready ``rows`` of the same columns (three queries).
    ``reserved`` places are taken off the places left."""
    reserved = reserved or {}
    rows = (
        rows
        if rows is not None
        else list(
            queryset.values_list(
                "pk",
                "mission_id",
                "mission__organisation_id",
                "mission__district_id",
                "mission__district__name",
                "mission__remote",
                "mission__category",
                "starts_at",
                "ends_at",
                "capacity",
                "accepted_count",
            )
        )
    )
    mission_ids = {row[1] for row in rows}
    languages: dict[int, dict[str, int]] = defaultdict(dict)
    for mission_id, language_id, level in MissionLanguage.objects.filter(mission_id__in=mission_ids).values_list(
        "mission_id", "language_id", "min_level"
    ):
        languages[mission_id][language_id] = level
    skills: dict[int, dict[int, str]] = defaultdict(dict)
    through = Mission.skills.through
    for mission_id, skill_id, name in through.objects.filter(mission_id__in=mission_ids).values_list(
        "mission_id", "skill_id", "skill__name"
    ):
        skills[mission_id][skill_id] = name
    facts = []
    for pk, mission_id, organisation_id, district_id, district_name, remote, category, s, e, cap, acc in rows:
        places = cap - acc - reserved.get(pk, 0)
        if places <= 0:
            continue
        facts.append(
            ShiftFacts(
                shift_id=pk,
                mission_id=mission_id,
                organisation_id=organisation_id,
                district_id=district_id,
                district_name=district_name or "",
                remote=remote,
                category=category,
                starts_at=s,
                ends_at=e,
                places_left=places,
                languages=languages.get(mission_id, {}),
                skills=skills.get(mission_id, {}),
            )
        )
    return facts


# --- rules and score -------------------------------------------------------------------------------------


def _overlaps(booked: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> bool:
    return any(b_start < end and start < b_end for b_start, b_end in booked)


def is_candidate(volunteer: VolunteerFacts, shift: ShiftFacts, zone: ZoneInfo) -> bool:
    """The hard constraints other than ``eligibility_problems`` (module docstring)."""
    if shift.shift_id in volunteer.taken_shift_ids or shift.places_left <= 0:
        return False
    if shift.remote:
        if not volunteer.remote_ok:
            return False
    elif volunteer.district_ids and shift.district_id not in volunteer.district_ids:
        return False
    for language, minimum in shift.languages.items():
        if volunteer.languages.get(language, 0) < minimum:
            return False
    start, end = shift.starts_at.astimezone(zone), shift.ends_at.astimezone(zone)
    if start.date() != end.date() and end.time() != time(0):
        return False
    end_time = end.time() if end.date() == start.date() else time(23, 59, 59)
    if not any(a <= start.time() and end_time <= b for a, b in volunteer.availability.get(start.weekday(), ())):
        return False
    if _overlaps(volunteer.booked, shift.starts_at, shift.ends_at):
        return False
    used = volunteer.hours_by_month.get((start.year, start.month), 0.0)
    return used + shift.hours <= volunteer.hours_per_month + 1e-9


def score(volunteer: VolunteerFacts, shift: ShiftFacts, zone: ZoneInfo) -> tuple[float, list[Reason]]:
    """Score of a candidate pair and its criteria; points carry 3 decimals and add up to the score."""
    reasons = [Reason("open_place", POINTS_OPEN_PLACE)]
    if shift.remote:
        reasons.append(Reason("remote", POINTS_REMOTE))
    elif shift.district_id is not None and shift.district_id in volunteer.district_ids:
        reasons.append(Reason("district", POINTS_DISTRICT, shift.district_name))
    above = [
        (language, volunteer.languages.get(language, 0) - minimum)
        for language, minimum in sorted(shift.languages.items())
        if volunteer.languages.get(language, 0) > minimum
    ]
    if above:
        points = min(MAX_LANGUAGE_POINTS, POINTS_PER_LANGUAGE_LEVEL * sum(extra for _, extra in above))
        reasons.append(Reason("language", round(points, 3), ", ".join(language for language, _ in above)))
    shared = sorted(name for skill_id, name in shift.skills.items() if skill_id in volunteer.skill_ids)
    if shared:
        reasons.append(Reason("skills", min(MAX_SKILL_POINTS, POINTS_PER_SKILL * len(shared)), ", ".join(shared)))
    if shift.organisation_id in volunteer.organisation_ids:
        reasons.append(Reason("experience", POINTS_EXPERIENCE))
    if volunteer.hours_per_month > 0:
        local = shift.starts_at.astimezone(zone)
        used = volunteer.hours_by_month.get((local.year, local.month), 0.0)
        share = max(0.0, 1.0 - used / volunteer.hours_per_month)
        points = round(MAX_FAIRNESS_POINTS * share, 3)
        if points > 0:
            reasons.append(Reason("fairness", points))
    total = sum(round(reason.points * 1000) for reason in reasons) / 1000
    return total, reasons


def availability_windows(
    availability: dict[int, list[tuple[time, time]]], zone: ZoneInfo, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The weekly availability laid out as concrete intervals between ``start`` and ``end`` (exact across DST)."""
    windows = []
    day = start.astimezone(zone).date()
    while datetime.combine(day, time(0), tzinfo=zone) < end:
        for slot_start, slot_end in availability.get(day.weekday(), ()):
            low = datetime.combine(day, slot_start, tzinfo=zone)
            high = datetime.combine(day, slot_end, tzinfo=zone)
            if high > start and low < end:
                windows.append((max(low, start), min(high, end)))
        day += timedelta(days=1)
    return windows


def city_zone(city: City) -> ZoneInfo:
    return ZoneInfo(getattr(city, "timezone", None) or timezone.get_current_timezone_name())


# --- recommendations -----------------------------------------------------------------------------------------


def _open_rows_in_windows(
    city_id: int, windows: list[tuple[datetime, datetime]], volunteer: VolunteerFacts
) -> list[tuple]:
    """The prefilter: open shifts of published missions that fit one availability window, in the volunteer's
    districts or remote. One range on the (city, starts_at) index per window; plain SQL because the ORM spends
    longer compiling this OR of ranges than the database spends answering it."""
    shift_table, mission_table = Shift._meta.db_table, Mission._meta.db_table
    district_table = District._meta.db_table
    adapt = connection.ops.adapt_datetimefield_value
    ranges, params = [], []
    for low, high in windows:
        ranges.append("(s.city_id = %s AND s.starts_at >= %s AND s.starts_at < %s AND s.ends_at <= %s)")
        params += [city_id, adapt(low), adapt(high), adapt(high)]
    places = []
    if volunteer.remote_ok:
        places.append("m.remote = %s")
        params.append(True)
    if volunteer.district_ids:
        ids = sorted(volunteer.district_ids)
        places.append(f"(m.remote = %s AND m.district_id IN ({', '.join(['%s'] * len(ids))}))")
        params += [False, *ids]
    else:
        places.append("m.remote = %s")
        params.append(False)
    params.append(MissionStatus.PUBLISHED)
    # Table names come from the models; every value is a parameter.
    sql = (
        "SELECT s.id, s.mission_id, m.organisation_id, m.district_id, d.name, m.remote, m.category, "  # noqa: S608
        "s.starts_at, s.ends_at, s.capacity, s.accepted_count "
        # CROSS JOIN keeps SQLite reading shifts first, by the index ranges; PostgreSQL plans it freely.
        f"FROM {shift_table} s CROSS JOIN {mission_table} m "
        f"LEFT OUTER JOIN {district_table} d ON d.id = m.district_id "
        f"WHERE m.id = s.mission_id AND ({' OR '.join(ranges)}) AND ({' OR '.join(places)}) AND m.status = %s "
        "AND s.accepted_count < s.capacity"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if rows and (isinstance(rows[0][7], str) or rows[0][7].tzinfo is None):  # SQLite: UTC, naive or text
        return [(*row[:7], _utc(row[7]), _utc(row[8]), *row[9:]) for row in rows]
    return rows


def _utc(value: str | datetime) -> datetime:
    parsed = parse_datetime(value) if isinstance(value, str) else value
    assert parsed is not None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def recommend_shifts(
    profile: VolunteerProfile, limit: int = 10, *, window_days: int = DEFAULT_WINDOW_DAYS
) -> list[Recommendation]:
    """The best open shifts for this volunteer in the coming ``window_days``, best first, with reasons."""
    now = timezone.now()
    until = now + timedelta(days=window_days)
    profile = profiles_for_scoring(VolunteerProfile.objects.filter(pk=profile.pk).select_related("city")).get()
    zone = city_zone(profile.city)
    volunteer = volunteer_facts([profile], since=now, until=until, zone=zone)[0]
    windows = availability_windows(volunteer.availability, zone, now, until)
    if not windows:
        return []
    rows = _open_rows_in_windows(profile.city_id, windows, volunteer)
    scored = []
    for facts in shift_facts(None, rows=rows):
        if is_candidate(volunteer, facts, zone):
            total, reasons = score(volunteer, facts, zone)
            scored.append((-total, facts.starts_at, facts.shift_id, reasons, facts.mission_id))
    scored.sort(key=lambda item: item[:3])
    # One shift per mission (its best, then earliest): the list shows different things to do.
    seen: set[int] = set()
    scored = [item for item in scored if not (item[4] in seen or seen.add(item[4]))]  # type: ignore[func-returns-value]
    results: list[Recommendation] = []
    # Eligibility is checked on the best candidates only, a batch at a time.
    position = 0
    while len(results) < limit and position < len(scored):
        batch = scored[position : position + limit + 5]
        position += len(batch)
        shifts = Shift.objects.select_related(
            "mission__organisation", "mission__district", "mission__required_qualification"
        ).prefetch_related("mission__languages")
        by_id = shifts.in_bulk([item[2] for item in batch])
        for negative, _start, shift_id, reasons, _mission in batch:
            shift = by_id.get(shift_id)
            if shift is None or eligibility_problems(profile=profile, shift=shift):
                continue
            results.append(Recommendation(shift=shift, score=-negative, reasons=reasons))
            if len(results) >= limit:
                break
    return results
