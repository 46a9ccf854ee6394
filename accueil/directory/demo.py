"""Demo directory for a city (built for Paris): the kinds of services the 2015 plan names, in every district.

Everything here is demo content: names end with "(démo)", addresses are generic ("… (adresse de démonstration)"),
descriptions say the details are not official, and no phone number or website is invented. Owners are the demo
partner organisations, matched by their exact name, else any demo organisation.

Idempotent and fast: each service has a stable UUID derived from its key; a second run only adds what is missing.
Rows are written in bulk, then the search index is built with ``services.search_index_services``.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from accueil.languages.models import Language
from accueil.organisations.models import Organisation
from accueil.territories.models import City, District

from .models import Category, Closure, ClosureReason, OpeningHours, Place, Service, ServiceStatus
from .services import FLAG_AFTER, categories_sync, search_index_services

DEMO_NOTE = "Fiche de démonstration : horaires, adresse et conditions ne sont pas des informations officielles."
ADDRESS_SUFFIX = "(adresse de démonstration)"
STREETS = [
    "rue de la Solidarité",
    "rue de l'Accueil",
    "avenue de la Fraternité",
    "rue des Écoles",
    "boulevard de la République",
    "rue de la Mairie",
    "passage du Marché",
    "rue du Square",
]

# Weekly patterns: weekday (0 = Monday) → periods "HH:MM-HH:MM".
OFFICE = {d: ["09:00-12:30", "13:30-17:00"] for d in range(5)}
OFFICE_MORNINGS = {d: ["09:00-12:30"] for d in range(5)}
EVERY_DAY = {d: ["08:00-20:00"] for d in range(7)}
BATHS = {d: ["07:30-19:00"] for d in range(1, 7)}  # Tuesday to Sunday, closed on Mondays
EVENING_CLASSES = {d: ["18:30-21:00"] for d in range(4)}
HEALTH = {**{d: ["08:30-18:30"] for d in range(5)}, 5: ["09:00-12:00"]}
FOOD_EVENINGS = {0: ["19:00-21:00"], 2: ["19:00-21:00"], 4: ["19:00-21:00"], 6: ["12:00-14:00"]}
FOOD_MIDDAY = {d: ["11:30-14:00"] for d in range(6)}
DAY_CENTRE = {d: ["09:00-16:00"] for d in range(6)}
AFTERNOONS = {d: ["14:00-18:00"] for d in (1, 3, 5)}
KIOSQUE = {d: ["09:30-17:00"] for d in range(5)}


@dataclass(frozen=True)
class Kind:
    key: str
    name: str  # French; "{n}" is the district's ordinal ("10e")
    owners: tuple[str, ...]  # exact names from organisations/data/paris_partners.json, tried in turn
    categories: tuple[str, ...]
    description: str
    hours: dict[int, list[str]]
    districts: tuple[int, ...]
    audiences: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("fr",)
    interpreting: bool = False
    appointment: bool = False
    documents: str = ""
    holidays_open: bool = False
    wheelchair: bool = True
    extra_languages: tuple[str, ...] = field(default=("en", "ar", "fa", "ps", "ti", "am"))


ALL = tuple(range(1, 21))
KINDS: list[Kind] = [
    Kind(
        "kiosque",
        "Kiosque d'accueil et d'orientation des réfugiés (démo)",
        ("EMMAUS Solidarité", "France Terre d'Asile"),
        ("orientation", "asylum-support"),
        "Premier accueil des personnes nouvellement arrivées : écoute, information sur la demande d'asile, "
        "orientation vers l'hébergement, les soins, l'aide alimentaire et les cours de français.",
        KIOSQUE,
        (10,),
        audiences=("asylum_seekers", "refugees", "undocumented"),
        languages=("fr", "en", "ar", "fa", "ps", "ti"),
        interpreting=True,
    ),
    Kind(
        "centre-humanitaire",
        "Centre humanitaire de premier accueil (démo)",
        ("EMMAUS Solidarité", "Samu Social"),
        ("sleep-emergency", "orientation", "eat-meals", "wash-showers"),
        "Mise à l'abri et premier accueil des hommes seuls nouvellement arrivés : repas, douches, bilan de santé "
        "et orientation vers la procédure d'asile.",
        EVERY_DAY,
        (18,),
        audiences=("asylum_seekers", "refugees"),
        languages=("fr", "en", "ar", "fa", "ps", "ti"),
        interpreting=True,
        holidays_open=True,
    ),
    Kind(
        "spada",
        "Plateforme d'accueil des demandeurs d'asile – SPADA (démo)",
        ("France Terre d'Asile", "Coordination de l'accueil des familles demandeuses d'asile"),
        ("asylum-registration", "asylum-support"),
        "Pré-enregistrement de la demande d'asile, prise de rendez-vous au guichet unique, domiciliation et "
        "accompagnement administratif.",
        OFFICE_MORNINGS,
        (19, 20),
        audiences=("asylum_seekers",),
        languages=("fr", "en", "ar", "fa"),
        interpreting=True,
        documents="Pièce d'identité si vous en avez une, convocation éventuelle",
    ),
    Kind(
        "pimms",
        "Point d'information et de médiation multi-services – PIMMS du {n} (démo)",
        ("PIMMS",),
        ("legal-mediation", "phone-charging"),
        "Médiation pour les démarches administratives (CAF, assurance maladie, énergie, transports), aide au "
        "numérique et accès à un ordinateur.",
        OFFICE,
        (2, 4, 11, 12, 13, 14, 15, 17, 18, 19, 20),
        languages=("fr", "en", "ar"),
    ),
    Kind(
        "pad",
        "Point d'accès au droit du {n} (démo)",
        ("Barreau de Paris", "Mairies d'arrondissement de Paris"),
        ("legal-access-point",),
        "Consultations juridiques gratuites et anonymes : droit des étrangers, logement, travail, famille. "
        "Avocats et juristes sur rendez-vous.",
        OFFICE,
        (1, 3, 5, 10, 13, 14, 15, 17, 18, 19, 20),
        appointment=True,
        audiences=("refugees", "undocumented", "asylum_seekers"),
        languages=("fr", "en"),
        interpreting=True,
        documents="Les papiers liés à votre question",
    ),
    Kind(
        "centre-sante",
        "Centre de santé municipal du {n} (démo)",
        ("Centre d'action sociale de la Ville de Paris", "Mairies d'arrondissement de Paris"),
        ("health-doctor",),
        "Consultations de médecine générale et de spécialistes, soins infirmiers, vaccinations. Tiers payant, "
        "aide pour ouvrir vos droits à l'assurance maladie ou à l'AME.",
        HEALTH,
        (2, 5, 6, 9, 11, 13, 15, 16, 18, 20),
        languages=("fr", "en", "ar"),
        documents="Carte Vitale ou attestation AME si vous en avez une",
    ),
    Kind(
        "pass",
        "Permanence d'accès aux soins de santé (PASS) – hôpital du {n} (démo)",
        ("Permanence d'accès aux soins de santé", "AP-HP"),
        ("health-pass", "health-doctor"),
        "Consultations à l'hôpital pour les personnes sans couverture maladie, médicaments délivrés sur place, "
        "accompagnement par une assistante sociale pour ouvrir vos droits.",
        {**OFFICE, 5: ["09:00-12:00"]},
        (10, 12, 13, 14, 19),
        audiences=("undocumented", "asylum_seekers"),
        languages=("fr", "en", "ar"),
        interpreting=True,
        holidays_open=True,
    ),
    Kind(
        "sante-mentale",
        "Consultations de santé mentale pour personnes exilées (démo)",
        ("Centre Primo Levi", "Comède", "Centre Minkowska"),
        ("health-mental",),
        "Soutien psychologique et soins pour les personnes exilées, victimes de violences ou de torture, avec "
        "des interprètes professionnels.",
        OFFICE,
        (3, 11, 14),
        appointment=True,
        languages=("fr", "en", "ar", "fa"),
        interpreting=True,
    ),
    Kind(
        "cours-adultes",
        "Cours municipaux d'adultes – français langue étrangère, {n} (démo)",
        ("Mairies d'arrondissement de Paris",),
        ("french-adults",),
        "Cours du soir de français langue étrangère, du niveau débutant au niveau avancé. Inscription en "
        "septembre et en janvier, test de niveau avant l'inscription.",
        EVENING_CLASSES,
        ALL,
        documents="Pièce d'identité ou récépissé",
    ),
    Kind(
        "francais-asso",
        "Ateliers de français pour débutants, {n} (démo)",
        ("Association specialise dans l'apprentissage du français", "La Ligue de l'enseignement", "SINGA"),
        ("french-adults",),
        "Ateliers de conversation et d'alphabétisation en petits groupes, sans condition de papiers.",
        AFTERNOONS,
        (10, 11, 18, 19, 20),
        audiences=("asylum_seekers", "refugees", "undocumented", "women"),
        languages=("fr", "en", "ar"),
    ),
    Kind(
        "restos",
        "Restos du Cœur – distribution du {n} (démo)",
        ("Restos du Cœur",),
        ("eat-food-parcels", "eat-meals"),
        "Distribution de repas chauds et de colis alimentaires. Inscription sur place lors de la première venue.",
        FOOD_EVENINGS,
        (1, 3, 5, 7, 9, 11, 13, 15, 17, 19),
    ),
    Kind(
        "secours-populaire",
        "Secours populaire – aide alimentaire du {n} (démo)",
        ("Secours populaire",),
        ("eat-food-parcels",),
        "Épicerie solidaire et colis alimentaires pour les familles et les personnes seules.",
        {1: ["14:00-17:00"], 3: ["14:00-17:00"]},
        (2, 4, 6, 8, 10, 12, 14, 16, 18, 20),
        audiences=("families",),
    ),
    Kind(
        "repas",
        "Restaurant solidaire du {n} (démo)",
        ("La Mie de Pain", "Armée de Salut"),
        ("eat-meals",),
        "Repas chauds servis à table le midi, sans inscription.",
        FOOD_MIDDAY,
        (4, 8, 12, 13, 18, 19, 20),
        holidays_open=True,
    ),
    Kind(
        "bains-douches",
        "Bains-douches municipaux du {n} (démo)",
        ("Mairies d'arrondissement de Paris",),
        ("wash-showers",),
        "Douches gratuites et individuelles. Apportez votre serviette si vous le pouvez ; savon sur place.",
        BATHS,
        ALL,
    ),
    Kind(
        "laverie",
        "Laverie solidaire du {n} (démo)",
        ("AURORE", "Secours catholique"),
        ("wash-laundry",),
        "Machines à laver et séchoirs gratuits, sur inscription le jour même.",
        {d: ["10:00-16:00"] for d in (0, 2, 4)},
        (10, 18, 19),
    ),
    Kind(
        "vestiaire",
        "Vestiaire solidaire du {n} (démo)",
        ("Secours catholique", "EMMAUS Solidarité", "Croix-Rouge française", "Armée de Salut"),
        ("clothes",),
        "Vêtements, chaussures et produits d'hygiène gratuits, selon les arrivages.",
        {d: ["14:00-17:30"] for d in (1, 3)},
        (3, 6, 9, 10, 11, 13, 14, 17, 18, 20),
        audiences=("families", "women"),
    ),
    Kind(
        "telephone",
        "Point recharge téléphone et wifi du {n} (démo)",
        ("Croix-Rouge française", "SINGA"),
        ("phone-charging",),
        "Recharge de téléphone, wifi gratuit et aide pour utiliser les services en ligne.",
        DAY_CENTRE,
        (1, 4, 7, 10, 12, 15, 16, 18, 19, 20),
    ),
    Kind(
        "accueil-jour",
        "Accueil de jour du {n} (démo)",
        ("AURORE", "Secours catholique", "Centre d'action social protestant"),
        ("sleep-day-centre", "orientation"),
        "Lieu pour se poser la journée : café, boissons chaudes, douche, bagagerie, domiciliation et "
        "orientation par des travailleurs sociaux.",
        DAY_CENTRE,
        (2, 5, 8, 9, 10, 11, 12, 14, 17, 18),
    ),
    Kind(
        "femmes",
        "Accueil de jour pour femmes, {n} (démo)",
        ("Maison de la Femme", "Palais de la Femme", "Réseau pour l'Autonomie des Femmes immigrées et réfugiées"),
        ("sleep-day-centre", "legal-access-point"),
        "Accueil réservé aux femmes, avec ou sans enfants : repos, écoute, accompagnement juridique et social.",
        OFFICE,
        (11, 19),
        audiences=("women", "families"),
        languages=("fr", "en", "ar", "am"),
    ),
    Kind(
        "mineurs",
        "Accueil des mineurs non accompagnés (démo)",
        ("PAOMIE", "France Terre d'Asile"),
        ("orientation", "sleep-emergency"),
        "Premier accueil et évaluation des jeunes de moins de 18 ans arrivés seuls en France, mise à l'abri.",
        EVERY_DAY,
        (19,),
        audiences=("unaccompanied_minors",),
        languages=("fr", "en", "ar", "ps", "ti"),
        interpreting=True,
        holidays_open=True,
    ),
    Kind(
        "casnav",
        "Inscription scolaire des enfants allophones – CASNAV (démo)",
        ("Rectorat (Casnav)",),
        ("school",),
        "Évaluation des enfants nouvellement arrivés et orientation vers une classe adaptée (UPE2A).",
        OFFICE_MORNINGS,
        (5,),
        audiences=("families", "unaccompanied_minors"),
        appointment=True,
        documents="Pièce d'identité de l'enfant si possible, justificatif de domicile ou de domiciliation",
    ),
    Kind(
        "scolarite",
        "Information scolarité à la mairie du {n} (démo)",
        ("Mairies d'arrondissement de Paris",),
        ("school",),
        "Inscription à l'école maternelle et élémentaire, cantine et activités périscolaires.",
        OFFICE,
        (10, 13, 18, 19, 20),
        audiences=("families",),
    ),
    Kind(
        "pole-emploi",
        "Pôle emploi – agence du {n} (démo)",
        ("Pôle Emploi",),
        ("work-training",),
        "Inscription comme demandeur d'emploi (avec un titre autorisant à travailler), conseils et formations.",
        OFFICE_MORNINGS,
        (2, 9, 11, 12, 13, 15, 17, 18, 19, 20),
        audiences=("refugees",),
        documents="Titre de séjour autorisant à travailler",
    ),
    Kind(
        "emploi-refugies",
        "Accompagnement vers l'emploi des réfugiés, {n} (démo)",
        ("Passerelles et Compétences", "SINGA", "AFPA"),
        ("work-training", "work"),
        "Ateliers CV, mise en relation avec des employeurs et des bénévoles professionnels, formations.",
        AFTERNOONS,
        (3, 10, 11),
        audiences=("refugees",),
        languages=("fr", "en", "ar", "fa"),
    ),
    Kind(
        "hebergement-115",
        "Orientation vers l'hébergement d'urgence, {n} (démo)",
        ("Samu Social", "SIAO"),
        ("sleep-emergency",),
        "Information sur le 115 et orientation vers une place d'hébergement d'urgence le soir même.",
        EVERY_DAY,
        (12, 14, 18),
        holidays_open=True,
    ),
]


def _ordinal(number: int) -> str:
    return "1er" if number == 1 else f"{number}e"


def _postcode(number: int) -> str:
    return f"750{number:02d}"


def _periods(pattern: dict[int, list[str]]) -> list[tuple[int, dt.time, dt.time]]:
    rows = []
    for weekday, spans in pattern.items():
        for span in spans:
            start, end = span.split("-")
            rows.append((weekday, dt.time.fromisoformat(start), dt.time.fromisoformat(end)))
    return rows


def _demo_uuid(city: City, key: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://accueil.invalid/demo/{city.slug}/directory/{key}")


def _verified_days_ago(index: int, rng: random.Random) -> int:
    """Spread over the last 8 months: mostly fresh, one in five stale (over 90 days), one in twenty hidden."""
    if index % 20 == 7:
        return rng.randint(190, 240)
    if index % 5 == 3:
        return rng.randint(95, 175)
    return rng.randint(0, 85)


def _owner(city: City, names: tuple[str, ...], cache: dict[str, Organisation | None]) -> Organisation:
    for name in names:
        if name not in cache:
            cache[name] = Organisation.objects.filter(city=city, name=name).first()
        if cache[name] is not None:
            return cache[name]  # type: ignore[return-value]
    if "" not in cache:
        cache[""] = Organisation.objects.filter(city=city, is_demo=True).order_by("pk").first()
    if cache[""] is None:
        cache[""] = Organisation.objects.create(
            city=city, name="Organisation de démonstration (démo)", slug="organisation-demo", is_demo=True
        )
    return cache[""]  # type: ignore[return-value]


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> int:
    """Create the demo services that are missing; returns how many services the demo now has in the city."""
    categories_sync()
    now = timezone.now()
    today = now.date()
    districts = {d.number: d for d in District.objects.filter(city=city)}
    known_languages = set(Language.objects.values_list("code", flat=True))
    categories = {c.code: c for c in Category.objects.all()}
    existing = set(Service.objects.filter(city=city, is_demo=True).values_list("uuid", flat=True))
    owners: dict[str, Organisation | None] = {}
    rng = random.Random(f"directory-demo-{city.slug}")

    planned: list[tuple[Kind, int | None, Place, Service]] = []
    index = 0
    for kind in KINDS:
        for number in kind.districts:
            index += 1
            district = districts.get(number)
            key = f"{kind.key}-{number}"
            service_uuid = _demo_uuid(city, key)
            days_ago = _verified_days_ago(index, rng)
            jitter_lat, jitter_lon = rng.uniform(-0.004, 0.004), rng.uniform(-0.006, 0.006)
            languages = list(kind.languages) + ([rng.choice(kind.extra_languages)] if index % 3 == 0 else [])
            street = f"{rng.randint(2, 120)} {rng.choice(STREETS)}"
            if service_uuid in existing:
                continue
            owner = _owner(city, kind.owners, owners)
            name = kind.name.format(n=_ordinal(number))
            postcode = _postcode(number) if city.slug == "paris" else ""
            place = Place(
                city=city,
                organisation=owner,
                uuid=_demo_uuid(city, f"place-{key}"),
                name=name,
                address=f"{street} {ADDRESS_SUFFIX}",
                postcode=postcode,
                district=district,
                latitude=(Decimal(str(round(float(district.latitude) + jitter_lat, 5))) if district else None),
                longitude=(Decimal(str(round(float(district.longitude) + jitter_lon, 5))) if district else None),
                wheelchair_accessible=kind.wheelchair and index % 4 != 0,
                accessibility="" if index % 4 else "Marches à l'entrée (démo)",
                directions="Métro ou bus : arrêt le plus proche de la mairie d'arrondissement (démo)",
                is_demo=True,
            )
            verified = now - dt.timedelta(days=days_ago, hours=rng.randint(0, 10))
            service = Service(
                city=city,
                organisation=owner,
                uuid=service_uuid,
                name=name,
                description=f"{kind.description}\n\n{DEMO_NOTE}",
                audiences=("," + ",".join(sorted(kind.audiences)) + ",") if kind.audiences else "",
                is_free=True,
                appointment_required=kind.appointment,
                documents=kind.documents,
                interpreting=kind.interpreting,
                open_on_public_holidays=kind.holidays_open,
                status=ServiceStatus.DRAFT if index % 61 == 30 else ServiceStatus.PUBLISHED,
                last_verified_at=verified,
                stale_flagged_at=now if now - verified > FLAG_AFTER else None,
                is_demo=True,
            )
            service._demo_languages = [code for code in dict.fromkeys(languages) if code in known_languages]  # type: ignore[attr-defined]
            planned.append((kind, number, place, service))

    if planned:
        Place.objects.bulk_create([p for _k, _n, p, _s in planned])
        for _kind, _number, place, service in planned:
            service.place = place
        Service.objects.bulk_create([s for _k, _n, _p, s in planned])
        category_rows, language_rows, hours_rows, closure_rows = [], [], [], []
        closure_reasons = [
            ClosureReason.WORKS,
            ClosureReason.STRIKE,
            ClosureReason.FULL,
            ClosureReason.WEATHER,
            ClosureReason.OTHER,
            ClosureReason.HOLIDAY,
        ]
        for position, (kind, _number, _place, service) in enumerate(planned):
            for code in kind.categories:
                category_rows.append(Service.categories.through(service_id=service.pk, category_id=categories[code].pk))
            for code in service._demo_languages:  # type: ignore[attr-defined]
                language_rows.append(Service.languages.through(service_id=service.pk, language_id=code))
            for weekday, opens_at, closes_at in _periods(kind.hours):
                hours_rows.append(
                    OpeningHours(city=city, service=service, weekday=weekday, opens_at=opens_at, closes_at=closes_at)
                )
            if position % 17 == 5:
                reason = closure_reasons[(position // 17) % len(closure_reasons)]
                start = today + dt.timedelta(days=(position % 3) * 4 - 1)  # some closed today, some later
                closure_rows.append(
                    Closure(
                        city=city,
                        service=service,
                        starts_on=start,
                        ends_on=start + dt.timedelta(days=2 + position % 5),
                        reason=reason,
                    )
                )
        Service.categories.through.objects.bulk_create(category_rows, batch_size=1000)
        Service.languages.through.objects.bulk_create(language_rows, batch_size=1000)
        OpeningHours.objects.bulk_create(hours_rows, batch_size=1000)
        Closure.objects.bulk_create(closure_rows)
        created = list(
            Service.objects.filter(pk__in=[s.pk for _k, _n, _p, s in planned]).select_related("organisation", "place")
        )
        search_index_services(services=created, now=now)
    total = Service.objects.filter(city=city, is_demo=True).count()
    if stdout:
        stdout.write(f"  directory: {total} demo services ({len(planned)} added)\n")
    return total
