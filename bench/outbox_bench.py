"""Benchmark: the outbox sender on the embedded SQLite database — does a batch block the site, and does a crash
repeat messages?

    .venv/bin/python bench/outbox_bench.py [--messages 100] [--send-ms 50]

On a fresh SQLite file (WAL, as the demo runs it), enqueues `--messages` emails and sends them through a fake
provider that takes `--send-ms` per message and writes each key it receives to a file. Two designs:

- `batch`: the whole batch in one transaction (the sender before ADR 0012);
- `claim`: claim, commit, send outside any transaction, record (`accueil.notifications.sender`).

For each: the longest wait of a concurrent writer (one small write every 20 ms during the batch), then a crash
test — a worker process killed (`os._exit`) after a third of the sends, a fresh worker run after the recovery
delay — and how many messages the provider received twice.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()


def install_fake_provider(received: Path, send_ms: int, die_after: int | None) -> None:
    from accueil.notifications import backends

    count = {"sent": 0}

    def send(self, message):  # type: ignore[no-untyped-def]
        time.sleep(send_ms / 1000)
        with received.open("a") as out:
            out.write(message.key + "\n")
        count["sent"] += 1
        if die_after is not None and count["sent"] >= die_after:
            os._exit(9)  # the worker is killed: no rollback handler, no record
        return message.key

    backends.EmailBackend.send = send  # type: ignore[method-assign]


def run_sender(design: str, limit: int) -> int:
    from django.db import transaction

    from accueil.notifications.sender import notifications_send_due

    if design == "batch":
        with transaction.atomic():
            return notifications_send_due(limit=limit)
    return notifications_send_due(limit=limit)


def child(args: argparse.Namespace) -> None:
    setup(Path(args.database))
    install_fake_provider(Path(args.received), args.send_ms, args.die_after)
    run_sender(args.design, args.messages)


def prepare(database: Path, messages: int) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from accueil.notifications.services import message_enqueue
    from accueil.territories.models import City

    city = City.objects.create(slug="bench", name="Bench", domain="bench.invalid", latitude="48.85", longitude="2.35")
    for index in range(messages):
        message_enqueue(city=city, address=f"p{index}@example.org", subject="S", body="B", kind="bench", key=str(index))


def measure(design: str, args: argparse.Namespace, workdir: Path) -> dict[str, float]:
    template = workdir / "template.sqlite3"
    database = workdir / f"{design}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{database}{suffix}").unlink()
    database.write_bytes(template.read_bytes())
    received = workdir / f"{design}.received"
    received.write_text("")

    # 1. A concurrent writer during a full batch.
    base = [sys.executable, __file__, "--child", "--database", str(database), "--design", design]
    base += ["--messages", str(args.messages), "--send-ms", str(args.send_ms), "--received", str(received)]
    waits: list[float] = []
    errors = 0
    worker = subprocess.Popen(base)
    stop = threading.Event()

    def writer() -> None:
        nonlocal errors
        import sqlite3

        connection = sqlite3.connect(database, timeout=20, isolation_level=None)
        index = 0
        while not stop.is_set():
            started = time.monotonic()
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute(
                    "INSERT INTO notifications_heartbeat (name, beat_at) VALUES (?, datetime('now'))", (f"w{index}",)
                )
                connection.execute("COMMIT")
            except sqlite3.OperationalError:
                errors += 1
                with contextlib.suppress(sqlite3.OperationalError):
                    connection.execute("ROLLBACK")
            waits.append(time.monotonic() - started)
            index += 1
            time.sleep(0.02)
        connection.close()

    thread = threading.Thread(target=writer)
    thread.start()
    batch_started = time.monotonic()
    worker.wait()
    batch_seconds = time.monotonic() - batch_started
    stop.set()
    thread.join()
    first_pass = len(received.read_text().split())

    # 2. The crash test, on a fresh copy: killed after a third, then a fresh worker after the recovery delay.
    database.write_bytes(template.read_bytes())
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{database}{suffix}").unlink()
    received.write_text("")
    subprocess.run([*base, "--die-after", str(max(args.messages // 3, 1))], check=False)
    import sqlite3

    with sqlite3.connect(database) as connection:  # the recovery delay has passed
        connection.execute("UPDATE notifications_message SET claimed_at = datetime('now', '-1 day')")
    subprocess.run(base, check=True)
    keys = received.read_text().split()
    return {
        "batch_seconds": round(batch_seconds, 2),
        "sent": first_pass,
        "longest_write_wait_seconds": round(max(waits, default=0.0), 3),
        "write_errors": errors,
        "crash_received": len(keys),
        "crash_duplicates": len(keys) - len(set(keys)),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100)
    parser.add_argument("--send-ms", type=int, default=50)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--database")
    parser.add_argument("--design", choices=["batch", "claim"], default="claim")
    parser.add_argument("--received")
    parser.add_argument("--die-after", type=int)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        setup(workdir / "template.sqlite3")
        prepare(workdir / "template.sqlite3", args.messages)
        from django.db import connection

        connection.close()
        for design in ("batch", "claim"):
            print(design, measure(design, args, workdir), flush=True)


if __name__ == "__main__":
    main()
