"""Server time of the public plan dashboard and the API (target: p95 ≤ 100 ms), and of the Council report PDF
(target ≤ 10 s), with 18 commitments, 300 indicators and 10 years of monthly values (36,000 values).

Builds a fresh database (SQLite file or a PostgreSQL database, recreated), loads one city with a plan of
4 cornerstones, 18 commitments, 90 measures (some with sub-results, some done or dropped), 300 manual
indicators with 120 monthly values each, plus 2 computed indicators, freezes a review, then times
``GET /fr/plan/`` and ``GET /api/v1/plan/commitments`` through Django's test client (the whole request:
middleware, queries, progress roll-up, SVG charts and template), and the PDF of the review.

    .venv/bin/python bench/plan_dashboard_bench.py --database-url sqlite:////tmp/accueil_plan_bench.sqlite3
    .venv/bin/python bench/plan_dashboard_bench.py \
        --database-url postgres://postgres@127.0.0.1:33867/accueil_plan_bench
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMITMENTS = 18
MEASURES = 90
INDICATORS = 300
MONTHS = 120


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
    # Test settings: plain static storage (no collectstatic manifest needed); DEBUG is off as in production.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def load(seed: int = 2015) -> object:
    from django.conf import settings

    from accueil.plan.models import (
        Commitment,
        Cornerstone,
        Indicator,
        IndicatorValue,
        Measure,
        MeasurePartner,
        Plan,
        Review,
        ReviewSnapshot,
        ReviewStatus,
    )
    from accueil.plan.snapshots import snapshot_build
    from accueil.territories.models import City

    rng = random.Random(seed)
    city = City.objects.create(
        slug=settings.ACCUEIL_DEFAULT_CITY, name="Paris", latitude="48.85660", longitude="2.35220"
    )
    plan = Plan.objects.create(city=city, title="Plan d'accueil (banc d'essai)")
    cornerstones = [Cornerstone.objects.create(city=city, plan=plan, number=n, title=f"Axe {n}") for n in range(1, 5)]
    commitments = [
        Commitment.objects.create(
            city=city,
            plan=plan,
            cornerstone=cornerstones[(n - 1) * 4 // COMMITMENTS],
            number=n,
            title=f"Engagement numéro {n} du plan d'accueil",
        )
        for n in range(1, COMMITMENTS + 1)
    ]
    measures: list[Measure] = []
    for n in range(MEASURES):
        commitment = commitments[n % COMMITMENTS]
        parent = next((m for m in measures if m.commitment_id == commitment.pk and m.parent_id is None), None)
        measures.append(
            Measure.objects.create(
                city=city,
                commitment=commitment,
                parent=parent if n % 7 == 0 else None,
                position=n,
                title=f"Mesure {n}",
                status=rng.choice(["planned", "in_progress", "in_progress", "done", "dropped"]),
                weight=rng.randint(1, 4),
            )
        )
        MeasurePartner.objects.create(city=city, commitment=commitment, measure=measures[-1], name=f"Partner {n}")
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                city=city,
                measure=measures[n % MEASURES],
                name=f"Indicateur {n}",
                unit="people",
                baseline=Decimal(0),
                target=Decimal(1000),
            )
            for n in range(INDICATORS)
        ]
    )
    for key in ("volunteering.volunteers_mobilised", "organisations.verified_partners"):
        Indicator.objects.create(
            city=city,
            commitment=commitments[10],
            name=key,
            source="computed",
            computed_source=key,
            baseline=Decimal(0),
            target=Decimal(100),
        )
    start = dt.date.today().replace(day=1)
    values = []
    for indicator in indicators:
        level = 0.0
        for month in range(MONTHS):
            year, index = divmod(start.month - 1 - month, 12)
            level += rng.uniform(0, 10)
            values.append(
                IndicatorValue(
                    city=city,
                    indicator=indicator,
                    date=dt.date(start.year + year, index + 1, 1),
                    value=Decimal(round(level, 2)),
                )
            )
    IndicatorValue.objects.bulk_create(values, batch_size=5000)
    review = Review.objects.create(city=city, plan=plan, held_on=start, title="Bench review")
    ReviewSnapshot.objects.create(review=review, taken_on=start, data=snapshot_build(plan=plan, on_date=start))
    Review.objects.filter(pk=review.pk).update(status=ReviewStatus.FROZEN)
    return review


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_get(client: object, path: str, runs: int) -> tuple[float, float, int]:
    client.get(path, HTTP_HOST="localhost")  # type: ignore[attr-defined]
    samples = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, HTTP_HOST="localhost")  # type: ignore[attr-defined]
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        size = len(response.content)
    return statistics.median(samples), percentile(samples, 0.95), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="sqlite:////tmp/accueil_plan_bench.sqlite3")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    recreate_database(args.database_url)
    setup_django(args.database_url)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accueil.plan import report
    from accueil.plan.models import IndicatorValue

    started = time.perf_counter()
    review = load()
    elapsed = time.perf_counter() - started
    print(f"loaded {IndicatorValue.objects.count():,} values in {elapsed:.1f} s ({connection.vendor})")
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        client.get("/fr/plan/", HTTP_HOST="localhost")
    print(f"dashboard queries: {len(queries)}")
    for path in ("/fr/plan/", "/api/v1/plan/commitments", "/fr/plan/commitments/11/"):
        p50, p95, size = time_get(client, path, args.runs)
        print(f"GET {path}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {size / 1024:.1f} KB uncompressed")
    started = time.perf_counter()
    pdf = report.report_pdf(review=review, language="fr", include_unpublished=True)  # type: ignore[arg-type]
    print(f"Council report PDF: {time.perf_counter() - started:.2f} s, {len(pdf) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
