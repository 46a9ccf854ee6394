"""Demo shelters (marked `is_demo`): the plan's eight municipal locations with their 450 places (commitment 7),
the 50-place centre for pregnant women and women with children (commitment 2), places for young people awaiting
an age assessment (commitment 1), the reception centres of each département as in the plan's table, buildings
still in the pipeline, two weeks of daily confirmations (two sites stale), reservations waiting for an arrival,
and the plan's live indicators for commitments 1, 2 and 7.

Names are demo names: the plan gives the number of locations and places, not their addresses.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from decimal import Decimal
from typing import TextIO

from django.db import transaction
from django.utils import timezone

from accueil.accounts.models import User
from accueil.core.errors import Refused
from accueil.organisations.models import Organisation
from accueil.territories.models import City, Departement, District

from . import services
from .models import (
    Audience,
    Bed,
    BedStatus,
    BuildingKind,
    BuildingStage,
    HouseholdType,
    OwnerKind,
    Reception,
    Reservation,
    ReservationStatus,
    Site,
    SiteConfirmation,
)

SEED = 2015
COORDINATOR = "coordinator@demo.accueil.invalid"

# (name, district number, operator, [(unit name, household type, audiences, beds, private)])
MUNICIPAL_SITES = [
    (
        "Centre municipal Chapelle (démo)",
        18,
        "EMMAUS Solidarité",
        [
            ("Dortoir A", "adults_only", ["men_alone"], 40, False),
            ("Dortoir B", "adults_only", ["men_alone"], 40, False),
        ],
    ),
    (
        "Ancienne caserne (démo)",
        19,
        "COALLIA",
        [("Étage 1", "adults_only", ["men_alone"], 30, False), ("Étage 2", "adults_only", ["women_alone"], 30, False)],
    ),
    (
        "Accueil jeunes en attente d'évaluation (démo)",
        20,
        "France Terre d'Asile",
        [("Chambres jeunes", "children_only", ["young_awaiting_assessment", "minors"], 50, False)],
    ),
    (
        "Ancien lycée (démo)",
        13,
        "AURORE",
        [
            ("Aile familles", "adults_with_children", ["families", "women_with_children"], 40, False),
            ("Aile adultes", "adults_only", ["men_alone", "women_alone"], 30, False),
        ],
    ),
    ("Gymnase réaménagé (démo)", 12, "Croix-Rouge française", [("Salle 1", "adults_only", ["men_alone"], 40, False)]),
    (
        "Ancienne mairie annexe (démo)",
        10,
        "Armée de Salut",
        [
            ("Chambres", "adults_only", ["women_alone"], 20, False),
            ("Studios", "adults_with_children", ["families"], 30, False),
        ],
    ),
    ("Bâtiment municipal Ourcq (démo)", 19, "ADOMA", [("Chambres", "adults_only", ["men_alone"], 60, False)]),
    (
        "Ancien centre de santé (démo)",
        14,
        "Samu Social",
        [("Chambres", "adults_only", ["men_alone", "women_alone"], 40, False)],
    ),
]
WOMEN_CENTRE = ("Centre femmes enceintes et femmes avec enfants (démo)", 11, "Samu Social")
PIPELINE = [
    (
        "Immeuble de bureaux vacant (démo)",
        15,
        OwnerKind.BUSINESS,
        "Entreprise partenaire (démo)",
        BuildingStage.IDENTIFIED,
        120,
    ),
    ("Terrain en friche (démo)", 17, OwnerKind.STATE, "État", BuildingStage.ASSESSED, 60),
    ("Ancien foyer (démo)", 20, OwnerKind.PRIVATE, "Propriétaire privé (démo)", BuildingStage.WORKS, 45),
]
LIVE_INDICATORS = [
    # (commitment, key, name_fr, name_en, unit, target)
    (
        1,
        "shelters.young_people_places",
        "Places pour jeunes en attente d'évaluation",
        "Places for young people awaiting an age assessment",
        "places",
        100,
    ),
    (
        2,
        "shelters.women_with_children_places",
        "Places pour femmes enceintes et femmes avec enfants",
        "Places for pregnant women and women with children",
        "places",
        50,
    ),
    (7, "shelters.municipal_sites_open", "Sites municipaux ouverts", "Municipal sites open", "sites", 8),
    (7, "shelters.municipal_places", "Places sur les sites municipaux", "Places on municipal sites", "places", 450),
]


def _write(stdout: TextIO | None, text: str) -> None:
    if stdout:
        stdout.write(text + "\n")


def _org(city: City, name: str) -> Organisation | None:
    return Organisation.objects.filter(city=city, name=name).first()


def _occupy(site: Site, share: float, rng: random.Random, now: dt.datetime) -> None:
    """Demo occupancy: people already there (arrived reservations, beds occupied)."""
    beds = list(Bed.objects.filter(site=site, status=BedStatus.AVAILABLE).order_by("pk"))
    taken = [b for b in beds if rng.random() < share]
    Reservation.objects.bulk_create(
        [
            Reservation(
                city=site.city,
                site=site,
                bed=b,
                organisation=site.operator,
                status=ReservationStatus.ARRIVED,
                reserved_at=now - dt.timedelta(days=rng.randint(1, 60)),
                arrived_at=now - dt.timedelta(days=1),
                is_demo=True,
            )
            for b in taken
        ],
        batch_size=2000,
    )
    Bed.objects.filter(pk__in=[b.pk for b in taken]).update(status=BedStatus.OCCUPIED)


def _history(site: Site, rng: random.Random, now: dt.datetime, *, stale: bool) -> None:
    total = Bed.objects.filter(site=site).count()
    occupied = Bed.objects.filter(site=site, status=BedStatus.OCCUPIED).count()
    rows = []
    for days in range(14, 1 if stale else 0, -1):
        drift = rng.randint(-3, 3)
        occ = max(0, min(total, occupied + drift))
        rows.append(
            SiteConfirmation(
                site=site,
                confirmed_at=now - dt.timedelta(days=days - 1, hours=rng.randint(0, 3)),
                beds_total=total,
                available=total - occ,
                reserved=0,
                occupied=occ,
                blocked=0,
                out_of_service=0,
            )
        )
    SiteConfirmation.objects.bulk_create(rows)
    if rows:
        last = max(r.confirmed_at for r in rows)
        Site.objects.filter(pk=site.pk).update(last_confirmed_at=last)


@transaction.atomic
def load_demo(*, city: City, stdout: TextIO | None = None) -> dict[str, int]:
    counts = {"sites": 0, "beds": 0, "buildings": 0}
    if Site.objects.filter(city=city, is_demo=True).exists():
        _write(stdout, "  shelters: demo already loaded")
        return counts
    coordinator = User.objects.filter(email=COORDINATOR).first()
    if coordinator is None:
        _write(stdout, "  shelters: no demo coordinator, nothing to load")
        return counts
    rng = random.Random(SEED)
    now = timezone.now()
    districts = {d.number: d for d in District.objects.filter(city=city)}
    paris = Departement.objects.filter(city=city, code="75").first()
    opened = dt.date(2015, 6, 15)
    sites: list[Site] = []
    for index, (name, number, operator_name, units) in enumerate(MUNICIPAL_SITES):
        operator = _org(city, operator_name)
        if operator is None:
            continue
        building = services.building_propose(
            city=city,
            acting_user=coordinator,
            name=name.replace("(démo)", "— bâtiment (démo)"),
            address=f"Paris {number}e (démo)",
            owner_kind=OwnerKind.MUNICIPAL,
            owner_name="Ville de Paris",
            district=districts.get(number),
            departement=paris,
            estimated_places=sum(u[3] for u in units),
            available_from=opened,
            is_demo=True,
        )
        services.building_advance(
            building=building, to_stage=BuildingStage.ASSESSED, acting_user=coordinator, note="Visite technique (démo)"
        )
        services.building_advance(
            building=building,
            to_stage=BuildingStage.WORKS,
            acting_user=coordinator,
            note="Mise aux normes en urgence (démo)",
        )
        services.building_advance(
            building=building,
            to_stage=BuildingStage.OPEN,
            acting_user=coordinator,
            operator=operator,
            site_name=name,
            note="Ouverture (démo)",
        )
        site = Site.objects.get(building=building)
        Site.objects.filter(pk=site.pk).update(
            opened_on=opened + dt.timedelta(days=12 * index), services="Repas, douches, accompagnement social (démo)"
        )
        for unit_name, household_type, audiences, beds, private in units:
            services.unit_create(
                site=site,
                acting_user=coordinator,
                name=unit_name,
                household_type=household_type,
                audiences=audiences,
                beds=beds,
                is_private=private,
                step_free=index % 3 == 0,
            )
        sites.append(site)
    # Commitment 2: the 50-place centre for pregnant women and women with children (family rooms).
    name, number, operator_name = WOMEN_CENTRE
    operator = _org(city, operator_name)
    if operator is not None:
        women = services.site_create(
            city=city,
            acting_user=coordinator,
            operator=operator,
            name=name,
            district=districts.get(number),
            departement=paris,
            step_free=True,
            services="Suivi PMI, repas mères et enfants (démo)",
            opened_on=dt.date(2015, 10, 26),
            is_demo=True,
        )
        for room in range(1, 13):
            services.unit_create(
                site=women,
                acting_user=coordinator,
                name=f"Chambre {room}",
                household_type=HouseholdType.ADULTS_WITH_CHILDREN,
                audiences=[Audience.WOMEN_WITH_CHILDREN],
                beds=4 if room <= 11 else 6,
                is_private=True,
                step_free=True,
            )
        sites.append(women)
    for site in sites:
        _occupy(site, 0.85, rng, now)
    for index, site in enumerate(sites):
        _history(site, rng, now, stale=index in (1, 6))
    # The reception centres of each département, as in the plan's table (places = per 1,000 × population).
    state = _org(city, "État")
    if state is not None:
        for dep in Departement.objects.filter(city=city).order_by("code"):
            if not dep.population or dep.places_per_1000 is None:
                continue
            places = int((dep.places_per_1000 * dep.population / 1000).quantize(Decimal(1)))
            site = services.site_create(
                city=city,
                acting_user=coordinator,
                operator=state,
                departement=dep,
                name=f"Hébergement d'urgence, CHRS et CADA — {dep.name} (agrégé, démo)",
                district=None,
                opened_on=dt.date(2015, 1, 1),
                is_demo=True,
            )
            for block, start in enumerate(range(0, places, 500), start=1):
                services.unit_create(
                    site=site,
                    acting_user=coordinator,
                    name=f"Places agrégées {block}",
                    household_type=HouseholdType.ADULTS_ONLY,
                    audiences=[Audience.MEN_ALONE, Audience.WOMEN_ALONE, Audience.FAMILIES],
                    reception=Reception.PREFERENTIAL,
                    beds=min(500, places - start),
                )
            _occupy(site, 0.97, rng, now)
            _history(site, rng, now, stale=False)
            counts["sites"] += 1
    # Buildings still in the pipeline.
    for name, number, owner_kind, owner_name, stage, places in PIPELINE:
        building = services.building_propose(
            city=city,
            acting_user=coordinator,
            name=name,
            address=f"Paris {number}e (démo)",
            owner_kind=owner_kind,
            owner_name=owner_name,
            district=districts.get(number),
            departement=paris,
            estimated_places=places,
            kind=BuildingKind.LAND if "Terrain" in name else BuildingKind.BUILDING,
            works_needed="Sanitaires, chauffage, mise en sécurité (démo)",
            is_demo=True,
        )
        path = [BuildingStage.ASSESSED, BuildingStage.WORKS]
        for step in path[: [BuildingStage.IDENTIFIED, BuildingStage.ASSESSED, BuildingStage.WORKS].index(stage)]:
            services.building_advance(building=building, to_stage=step, acting_user=coordinator, note="(démo)")
        counts["buildings"] += 1
    # A few households on their way: reservations held by a referring partner.
    samu = _org(city, "Samu Social")
    partner = User.objects.filter(memberships__organisation=samu).first() if samu else None
    if samu is not None and partner is None:
        partner = coordinator
        from accueil.organisations.models import Membership

        Membership.objects.get_or_create(organisation=samu, user=coordinator, defaults={"role": "member"})
    if samu is not None and partner is not None and sites:
        for audience, site in (
            (Audience.MEN_ALONE, sites[0]),
            (Audience.WOMEN_ALONE, sites[1]),
            (Audience.YOUNG_AWAITING_ASSESSMENT, sites[2]),
        ):
            request = services.place_request_create(
                organisation=samu, acting_user=partner, audience=audience, is_demo=True
            )
            with contextlib.suppress(Refused):  # a full demo site simply keeps its request open
                services.reservation_create(place_request=request, site=site, acting_user=partner, hold_hours=4)
    _indicators(city)
    counts["sites"] += len(sites)
    counts["beds"] = Bed.objects.filter(city=city, is_demo=True).count()
    _write(
        stdout,
        f"  shelters: {counts['sites']} sites, {counts['beds']} beds, {counts['buildings']} buildings in the pipeline",
    )
    return counts


def _indicators(city: City) -> None:
    from accueil.plan import sources
    from accueil.plan.models import Commitment, Indicator, IndicatorSource

    commitments = {c.number: c for c in Commitment.objects.filter(city=city)}
    for number, key, name_fr, _name_en, unit, target in LIVE_INDICATORS:
        if key in sources.SOURCES and number in commitments:
            Indicator.objects.get_or_create(
                city=city,
                commitment=commitments[number],
                computed_source=key,
                defaults={
                    "name": name_fr,
                    "unit": unit,
                    "baseline": Decimal(0),
                    "target": Decimal(target),
                    "source": IndicatorSource.COMPUTED,
                    "is_demo": True,
                },
            )
