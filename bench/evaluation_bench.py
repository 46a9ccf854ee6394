"""Comparison of cities at scale: 50 cities × 3 frameworks × 4 published cycles.

The OECD checklist and the Eurocities charter are loaded from their data files, plus a third framework shaped
like the Intercultural Cities Index (14 weighted indicators of 4–5 questions, answers 0/50/100). Every city
answers every question of every framework for 4 cycles (2020, 2022, 2024, 2026), each cycle published with its
frozen scores (computed with the published rule, ``accueil.evaluation.scoring``). Then
``GET /<lang>/evaluation/compare/`` is timed with Django's test client (the whole stack: middleware, selectors,
chart, template), 200 requests per variant after a warm-up, wall-clock and CPU time. Target p95 ≤ 100 ms.
Also prints the page's weight (HTML compressed with gzip 6; the stylesheet adds about 6 KB).

    .venv/bin/python bench/evaluation_bench.py --database-url sqlite:////tmp/accueil_evaluation_bench.sqlite3
    .venv/bin/python bench/evaluation_bench.py --database-url postgres://postgres@127.0.0.1:PORT/accueil_evaluation_bench
"""

from __future__ import annotations

import argparse
import gzip
import json
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

CYCLES = (2020, 2022, 2024, 2026)


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


def icc_like() -> bytes:
    three = [
        {"code": c, "points": p, "texts": {"fr": {"label": c}}} for c, p in (("no", 0), ("partly", 50), ("yes", 100))
    ]
    blocks = []
    for b in range(4):
        objectives = []
        for i in range(14 // 4 + (1 if b < 14 % 4 else 0)):
            code = f"I{b}{i}"
            objectives.append(
                {
                    "code": code,
                    "weight": 1 + (i % 3),
                    "texts": {"fr": {"title": f"Indicateur {code}"}},
                    "questions": [
                        {"code": f"{code}.{q}", "options": "three", "texts": {"fr": {"title": f"Question {code}.{q}"}}}
                        for q in range(4 + i % 2)
                    ],
                }
            )
        blocks.append({"code": f"IB{b}", "texts": {"fr": {"title": f"Bloc {b}"}}, "objectives": objectives})
    data = {
        "key": "icc-like",
        "version": "bench",
        "publisher": "bench",
        "texts": {"fr": {"title": "Indice de type ICC (banc d'essai)"}},
        "options": {"three": three},
        "blocks": blocks,
    }
    return json.dumps(data).encode()


def load(rng: random.Random) -> list:  # type: ignore[type-arg]
    from django.db import transaction
    from django.utils import timezone

    from accueil.evaluation import scoring, selectors, services
    from accueil.evaluation.models import Answer, AnswerOption, Assessment, CityProfile, FrameworkNode, NodeScore
    from accueil.evaluation.shipped import load_shipped
    from accueil.territories.models import City

    frameworks = [*load_shipped(), services.framework_load(raw=icc_like(), acting_user=None)[0]]
    cities = [
        City.objects.create(
            slug=f"city-{n:02d}",
            name=f"Ville {n:02d}",
            population=rng.choice([180_000, 600_000, 1_500_000, 3_000_000]),
            latitude="48.85",
            longitude="2.35",
            domain=f"city-{n:02d}.bench.test",
        )
        for n in range(50)
    ]
    for city in cities:
        CityProfile.objects.create(city=city, foreign_born_percent=Decimal(rng.randint(5, 45)))
    now = timezone.now()
    with transaction.atomic():
        for framework in frameworks:
            questions = list(FrameworkNode.objects.filter(framework=framework, kind="question"))
            options = {q.pk: list(AnswerOption.objects.filter(question=q).order_by("position")) for q in questions}
            nodes = selectors.scoring_nodes(framework=framework)
            for city in cities:
                for cycle in CYCLES:
                    reviewer_city = cities[(cities.index(city) + 1) % len(cities)]
                    assessment = Assessment.objects.create(
                        city=city,
                        framework=framework,
                        cycle=cycle,
                        status="published",
                        submitted_at=now,
                        reviewed_at=now,
                        published_at=now,
                        reviewer_city=reviewer_city,
                        review_summary="bench",
                        score=Decimal(0),
                        reviewed_score=Decimal(0),
                    )
                    answers = []
                    points = {}
                    for q in questions:
                        option = rng.choice(options[q.pk])
                        answers.append(
                            Answer(city=city, assessment=assessment, question=q, option=option, justification="bench")
                        )
                        points[q.pk] = option.points
                    Answer.objects.bulk_create(answers)
                    stored = scoring.scores(nodes, points)
                    NodeScore.objects.bulk_create(
                        NodeScore(assessment=assessment, node_id=k, score=v, reviewed_score=v)
                        for k, v in stored.items()
                        if k is not None
                    )
                    Assessment.objects.filter(pk=assessment.pk).update(score=stored[None], reviewed_score=stored[None])
    return frameworks


def timed(client, url: str, runs: int) -> tuple[list[float], list[float], int, int]:  # type: ignore[no-untyped-def]
    for _ in range(10):
        client.get(url)
    wall, cpu = [], []
    size = zipped = 0
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        assert response.status_code == 200, response.status_code
        size = len(response.content)
        zipped = len(gzip.compress(response.content, compresslevel=6))
    return wall, cpu, size, zipped


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    recreate_database(args.database_url)
    setup_django(args.database_url)
    from django.test import Client

    from accueil.evaluation.models import Assessment, NodeScore

    rng = random.Random(2015)
    t0 = time.perf_counter()
    load(rng)
    print(
        f"loaded {Assessment.objects.count()} published cycles, {NodeScore.objects.count()} scores "
        f"in {time.perf_counter() - t0:.1f} s; load average {os.getloadavg()[0]:.1f}"
    )
    client = Client(HTTP_HOST="city-00.bench.test")
    variants = [
        ("OECD, blocks, latest cycle of each city", "/fr/evaluation/compare/?framework=oecd-checklist"),
        (
            "OECD, 12 objectives, cycle 2024, Arabic",
            "/ar/evaluation/compare/?framework=oecd-checklist&level=objective&cycle=2024&node=O8",
        ),
        (
            "ICC-like, 14 indicators, peer group",
            "/fr/evaluation/compare/?framework=icc-like&level=objective&size=large",
        ),
    ]
    print("| variant | wall p50 | wall p95 | CPU p50 | CPU p95 | HTML | gzip |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, url in variants:
        wall, cpu, size, zipped = timed(client, url, args.runs)
        print(
            f"| {label} | {statistics.median(wall):.1f} ms | {p95(wall):.1f} ms | "
            f"{statistics.median(cpu):.1f} ms | {p95(cpu):.1f} ms | {size / 1024:.1f} KB | {zipped / 1024:.1f} KB |"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
