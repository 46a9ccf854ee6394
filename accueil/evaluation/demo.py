"""Demo evaluation (marked `is_demo`, scores are demo scores): the OECD checklist and the Eurocities charter
loaded from their data files; Paris and two other cities of the OECD study (Barcelona, Vienna) with published
cycles, so that comparison means something; Paris's 2026 OECD cycle in peer review by Vienna, Barcelona's 2026
charter cycle waiting for a reviewer (Paris's coordinator can take it); practices shared between the cities
(Barcelona's coordination platform for language courses, Paris's "must-go zones"), in seven languages through
the content translation workflow (languages other than French and English flagged for a native review), and one
request for a peer exchange.

Paris's 2016 answers are drawn from the OECD case study's findings; their levels are demo values, not the OECD's.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, TextIO

from django.db import transaction

from accueil.accounts.models import Role, RoleAssignment, User
from accueil.plan.models import Indicator
from accueil.territories.models import City
from accueil.translations.services import translation_load_published

from . import services
from .models import Answer, Assessment, CityProfile, EvidenceKind, FrameworkNode, NodeKind, Practice
from .shipped import DATA, load_shipped

NEEDS_REVIEW = {"needs_review": True, "demo": True}
PARIS_COORDINATOR = "coordinator@demo.accueil.invalid"

CITIES = [
    # slug, name, country, time zone, population, latitude, longitude, foreign-born %, source
    ("barcelona", "Barcelona", "ES", "Europe/Madrid", 1_620_000, "41.38790", "2.16992", "23.40"),
    ("vienna", "Wien", "AT", "Europe/Vienna", 1_890_000, "48.20817", "16.37382", "35.80"),
]
PARIS_FOREIGN_BORN = "20.30"

# Levels (0–3) per OECD objective, with the French justification (Paris's from the case study's findings).
_DATA = json.loads((DATA / "demo.json").read_text(encoding="utf-8"))
PARIS_2016 = {code: (level, text) for code, (level, text) in _DATA["paris_2016"].items()}
LEVELS = {
    "paris": {
        2016: PARIS_2016,
        2026: {k: (min(3, v + (1 if k in ("O1", "O6", "O8") else 0)), t) for k, (v, t) in PARIS_2016.items()},
    },
    "barcelona": {
        2016: {
            f"O{n}": (v, "Réponse de démonstration (Barcelone).")
            for n, v in zip(range(1, 13), [2, 2, 1, 2, 3, 2, 3, 2, 3, 1, 2, 2], strict=True)
        },
        2026: {
            f"O{n}": (v, "Réponse de démonstration (Barcelone).")
            for n, v in zip(range(1, 13), [2, 3, 2, 2, 3, 2, 3, 2, 3, 2, 2, 3], strict=True)
        },
    },
    "vienna": {
        2016: {
            f"O{n}": (v, "Réponse de démonstration (Vienne).")
            for n, v in zip(range(1, 13), [3, 2, 2, 3, 2, 2, 2, 3, 2, 3, 3, 2], strict=True)
        }
    },
}
CHARTER = {
    "paris": {2024: ["yes", "partly", "partly", "yes", "partly", "partly", "yes", "partly", "no", "partly", "no"]},
    "barcelona": {
        2024: ["yes", "yes", "partly", "yes", "yes", "partly", "yes", "yes", "partly", "partly", "no"],
        2026: ["yes", "yes", "yes", "yes", "yes", "partly", "yes", "yes", "partly", "partly", "partly"],
    },
    "vienna": {2024: ["yes", "partly", "yes", "yes", "yes", "yes", "yes", "partly", "partly", "no", "no"]},
}
# Which cycles end where: published unless listed here.
IN_REVIEW = {("paris", "oecd-checklist", 2026): "vienna"}
WAITING = {("barcelona", "eurocities-charter", 2026)}

# Live figures used as evidence in Paris's cycles: (question code, registered source key).
PARIS_FIGURES = [
    ("O10.1", "shelters.municipal_places"),
    ("O7.1", "organisations.verified_partners"),
    ("O5.1", "volunteering.volunteers_active"),
    ("C2.1.1", "shelters.municipal_places"),
]

PRACTICES: list[dict[str, Any]] = _DATA["practices"]


def _coordinator(city: City, email: str) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"display_name": f"Coordination {city.name}"})
    if created:
        user.set_unusable_password()
        user.save()
    RoleAssignment.objects.get_or_create(user=user, city=city, role=Role.COORDINATOR)
    return user


def _city(row: tuple[Any, ...]) -> City:
    slug, name, country, tz, population, lat, lon, _fb = row
    city, _created = City.objects.get_or_create(
        slug=slug,
        defaults={
            "name": name,
            "country": country,
            "timezone": tz,
            "population": population,
            "latitude": lat,
            "longitude": lon,
            "domain": f"{slug}.localhost",
            "is_demo": True,
        },
    )
    return city


def _profile(city: City, percent: str) -> None:
    CityProfile.objects.update_or_create(
        city=city,
        defaults={"foreign_born_percent": Decimal(percent), "source": "Demo estimate", "is_demo": True},
    )


def _answer_all(
    assessment: Assessment, answers: dict[str, tuple[str, str]], user: User, indicators: dict[str, Indicator]
) -> None:
    questions = FrameworkNode.objects.filter(framework=assessment.framework, kind=NodeKind.QUESTION).select_related(
        "parent"
    )
    for question in questions:
        objective = question.parent.code if question.parent else ""
        option_code, justification = answers[objective]
        services.answer_save(
            assessment=assessment,
            question=question,
            option_code=option_code,
            justification=justification,
            acting_user=user,
        )


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> dict[str, int]:
    oecd, charter = load_shipped()
    cities = {"paris": city}
    _profile(city, PARIS_FOREIGN_BORN)
    for row in CITIES:
        cities[row[0]] = _city(row)
        _profile(cities[row[0]], row[7])
    users = {
        "paris": User.objects.filter(email=PARIS_COORDINATOR).first() or _coordinator(city, PARIS_COORDINATOR),
        "barcelona": _coordinator(cities["barcelona"], "coordinator.barcelona@demo.accueil.invalid"),
        "vienna": _coordinator(cities["vienna"], "coordinator.vienna@demo.accueil.invalid"),
    }
    RoleAssignment.objects.get_or_create(user=users["paris"], city=city, role=Role.COORDINATOR)
    paris_indicators = {
        i.computed_source or "": i for i in Indicator.objects.filter(city=city, computed_source__isnull=False)
    }
    plans: list[tuple[str, Any, int, dict[str, tuple[str, str]]]] = []
    for slug, cycles in LEVELS.items():
        for cycle, levels in cycles.items():
            plans.append((slug, oecd, cycle, {k: (str(v), t) for k, (v, t) in levels.items()}))
    charter_codes = list(
        FrameworkNode.objects.filter(framework=charter, kind=NodeKind.OBJECTIVE)
        .order_by("position")
        .values_list("code", flat=True)
    )
    for slug, charter_cycles in CHARTER.items():
        for cycle, values in charter_cycles.items():
            text = (
                "Réponse de démonstration."
                if slug != "paris"
                else "Réponse de démonstration (Paris, signataire de la charte)."
            )
            plans.append(
                (slug, charter, cycle, {code: (v, text) for code, v in zip(charter_codes, values, strict=True)})
            )
    created = 0
    for slug, framework, cycle, answers in sorted(plans, key=lambda p: (p[2], p[0], p[1].key)):
        owner = cities[slug]
        if Assessment.objects.filter(city=owner, framework=framework, cycle=cycle).exists():
            continue
        assessment = services.assessment_create(city=owner, framework=framework, cycle=cycle, acting_user=users[slug])
        Assessment.objects.filter(pk=assessment.pk).update(is_demo=True)
        _answer_all(assessment, answers, users[slug], paris_indicators)
        if slug == "paris":
            _paris_evidence(assessment, users[slug], paris_indicators)
        created += 1
        services.assessment_submit(assessment=assessment, acting_user=users[slug])
        if (slug, framework.key, cycle) in WAITING:
            continue
        reviewer_slug = IN_REVIEW.get((slug, framework.key, cycle)) or ("vienna" if slug != "vienna" else "paris")
        services.review_take(
            assessment=assessment, reviewer_city=cities[reviewer_slug], acting_user=users[reviewer_slug]
        )
        first = Answer.objects.filter(assessment=assessment).order_by("question__position").first()
        if first is not None:
            services.review_comment(
                answer=first,
                comment="Réponse étayée ; la répartition des rôles mériterait un document signé (démo).",
                option_code="" if (slug, framework.key, cycle) not in IN_REVIEW else first.option.code,
                acting_user=users[reviewer_slug],
            )
        if (slug, framework.key, cycle) in IN_REVIEW:
            continue
        challenged = (
            Answer.objects.filter(assessment=assessment)
            .order_by("-question__position")
            .select_related("question")
            .first()
        )
        if challenged is not None:
            lower = challenged.question.options.filter(points__lt=challenged.option.points).order_by("-points").first()
            if lower is not None:
                services.review_comment(
                    answer=challenged,
                    comment="Les résultats ne sont pas encore mesurés : niveau inférieur proposé (démo).",
                    option_code=lower.code,
                    acting_user=users[reviewer_slug],
                )
        services.review_complete(
            assessment=assessment,
            summary="Revue documentaire par une ville pair (démo).",
            acting_user=users[reviewer_slug],
        )
        services.assessment_publish(assessment=assessment, acting_user=users[slug])
    practices = _practices(cities, users)
    if stdout:
        stdout.write(f"  evaluation: 2 frameworks, {created} cycles, {practices} practices\n")
    return {"cycles": created, "practices": practices}


def _paris_evidence(assessment: Assessment, user: User, indicators: dict[str, Indicator]) -> None:
    from accueil.plan import sources

    for code, key in PARIS_FIGURES:
        answer = Answer.objects.filter(assessment=assessment, question__code=code).first()
        if answer is None:
            continue
        if key in indicators:
            services.evidence_add(answer=answer, kind=EvidenceKind.FIGURE, indicator=indicators[key], acting_user=user)
        elif key in sources.SOURCES:
            services.evidence_add(answer=answer, kind=EvidenceKind.FIGURE, source_key=key, acting_user=user)
    first = Answer.objects.filter(assessment=assessment).order_by("question__position").first()
    if first is not None:
        services.evidence_add(
            answer=first,
            kind=EvidenceKind.DOCUMENT,
            title="Plan de mobilisation de la communauté de Paris pour l'accueil des réfugiés (2015)",
            acting_user=user,
        )
        services.evidence_add(
            answer=first,
            kind=EvidenceKind.LINK,
            title="OECD — Working Together for Local Integration of Migrants and Refugees in Paris",
            url="https://www.oecd.org/fr/regional/working-together-for-local-integration-of-migrants-and-refugees-in-paris-9789264305861-en.htm",
            acting_user=user,
        )


def _practices(cities: dict[str, City], users: dict[str, User]) -> int:
    count = 0
    for data in PRACTICES:
        owner = cities[data["city"]]
        practice = Practice.objects.filter(city=owner, title=data["fr"]["title"]).first()
        if practice is None:
            codes = data["objectives"]
            objectives = list(FrameworkNode.objects.filter(kind=NodeKind.OBJECTIVE, code__in=codes))
            practice = services.practice_save(
                city=owner,
                acting_user=users[data["city"]],
                objectives=objectives,
                measures=[],
                contact_name=data["contact"][0],
                contact_email=data["contact"][1],
                is_demo=True,
                **data["fr"],
            )
        for language in ("en", "ar", "fa", "ps", "ti", "am"):
            meta = None if language == "en" else NEEDS_REVIEW
            for field, text in data[language].items():
                translation_load_published(obj=practice, field=field, language=language, text=text, meta=meta)
        count += 1
    barcelona_practice = Practice.objects.filter(city=cities["barcelona"]).order_by("pk").first()
    if barcelona_practice is not None and not barcelona_practice.exchange_requests.exists():
        services.exchange_request(
            practice=barcelona_practice,
            city=cities["paris"],
            message="Paris voudrait s'inspirer de votre calendrier commun pour ses cours de français (démo).",
            acting_user=users["paris"],
            is_demo=True,
        )
    return count
