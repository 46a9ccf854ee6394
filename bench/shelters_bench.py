"""Shelters and hosting at city scale.

- ``--part matching``: 5,000 waiting households, 3,000 verified hosting offers and 400 shelter units with free
  beds in the database; times ``accueil.hosting.services.matching_run`` end to end (read the facts from the
  database, screen every pair with the safeguarding rules, solve exactly with the matching engine, store the
  proposals with their reasons). Target ≤ 10 s. Prints the eligible pairs, the objective and checks each
  proposal against the plain rules.
- ``--part places``: 400 open sites with 30,000 beds (a fifth of them free) plus 3,000 hosting offers; times
  ``free_places_tonight`` for the whole city (p50 / p95 / max over 200 runs) and ``GET /fr/shelters/places/``
  for a coordinator. Target p95 ≤ 50 ms.

    .venv/bin/python bench/shelters_bench.py --database-url sqlite:////tmp/accueil_shelters_bench.sqlite3
    .venv/bin/python bench/shelters_bench.py --database-url postgres://postgres@127.0.0.1:PORT/accueil_shelters_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LANGS = ["fr", "en", "ar", "fa", "ps", "ti", "am", "so", "ur", "bn"]
COMPOSITIONS = [
    ("man_alone", 30),
    ("woman_alone", 15),
    ("woman_with_children", 15),
    ("couple", 10),
    ("family", 15),
    ("adults", 5),
    ("young_awaiting_assessment", 7),
    ("unaccompanied_minor", 3),
]


def recreate_database(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        path = Path(parsed.path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def base(rng: random.Random):  # type: ignore[no-untyped-def]
    from accueil.accounts.models import Role, RoleAssignment, User
    from accueil.languages.models import Language
    from accueil.organisations.models import Membership, Organisation
    from accueil.territories import demo as territories_demo

    city = territories_demo.load_demo()
    for code in LANGS:
        Language.objects.get_or_create(code=code, defaults={"name_en": code, "native_name": code})
    coordinator = User.objects.create_user("bench-coordinator@example.org", "x")
    RoleAssignment.objects.create(user=coordinator, city=city, role=Role.COORDINATOR)
    organisations = [
        Organisation.objects.create(
            city=city, name=f"Association {n}", slug=f"asso-{n}", type="association", verification="verified"
        )
        for n in range(30)
    ]
    Membership.objects.create(organisation=organisations[0], user=coordinator, role="admin")
    return city, coordinator, organisations


def make_sites(
    city,
    organisations,
    rng: random.Random,
    *,
    sites: int,
    beds_per_site: int,
    units_per_site: int,  # type: ignore[no-untyped-def]
    free_share: float,
) -> None:
    from django.utils import timezone

    from accueil.shelters.models import Bed, BedStatus, Site, Unit, audience_mask

    districts = list(city.districts.all())
    departement = city.departements.filter(code="75").first()
    now = timezone.now()
    site_rows = Site.objects.bulk_create(
        [
            Site(
                city=city,
                operator=organisations[n % len(organisations)],
                name=f"Site {n}",
                district=districts[n % len(districts)],
                departement=departement,
                last_confirmed_at=now - dt.timedelta(hours=rng.choice([2, 5, 30])),
            )
            for n in range(sites)
        ]
    )
    audiences = [
        ["men_alone"],
        ["women_alone"],
        ["families", "women_with_children"],
        ["women_with_children"],
        ["young_awaiting_assessment", "minors"],
        ["men_alone", "women_alone"],
    ]
    units = []
    for site in site_rows:
        for u in range(units_per_site):
            private = u % 2 == 1
            units.append(
                Unit(
                    city=city,
                    site=site,
                    name=f"U{u}",
                    household_type="adults_only",
                    audiences=audience_mask(rng.choice(audiences)),
                    reception="exclusive" if rng.random() < 0.9 else "preferential",
                    is_private=private,
                    step_free=rng.random() < 0.4,
                )
            )
    unit_rows = Unit.objects.bulk_create(units, batch_size=2000)
    per_unit = beds_per_site // units_per_site
    beds = []
    for unit in unit_rows:
        for b in range(per_unit):
            status = (
                BedStatus.AVAILABLE
                if rng.random() < free_share
                else rng.choice([BedStatus.OCCUPIED, BedStatus.OCCUPIED, BedStatus.RESERVED, BedStatus.OUT_OF_SERVICE])
            )
            beds.append(Bed(city=city, site_id=unit.site_id, unit=unit, label=str(b), status=status, blocked_reason=""))
    Bed.objects.bulk_create(beds, batch_size=5000)


def make_offers(city, organisations, rng: random.Random, *, count: int, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    from accueil.accounts.models import User
    from accueil.hosting.models import HostOffer, HostVerification, OfferStatus

    districts = list(city.districts.all())
    hosts = User.objects.bulk_create([User(email=f"host{n}@example.org") for n in range(count)], batch_size=2000)
    offers = []
    for n, host in enumerate(hosts):
        start = today + dt.timedelta(days=rng.randint(0, 570))
        men, women = rng.choice([(1, 0), (0, 1), (1, 1), (2, 0), (0, 2), (1, 2), (0, 0)])
        beds = rng.choice([1, 1, 2, 2, 3, 4])
        offers.append(
            HostOffer(
                city=city,
                host=host,
                verifier=organisations[n % len(organisations)],
                district=districts[n % len(districts)],
                address="x",
                rooms=1,
                beds=beds,
                resident_men=men,
                resident_women=women,
                resident_children=rng.choice([0, 0, 1, 2]),
                step_free=rng.random() < 0.3,
                accepts_guest_pets=rng.random() < 0.3,
                accepts_children=rng.random() < 0.8,
                accepts_men=rng.random() < 0.7,
                available_from=start,
                available_until=start + dt.timedelta(days=rng.randint(100, 120)),
                min_months=3,
                max_months=rng.randint(3, 12),
                status=OfferStatus.ACTIVE,
            )
        )
    rows = HostOffer.objects.bulk_create(offers, batch_size=2000)
    HostVerification.objects.bulk_create(
        [
            HostVerification(
                offer=o,
                organisation=o.verifier,
                identity_seen=True,
                visit_on=today,
                reference_checked=True,
                decision="verified",
            )
            for o in rows
        ],
        batch_size=2000,
    )
    through = HostOffer.languages.through
    through.objects.bulk_create(
        [through(hostoffer_id=o.pk, language_id=code) for o in rows for code in rng.sample(LANGS, rng.randint(1, 3))],
        batch_size=5000,
    )


def make_households(city, organisations, rng: random.Random, *, count: int, today: dt.date) -> None:  # type: ignore[no-untyped-def]
    from accueil.hosting.models import Household

    districts = list(city.districts.all())
    names, weights = zip(*COMPOSITIONS, strict=True)
    rows = []
    for n in range(count):
        comp = rng.choices(names, weights)[0]
        adults = {"couple": 2, "family": 2, "adults": rng.randint(2, 3)}.get(comp, 1)
        children = rng.randint(1, 3) if comp in ("woman_with_children", "family") else 0
        rows.append(
            Household(
                city=city,
                organisation=organisations[n % len(organisations)],
                reference=f"H{n}",
                composition=comp,
                adults=adults,
                children=children,
                step_free_needed=rng.random() < 0.08,
                has_pet=rng.random() < 0.05,
                pregnancy=rng.random() < 0.05,
                medical_needs=rng.random() < 0.1,
                services_district=rng.choice(districts),
                needed_from=today + dt.timedelta(days=rng.randint(0, 600)),
                months_needed=rng.randint(3, 12),
            )
        )
    households = Household.objects.bulk_create(rows, batch_size=2000)
    through = Household.languages.through
    through.objects.bulk_create(
        [
            through(household_id=h.pk, language_id=code)
            for h in households
            for code in rng.sample(LANGS, rng.randint(1, 2))
        ],
        batch_size=5000,
    )


def part_matching(url: str) -> None:
    recreate_database(url)
    setup_django(url)
    from django.db import connection
    from django.utils import timezone

    from accueil.hosting import services
    from accueil.hosting.edges import build_edges
    from accueil.hosting.models import Proposal
    from accueil.hosting.rules import offer_refusals, shelter_refusals

    rng = random.Random(2015)
    today = timezone.localdate()
    city, coordinator, organisations = base(rng)
    started = time.perf_counter()
    make_sites(city, organisations, rng, sites=100, beds_per_site=40, units_per_site=4, free_share=0.5)
    make_offers(city, organisations, rng, count=3000, today=today)
    make_households(city, organisations, rng, count=5000, today=today)
    print(f"loaded in {time.perf_counter() - started:.1f} s ({connection.vendor})")

    households, offers, units, distances = services.matching_facts(city=city)
    edges = build_edges(households=households, offers=offers, units=units, distance_millis=distances)
    print(
        f"{len(households)} households × {len(offers)} offers + {len(units)} shelter units: "
        f"{edges.count:,} eligible pairs"
    )

    times = []
    for run in range(3):
        Proposal.objects.all().delete()
        t0 = time.perf_counter()
        proposals = services.matching_run(city=city, acting_user=coordinator)
        times.append(time.perf_counter() - t0)
        print(f"  run {run + 1}: {times[-1]:.2f} s end to end, {len(proposals)} proposals")
    by_id_h = {h.id: h for h in households}
    by_id_o = {o.id: o for o in offers}
    by_id_u = {u.unit.unit_id: u for u in units}
    broken = 0
    for p in Proposal.objects.all():
        h = by_id_h[p.household_id]
        if p.offer_id:
            broken += bool(offer_refusals(h, by_id_o[p.offer_id]))
        else:
            broken += bool(shelter_refusals(h, by_id_u[p.unit_id]))
    print(
        f"matching end to end: min {min(times):.2f} s, median {statistics.median(times):.2f} s "
        f"(target ≤ 10 s); proposals breaking a hard rule: {broken}"
    )


def part_places(url: str) -> None:
    recreate_database(url)
    setup_django(url)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accueil.shelters.selectors import free_places_tonight, places_summary

    rng = random.Random(2015)
    today = timezone.localdate()
    city, coordinator, organisations = base(rng)
    make_sites(city, organisations, rng, sites=400, beds_per_site=75, units_per_site=5, free_share=0.2)
    make_offers(city, organisations, rng, count=3000, today=today - dt.timedelta(days=400))
    from accueil.shelters.models import Bed

    if connection.vendor == "postgresql":  # as autovacuum would after a load: statistics and visibility map
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"{Bed.objects.count():,} beds on 400 sites ({connection.vendor})")
    samples, cpu = [], []
    for _ in range(200):
        t0, c0 = time.perf_counter(), time.process_time()
        summary = places_summary(free_places_tonight(city=city))
        samples.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    samples.sort()
    cpu.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(
        f"free places tonight: {summary.total:,} free; wall p50 {statistics.median(samples):.1f} ms, "
        f"p95 {p95:.1f} ms, max {samples[-1]:.1f} ms; CPU p50 {statistics.median(cpu):.1f} ms, "
        f"p95 {cpu[int(len(cpu) * 0.95) - 1]:.1f} ms (target p95 ≤ 50 ms); load average {os.getloadavg()[0]:.1f}"
    )
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=coordinator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client = Client(HTTP_HOST="localhost")
    client.force_login(coordinator)
    session = client.session
    session["mfa_authenticated"] = True  # the coordinator role needs two-factor: mark this session as verified
    session.save()
    page = []
    for _ in range(50):
        t0 = time.perf_counter()
        response = client.get("/fr/shelters/places/")
        page.append((time.perf_counter() - t0) * 1000)
    page.sort()
    print(
        f"GET /fr/shelters/places/ (status {response.status_code}, {len(response.content) // 1024} KB): "
        f"p50 {statistics.median(page):.1f} ms, p95 {page[int(len(page) * 0.95) - 1]:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="sqlite:////tmp/accueil_shelters_bench.sqlite3")
    parser.add_argument("--part", choices=["matching", "places"], default="matching")
    args = parser.parse_args()
    if args.part == "matching":
        part_matching(args.database_url)
    else:
        part_places(args.database_url)


if __name__ == "__main__":
    main()
