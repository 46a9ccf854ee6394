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


@contextmanager
def key_share_rows() -> Iterator[None]:
    """Row locks taken by `select_for_update()` inside this block are `FOR KEY SHARE` on PostgreSQL.

    A key-share lock is shared with every other key-share lock and with plain updates of the row, and it waits for
    (and holds off) `FOR UPDATE`: many writers that only add rows pointing at the row (and take its counters with a
    conditional `UPDATE`) run side by side, while a writer that must see the row unchanged (`FOR UPDATE`) waits for
    them all. A read in read-committed that had to wait returns the row as the writer left it. Other databases keep
    `FOR UPDATE` (SQLite has one writer at a time anyway). Only this thread's connection is affected.
    """
    ops = connection.ops
    if connection.vendor != "postgresql":
        yield
        return
    plain = ops.for_update_sql

    def for_key_share_sql(**kwargs: object) -> str:
        return plain(**kwargs).replace("FOR UPDATE", "FOR KEY SHARE", 1)  # type: ignore[arg-type]

    ops.for_update_sql = for_key_share_sql  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        del ops.for_update_sql
