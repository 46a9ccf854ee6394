"""Volunteering demo content for a city: missions and shifts from the Paris mission templates, a few thousand
generated volunteers, sign-ups and approved hours. Everything is marked as demo (``is_demo``, " (démo)" in
mission titles, e-mail addresses on the reserved ``.invalid`` domain, passwords unusable).

``load_demo(*, city, stdout=None)`` is idempotent: when the city already has demo missions it only completes
the demo volunteer account's profile. Deterministic (fixed seed) and built with ``bulk_create``.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accueil.accounts.models import User
from accueil.organisations.models import Organisation
from accueil.territories.models import District
from accueil.territories.places import postcode_of

from .models import (
    Availability,
    LanguageLevel,
    Mission,
    MissionLanguage,
    MissionStatus,
    QualificationType,
    Shift,
    Signup,
    SignupSource,
    SignupStatus,
    Skill,
    VolunteerLanguage,
    VolunteerProfile,
    VolunteerQualification,
)

if TYPE_CHECKING:
    from accueil.territories.models import City

DATA = Path(__file__).resolve().parent / "data" / "paris_missions.json"
DEMO_DOMAIN = "demo.accueil.invalid"
SEED = 2015
VOLUNTEERS = 3000
WEEKS_AHEAD = 8
WEEKS_BEHIND = 4
COPIES_PER_TEMPLATE = 4  # the same kind of mission offered in several districts
LEVELS = {level.name: level.value for level in LanguageLevel}

# Skill codes of the templates → the platform's skill reference list (others are left out).
SKILL_MAP = {
    "fle_teaching": "teaching_fle",
    "literacy_teaching": "teaching_fle",
    "teaching": "teaching_fle",
    "tutoring": "teaching_fle",
    "lesson_planning": "teaching_fle",
    "conversation_facilitation": "teaching_fle",
    "legal_research": "legal_advice",
    "asylum_law": "legal_advice",
    "immigration_law": "legal_advice",
    "law_studies": "legal_advice",
    "bar_admission": "legal_advice",
    "womens_rights": "legal_advice",
    "health_professional": "medical",
    "perinatal_care": "medical",
    "medical_confidentiality": "medical",
    "health_education": "medical",
    "interpreting": "interpreting",
    "driving_licence_b": "driving_licence_b",
    "childcare": "childcare",
    "early_childhood": "childcare",
    "youth_work": "childcare",
    "digital_literacy": "digital_support",
    "web_development": "digital_support",
    "data_entry": "digital_support",
    "football": "sport_coaching",
    "refereeing": "sport_coaching",
    "coaching": "sport_coaching",
    "sorting": "logistics",
    "packing": "logistics",
    "stock_management": "logistics",
    "collection": "logistics",
    "route_planning": "logistics",
    "food_handling": "logistics",
    "admin_procedures": "admin_procedures",
    "form_filling": "admin_procedures",
    "housing_procedures": "housing_search",
    "higher_education_procedures": "admin_procedures",
    "cooking": "cooking",
    "first_aid": "first_aid",
    "job_search": "job_search",
    "cv_writing": "job_search",
    "interview_preparation": "job_search",
    "career_coaching": "job_search",
    "event_organisation": "event_organisation",
    "visual_arts": "arts_crafts",
    "creative_activities": "arts_crafts",
    "active_listening": "psychology",
    "mediation": "social_work",
    "accompaniment": "social_work",
}

# (language, share of volunteers speaking it, possible levels)
LANGUAGE_SPREAD = [
    ("en", 0.55, [3, 4, 5, 6]),
    ("ar", 0.14, [3, 4, 5, 6, 7, 7]),
    ("es", 0.12, [2, 3, 4, 5]),
    ("de", 0.06, [2, 3, 4]),
    ("fa", 0.05, [3, 5, 6, 7, 7]),
    ("ps", 0.03, [3, 5, 7, 7]),
    ("ti", 0.03, [4, 5, 7, 7]),
    ("am", 0.025, [4, 5, 7, 7]),
    ("ru", 0.03, [3, 4, 7]),
    ("uk", 0.02, [4, 7]),
]
# North-eastern districts, where most reception places were in 2015, are named more often.
DISTRICT_WEIGHTS = {n: (4 if n in (10, 18, 19, 20) else 2 if n in (11, 12, 13, 14, 15) else 1) for n in range(1, 21)}


# Logistics missions asking for French at this level or below ask for none in the demo: some short Saturday
# missions then require nothing at all, as collection and sorting do in life.
NO_LANGUAGE_NEEDED_UP_TO = 3  # B1


def _write(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> dict[str, int]:
    """Create the city's volunteering demo once; returns what was created (zeros when already there)."""
    counts = {"missions": 0, "shifts": 0, "volunteers": 0, "signups": 0}
    districts = {d.number: d for d in District.objects.filter(city=city)}
    if not Mission.objects.filter(city=city, is_demo=True).exists():
        rng = random.Random(SEED)
        zone = ZoneInfo(city.timezone or "Europe/Paris")
        qualifications = _qualification_types(city)
        missions, shifts = _missions(city, districts, qualifications, rng, zone, stdout)
        counts["missions"], counts["shifts"] = len(missions), len(shifts)
        profiles = _volunteers(city, districts, qualifications, rng)
        counts["volunteers"] = len(profiles)
        counts["signups"] = _signups(city, shifts, profiles, rng)
    _demo_volunteer_profile(city, districts)
    _write(
        stdout,
        "  volunteering: {missions} missions, {shifts} shifts, {volunteers} volunteers, {signups} sign-ups".format(
            **counts
        ),
    )
    return counts


def _qualification_types(city: City) -> dict[str, QualificationType]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    result = {}
    for name in sorted({m["training"] for m in data["missions"] if m.get("training")}):
        result[name], _ = QualificationType.objects.get_or_create(
            city=city, code=slugify(name)[:60], defaults={"name": name, "validity_days": 730}
        )
    return result


def _missions(
    city: City,
    districts: dict[int, District],
    qualifications: dict[str, QualificationType],
    rng: random.Random,
    zone: ZoneInfo,
    stdout: TextIO | None,
) -> tuple[list[Mission], list[Shift]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    organisations = {o.name: o for o in Organisation.objects.filter(city=city)}
    skills = {s.code: s for s in Skill.objects.all()}
    numbers = sorted(districts)
    templates, missions = [], []
    for template in data["missions"]:
        organisation = organisations.get(template["organisation"])
        if organisation is None:
            _write(stdout, f"  volunteering: skipped a mission of unknown organisation {template['organisation']!r}")
            continue
        places: list[int | None]
        if template["remote"] or template["district"] is None or not numbers:
            places = [None]
        else:
            others = [n for n in numbers if n != template["district"]]
            places = [template["district"], *rng.sample(others, min(COPIES_PER_TEMPLATE - 1, len(others)))]
        for number in places:
            district = districts.get(number) if number is not None else None
            templates.append(template)
            missions.append(
                Mission(
                    city=city,
                    organisation=organisation,
                    title=f"{template['title_fr']} (démo)",
                    description=template["description_fr"],
                    category=template["category"],
                    address=f"{district.name}, {postcode_of(district)} {city.name}" if district else "",
                    district=district,
                    remote=template["remote"],
                    works_with_minors=template["works_with_minors"],
                    vulnerable_people=template["vulnerable_people"],
                    min_age=template["min_age"],
                    required_qualification=qualifications.get(template["training"]),
                    acceptance="auto" if template["auto_accept"] else "manual",
                    status=MissionStatus.PUBLISHED,
                    is_demo=True,
                )
            )
    Mission.objects.bulk_create(missions)
    languages, mission_skills = [], []
    through = Mission.skills.through
    for mission, template in zip(missions, templates, strict=True):
        for item in template["languages"]:
            if template["category"] == "logistics" and LEVELS[item["level"]] <= NO_LANGUAGE_NEEDED_UP_TO:
                continue  # sorting and carrying goods asks for no language level: these missions say so
            languages.append(
                MissionLanguage(mission=mission, language_id=item["code"], min_level=LEVELS[item["level"]])
            )
        codes = {SKILL_MAP[c] for c in template["skills"] if c in SKILL_MAP and SKILL_MAP[c] in skills}
        mission_skills += [through(mission_id=mission.pk, skill_id=skills[c].pk) for c in sorted(codes)]
    MissionLanguage.objects.bulk_create(languages)
    through.objects.bulk_create(mission_skills)

    today = timezone.now().astimezone(zone).date()
    shifts = []
    for mission, template in zip(missions, templates, strict=True):
        hour, minute = (int(part) for part in template["start"].split(":"))
        first = today + dt.timedelta(days=(template["weekday"] - today.weekday()) % 7 or 7)
        if template["recurring"] == "weekly":
            weeks = range(-WEEKS_BEHIND, WEEKS_AHEAD)
        else:
            weeks = range(rng.randint(0, 3), rng.randint(0, 3) + 1)
        for week in weeks:
            starts = dt.datetime.combine(first + dt.timedelta(weeks=week), dt.time(hour, minute), tzinfo=zone)
            shifts.append(
                Shift(
                    city=city,
                    mission=mission,
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(minutes=template["duration_minutes"]),
                    capacity=template["capacity"],
                    is_demo=True,
                )
            )
    Shift.objects.bulk_create(shifts, batch_size=1000)
    return missions, shifts


def _volunteers(
    city: City, districts: dict[int, District], qualifications: dict[str, QualificationType], rng: random.Random
) -> list[VolunteerProfile]:
    existing = set(User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").values_list("email", flat=True))
    unusable = make_password(None)
    users = [
        User(
            email=email,
            password=unusable,
            display_name=f"Bénévole {i:04d} (démo)",
            preferred_language=rng.choice(["fr"] * 8 + ["en", "ar"]),
        )
        for i in range(1, VOLUNTEERS + 1)
        if (email := f"volunteer{i:04d}@{DEMO_DOMAIN}") not in existing
    ]
    User.objects.bulk_create(users, batch_size=1000)
    today = timezone.now().date()
    profiles = [
        VolunteerProfile(
            user=user,
            city=city,
            birth_year=rng.randint(1948, 2007),
            hours_per_month=rng.choice([4, 4, 8, 8, 8, 12, 16, 24]),
            remote_ok=rng.random() < 0.25,
            civic_service=rng.random() < 0.03,
            solidarity_reserve=rng.random() < 0.12,
            safeguarding_expires_on=today + dt.timedelta(days=rng.randint(60, 1000)) if rng.random() < 0.45 else None,
            is_demo=True,
        )
        for user in users
    ]
    VolunteerProfile.objects.bulk_create(profiles, batch_size=1000)

    numbers = sorted(districts)
    weights = [DISTRICT_WEIGHTS.get(n, 1) for n in numbers]
    skill_ids = list(Skill.objects.values_list("pk", flat=True))
    qualification_list = list(qualifications.values())
    district_rows, skill_rows, language_rows, availability_rows, held = [], [], [], [], []
    district_through, skill_through = VolunteerProfile.districts.through, VolunteerProfile.skills.through
    now = timezone.now()
    for profile in profiles:
        if numbers:
            chosen = set(rng.choices(numbers, weights=weights, k=rng.randint(1, 3)))
            district_rows += [
                district_through(volunteerprofile_id=profile.pk, district_id=districts[n].pk) for n in chosen
            ]
        if skill_ids:
            for skill_id in set(rng.sample(skill_ids, rng.randint(0, 3))):
                skill_rows.append(skill_through(volunteerprofile_id=profile.pk, skill_id=skill_id))
        french = rng.choice([7] * 8 + [6, 5, 4, 3])
        language_rows.append(VolunteerLanguage(profile=profile, language_id="fr", level=french))
        for code, share, levels in LANGUAGE_SPREAD:
            if rng.random() < share:
                language_rows.append(VolunteerLanguage(profile=profile, language_id=code, level=rng.choice(levels)))
        for weekday in rng.sample(range(7), rng.randint(1, 3)):
            start = rng.choice([8, 9, 9, 10, 13, 14, 14, 17, 18])
            end = min(start + rng.choice([3, 4, 4, 5, 6]), 23)
            availability_rows.append(
                Availability(profile=profile, weekday=weekday, start_time=dt.time(start), end_time=dt.time(end))
            )
        if qualification_list and rng.random() < 0.35:
            qualification = rng.choice(qualification_list)
            held.append(
                VolunteerQualification(
                    profile=profile,
                    qualification=qualification,
                    granted_at=now - dt.timedelta(days=rng.randint(10, 300)),
                    expires_on=now.date() + dt.timedelta(days=rng.randint(30, 700)),
                    source="demo",
                )
            )
    district_through.objects.bulk_create(district_rows, batch_size=2000)
    skill_through.objects.bulk_create(skill_rows, batch_size=2000)
    VolunteerLanguage.objects.bulk_create(language_rows, batch_size=2000)
    Availability.objects.bulk_create(availability_rows, batch_size=2000)
    VolunteerQualification.objects.bulk_create(held, batch_size=2000)
    return profiles


def _signups(city: City, shifts: list[Shift], profiles: list[VolunteerProfile], rng: random.Random) -> int:
    """Accepted sign-ups on about a third of the places (past shifts: attended, hours approved), never two
    overlapping shifts for one volunteer and never beyond a shift's capacity."""
    if not profiles:
        return 0
    speaks: dict[int, dict[str, int]] = defaultdict(dict)
    for profile_id, code, level in VolunteerLanguage.objects.filter(profile__in=profiles).values_list(
        "profile_id", "language_id", "level"
    ):
        speaks[profile_id][code] = level
    required: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for mission_id, code, level in MissionLanguage.objects.filter(
        mission__in={s.mission_id for s in shifts}
    ).values_list("mission_id", "language_id", "min_level"):
        required[mission_id].append((code, level))
    booked: dict[int, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    now = timezone.now()
    rows, counts = [], {}
    for shift in shifts:
        mission = shift.mission
        wanted = sum(1 for _ in range(shift.capacity) if rng.random() < 0.35)
        taken = 0
        for profile in rng.sample(profiles, min(len(profiles), 12)):
            if taken >= wanted:
                break
            if mission.needs_safeguarding and not profile.safeguarding_expires_on:
                continue
            if any(speaks[profile.pk].get(code, 0) < level for code, level in required[mission.pk]):
                continue
            if any(s < shift.ends_at and shift.starts_at < e for s, e in booked[profile.pk]):
                continue
            booked[profile.pk].append((shift.starts_at, shift.ends_at))
            past = shift.ends_at < now
            hours = round(dt.timedelta.total_seconds(shift.ends_at - shift.starts_at) / 3600, 2)
            rows.append(
                Signup(
                    city=city,
                    shift=shift,
                    volunteer_id=profile.user_id,
                    status=SignupStatus.ACCEPTED,
                    starts_at=shift.starts_at,
                    ends_at=shift.ends_at,
                    decided_at=shift.starts_at - dt.timedelta(days=3),
                    attended=True if past else None,
                    hours=hours if past else None,
                    hours_approved=past,
                    source=SignupSource.SELF,
                    is_demo=True,
                )
            )
            taken += 1
        if taken:
            counts[shift.pk] = taken
    Signup.objects.bulk_create(rows, batch_size=1000)
    by_count: dict[int, list[int]] = defaultdict(list)
    for shift_id, taken in counts.items():
        by_count[taken].append(shift_id)
    for taken, ids in by_count.items():
        Shift.objects.filter(pk__in=ids).update(accepted_count=taken)
    return len(rows)


def _demo_volunteer_profile(city: City, districts: dict[int, District]) -> None:
    """The demo volunteer account (created by the accounts demo) gets a profile that has recommendations."""
    user = User.objects.filter(email=f"volunteer@{DEMO_DOMAIN}").first()
    if user is None or VolunteerProfile.objects.filter(user=user, city=city).exists():
        return
    profile = VolunteerProfile.objects.create(
        user=user,
        city=city,
        birth_year=1990,
        hours_per_month=12,
        remote_ok=True,
        safeguarding_expires_on=timezone.now().date() + dt.timedelta(days=365),
        is_demo=True,
    )
    profile.districts.set([districts[n] for n in (10, 18, 19) if n in districts])
    profile.skills.set(Skill.objects.filter(code__in=["teaching_fle", "admin_procedures"]))
    VolunteerLanguage.objects.bulk_create(
        [
            VolunteerLanguage(profile=profile, language_id="fr", level=LanguageLevel.NATIVE),
            VolunteerLanguage(profile=profile, language_id="ar", level=LanguageLevel.B2),
            VolunteerLanguage(profile=profile, language_id="en", level=LanguageLevel.C1),
        ]
    )
    Availability.objects.bulk_create(
        [
            Availability(profile=profile, weekday=weekday, start_time=dt.time(start), end_time=dt.time(end))
            for weekday, start, end in ((1, 9, 21), (3, 9, 21), (5, 9, 19))
        ]
    )
