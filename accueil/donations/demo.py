"""Demo content for donations (marked demo): a collection point per arrondissement, the plan's priority list
(commitment 14), used clothes not accepted at most points (the 2015 lesson), needs of shelters and reception
centres, pledges, stock with its ledger, Utilib electric vans, and a fund with a campaign, a call and allocations
(commitment 13). Idempotent: nothing is added when the demo points exist."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any, TextIO, cast

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accueil.organisations.models import Organisation, OrganisationType
from accueil.territories.places import postcode_of
from accueil.translations.services import translation_load_published

from .fairness import Candidate, allocate
from .models import (
    Allocation,
    Application,
    CallForProjects,
    CallStatus,
    Campaign,
    CollectionPoint,
    Condition,
    Donation,
    Item,
    ItemCategory,
    KitComponent,
    MovementKind,
    Need,
    OpeningHours,
    Pledge,
    PointItemRule,
    PriorityItem,
    RuleStatus,
    Sponsor,
    Stock,
    StockMovement,
    Vehicle,
)

CATEGORIES = [
    ("hygiene", "Hygiène", "Hygiene"),
    ("clothing", "Vêtements", "Clothing"),
    ("equipment", "Équipement", "Equipment"),
    ("communication", "Communication", "Communication"),
]
# code, category, French, English, unit, sizes, priority level ("" = not on the list)
ITEMS = [
    ("hygiene-kit", "hygiene", "Kit d'hygiène", "Hygiene kit", "kit", [], "urgent"),
    ("toothbrush", "hygiene", "Brosse à dents", "Toothbrush", "piece", [], ""),
    ("toothpaste", "hygiene", "Dentifrice", "Toothpaste", "piece", [], ""),
    ("soap", "hygiene", "Savon", "Soap", "piece", [], ""),
    ("nail-clippers", "hygiene", "Coupe-ongles", "Nail clippers", "piece", [], "normal"),
    ("towel", "hygiene", "Serviette de bain", "Bath towel", "piece", [], "high"),
    ("toiletry-bag", "hygiene", "Trousse de toilette", "Toiletry bag", "piece", [], "normal"),
    ("belt", "clothing", "Ceinture", "Belt", "piece", ["S", "M", "L"], "normal"),
    ("underwear", "clothing", "Sous-vêtements (neufs)", "Underwear (new)", "piece", ["S", "M", "L", "XL"], "urgent"),
    ("socks", "clothing", "Chaussettes (neuves)", "Socks (new)", "pair", ["39-42", "43-46"], "urgent"),
    ("shoes", "clothing", "Chaussures", "Shoes", "pair", ["39", "40", "41", "42", "43", "44", "45"], "high"),
    ("used-clothes", "clothing", "Vêtements usagés", "Used clothes", "piece", [], ""),
    ("backpack", "equipment", "Sac à dos", "Backpack", "piece", [], "high"),
    ("sleeping-bag", "equipment", "Sac de couchage", "Sleeping bag", "piece", [], ""),
    ("phone-card", "communication", "Carte téléphonique", "Phone card", "card", [], "urgent"),
]
KIT = [("toothbrush", 1), ("toothpaste", 1), ("soap", 2)]
SITES = ["ADOMA", "AURORE", "COALLIA", "EMMAUS Solidarité", "France Terre d'Asile", "Armée de Salut"]


# Street addresses of the district town halls that serve as the demo's collection points (the points themselves are
# demo data, marked "(démo)"); the postcode is the district's postal code, never its administrative code.
TOWN_HALLS = {
    1: "4 place du Louvre",
    2: "8 rue de la Banque",
    3: "2 rue Eugène Spuller",
    4: "2 place Baudoyer",
    5: "21 place du Panthéon",
    6: "78 rue Bonaparte",
    7: "116 rue de Grenelle",
    8: "3 rue de Lisbonne",
    9: "6 rue Drouot",
    10: "72 rue du Faubourg Saint-Martin",
    11: "12 place Léon Blum",
    12: "130 avenue Daumesnil",
    13: "1 place d'Italie",
    14: "2 place Ferdinand Brunot",
    15: "31 rue Péclet",
    16: "71 avenue Henri Martin",
    17: "16 rue des Batignolles",
    18: "1 place Jules Joffrin",
    19: "5 place Armand Carrel",
    20: "6 place Gambetta",
}


def _organisation(city: Any, name: str, type_: str) -> Organisation:
    organisation = Organisation.objects.filter(city=city, name=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            city=city, name=f"{name} (démo)", slug=f"demo-{slugify(name)[:60]}", type=type_, is_demo=True
        )
    return organisation


@transaction.atomic
def load_demo(*, city: Any, stdout: TextIO | None = None) -> int:
    """Load the demo; returns the number of collection points created (0 when already there)."""
    if CollectionPoint.objects.filter(city=city, is_demo=True).exists():
        if stdout:
            stdout.write("Donations demo already loaded.\n")
        return 0
    rng = random.Random(2015)
    now = timezone.now()
    today = timezone.localdate()
    categories = {}
    for code, fr, en in CATEGORIES:
        categories[code], _ = ItemCategory.objects.get_or_create(
            city=city, code=code, defaults={"name": fr, "is_demo": True}
        )
        translation_load_published(obj=categories[code], field="name", language="en", text=en)
    items: dict[str, Item] = {}
    for code, category, fr, en, unit, sizes, level in ITEMS:
        items[code], _ = Item.objects.get_or_create(
            city=city,
            code=code,
            defaults={
                "category": categories[category],
                "name": fr,
                "unit": unit,
                "sizes": sizes,
                "is_kit": code == "hygiene-kit",
                "is_demo": True,
            },
        )
        translation_load_published(obj=items[code], field="name", language="en", text=en)
        if level:
            PriorityItem.objects.get_or_create(city=city, item=items[code], defaults={"level": level})
    for code, quantity in KIT:
        KitComponent.objects.get_or_create(kit=items["hygiene-kit"], item=items[code], defaults={"quantity": quantity})

    mairies = _organisation(city, "Mairies d'arrondissement de Paris", OrganisationType.CITY_SERVICE)
    points = []
    for district in city.districts.order_by("number"):
        points.append(
            CollectionPoint(
                city=city,
                district=district,
                slug=f"mairie-{district.number}",
                name=f"Mairie du {district.name} (démo)",
                address=f"{TOWN_HALLS.get(district.number, 'Mairie')}, {postcode_of(district)} {city.name}",
                managed_by=mairies,
                accepting=district.number != 13,
                capacity=400,
                is_demo=True,
            )
        )
    CollectionPoint.objects.bulk_create(points)
    points = list(CollectionPoint.objects.filter(city=city, is_demo=True).select_related("district"))
    hours, rules, stocks, movements, pledges = [], [], [], [], []
    priority_codes = [code for code, *_rest, level in ITEMS if level]
    for index, point in enumerate(points):
        for weekday in (0, 2, 4):
            hours.append(OpeningHours(point=point, weekday=weekday, opens=dt.time(9, 0), closes=dt.time(17, 0)))
        hours.append(OpeningHours(point=point, weekday=5, opens=dt.time(10, 0), closes=dt.time(13, 0)))
        for code in rng.sample(priority_codes, 4):
            rules.append(
                PointItemRule(
                    point=point, item=items[code], status=RuleStatus.NEEDED, quantity_needed=rng.randint(2, 12) * 10
                )
            )
        if index % 5 != 0:  # used clothes refused at most points: the 2015 lesson
            rules.append(PointItemRule(point=point, item=items["used-clothes"], status=RuleStatus.NOT_ACCEPTED))
        for code in rng.sample(priority_codes, 5):
            item = items[code]
            size = item.sizes[0] if item.sizes else ""
            quantity = rng.randint(5, 60)
            received = now - dt.timedelta(days=rng.randint(1, 45))
            stocks.append(
                Stock(city=city, point=point, item=item, size=size, quantity=quantity, last_received_at=received)
            )
            movements.append(
                StockMovement(
                    city=city,
                    point=point,
                    item=item,
                    size=size,
                    kind=MovementKind.RECEIPT,
                    delta=quantity,
                    condition=Condition.NEW,
                    note="demo",
                )
            )
        start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1 + index % 5), dt.time(10, 0)))
        pledges.append(
            Pledge(
                city=city,
                point=point,
                item=items[rng.choice(priority_codes)],
                quantity=rng.randint(1, 10),
                slot_start=start,
                slot_end=start + dt.timedelta(hours=2),
                code=f"DEMO{index:04d}",
                is_demo=True,
            )
        )
    OpeningHours.objects.bulk_create(hours)
    PointItemRule.objects.bulk_create(rules)
    Stock.objects.bulk_create(stocks)
    StockMovement.objects.bulk_create(movements)
    Pledge.objects.bulk_create(pledges)

    sites = [_organisation(city, name, OrganisationType.ASSOCIATION) for name in SITES]
    districts = list(city.districts.order_by("number"))
    needs = []
    for n in range(40):
        needs.append(
            Need(
                city=city,
                site=sites[n % len(sites)],
                district=districts[rng.randrange(len(districts))] if districts else None,
                item=items[rng.choice(priority_codes)],
                quantity=rng.randint(5, 80),
                urgency=rng.choice(["urgent", "high", "normal"]),
                needed_by=today + dt.timedelta(days=rng.randint(1, 21)),
                expires_at=now + dt.timedelta(days=10),
                is_demo=True,
            )
        )
    Need.objects.bulk_create(needs)
    Vehicle.objects.bulk_create(
        [Vehicle(city=city, name=f"Utilib {n} (démo)", capacity_units=150, electric=True, is_demo=True) for n in (1, 2)]
    )
    _load_fund(city=city, districts=districts, sites=sites, rng=rng, today=today)
    if stdout:
        stdout.write(f"Donations demo: {len(points)} collection points, {len(needs)} needs, a fund with allocations.\n")
    return len(points)


def _load_fund(
    *, city: Any, districts: list[Any], sites: list[Organisation], rng: random.Random, today: dt.date
) -> None:
    foundation = _organisation(city, "Fondation de France", OrganisationType.FOUNDATION)
    campaign = Campaign.objects.create(
        city=city,
        title="Paris, ville refuge (démo)",
        description="Collecte lancée pour la conférence citoyenne du 10 septembre 2015.",
        foundation=foundation,
        goal=Decimal(200000),
        starts_on=dt.date(2015, 9, 10),
        is_demo=True,
    )
    donors = [("Fondation EDF", True), ("Fondation PSG", True), ("", False), ("Marie D.", False), ("Karim B.", True)]
    Donation.objects.bulk_create(
        [
            Donation(
                city=city,
                campaign=campaign,
                amount=Decimal(rng.choice([50, 100, 250, 20000, 40000])),
                donor_name=name,
                consent_to_be_named=consent,
                received_on=dt.date(2015, 9, 10) + dt.timedelta(days=n),
                is_demo=True,
            )
            for n, (name, consent) in enumerate(donors * 3)
        ]
    )
    call = CallForProjects.objects.create(
        city=city,
        campaign=campaign,
        title="Initiatives citoyennes d'accueil (démo)",
        budget=Decimal(60000),
        cap_per_organisation=Decimal(15000),
        closes_on=today - dt.timedelta(days=1),
        status=CallStatus.ALLOCATED,
        is_demo=True,
    )
    applications = []
    for n in range(10):
        applications.append(
            Application.objects.create(
                city=city,
                call=call,
                organisation=sites[n % len(sites)],
                project=f"Projet citoyen {n + 1} (démo)",
                district=districts[(n * 3) % len(districts)],
                amount_requested=Decimal(rng.choice([5000, 8000, 12000, 15000])),
                is_demo=True,
            )
        )
    scores = {a.pk: Decimal(rng.randint(40, 95)) / 10 for a in applications}
    grants = allocate(
        candidates=[
            Candidate(
                key=a.pk,
                organisation=a.organisation_id,
                district=a.district.number,
                score=scores[a.pk],
                requested=a.amount_requested,
                submitted=a.created_at,
            )
            for a in applications
        ],
        budget=call.budget,
        cap_per_organisation=call.cap_per_organisation,
    )
    Allocation.objects.bulk_create(
        [
            Allocation(
                city=city, call=call, application_id=cast(int, g.key), amount=g.amount, rank=g.rank, reasons=g.reasons
            )
            for g in grants
        ]
    )
    for name in ("Fondation EDF", "Fondation PSG"):
        Sponsor.objects.get_or_create(city=city, name=f"{name} (démo)", defaults={"is_demo": True})
