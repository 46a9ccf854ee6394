"""Learning at city scale.

- ``--part engine``: 10,000 waiting learners and 1,500 classes with free places, in memory; times
  ``accueil.learning.placement.place`` (screen every pair with the hard rules, vectorised per class, then the
  exact min-cost flow of the matching engine). Target ≤ 5 s. Prints the eligible pairs, the objective and checks
  every proposal against the readable rule. No database.
- ``--part search``: 5,000 published classes in the database (seven kinds, six levels, twenty districts);
  times ``GET /fr/learning/`` with a filter drawn at random (kind, level, district, day, childcare, free, places
  left; p50 / p95 / max over the runs), page rendered included. Target p95 ≤ 30 ms.

    .venv/bin/python bench/learning_bench.py --part engine
    .venv/bin/python bench/learning_bench.py --part search --database-url sqlite:////tmp/accueil_learning_bench.sqlite3
    .venv/bin/python bench/learning_bench.py --part search --database-url postgres://postgres@127.0.0.1:PORT/accueil_learning_bench
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

KINDS = ["french", "french", "french", "literacy", "french_for_work", "university", "homework", "vocational"]


def engine(args: argparse.Namespace) -> None:
    from accueil.learning.placement import ClassFacts, LearnerFacts, place, suitable

    rng = random.Random(2016)
    districts = [(48.83 + rng.random() * 0.06, 2.28 + rng.random() * 0.13) for _ in range(20)]
    courses = []
    for i in range(args.classes):
        required = rng.choice((0, 0, 0, 1, 1, 2, 3, 4))
        lat, lon = rng.choice(districts)
        courses.append(
            ClassFacts(
                id=i,
                kind=rng.choice(KINDS),
                level_required=required,
                level_reached=min(5, required + 1),
                days=rng.choice((1 | 4, 2 | 8, 16, 32, 1 | 2 | 4 | 8 | 16)),
                period=rng.choice((1, 2, 4)),
                childcare=rng.random() < 0.3,
                women_only=rng.random() < 0.15,
                cost=0 if rng.random() < 0.85 else 60,
                latitude=lat,
                longitude=lon,
                free=rng.randint(1, 12),
            )
        )
    learners = []
    for j in range(args.learners):
        lat, lon = rng.choice(districts)
        learners.append(
            LearnerFacts(
                id=j,
                kind=rng.choice(KINDS),
                level=rng.choice((0, 0, 0, 1, 1, 2, 3, 4)),
                days=rng.choice((127, 127, 1 | 2 | 4 | 8 | 16, 1 | 4 | 16, 32 | 64)),
                periods=rng.choice((7, 7, 1, 4, 3)),
                needs_childcare=rng.random() < 0.15,
                women_only=rng.choice(("no", "no", "accept", "only")),
                free_only=rng.random() < 0.8,
                latitude=lat,
                longitude=lon,
                max_km=rng.choice((5.0, 8.0, 12.0, 20.0)),
                weeks_waited=rng.random() * 40,
            )
        )
    times, cpu = [], []
    result = None
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = place(courses, learners)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert result is not None
    by_id = {c.id: c for c in courses}
    people = {x.id: x for x in learners}
    assert all(suitable(by_id[p.course], people[p.learner]) for p in result.proposals)
    print(
        f"engine: {args.learners} learners × {args.classes} classes, {result.eligible_pairs} eligible pairs, "
        f"{len(result.proposals)} placed, objective {result.objective:.3f}"
    )
    print(f"  wall time: best {min(times):.2f} s, median {statistics.median(times):.2f} s, worst {max(times):.2f} s")
    print(
        f"  CPU time: best {min(cpu):.2f} s, median {statistics.median(cpu):.2f} s, worst {max(cpu):.2f} s; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


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


def _courses(args: argparse.Namespace, city, districts, rng: random.Random) -> list:  # type: ignore[no-untyped-def]
    from accueil.learning.models import Course
    from accueil.organisations.models import Organisation, Verification

    organisations = [
        Organisation.objects.create(
            city=city, name=f"Partenaire {n}", slug=f"partenaire-{n}", verification=Verification.VERIFIED
        )
        for n in range(60)
    ]
    today = dt.date.today()
    rows = []
    for i in range(args.courses):
        required = rng.choice((0, 0, 0, 1, 1, 2, 3, 4))
        places = rng.randint(8, 25)
        start = rng.choice((9, 10, 14, 18))
        first = today - dt.timedelta(days=rng.randint(0, 60))
        rows.append(
            Course(
                city=city,
                organisation=rng.choice(organisations),
                title=f"Cours {i} niveau {required}",
                kind=rng.choice(KINDS),
                level_required=required,
                level_reached=min(5, required + 1),
                days=rng.choice((1 | 4, 2 | 8, 16, 32, 1 | 2 | 4 | 8 | 16)),
                starts_at=dt.time(start),
                ends_at=dt.time(start + 2),
                start_date=first,
                end_date=first + dt.timedelta(days=rng.randint(30, 250)),
                address=f"{i} rue de Paris",
                district=rng.choice(districts),
                places=places,
                places_taken=rng.randint(0, places),
                childcare=rng.random() < 0.3,
                women_only=rng.random() < 0.15,
                cost_eur=0 if rng.random() < 0.85 else 60,
            )
        )
    return rows


def search(args: argparse.Namespace) -> None:
    if not args.reuse:
        recreate_database(args.database_url)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    from accueil.learning.models import Course
    from accueil.territories import demo as territories_demo

    rng = random.Random(2016)
    city = territories_demo.load_demo()
    districts = list(city.districts.order_by("number"))
    if args.reuse and Course.objects.filter(city=city).count() == args.courses:
        rows: list[Course] = []
    else:
        rows = _courses(args, city, districts, rng)
    Course.objects.bulk_create(rows, batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client()

    def query() -> dict[str, str]:
        q: dict[str, str] = {}
        if rng.random() < 0.7:
            q["kind"] = rng.choice(KINDS)
        if rng.random() < 0.7:
            q["level"] = str(rng.randint(0, 4))
        if rng.random() < 0.5:
            q["district"] = str(rng.choice(districts).number)
        if rng.random() < 0.3:
            q["day"] = str(rng.choice((1, 2, 4, 8, 16, 32)))
        if rng.random() < 0.2:
            q["childcare"] = "on"
        if rng.random() < 0.3:
            q["free"] = "on"
        if rng.random() < 0.4:
            q["with_places"] = "on"
        return q

    for _ in range(10):
        assert client.get("/fr/learning/", query()).status_code == 200
    times, cpu = [], []
    for _ in range(args.runs):
        q = query()
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get("/fr/learning/", q)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200

    def p95(values: list[float]) -> float:
        return sorted(values)[int(0.95 * len(values)) - 1]

    print(
        f"search ({connection.vendor}, {args.courses} classes, {args.runs} requests): "
        f"wall p50 {statistics.median(times):.1f} ms, p95 {p95(times):.1f} ms, max {max(times):.1f} ms; "
        f"CPU p50 {statistics.median(cpu):.1f} ms, p95 {p95(cpu):.1f} ms; load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=("engine", "search"), required=True)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--classes", type=int, default=1_500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--courses", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--database-url", default="sqlite:////tmp/accueil_learning_bench.sqlite3")
    parser.add_argument("--reuse", action="store_true", help="keep a database filled by an earlier run")
    args = parser.parse_args()
    if args.part == "engine":
        engine(args)
    else:
        search(args)


if __name__ == "__main__":
    main()
