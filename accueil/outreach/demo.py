"""Outreach demo for Paris: a team per district, the "Horn of Africa" team, Gare du Nord, a team for young people
alone; landmarks; six weeks of encounters with pseudonymous persons (code names only, a few names given on request,
all encrypted); referrals in every state; a camp operation; interpreters and requests met, sent to a professional
service, and unmet; live plan indicators for commitments 1–5. Everything is marked as demo and goes through the
services, so the audit log and the aggregate figures are those the real use would produce.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from accueil.accounts.models import RoleAssignment, User
from accueil.languages.models import Language
from accueil.organisations.models import Organisation
from accueil.territories.models import City, District

from . import services
from .indicators import COMMITMENT_OF, INDICATOR_SOURCES
from .models import (
    AreaKind,
    Consent,
    Interpreter,
    InterpreterExclusion,
    InterpreterKind,
    InterpreterLanguage,
    InterpretingRequest,
    InterpretingStatus,
    Person,
    Referral,
    ReferralKind,
    Team,
)
from .services import Consents, NewPerson

DEMO_DOMAIN = "demo.accueil.invalid"
COORDINATOR = f"coordinator@{DEMO_DOMAIN}"
WORKER = f"outreach@{DEMO_DOMAIN}"
SEED = 2015
WEEKS = 6

LANDMARKS = [
    ("Gare du Nord — parvis", 10, AreaKind.STATION),
    ("Jardins d'Éole", 18, AreaKind.CAMP),
    ("Porte de la Chapelle", 18, AreaKind.CAMP),
    ("Métro Stalingrad — sous le viaduc", 19, AreaKind.CAMP),
    ("Canal Saint-Martin — quai de Valmy", 10, AreaKind.DISTRICT),
    ("Square Villemin", 10, AreaKind.DISTRICT),
    ("Gare de l'Est — accès rue d'Alsace", 10, AreaKind.STATION),
    ("Place de la République", 3, AreaKind.DISTRICT),
    ("Forum des Halles — porte Lescot", 1, AreaKind.DISTRICT),
    ("Parc de la Villette — entrée Cité des sciences", 19, AreaKind.NO_SIGNAL),
    ("Bois de Vincennes — lisière Joinville", 12, AreaKind.NO_SIGNAL),
    ("Porte de Saint-Ouen", 17, AreaKind.DISTRICT),
]
# Code names the teams use (pseudonyms chosen with the person); a few people asked for their name to be kept.
CODE_NAMES = [
    "Acacia",
    "Baobab",
    "Cèdre",
    "Dattier",
    "Érable",
    "Figuier",
    "Ginkgo",
    "Hêtre",
    "Iris",
    "Jasmin",
    "Kapok",
    "Laurier",
    "Magnolia",
    "Néflier",
    "Olivier",
    "Palmier",
    "Quetsche",
    "Roseau",
    "Santal",
    "Tilleul",
    "Ulmaire",
    "Verveine",
    "Wisteria",
    "Yucca",
    "Zinnia",
    "Aloès",
    "Bambou",
    "Citronnier",
    "Dahlia",
    "Églantier",
]
NAMES_ON_REQUEST = ["Démo Selam", "Démo Abdullah", "Démo Mariam"]


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def _org(city: City, name: str) -> Organisation | None:
    return Organisation.objects.filter(city=city, name=name).first()


def _lang(code: str) -> Language | None:
    return Language.objects.filter(pk=code).first()


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> int:
    if Team.objects.filter(city=city, is_demo=True).exists():
        if stdout:
            stdout.write("  outreach: already loaded\n")
        return 0
    coordinator, worker = _user(COORDINATOR), _user(WORKER)
    if coordinator is None or worker is None or not District.objects.filter(city=city).exists():
        if stdout:
            stdout.write("  outreach: skipped (demo accounts or districts missing)\n")
        return 0
    RoleAssignment.objects.get_or_create(user=worker, city=city, role="outreach_worker")
    rng = random.Random(SEED)
    districts = {d.number: d for d in District.objects.filter(city=city)}
    red_cross = _org(city, "Croix-Rouge française")
    samu = _org(city, "Samu Social")
    health = _org(city, "Médecins du Monde")
    legal = _org(city, "CIMADE")
    popular = _org(city, "Secours populaire")
    partners = [o for o in (red_cross, samu, health, legal, popular) if o is not None]
    languages = {code: lang for code in ("fr", "ar", "fa", "ps", "ti", "am", "en", "so", "ur") if (lang := _lang(code))}

    landmarks = [
        services.landmark_save(
            city=city, acting_user=coordinator, name=name, district=districts[number], area_kind=kind, is_demo=True
        )
        for name, number, kind in LANDMARKS
        if number in districts
    ]
    teams: list[Team] = []
    for _number, district in sorted(districts.items()):
        teams.append(
            services.team_save(
                city=city,
                acting_user=coordinator,
                name=f"Maraude du {district.name} (démo)",
                district=district,
                schedule="Mardi et jeudi, 19 h – 23 h",
                organisations=partners[:2],
                languages=[languages[c] for c in ("fr", "ar") if c in languages],
                minor_shelter_partner=red_cross,
                is_demo=True,
            )
        )
    horn = services.team_save(
        city=city,
        acting_user=coordinator,
        name="Corne de l'Afrique (démo)",
        area_kind=AreaKind.CAMP,
        district=districts.get(18),
        area_name="Campements du nord-est parisien",
        schedule="Tous les jours, 8 h – 12 h",
        organisations=partners,
        languages=[languages[c] for c in ("ti", "am", "ar", "so") if c in languages],
        minor_shelter_partner=red_cross,
        is_demo=True,
    )
    station = services.team_save(
        city=city,
        acting_user=coordinator,
        name="Gare du Nord (démo)",
        area_kind=AreaKind.STATION,
        district=districts.get(10),
        area_name="Gare du Nord",
        schedule="Lundi au samedi, 6 h – 10 h",
        organisations=partners[:3],
        languages=[languages[c] for c in ("fa", "ps", "ur", "en") if c in languages],
        minor_shelter_partner=red_cross,
        is_demo=True,
    )
    minors = services.team_save(
        city=city,
        acting_user=coordinator,
        name="Jeunes isolés (démo)",
        area_kind=AreaKind.MINORS,
        district=districts.get(19),
        area_name="Jeunes se disant mineurs",
        schedule="Tous les soirs, 18 h – 22 h",
        organisations=[o for o in (red_cross, legal) if o is not None],
        languages=[languages[c] for c in ("fa", "ps", "ar", "ti") if c in languages],
        minor_shelter_partner=red_cross,
        is_demo=True,
    )
    no_signal = services.team_save(
        city=city,
        acting_user=coordinator,
        name="Zones sans réseau (démo)",
        area_kind=AreaKind.NO_SIGNAL,
        district=districts.get(12),
        area_name="Bois et parcs",
        schedule="Mercredi, 14 h – 20 h",
        organisations=partners[:2],
        is_demo=True,
    )
    worked = [horn, station, minors, *[t for t in teams if t.district and t.district.number in (10, 18, 19)]]
    for team in worked:
        services.team_member_add(team=team, user=worker, acting_user=coordinator, is_lead=team is horn)
    teams += [horn, station, minors, no_signal]

    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    start = now - dt.timedelta(weeks=WEEKS)
    for week in range(WEEKS):
        for team in worked:
            team_places = [lm for lm in landmarks if team.district and lm.district_id == team.district_id] or landmarks
            services.round_record(
                team=team,
                acting_user=worker,
                date=(start + dt.timedelta(weeks=week)).date(),
                landmarks=rng.sample(team_places, k=min(2, len(team_places))),
                done=True,
                is_demo=True,
            )

    persons: list[Person] = []
    encounters = 0
    codes = iter(CODE_NAMES * 6)
    names = iter(NAMES_ON_REQUEST)
    for week in range(WEEKS):
        for team in worked:
            team_places = [lm for lm in landmarks if team.district and lm.district_id == team.district_id] or landmarks
            for _n in range(rng.randint(3, 5)):
                when = start + dt.timedelta(weeks=week, days=rng.randint(0, 6), hours=rng.randint(6, 22) - 12)
                when = min(when, now - dt.timedelta(hours=1))
                known = [p for p in persons if p.team_id == team.pk]
                again = known and rng.random() < 0.35
                minor = team is minors and not again
                vulnerabilities = rng.sample(
                    [
                        "pregnancy",
                        "single_headed",
                        "woman_alone",
                        "severe_illness",
                        "trauma",
                        "disability",
                        "elderly",
                        "torture",
                        "trafficking",
                    ],
                    k=rng.choice([0, 0, 1, 1, 2]),
                )
                if minor:
                    vulnerabilities.append("unaccompanied_minor")
                answer = rng.random()
                consents = Consents(
                    follow_up=Consent.GIVEN if answer < 0.8 else Consent.REFUSED,
                    shelter=Consent.GIVEN if answer < 0.7 else (Consent.REFUSED if answer > 0.9 else Consent.UNASKED),
                    health=Consent.GIVEN if answer < 0.5 else Consent.UNASKED,
                    legal=Consent.GIVEN if answer < 0.3 else Consent.UNASKED,
                    partners={red_cross.pk: Consent.GIVEN} if red_cross and answer < 0.2 else {},
                )
                language = rng.choice([languages[c.code] for c in team.languages.all()] or [None])
                result = services.encounter_record(
                    team=team,
                    acting_user=worker,
                    occurred_at=when,
                    person=rng.choice(known) if again else None,
                    new_person=None
                    if again
                    else NewPerson(
                        code_name=f"{next(codes)}-{rng.randint(10, 99)}",
                        name=next(names, "") if rng.random() < 0.08 else "",
                        says_minor=minor,
                    ),
                    landmark=rng.choice(team_places) if rng.random() < 0.8 else None,
                    grid_cell=""
                    if rng.random() < 0.8
                    else f"G-{61711 + rng.randint(0, 20)}-{53530 + rng.randint(0, 20)}",
                    composition=rng.choice(["alone", "alone", "alone", "family", "with_children", "couple"]),
                    adults=rng.randint(1, 2),
                    children=rng.choice([0, 0, 0, 1, 2]),
                    vulnerabilities=vulnerabilities,
                    needs=rng.sample(["shelter_tonight", "health", "food", "legal", "language"], k=rng.randint(1, 3)),
                    language=language,
                    interpreter_needed=language is not None and language.code != "fr",
                    offered=rng.sample(["food", "hygiene", "information", "health"], k=rng.randint(0, 2)),
                    consents=consents,
                    client_key=uuid.UUID(int=rng.getrandbits(128)),
                    is_demo=True,
                )
                encounters += 1
                if result.created and not again:
                    persons.append(result.encounter.person)

    # Referrals in every state; partners move those addressed to the demo partner accounts.
    partner_user = _user(f"org-admin@{DEMO_DOMAIN}")
    referrals: list[Referral] = list(Referral.objects.filter(city=city, is_demo=True))
    persons = list(Person.objects.filter(pk__in=[p.pk for p in persons]).select_related("team").order_by("pk"))
    for person in persons:
        if len(referrals) >= 40:
            break
        for kind, partner in (
            (ReferralKind.SHELTER, red_cross),
            (ReferralKind.HEALTH, health),
            (ReferralKind.LEGAL, legal),
        ):
            if partner is None or not services.consent_allows(person=person, partner=partner, kind=kind):
                continue
            if person.referrals.filter(kind=kind).exists() or rng.random() < 0.5:
                continue
            referrals.append(
                services.referral_create(person=person, partner=partner, kind=kind, acting_user=worker, is_demo=True)
            )
    paths = [
        [],
        ["accepted"],
        ["declined"],
        ["accepted", "scheduled"],
        ["accepted", "scheduled", "done"],
        ["accepted", "done"],
        ["cancelled"],
    ]
    outcomes = {
        "done": "Placé au centre d'hébergement (démo) ce soir",
        "declined": "Pas de place adaptée ce soir (démo)",
    }
    for index, referral in enumerate(r for r in referrals if r.partner_id == (red_cross.pk if red_cross else None)):
        if partner_user is None:
            break
        for status in paths[index % len(paths)]:
            actor = worker if status == "cancelled" else partner_user
            services.referral_transition(
                referral=referral,
                to_status=status,
                acting_user=actor,
                scheduled_for=now + dt.timedelta(hours=rng.randint(2, 30)) if status == "scheduled" else None,
                outcome=outcomes.get(status, ""),
                now=min(now, referral.created_at + dt.timedelta(hours=rng.randint(2, 20))),
            )

    # A camp operation: everyone present, by household, each offered a place with 48 hours to decide.
    operation = services.camp_operation_create(
        city=city,
        acting_user=coordinator,
        name="Mise à l'abri — Jardins d'Éole (démo)",
        district=districts[18] if 18 in districts else next(iter(districts.values())),
        held_on=(now - dt.timedelta(days=9)).date(),
        teams=[horn, minors],
        landmark=next((lm for lm in landmarks if lm.name == "Jardins d'Éole"), None),
        is_demo=True,
    )
    for n in range(36):
        household = services.camp_household_record(
            operation=operation,
            acting_user=worker,
            adults=rng.choice([1, 1, 1, 2]),
            children=rng.choice([0, 0, 1, 2]),
            vulnerabilities=rng.sample(
                ["pregnancy", "single_headed", "severe_illness", "elderly"], k=rng.randint(0, 1)
            ),
            needs=rng.sample(["shelter_tonight", "health", "food", "legal"], k=rng.randint(1, 2)),
            accommodation_offered=""
            if n % 9 == 8
            else rng.choice(
                ["Gymnase Jean-Jaurès (démo)", "Centre d'accueil Ivry (démo)", "Hôtel social Pantin (démo)"]
            ),
            now=timezone.make_aware(dt.datetime.combine(operation.held_on, dt.time(7))),
            is_demo=True,
        )
        if household.accommodation_offered and n % 4 != 3:
            services.camp_household_decide(
                household=household, acting_user=worker, decision="accepted" if n % 6 else "declined"
            )

    _interpreting(
        city=city,
        rng=rng,
        languages=languages,
        worker=worker,
        coordinator=coordinator,
        districts=districts,
        persons=persons,
        horn=horn,
        now=now,
    )
    _plan_indicators(city=city)
    if stdout:
        stdout.write(
            f"  outreach: {len(teams)} teams, {len(landmarks)} places, {encounters} encounters with {len(persons)} "
            f"people, {len(referrals)} referrals, 1 camp operation, "
            f"{InterpretingRequest.objects.filter(city=city, is_demo=True).count()} interpreting requests\n"
        )
    return encounters


def _interpreting(
    *,
    city: City,
    rng: random.Random,
    languages: dict[str, Language],
    worker: User,
    coordinator: User,
    districts: dict[int, District],
    persons: list[Person],
    horn: Team,
    now: dt.datetime,
) -> None:
    inalco = _org(city, "INALCO")
    pool = [
        (
            "Volontaire ti-1 (démo)",
            InterpreterKind.VOLUNTEER,
            "woman",
            [("ti", "", 3), ("am", "", 2)],
            ["everyday", "medical"],
        ),
        ("Volontaire ti-2 (démo)", InterpreterKind.VOLUNTEER, "man", [("ti", "", 2)], ["everyday"]),
        ("Étudiante INALCO am (démo)", InterpreterKind.STUDENT, "woman", [("am", "", 3)], ["asylum", "legal"]),
        ("Étudiant INALCO ps (démo)", InterpreterKind.STUDENT, "man", [("ps", "", 3), ("fa", "Dari", 3)], ["asylum"]),
        (
            "Volontaire ar (démo)",
            InterpreterKind.VOLUNTEER,
            "woman",
            [("ar", "Soudanais", 3), ("ar", "", 3)],
            ["medical"],
        ),
        (
            "Association fa (démo)",
            InterpreterKind.ASSOCIATION,
            "woman",
            [("fa", "Dari", 2), ("fa", "", 3)],
            ["everyday"],
        ),
        ("Volontaire so (démo)", InterpreterKind.VOLUNTEER, "man", [("so", "", 2)], ["everyday"]),
        (
            "Service professionnel (démo)",
            InterpreterKind.PROFESSIONAL,
            "",
            [("ar", "", 3), ("fa", "", 3), ("ps", "", 3), ("am", "", 3), ("ur", "", 3)],
            ["asylum", "medical", "legal", "everyday"],
        ),
    ]
    numbers = sorted(districts)
    interpreters = []
    for index, (name, kind, gender, credentials, domains) in enumerate(pool):
        interpreter = Interpreter.objects.create(
            city=city,
            kind=kind,
            display_name=name,
            gender=gender,
            is_demo=True,
            organisation=inalco if kind == InterpreterKind.STUDENT else None,
            district=districts[numbers[(index * 3) % len(numbers)]],
            capacity=50 if kind == "professional" else 2,
            domains=domains,
            modes=["on_site", "phone", "video"] if index % 2 == 0 else ["phone", "video"],
            available_weekdays=[] if index % 3 else [0, 1, 2, 3, 4],
        )
        for code, dialect, level in credentials:
            if code in languages:
                InterpreterLanguage.objects.create(
                    interpreter=interpreter, language=languages[code], dialect=dialect, level=level
                )
        interpreters.append(interpreter)
    horn_persons = [p for p in persons if p.team_id == horn.pk]
    if horn_persons:
        InterpreterExclusion.objects.create(interpreter=interpreters[1], person=horn_persons[0])
    asks = [
        ("ti", 2, "medical", "phone", 3),
        ("ti", 3, "asylum", "on_site", 2),
        ("am", 3, "legal", "video", 1),
        ("ps", 3, "asylum", "on_site", 2),
        ("fa", 2, "everyday", "phone", 2),
        ("ar", 3, "medical", "on_site", 3),
        ("so", 3, "medical", "on_site", 2),
        ("ti", 2, "everyday", "phone", 1),
        ("ur", 2, "legal", "phone", 1),
        ("ku", 2, "asylum", "on_site", 2),
        ("am", 2, "everyday", "video", 2),
        ("ps", 2, "everyday", "phone", 3),
    ]
    for index, (code, level, domain, mode, urgency) in enumerate(asks):
        language = languages.get(code) or Language.objects.filter(pk=code).first()
        if language is None:
            continue
        services.interpreting_request_create(
            city=city,
            acting_user=worker,
            language=language,
            level_needed=level,
            domain=domain,
            mode=mode,
            urgency=urgency,
            starts_at=now + dt.timedelta(days=index % 5, hours=index),
            district=districts.get(18),
            team=horn,
            person=horn_persons[index % len(horn_persons)] if horn_persons and index % 2 == 0 else None,
            is_demo=True,
        )
    services.interpreting_match_run(city=city, acting_user=coordinator, now=now)
    done = InterpretingRequest.objects.filter(city=city, is_demo=True, status=InterpretingStatus.MATCHED).first()
    if done is not None:
        InterpretingRequest.objects.filter(pk=done.pk).update(status=InterpretingStatus.DONE)


def _plan_indicators(*, city: City) -> None:
    """Attach live indicators to commitments 1–5 of the demo plan (when the plan demo is loaded)."""
    from accueil.plan.models import Commitment, Indicator, IndicatorSource

    for key, number in COMMITMENT_OF.items():
        commitment = Commitment.objects.filter(city=city, number=number).order_by("-plan_id").first()
        if commitment is None or Indicator.objects.filter(city=city, computed_source=key).exists():
            continue
        label = str(INDICATOR_SOURCES[key][0])
        Indicator.objects.create(
            city=city,
            commitment=commitment,
            name=label,
            unit="",
            baseline=Decimal(0),
            source=IndicatorSource.COMPUTED,
            computed_source=key,
            is_demo=True,
        )
