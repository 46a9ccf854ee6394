"""Participation demo content for a city: training sessions, information sessions and the civic conference of
10 September 2015, all marked as demo (``is_demo``, " (démo)" in titles).

``load_demo(*, city, stdout=None)`` is idempotent: events are found again by title, and registrations are only
added to an event the first time it is created. The child-protection training grants the qualification that
missions working with minors require in the volunteering demo (the one most of them require), created when
the city has none. Runs after ``accueil.volunteering.demo`` (see ``load_demo``'s ``MODULE_DEMOS``) so that the
demo volunteers can be registered.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accueil.accounts.models import User
from accueil.territories.models import District
from accueil.volunteering.models import Mission, QualificationType

from .models import Event, EventKind, EventStatus, Registration, RegistrationStatus

DEMO_DOMAIN = "demo.accueil.invalid"
CHILD_PROTECTION_CODE = "protection-de-lenfance"
# (days from today, start hour, hours, kind, title, district number, place, capacity, registrations, description)
EVENTS = [
    (
        9,
        18,
        3,
        EventKind.TRAINING,
        "Accueillir sans juger : formation des bénévoles (démo)",
        11,
        "Maison des associations",
        25,
        18,
        "Trois heures pour comprendre le parcours des personnes exilées, adopter une posture d'écoute sans "
        "jugement et connaître les relais vers qui orienter.",
    ),
    (
        16,
        9,
        7,
        EventKind.TRAINING,
        "Protection de l'enfance : formation obligatoire (démo)",
        19,
        "Centre de formation de la Ville",
        20,
        20,
        "Formation obligatoire avant toute mission auprès de mineurs : repérer les situations de danger, "
        "connaître les règles de signalement et les limites du rôle de bénévole. La présence donne la "
        "qualification requise par ces missions.",
    ),
    (
        5,
        18,
        2,
        EventKind.INFORMATION_SESSION,
        "Devenir bénévole auprès des personnes réfugiées : réunion d'information (démo)",
        4,
        "Hôtel de Ville, salon des arcades",
        80,
        12,
        "Présentation des associations partenaires, des missions proposées et de la manière de s'inscrire.",
    ),
    (
        12,
        19,
        2,
        EventKind.INFORMATION_SESSION,
        "Héberger une personne réfugiée chez soi : réunion d'information (démo)",
        18,
        "Mairie du 18e arrondissement",
        60,
        6,
        "Le cadre de l'hébergement citoyen, l'accompagnement par une association et les questions pratiques.",
    ),
    (
        23,
        14,
        2,
        EventKind.INFORMATION_SESSION,
        "Parrainer une personne réfugiée : réunion d'information (démo)",
        20,
        "Maison des associations du 20e",
        40,
        0,
        "Ce qu'est le parrainage, le rôle de l'association référente et du bénévole, le temps à y consacrer.",
    ),
]
CONFERENCE_TITLE = "Conférence citoyenne : la mobilisation de la communauté de Paris pour l'accueil des réfugiés (démo)"


def _write(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def child_protection_qualification(city: Any) -> QualificationType:
    """The qualification most missions with minors require; created (code `protection-de-lenfance`) if none."""
    required = Counter(
        Mission.objects.filter(city=city, works_with_minors=True, required_qualification__isnull=False).values_list(
            "required_qualification_id", flat=True
        )
    )
    if required:
        best = min(required.items(), key=lambda item: (-item[1], item[0]))[0]
        return QualificationType.objects.get(pk=best)
    qualification, _ = QualificationType.objects.get_or_create(
        city=city,
        code=CHILD_PROTECTION_CODE,
        defaults={"name": "Protection de l'enfance : règles et signalement", "validity_days": 730},
    )
    return qualification


@transaction.atomic
def load_demo(*, city: Any, stdout: TextIO | None = None) -> dict[str, int]:
    """Create the city's demo events once; returns what this run created."""
    counts = {"events": 0, "registrations": 0}
    zone = ZoneInfo(city.timezone or "Europe/Paris")
    today = timezone.now().astimezone(zone).date()
    districts = {d.number: d for d in District.objects.filter(city=city)}
    people = list(
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}", is_active=True)
        .exclude(email__in=[f"coordinator@{DEMO_DOMAIN}", f"elected@{DEMO_DOMAIN}"])
        .order_by("email")
        .values_list("pk", flat=True)[:200]
    )
    qualification = child_protection_qualification(city)
    offset = 0
    for days, hour, hours, kind, title, number, place, capacity, registrations, description in EVENTS:
        starts = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), tzinfo=zone)
        event, created = Event.objects.get_or_create(
            city=city,
            title=title,
            is_demo=True,
            defaults={
                "description": description,
                "kind": kind,
                "starts_at": starts,
                "ends_at": starts + dt.timedelta(hours=hours),
                "place": place,
                "address": f"{districts[number].name}, {city.name}" if number in districts else city.name,
                "district": districts.get(number),
                "capacity": capacity,
                "status": EventStatus.PUBLISHED,
                "grants_qualification": qualification if "enfance" in title else None,
            },
        )
        if not created:
            continue
        counts["events"] += 1
        chosen = people[offset : offset + min(registrations, capacity)]
        offset += len(chosen)
        Registration.objects.bulk_create(
            [Registration(city=city, event=event, user_id=pk, status=RegistrationStatus.REGISTERED) for pk in chosen]
        )
        Event.objects.filter(pk=event.pk).update(registered_count=len(chosen))
        counts["registrations"] += len(chosen)
    conference_start = dt.datetime(2015, 9, 10, 18, 30, tzinfo=ZoneInfo("Europe/Paris"))
    _conference, created = Event.objects.get_or_create(
        city=city,
        title=CONFERENCE_TITLE,
        is_demo=True,
        defaults={
            "description": (
                "Conférence citoyenne du 10 septembre 2015 réunissant associations, institutions et habitants "
                "autour du plan « Mobiliser la communauté de Paris pour l'accueil des réfugiés »."
            ),
            "kind": EventKind.CONFERENCE,
            "starts_at": conference_start,
            "ends_at": conference_start + dt.timedelta(hours=3),
            "place": "Hôtel de Ville de Paris" if city.slug == "paris" else city.name,
            "address": districts[4].name + ", " + city.name if 4 in districts else city.name,
            "district": districts.get(4),
            "capacity": None,
            "status": EventStatus.PUBLISHED,
        },
    )
    counts["events"] += int(created)
    _write(stdout, "  participation: {events} events, {registrations} registrations".format(**counts))
    return counts
