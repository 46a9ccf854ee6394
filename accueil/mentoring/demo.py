"""Mentoring demo content for a city: about thirty pseudonymous beneficiaries referred by a few partner
organisations, demo mentors, and mentorships — some active with a meeting log, some closed with an outcome, the
rest waiting for a proposal. Everything is demo: ``is_demo`` on beneficiaries, mentors on the reserved
``demo.accueil.invalid`` domain with unusable passwords and "(démo)" in their names, no confidential notes on
the records; the meetings and closed mentorships carry invented demo notes (stored encrypted like real ones).

``load_demo(*, city, stdout=None)`` is idempotent: nothing is added when the city already has demo
beneficiaries. Mentors are demo volunteers of our own (``mentor01@…`` to ``mentor12@…``, created when missing,
at least one per language of the demo beneficiaries). The pairs' reasons come from the same criteria as the
engine's proposals (`pairing.edge_criteria`).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accueil.accounts.models import User
from accueil.languages.models import Language
from accueil.matching import score_edge
from accueil.organisations.models import Membership, Organisation
from accueil.territories.models import District
from accueil.volunteering.models import Availability, LanguageLevel, Skill, VolunteerLanguage, VolunteerProfile

from .models import Beneficiary, MentoringMeeting, Mentorship, MentorshipStatus, Need, Outcome
from .pairing import MENTOR_CAPACITY, edge_criteria

if TYPE_CHECKING:
    from accueil.territories.models import City

DEMO_DOMAIN = "demo.accueil.invalid"
SEED = 2015
BENEFICIARIES = 30
ACTIVE = 12
CLOSED = 8
PREFERRED_ORGANISATIONS = ["Croix-Rouge française", "Secours populaire", "Secours catholique", "Armée de Salut"]
# (language of the person, share) — the languages of the 2015 arrivals named in the plan, and a few others.
LANGUAGES = ["ar", "ar", "ar", "fa", "fa", "ps", "ps", "ti", "ti", "am", "en", "ar", "fa", "ti", "uk"]
# Our own mentors: (number, second language, level, district numbers, weekdays, skills)
MENTORS = [
    (1, "ar", LanguageLevel.NATIVE, (18, 19), (1, 5), ("admin_procedures",)),
    (2, "ar", LanguageLevel.C1, (10, 11), (2, 6), ("teaching_fle",)),
    (3, "fa", LanguageLevel.NATIVE, (19, 20), (0, 3), ("housing_search",)),
    (4, "fa", LanguageLevel.B2, (13, 14), (5,), ("job_search",)),
    (5, "ps", LanguageLevel.NATIVE, (18, 10), (1, 4), ("admin_procedures",)),
    (6, "ti", LanguageLevel.NATIVE, (19, 18), (5, 6), ("medical",)),
    (7, "am", LanguageLevel.NATIVE, (20, 11), (2, 5), ("digital_support",)),
    (8, "en", LanguageLevel.C2, (15, 12), (0, 2), ("job_search", "teaching_fle")),
    (9, "ar", LanguageLevel.B2, (12, 20), (3, 6), ("social_work",)),
    (10, "ti", LanguageLevel.C1, (10, 19), (1, 3), ("teaching_fle",)),
    (11, "uk", LanguageLevel.NATIVE, (16, 17), (0, 5), ("admin_procedures",)),
    (12, "ps", LanguageLevel.C1, (20, 19), (2, 6), ("housing_search",)),
]
TOPICS = [
    "Dossier de demande d'asile",
    "Rendez-vous à la préfecture",
    "Ouverture d'un compte bancaire",
    "Inscription à Pôle emploi",
    "Conversation en français",
    "Inscription à l'école",
    "Recherche de logement",
]
# Invented notes ("démo"), drawn from their own random sequence so that the rest of the demo does not change.
MEETING_NOTES = [
    "",
    "Démo : dossier complété ensemble, récépissé à récupérer la semaine prochaine",
    "Démo : inquiète pour le rendez-vous médical de sa fille, accompagnement proposé",
    "Démo : a trouvé une piste de colocation, visite prévue jeudi",
    "Démo : progrès nets en français, veut s'inscrire à un cours du soir",
]
OUTCOME_NOTES = [
    "Démo : titre de séjour obtenu, relais pris par l'assistante sociale",
    "Démo : a déménagé en région, coordonnées transmises à l'association locale",
    "Démo : suivi arrêté d'un commun accord",
]


def _write(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def _organisations(city: City) -> list[Organisation]:
    by_name = {o.name: o for o in Organisation.objects.filter(city=city, name__in=PREFERRED_ORGANISATIONS)}
    chosen = [by_name[name] for name in PREFERRED_ORGANISATIONS if name in by_name][:3]
    if len(chosen) < 3:
        extra = Organisation.objects.filter(city=city).exclude(pk__in=[o.pk for o in chosen]).order_by("name", "pk")
        chosen += list(extra[: 3 - len(chosen)])
    return chosen


def _own_mentors(city: City, districts: dict[int, District]) -> None:
    """Create the mentor volunteers of this demo that are missing (profile, languages, districts, days)."""
    emails = {f"mentor{number:02d}@{DEMO_DOMAIN}": row for row in MENTORS for number in [row[0]]}
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    skills = {s.code: s for s in Skill.objects.all()}
    known_languages = set(Language.objects.values_list("pk", flat=True))
    unusable = make_password(None)
    for email, (number, code, level, district_numbers, weekdays, skill_codes) in emails.items():
        if email in existing:
            continue
        user = User.objects.create(email=email, password=unusable, display_name=f"Mentor·e {number:02d} (démo)")
        profile = VolunteerProfile.objects.create(
            user=user, city=city, birth_year=1970 + number, hours_per_month=8, is_demo=True
        )
        rows = [VolunteerLanguage(profile=profile, language_id="fr", level=LanguageLevel.NATIVE)]
        if code in known_languages and code != "fr":
            rows.append(VolunteerLanguage(profile=profile, language_id=code, level=level))
        VolunteerLanguage.objects.bulk_create([r for r in rows if r.language_id in known_languages])
        profile.districts.set([districts[n] for n in district_numbers if n in districts])
        profile.skills.set([skills[c] for c in skill_codes if c in skills])
        Availability.objects.bulk_create(
            [
                Availability(profile=profile, weekday=day, start_time=dt.time(14), end_time=dt.time(18))
                for day in weekdays
            ]
        )


def _mentor_profiles(city: City) -> list[VolunteerProfile]:
    """The demo mentor volunteers of the city (ours, `mentor…@demo.accueil.invalid`)."""
    return list(
        VolunteerProfile.objects.filter(
            city=city, user__email__startswith="mentor", user__email__endswith=f"@{DEMO_DOMAIN}", user__is_active=True
        )
        .select_related("user")
        .prefetch_related("languages", "districts", "skills", "availabilities")
        .order_by("user__email")
    )


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> dict[str, int]:
    """Create the city's mentoring demo once; returns what this run created."""
    counts = {"beneficiaries": 0, "active": 0, "closed": 0, "meetings": 0}
    if Beneficiary.objects.filter(city=city, is_demo=True).exists():
        _write(stdout, "  mentoring: demo already loaded")
        return counts
    organisations = _organisations(city)
    if not organisations:
        _write(stdout, "  mentoring: no partner organisation, nothing to load")
        return counts
    rng = random.Random(SEED)
    notes_rng = random.Random(SEED + 1)
    districts = {d.number: d for d in District.objects.filter(city=city)}
    _own_mentors(city, districts)
    known_languages = {lang.pk: lang for lang in Language.objects.all()}
    supervisors = {
        org.pk: Membership.objects.filter(organisation=org).order_by("pk").values_list("user_id", flat=True).first()
        for org in organisations
    }
    numbers = sorted(districts)
    now = timezone.now()
    beneficiaries = []
    for index in range(BENEFICIARIES):
        organisation = organisations[index % len(organisations)]
        code = LANGUAGES[index % len(LANGUAGES)]
        beneficiary = Beneficiary.objects.create(
            city=city,
            organisation=organisation,
            pseudonym=f"B-D{index + 1:03d}",
            district=districts[rng.choice(numbers)] if numbers and rng.random() < 0.85 else None,
            needs=sorted(rng.sample(Need.values, rng.randint(1, 3))),
            available_weekdays=sorted(rng.sample(range(7), rng.randint(1, 3))),
            availability_notes=rng.choice(["", "Plutôt l'après-midi", "Pas le matin", "Le week-end de préférence"]),
            is_demo=True,
        )
        beneficiary.languages.set([known_languages[c] for c in (code, "fr") if c in known_languages][:1])
        beneficiaries.append(beneficiary)
    counts["beneficiaries"] = len(beneficiaries)

    profiles = _mentor_profiles(city)
    load: dict[int, int] = {}
    wanted = ["active"] * ACTIVE + ["closed"] * CLOSED
    for beneficiary, kind in zip(beneficiaries, wanted, strict=False):
        best = None
        for profile in profiles:
            if kind == "active" and load.get(profile.user_id, 0) >= MENTOR_CAPACITY:
                continue
            criteria = edge_criteria(beneficiary, profile)
            if criteria is None:
                continue
            score, reasons = score_edge(criteria)
            if best is None or score > best[0]:
                best = (score, reasons, profile)
        if best is None:
            continue
        score, reasons, profile = best
        started = now - dt.timedelta(days=rng.randint(40, 200))
        mentorship = Mentorship.objects.create(
            city=city,
            beneficiary=beneficiary,
            mentor=profile.user,
            supervisor_id=supervisors[beneficiary.organisation_id],
            status=MentorshipStatus.ACTIVE if kind == "active" else MentorshipStatus.CLOSED,
            score=round(score, 3),
            reasons=[[criterion, points] for criterion, points in reasons],
            started_at=started,
            closed_at=None if kind == "active" else started + dt.timedelta(days=rng.randint(20, 35)),
            outcome="" if kind == "active" else rng.choice(Outcome.values),
            outcome_notes="" if kind == "active" else notes_rng.choice(OUTCOME_NOTES),
        )
        if kind == "active":
            load[profile.user_id] = load.get(profile.user_id, 0) + 1
        counts[kind] += 1
        meetings = [
            MentoringMeeting(
                city=city,
                mentorship=mentorship,
                date=(started + dt.timedelta(days=7 * week + 1)).date(),
                duration_minutes=rng.choice([45, 60, 90, 120]),
                topics=rng.choice(TOPICS),
                notes=notes_rng.choice(MEETING_NOTES),
                created_by=profile.user,
            )
            for week in range(rng.randint(1, 4))
        ]
        MentoringMeeting.objects.bulk_create(meetings)
        counts["meetings"] += len(meetings)
    _write(
        stdout,
        "  mentoring: {beneficiaries} beneficiaries, {active} active and {closed} closed mentorships, "
        "{meetings} meetings".format(**counts),
    )
    return counts
