"""Accueil beside Volunteer Planner (coders4help/volunteer_planner, commit f5cbd8d) on one PostgreSQL cluster, in
one run, on loopback only.

What each side gets (comparable data): one organisation and place, 500 volunteers each with a session in the
database (session + CSRF cookies), fresh 50-place shifts for the bursts, and one day of 25 shifts of 10 places,
five of them taken on each. Both servers run gunicorn with sync workers; Volunteer Planner with persistent
database connections (``CONN_MAX_AGE=60``, its best setting; ``--peer-conn-max-age 0`` for as shipped).

Each round, for each side in turn (alternating, so that load from elsewhere hits both alike):

1. burst at 2 and at 10 workers: 500 volunteers released together sign up for one fresh 50-place shift
   (Accueil: ``POST /api/v1/shifts/{id}/signups``; the peer: its day page's join form). Accepted places are
   counted in the database afterwards; requests/s is 500 ÷ the burst's wall-clock time;
2. the day page (25 shifts) for a signed-in volunteer, ``--page-requests`` requests with concurrency 10, on the
   10-worker server: requests/s, p95, bytes;
3. server CPU per request from the operating system's accounting: utime + stime in ``/proc/<pid>/stat`` of the
   gunicorn processes and of the PostgreSQL backends (with the exited ones the postmaster reaped), read before
   and after each phase.

The peer's code is never part of this project: check it out into /tmp and give its folder and a virtualenv with
its requirements (Python 3.11)::

    git clone <its repository> /tmp/peer && git -C /tmp/peer checkout -q f5cbd8d
    python3 -m venv /tmp/peer-venv && /tmp/peer-venv/bin/pip install -r /tmp/peer/requirements/base.txt \\
        psycopg2-binary==2.9.6 gunicorn==21.2.0
    .venv/bin/python bench/peer_compare.py --database-url postgres://postgres@127.0.0.1:PORT/postgres \\
        --peer-source /tmp/peer --peer-python /tmp/peer-venv/bin/python --rounds 3

It writes one settings file into the peer's checkout (``volunteer_planner/settings/bench_accueil.py``).
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
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import signup_surge  # noqa: E402

HOST = "127.0.0.1"
VOLUNTEERS = 500
BURST_CAPACITY = 50
DAY_SHIFTS = 25
DAY_TAKEN = 5
PAGE_CONCURRENCY = 10
WORKER_COUNTS = (2, 10)
# Both sides alike: the application imported once before the workers fork (on a loaded machine ten workers each
# importing it time out while booting) and a long worker timeout.
GUNICORN_OPTIONS = ("--preload", "--timeout", "300")
MAX_BURSTS = 40  # fresh 50-place shifts prepared on each side, used up two per round and side
TICKS = os.sysconf("SC_CLK_TCK")

PEER_SETTINGS = '''"""Written by Accueil's bench/peer_compare.py: PostgreSQL, no debug, memory cache."""
import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "bench-only"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ["PEER_DB_HOST"],
        "PORT": os.environ["PEER_DB_PORT"],
        "NAME": os.environ["PEER_DB_NAME"],
        "USER": os.environ["PEER_DB_USER"],
        "CONN_MAX_AGE": int(os.environ.get("PEER_CONN_MAX_AGE", "60")),
    }
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STATICFILES_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"
LOGGING = {"version": 1, "disable_existing_loggers": False}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
'''

# Runs inside the peer's checkout with the peer's interpreter; prints what the client needs as JSON.
PEER_PREPARE = r"""
import datetime as dt, json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.utils import timezone
from accounts.models import UserAccount
from organizations.models import Facility, Organization, Task, Workplace
from places.models import Area, Country, Place, Region
from scheduler.models import Shift, ShiftHelper

volunteers, bursts, capacity, day_shifts, day_taken = map(int, sys.argv[1:6])
call_command("migrate", verbosity=0, interactive=False)
country = Country.objects.create(name="France", slug="france")
region = Region.objects.create(name="Ile-de-France", slug="idf", country=country)
area = Area.objects.create(name="Paris", slug="paris", region=region)
place = Place.objects.create(name="Paris 11", slug="paris-11", area=area)
organization = Organization.objects.create(name="Surge association", slug="surge")
facility = Facility.objects.create(organization=organization, name="Surge", slug="surge", place=place)
task = Task.objects.create(facility=facility, name="Collecte")
workplace = Workplace.objects.create(facility=facility, name="Entrepot")
start = timezone.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=2)
burst_day = start.date()
burst_shifts = [
    Shift.objects.create(
        facility=facility, task=task, workplace=workplace, slots=capacity,
        starting_time=start + dt.timedelta(minutes=20 * k), ending_time=start + dt.timedelta(minutes=20 * k + 15),
    )
    for k in range(bursts)
]
day = (start + dt.timedelta(days=3)).replace(hour=6)
shifts = [
    Shift.objects.create(
        facility=facility, task=task, workplace=workplace, slots=10,
        starting_time=day + dt.timedelta(minutes=30 * i), ending_time=day + dt.timedelta(minutes=30 * i + 25),
    )
    for i in range(day_shifts)
]
users = User.objects.bulk_create(
    User(username=f"surge{i:04d}", email=f"surge{i:04d}@example.invalid", password="!") for i in range(volunteers)
)
accounts = UserAccount.objects.bulk_create(UserAccount(user=u) for u in users)
ShiftHelper.objects.bulk_create(
    ShiftHelper(user_account=accounts[i * day_taken + j], shift=s)
    for i, s in enumerate(shifts) for j in range(day_taken)
)
backend = settings.AUTHENTICATION_BACKENDS[0]
clients = []
for user in users:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    clients.append({"session": session.session_key, "csrf": "c" * 32})
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
local = timezone.localtime(start)
localday = timezone.localtime(day)
print(json.dumps({
    "bursts": [s.pk for s in burst_shifts],
    "burst_path": f"/helpdesk/surge/shifts/{local.year}/{local.month}/{local.day}/",
    "day_path": f"/helpdesk/surge/shifts/{localday.year}/{localday.month}/{localday.day}/",
    "clients": clients,
}))
"""


# --- Set-up ----------------------------------------------------------------------------------------------------------


def prepare_accueil(url: str, bursts: int) -> dict:
    """The surge benchmark's data (volunteers with sessions, fresh 50-place shifts) and one day of 25 shifts."""
    data = signup_surge.prepare(url)
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the day page links the hashed static files
    from django.db import connection
    from django.utils import timezone

    from accueil.volunteering.models import Mission, Shift, Signup

    burst_mission = Mission.objects.get(pk=Shift.objects.get(pk=data["burst"]).mission_id)
    later = (timezone.now() + dt.timedelta(days=60)).replace(minute=0, second=0, microsecond=0)
    extra = Shift.objects.bulk_create(
        Shift(
            city=burst_mission.city,
            mission=burst_mission,
            starts_at=later + dt.timedelta(hours=3 * k),
            ends_at=later + dt.timedelta(hours=3 * k + 2),
            capacity=BURST_CAPACITY,
            is_demo=True,
        )
        for k in range(bursts)
    )
    mission = Mission.objects.create(
        city=burst_mission.city,
        organisation=burst_mission.organisation,
        title="Tri des dons (démo)",
        description="Une journée de tri au dépôt.",
        address="12 rue de la Roquette, 75011 Paris",
        category="logistics",
        status="published",
        acceptance="auto",
        is_demo=True,
    )
    day = (timezone.now() + dt.timedelta(days=40)).replace(hour=6, minute=0, second=0, microsecond=0)
    shifts = Shift.objects.bulk_create(
        Shift(
            city=mission.city,
            mission=mission,
            starts_at=day + dt.timedelta(minutes=30 * i),
            ends_at=day + dt.timedelta(minutes=30 * i + 25),
            capacity=10,
            accepted_count=DAY_TAKEN,
            is_demo=True,
        )
        for i in range(DAY_SHIFTS)
    )
    clients = data["clients"]
    Signup.objects.bulk_create(
        Signup(
            city=mission.city,
            shift=shift,
            volunteer_id=clients[100 + i * DAY_TAKEN + j]["user"],
            status="accepted",
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
            decided_at=timezone.now(),
            is_demo=True,
        )
        for i, shift in enumerate(shifts)
        for j in range(DAY_TAKEN)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    return {**data, "day_path": f"/fr/volunteering/missions/{mission.pk}/", "bursts": [s.pk for s in extra]}


def prepare_peer(args: argparse.Namespace, url: str, bursts: int) -> dict:
    source = Path(args.peer_source)
    (source / "volunteer_planner" / "settings" / "bench_accueil.py").write_text(PEER_SETTINGS)
    out = subprocess.run(
        [
            args.peer_python,
            "-c",
            PEER_PREPARE,
            str(VOLUNTEERS),
            str(bursts),
            str(BURST_CAPACITY),
            str(DAY_SHIFTS),
            str(DAY_TAKEN),
        ],
        cwd=source,
        env=peer_env(args, url),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def peer_env(args: argparse.Namespace, url: str) -> dict:
    parsed = urlparse(url)
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "volunteer_planner.settings.bench_accueil",
        "PEER_DB_HOST": parsed.hostname or HOST,
        "PEER_DB_PORT": str(parsed.port),
        "PEER_DB_NAME": parsed.path.lstrip("/"),
        "PEER_DB_USER": parsed.username or "postgres",
        "PEER_CONN_MAX_AGE": str(args.peer_conn_max_age),
        "PYTHONPATH": str(Path(args.peer_source)),
    }


def start_accueil(root: Path, url: str, port: int, workers: int) -> subprocess.Popen:
    """gunicorn (sync workers) on the checkout `root`, as bench/signup_surge.py starts it."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "ACCUEIL_DEFAULT_CITY": signup_surge.CITY_SLUG,
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_ALLOWED_HOSTS": HOST,
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
        "sync",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        *GUNICORN_OPTIONS,
    ]
    server = subprocess.Popen(command, cwd=root, env=env, start_new_session=True)
    wait_until_up(server, port, "/healthz")
    return server


def start_peer(args: argparse.Namespace, url: str, port: int, workers: int) -> subprocess.Popen:
    gunicorn = str(Path(args.peer_python).parent / "gunicorn")
    command = [
        gunicorn,
        "volunteer_planner.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        *GUNICORN_OPTIONS,
    ]
    server = subprocess.Popen(command, cwd=args.peer_source, env=peer_env(args, url), start_new_session=True)
    wait_until_up(server, port, "/")
    return server


def wait_until_up(server: subprocess.Popen, port: int, path: str) -> None:
    deadline = time.monotonic() + 180  # a loaded machine
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", path)
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    signup_surge.stop_server(server)
    raise SystemExit("server did not start within 180 s")


def free_port() -> int:
    probe = socket.socket()
    probe.bind((HOST, 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


# --- Operating system's accounting ------------------------------------------------------------------------------------


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def cpu_seconds(*, group: int, postmaster: int) -> float:
    """utime+stime of every process of the server's process group and of the database cluster, plus what their
    reaped children used (cutime+cstime of the gunicorn master and of the postmaster)."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat(int(entry))
        if fields is None:
            continue
        ppid, pgrp = int(fields[1]), int(fields[2])
        pid = int(entry)
        if pgrp == group or ppid == postmaster or pid == postmaster:
            total += int(fields[11]) + int(fields[12])
            if pid in (group, postmaster):
                total += int(fields[13]) + int(fields[14])
    return total / TICKS


def postmaster_pid(url: str) -> int:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        backend = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
    fields = _stat(backend)
    assert fields is not None
    return int(fields[1])


# --- Clients ---------------------------------------------------------------------------------------------------------


def accueil_sign_up(port: int, client: dict, shift_id: int) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        status, _body, _elapsed = signup_surge.sign_up(connection, client, shift_id)
    finally:
        connection.close()
    return status


def peer_sign_up(port: int, client: dict, shift_id: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    body = f"join_shift={shift_id}&csrfmiddlewaretoken={client['csrf']}".encode()
    connection.request(
        "POST",
        path,
        body=body,
        headers={
            "Cookie": f"sessionid={client['session']}; csrftoken={client['csrf']}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Host": f"{HOST}:{port}",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


def run_burst(send, clients: list[dict]) -> tuple[float, list[int]]:
    statuses = [0] * len(clients)
    barrier = threading.Barrier(len(clients))

    def run(index: int, client: dict) -> None:
        barrier.wait()
        try:
            statuses[index] = send(client)
        except (OSError, http.client.HTTPException):
            statuses[index] = 0

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, statuses


def run_page(port: int, path: str, client: dict, requests: int) -> dict:
    tasks: queue.Queue = queue.Queue()
    for _ in range(requests):
        tasks.put(None)
    latencies: list[float] = []
    sizes: list[int] = []
    failures = [0]
    lock = threading.Lock()
    headers = {"Cookie": f"sessionid={client['session']}; csrftoken={client['csrf']}", "Host": f"{HOST}:{port}"}

    def worker() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        while True:
            try:
                tasks.get_nowait()
            except queue.Empty:
                break
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                body = response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
                ok, body = False, b""
            with lock:
                latencies.append(time.perf_counter() - started)
                sizes.append(len(body))
                failures[0] += not ok
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(PAGE_CONCURRENCY)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "rate": requests / elapsed,
        "p95_ms": signup_surge.percentile(latencies, 0.95),
        "bytes": max(sizes) if sizes else 0,
        "failures": failures[0],
    }


def accepted_in_database(url: str, side: str, shift_id: int) -> int:
    import psycopg

    sql = (
        "SELECT count(*) FROM scheduler_shifthelper WHERE shift_id = %s"
        if side == "peer"
        else "SELECT count(*) FROM volunteering_signup WHERE shift_id = %s AND status = 'accepted'"
    )
    with psycopg.connect(url, autocommit=True) as connection:
        return int(connection.execute(sql, (shift_id,)).fetchone()[0])


# --- One side, one round ---------------------------------------------------------------------------------------------


def measure_side(args: argparse.Namespace, side: str, url: str, data: dict, postmaster: int, _round: int) -> dict:
    figures: dict[str, float] = {}
    for workers in WORKER_COUNTS:
        port = free_port()
        if side != "peer":
            server = start_accueil(args.roots[side], url, port, workers)
        else:
            server = start_peer(args, url, port, workers)
        try:
            shift_id = data["bursts"][data["next_burst"]]
            data["next_burst"] += 1
            if side != "peer":

                def send(client: dict, port: int = port, shift_id: int = shift_id) -> int:
                    return accueil_sign_up(port, client, shift_id)

            else:

                def send(client: dict, port: int = port, shift_id: int = shift_id) -> int:
                    return peer_sign_up(port, client, shift_id, data["burst_path"])

            before = cpu_seconds(group=server.pid, postmaster=postmaster)
            elapsed, statuses = run_burst(send, data["clients"])
            cpu = cpu_seconds(group=server.pid, postmaster=postmaster) - before
            good = 302 if side == "peer" else 201
            figures[f"burst{workers}_accepted"] = accepted_in_database(url, side, shift_id)
            figures[f"burst{workers}_errors"] = sum(s != good for s in statuses)
            figures[f"burst{workers}_rps"] = VOLUNTEERS / elapsed
            figures[f"burst{workers}_cpu_ms"] = cpu / VOLUNTEERS * 1000
            if workers == WORKER_COUNTS[-1]:
                run_page(port, data["day_path"], data["clients"][0], 50)  # warm-up: caches, connections
                before = cpu_seconds(group=server.pid, postmaster=postmaster)
                page = run_page(port, data["day_path"], data["clients"][0], args.page_requests)
                cpu = cpu_seconds(group=server.pid, postmaster=postmaster) - before
                figures["page_rps"] = page["rate"]
                figures["page_p95_ms"] = page["p95_ms"]
                figures["page_bytes"] = page["bytes"]
                figures["page_failures"] = page["failures"]
                figures["page_cpu_ms"] = cpu / args.page_requests * 1000
        finally:
            signup_surge.stop_server(server)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description="Accueil beside Volunteer Planner, in one run (loopback).")
    parser.add_argument("--database-url", required=True, help="any database URL of the PostgreSQL cluster to use")
    parser.add_argument("--peer-source", default="/tmp/peer")
    parser.add_argument("--peer-python", default="/tmp/peer-venv/bin/python")
    parser.add_argument("--peer-conn-max-age", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--page-requests", type=int, default=600)
    parser.add_argument(
        "--before", help="a checkout of an earlier Accueil commit, measured as a third side on the same data"
    )
    parser.add_argument(
        "--state", help="JSON file: written after preparing; when it exists, the data it names is used again"
    )
    args = parser.parse_args()
    if not 1 <= args.rounds <= 5:
        raise SystemExit("--rounds must be between 1 and 5")
    base = args.database_url.rsplit("/", 1)[0]
    accueil_url, peer_url = f"{base}/bench_accueil", f"{base}/bench_peer"
    sides = ["accueil", "peer"] if not args.before else ["before", "accueil", "peer"]
    args.roots = {"accueil": ROOT, "before": Path(args.before or ROOT).resolve()}
    state = Path(args.state) if args.state else None
    if state is not None and state.exists():
        accueil, peer = json.loads(state.read_text())
    else:
        signup_surge.recreate_database(accueil_url)
        signup_surge.recreate_database(peer_url)
        started = time.perf_counter()
        accueil = prepare_accueil(accueil_url, MAX_BURSTS)
        peer = prepare_peer(args, peer_url, MAX_BURSTS)
        accueil["next_burst"] = peer["next_burst"] = 0
        print(f"prepared both sides in {time.perf_counter() - started:.0f} s")
        if state is not None:
            state.write_text(json.dumps([accueil, peer]))
    needed = args.rounds * len(WORKER_COUNTS)
    if accueil["next_burst"] + needed * (len(sides) - 1) > MAX_BURSTS or peer["next_burst"] + needed > MAX_BURSTS:
        raise SystemExit("the prepared bursts are used up: run without --state (or with a new file)")
    postmaster = postmaster_pid(accueil_url)
    rows: list[tuple[str, int, dict]] = []
    for round_ in range(args.rounds):
        for side in sides:
            url, data = (peer_url, peer) if side == "peer" else (accueil_url, accueil)
            figures = measure_side(args, side, url, data, postmaster, round_)
            if state is not None:
                state.write_text(json.dumps([accueil, peer]))
            rows.append((side, round_ + 1, figures))
            print(side, round_ + 1, " ".join(f"{k}={v:.1f}" for k, v in figures.items()), flush=True)
    report(rows, args)


def report(rows: list[tuple[str, int, dict]], args: argparse.Namespace) -> None:
    labels = list(rows[0][2])
    print(
        f"\nmedians of {args.rounds} rounds (peer CONN_MAX_AGE={args.peer_conn_max_age}); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    sides = list(dict.fromkeys(s for s, _r, _f in rows))
    ours = [s for s in sides if s != "peer"]
    header = "".join(f"{s:>10}" for s in sides) + "".join(f"{s + '/peer':>14}" for s in ours)
    print(f"{'figure':<22}{header}")
    ok = True
    for label in labels:
        medians = {s: statistics.median(f[label] for side, _r, f in rows if side == s) for s in sides}
        ratios = "".join(f"{medians[s] / medians['peer'] if medians['peer'] else float('nan'):>14.2f}" for s in ours)
        print(f"{label:<22}" + "".join(f"{medians[s]:>10.1f}" for s in sides) + ratios)
    for side, round_, figures in rows:
        if side != "accueil":
            continue
        for workers in WORKER_COUNTS:
            if figures[f"burst{workers}_accepted"] != BURST_CAPACITY or figures[f"burst{workers}_errors"]:
                ok = False
                print(
                    f"round {round_}: Accueil accepted {figures[f'burst{workers}_accepted']:.0f} at {workers} "
                    f"workers with {figures[f'burst{workers}_errors']:.0f} errors"
                )
    peer_accepted = sorted({int(f[f"burst{w}_accepted"]) for s, _r, f in rows if s == "peer" for w in WORKER_COUNTS})
    print(f"peer accepted on 50 places: {peer_accepted}")
    print("correctness (Accueil exactly 50, no error):", "OK" if ok else "FAILED")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    main()
