"""Exclusive jobs across the whole deployment: a database advisory lock, never a row of another table.

`exclusive(name)` is a context manager to use inside a transaction: on PostgreSQL it takes
`pg_advisory_xact_lock(hash(name))`, released at commit or rollback; on SQLite (one writer at a time already) it
takes nothing. Two runs of the same job for the same city wait for each other; other writes never do.
Each app keeps its row locks in its own `locks.py`, with their order written at the top.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for `name` (the same on every server and every run)."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


@contextmanager
def exclusive(name: str) -> Iterator[None]:
    """Hold the advisory lock `name` until the surrounding transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("exclusive() must run inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name)])
    yield
