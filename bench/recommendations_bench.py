"""Latency of ``recommend_shifts`` for one volunteer among 20,000 open shifts (target: p95 ≤ 50 ms).

Builds a fresh database (SQLite file or a PostgreSQL database, recreated), loads one city with 20 districts,
2,500 published missions (10 % remote, a third requiring a language) and 20,000 shifts over the next
eight weeks, a volunteer with three districts, three evenings a week, Arabic and French, then times
``recommend_shifts(profile, limit=10)``.

    .venv/bin/python bench/recommendations_bench.py --database-url sqlite:////tmp/accueil_coord_bench.sqlite3
    .venv/bin/python bench/recommendations_bench.py \
        --database-url postgres://postgres@127.0.0.1:33867/accueil_coord_bench
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

SHIFTS = 20_000
MISSIONS = 2_500
DISTRICTS = 20


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
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def load(seed: int = 2015) -> object:
    from django.utils import timezone

    from accueil.accounts.models import User
    from accueil.organisations.models import Organisation
    from accueil.territories.models import City, District
    from accueil.volunteering.models import (
        Availability,
        Mission,
        MissionCategory,
        MissionLanguage,
        Shift,
        VolunteerLanguage,
        VolunteerProfile,
    )

    rng = random.Random(seed)
    city = City.objects.create(slug="bench", name="Bench", latitude="48.85660", longitude="2.35220")
    districts = District.objects.bulk_create(
        District(city=city, number=n, code=f"751{n:02d}", name=f"{n}e", latitude="48.8", longitude="2.3")
        for n in range(1, DISTRICTS + 1)
    )
    organisation = Organisation.objects.create(
        city=city, name="Bench association", slug="bench", verification="verified"
    )
    categories = list(MissionCategory.values)
    missions = Mission.objects.bulk_create(
        Mission(
            city=city,
            organisation=organisation,
            title=f"Mission {i}",
            description="Bench",
            category=rng.choice(categories),
            district=None if i % 10 == 0 else rng.choice(districts),
            remote=i % 10 == 0,
            status="published",
            is_demo=True,
        )
        for i in range(MISSIONS)
    )
    MissionLanguage.objects.bulk_create(
        MissionLanguage(mission=m, language_id=rng.choice(["ar", "ps", "ti", "fa", "en"]), min_level=rng.randint(2, 5))
        for i, m in enumerate(missions)
        if i % 3 == 0
    )
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    shifts = []
    for i in range(SHIFTS):
        start = now + dt.timedelta(days=rng.randint(1, 56), hours=rng.randint(0, 23))
        shifts.append(
            Shift(
                city=city,
                mission=missions[i % MISSIONS],
                starts_at=start,
                ends_at=start + dt.timedelta(hours=rng.choice([1, 2, 3])),
                capacity=rng.randint(1, 8),
                is_demo=True,
            )
        )
    Shift.objects.bulk_create(shifts, batch_size=2000)
    user = User.objects.create_user("bench-volunteer@demo.accueil.invalid", None)
    profile = VolunteerProfile.objects.create(
        user=user, city=city, birth_year=1985, hours_per_month=20, remote_ok=True, is_demo=True
    )
    profile.districts.set(districts[9:12])
    VolunteerLanguage.objects.bulk_create(
        [
            VolunteerLanguage(profile=profile, language_id="fr", level=7),
            VolunteerLanguage(profile=profile, language_id="ar", level=5),
        ]
    )
    Availability.objects.bulk_create(
        Availability(profile=profile, weekday=day, start_time=dt.time(17), end_time=dt.time(23)) for day in (0, 2, 5)
    )
    return profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/accueil_coord_bench.sqlite3")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.db import connection

    from accueil.volunteering.recommendations import recommend_shifts

    started = time.perf_counter()
    profile = load()
    with connection.cursor() as cursor:  # as autovacuum would after a bulk load
        cursor.execute("ANALYZE")
    print(f"loaded {SHIFTS} shifts in {time.perf_counter() - started:.1f} s ({connection.vendor})")
    for _ in range(5):
        results = recommend_shifts(profile, limit=10)
    timings, cpu = [], []
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        results = recommend_shifts(profile, limit=10)
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    timings.sort()
    cpu.sort()
    load_average = os.getloadavg()[0]
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"recommend_shifts: {len(results)} results, runs={args.runs}, p50={p50:.1f} ms, p95={p95:.1f} ms, "
        f"max={timings[-1]:.1f} ms"
    )
    print(
        f"CPU time of this process: p50={statistics.median(cpu):.1f} ms, p95={cpu[int(len(cpu) * 0.95) - 1]:.1f} ms; "
        f"load average {load_average:.1f} on {os.cpu_count()} cores"
    )
    print("target p95 <= 50 ms:", "met" if p95 <= 50 else "MISSED")


if __name__ == "__main__":
    main()
