"""Sign-up surge over HTTP against PostgreSQL, on loopback only.

1. Recreates the PostgreSQL database given by ``--database-url`` (default: ``accueil_coord_surge`` on the
   test cluster), migrates it, loads one city, one published mission with automatic acceptance, a 50-place
   shift, 100 more shifts that never overlap, and 500 volunteers, each with a session created in the database
   (session cookie + CSRF cookie and header, as a browser sends them).
2. Starts gunicorn (``config.wsgi``, ``config.settings.local``) on 127.0.0.1 with ``--workers``/``--threads``.
3. Burst: 500 threads released together each POST ``/api/v1/shifts/{id}/signups`` on the 50-place shift.
   Asserts exactly 50 accepted, 450 waitlisted, 0 errors, no duplicate, ``accepted_count == 50``.
4. Sustained: 3,000 sign-ups (each volunteer on 6 of the 100 shifts) with ``--concurrency`` client threads
   on keep-alive connections; reports sign-ups per second and p50/p95/p99 latency (targets: ≥ 100/s and
   p99 ≤ 500 ms on 2 cores).
5. Stops gunicorn and exits (non-zero when an assertion fails).

    .venv/bin/python bench/signup_surge.py
    .venv/bin/python bench/signup_surge.py --workers 3 --threads 8 --concurrency 32
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
CITY_SLUG = "surge"
VOLUNTEERS = 500
BURST_CAPACITY = 50
SUSTAINED_SHIFTS = 100
SIGNUPS_PER_VOLUNTEER = 6
MAX_BURSTS = 10


def recreate_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"} or parsed.hostname not in {"127.0.0.1", "localhost"}:
        raise SystemExit("This benchmark only runs against a PostgreSQL server on 127.0.0.1.")
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare(url: str) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.middleware.csrf import _get_new_csrf_string
    from django.utils import timezone

    from accueil.accounts.models import User
    from accueil.organisations.models import Organisation
    from accueil.territories.models import City
    from accueil.volunteering.models import Mission, Shift, VolunteerProfile

    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)
    city = City.objects.create(slug=CITY_SLUG, name="Surge", latitude="48.85660", longitude="2.35220")
    organisation = Organisation.objects.create(
        city=city, name="Surge association", slug="surge", verification="verified"
    )
    mission = Mission.objects.create(
        city=city,
        organisation=organisation,
        title="Collecte (démo)",
        description="Benchmark",
        category="logistics",
        status="published",
        acceptance="auto",
        is_demo=True,
    )
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=2)
    burst = Shift.objects.create(
        city=city, mission=mission, starts_at=start, ends_at=start + dt.timedelta(hours=2), capacity=BURST_CAPACITY
    )
    # Further bursts (--bursts) each take a fresh 50-place shift, earlier than the first, never overlapping.
    extra_bursts = Shift.objects.bulk_create(
        Shift(
            city=city,
            mission=mission,
            starts_at=start - dt.timedelta(hours=3 * k),
            ends_at=start - dt.timedelta(hours=3 * k) + dt.timedelta(hours=2),
            capacity=BURST_CAPACITY,
            is_demo=True,
        )
        for k in range(1, MAX_BURSTS)
    )
    sustained = Shift.objects.bulk_create(
        Shift(
            city=city,
            mission=mission,
            starts_at=start + dt.timedelta(hours=3 * (i + 1)),
            ends_at=start + dt.timedelta(hours=3 * (i + 1) + 2),
            capacity=VOLUNTEERS,
            is_demo=True,
        )
        for i in range(SUSTAINED_SHIFTS)
    )
    users = User.objects.bulk_create(
        User(email=f"surge{i:04d}@demo.accueil.invalid", password="!", display_name=f"Surge {i}")  # noqa: S106
        for i in range(VOLUNTEERS)
    )
    VolunteerProfile.objects.bulk_create(
        VolunteerProfile(user=user, city=city, birth_year=1990, hours_per_month=100, is_demo=True) for user in users
    )
    backend = settings.AUTHENTICATION_BACKENDS[0]
    clients = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        clients.append({"session": session.session_key, "csrf": _get_new_csrf_string(), "user": user.pk})
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "burst": burst.pk,
        "bursts": [burst.pk, *(s.pk for s in extra_bursts)],
        "shifts": [s.pk for s in sustained],
        "clients": clients,
    }


def start_server(
    url: str, port: int, workers: int, threads: int, worker_class: str = "gthread", keep_alive: int = 30
) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "ACCUEIL_DEFAULT_CITY": CITY_SLUG,
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_ALLOWED_HOSTS": HOST,
        # Sessions read from memory (cached_db: written to the database too). A per-process memory cache is
        # acceptable here because no session ends during the run; production uses a shared cache (docs/deploy.md).
        "DJANGO_CACHE_BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "DJANGO_CACHE_LOCATION": "surge",
        "DJANGO_SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--backlog",
        "2048",
        "--keep-alive",
        str(keep_alive),
        "--log-level",
        "warning",
    ]
    probe = socket.socket()
    try:
        if probe.connect_ex((HOST, port)) == 0:
            raise SystemExit(f"port {port} is already in use: choose another with --port")
    finally:
        probe.close()
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not start within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def sign_up(connection: http.client.HTTPConnection, client: dict, shift_id: int) -> tuple[int, dict, float]:
    headers = {
        "Cookie": f"sessionid={client['session']}; csrftoken={client['csrf']}",
        "X-CSRFToken": client["csrf"],
        "Content-Type": "application/json",
        "Host": connection.host + f":{connection.port}",
    }
    started = time.perf_counter()
    connection.request("POST", f"/api/v1/shifts/{shift_id}/signups", body=b"{}", headers=headers)
    response = connection.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - started
    try:
        data = json.loads(body)
    except ValueError:
        data = {"raw": body[:200].decode("utf-8", "replace")}
    return response.status, data, elapsed


def burst(port: int, data: dict, shift_id: int | None = None) -> dict:
    shift_id = data["burst"] if shift_id is None else shift_id
    results: list[tuple[int, dict, float] | None] = [None] * len(data["clients"])
    barrier = threading.Barrier(len(data["clients"]))

    def run(index: int, client: dict) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        try:
            barrier.wait()
            results[index] = sign_up(connection, client, shift_id)
        except Exception as error:  # noqa: BLE001 - any failure is counted as an error
            results[index] = (0, {"error": repr(error)}, 0.0)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(data["clients"])]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    statuses = [r[1].get("status") if r and r[0] == 201 else None for r in results]
    errors = [r for r in results if not r or r[0] != 201]
    return {
        "elapsed": elapsed,
        "accepted": statuses.count("accepted"),
        "waitlisted": statuses.count("waitlisted"),
        "errors": len(errors),
        "error_sample": errors[:3],
        "latencies": sorted(r[2] for r in results if r),
    }


def sustained(port: int, data: dict, concurrency: int) -> dict:
    shifts, clients = data["shifts"], data["clients"]
    tasks: queue.Queue = queue.Queue()
    for round_ in range(SIGNUPS_PER_VOLUNTEER):
        for index, client in enumerate(clients):
            tasks.put((client, shifts[(index + round_ * 17) % len(shifts)]))
    latencies: list[float] = []
    failures: list[tuple] = []
    lock = threading.Lock()

    def worker() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        while True:
            try:
                client, shift_id = tasks.get_nowait()
            except queue.Empty:
                break
            try:
                status, body, elapsed = sign_up(connection, client, shift_id)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
                status, body, elapsed = 0, {"error": repr(error)}, 0.0
            with lock:
                latencies.append(elapsed)
                if status != 201 or body.get("status") != "accepted":
                    failures.append((status, body))
        connection.close()

    total = tasks.qsize()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "total": total,
        "elapsed": elapsed,
        "rate": total / elapsed,
        "failures": len(failures),
        "failure_sample": failures[:3],
        "latencies": sorted(latencies),
    }


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, max(0, round(share * len(values)) - 1))] * 1000 if values else 0.0


def check_database(data: dict, shift_id: int | None = None) -> dict:
    from django.db.models import Count

    from accueil.volunteering.models import Shift, Signup

    shift = Shift.objects.get(pk=data["burst"] if shift_id is None else shift_id)
    signups = Signup.objects.filter(shift=shift)
    duplicates = signups.values("volunteer_id").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {
        "accepted_count": shift.accepted_count,
        "rows": signups.count(),
        "accepted_rows": signups.filter(status="accepted").count(),
        "duplicates": duplicates,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Sign-up surge over HTTP against PostgreSQL (loopback).")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:33867/accueil_coord_surge")
    parser.add_argument("--port", type=int, default=18437)
    # 2 cores: one process per core (the interpreter lock), threads to overlap the database round trips.
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    parser.add_argument("--keep-alive", type=int, default=30)
    parser.add_argument("--bursts", type=int, default=1, help=f"bursts of {VOLUNTEERS}, each on a fresh shift")
    parser.add_argument("--bursts-only", action="store_true", help="skip the sustained run")
    args = parser.parse_args()
    if not 1 <= args.bursts <= MAX_BURSTS:
        raise SystemExit(f"--bursts must be between 1 and {MAX_BURSTS}")

    recreate_database(args.database_url)
    started = time.perf_counter()
    data = prepare(args.database_url)
    print(
        f"prepared {VOLUNTEERS} volunteers with sessions and {SUSTAINED_SHIFTS + 1} shifts in "
        f"{time.perf_counter() - started:.1f} s"
    )
    server = start_server(args.database_url, args.port, args.workers, args.threads, args.worker_class, args.keep_alive)
    ok = True
    try:
        for number, shift_id in enumerate(data["bursts"][: args.bursts], 1):
            ok &= report_burst(args, data, number, shift_id)
        if not args.bursts_only:
            ok &= report_sustained(args, data)
    finally:
        stop_server(server)
    print("correctness:", "OK" if ok else "FAILED")
    sys.exit(0 if ok else 1)


def report_burst(args: argparse.Namespace, data: dict, number: int, shift_id: int) -> bool:
    result = burst(args.port, data, shift_id)
    database = check_database(data, shift_id)
    lat = result["latencies"]
    print(
        f"burst {number} ({args.worker_class}, {args.workers} workers × {args.threads} threads, keep-alive "
        f"{args.keep_alive} s): {VOLUNTEERS} concurrent sign-ups on one {BURST_CAPACITY}-place shift "
        f"in {result['elapsed']:.2f} s: "
        f"{result['accepted']} accepted, {result['waitlisted']} waitlisted, {result['errors']} errors; "
        f"database: accepted_count={database['accepted_count']}, rows={database['rows']}, "
        f"duplicates={database['duplicates']}; latency p50={percentile(lat, 0.5):.0f} ms "
        f"p99={percentile(lat, 0.99):.0f} ms"
    )
    if result["errors"]:
        print("  error sample:", result["error_sample"])
    expected = (BURST_CAPACITY, VOLUNTEERS - BURST_CAPACITY, 0)
    return (result["accepted"], result["waitlisted"], result["errors"]) == expected and database == {
        "accepted_count": BURST_CAPACITY,
        "rows": VOLUNTEERS,
        "accepted_rows": BURST_CAPACITY,
        "duplicates": 0,
    }


def report_sustained(args: argparse.Namespace, data: dict) -> bool:
    run = sustained(args.port, data, args.concurrency)
    lat = run["latencies"]
    print(
        f"sustained: {run['total']} sign-ups over {SUSTAINED_SHIFTS} shifts, concurrency {args.concurrency}, "
        f"gunicorn {args.workers} workers × {args.threads} threads: {run['rate']:.0f} sign-ups/s; latency "
        f"p50={percentile(lat, 0.5):.0f} ms p95={percentile(lat, 0.95):.0f} ms p99={percentile(lat, 0.99):.0f} ms; "
        f"{run['failures']} failures"
    )
    if run["failures"]:
        print("  failure sample:", run["failure_sample"])
    targets = run["rate"] >= 100 and percentile(lat, 0.99) <= 500
    print(
        f"targets (>= 100/s, p99 <= 500 ms): {'met' if targets else 'MISSED'}; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    return run["failures"] == 0


if __name__ == "__main__":
    main()
