"""Concurrency tests: callables released together on PostgreSQL, each on its own database connection.

    from accueil.testing.concurrency import run_together

    @pytest.mark.postgres
    @pytest.mark.django_db(transaction=True)
    def test_two_at_once(postgres_only, city):
        outcomes = run_together([lambda: services.x(...), lambda: services.x(...)])
        assert outcomes.errors == []
        assert sorted(outcomes.values) == [...]

Each callable runs in its own thread, so on its own connection (Django's connections are per thread), closed
when it returns. All threads wait at a barrier and start at the same moment. A run that does not finish within
`timeout` seconds (a deadlock, a lock never released) ends the other database sessions of the test database, so
that blocked threads raise, and fails the test instead of hanging the suite. What each callable returned or
raised is collected in the order the callables were given.

The `postgres_only` fixture (registered for the whole suite in the root `conftest.py`) skips a test on SQLite,
which has no row locks and serialises every writer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, connections

DEFAULT_TIMEOUT = 120.0  # seconds for the whole run, barrier included
GRACE = 10.0  # seconds left to blocked threads to notice their session ended


@dataclass(frozen=True)
class Outcome:
    """What one callable did: returned `value`, or raised `error`."""

    value: Any = None
    error: BaseException | None = None


class Outcomes(list[Outcome]):
    """The outcomes in the order the callables were given."""

    @property
    def values(self) -> list[Any]:
        """Each callable's return value (None for those that raised)."""
        return [outcome.value for outcome in self]

    @property
    def errors(self) -> list[BaseException]:
        """The exceptions raised, in order (empty when every callable returned)."""
        return [outcome.error for outcome in self if outcome.error is not None]

    def raised(self, kind: type[BaseException]) -> int:
        """How many callables raised an exception of this kind."""
        return sum(isinstance(outcome.error, kind) for outcome in self)


@pytest.fixture
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks, parallel transactions, exclusion constraints)")


def run_together(functions: Sequence[Callable[[], Any]], *, timeout: float = DEFAULT_TIMEOUT) -> Outcomes:
    """Run every callable in its own thread, all released at once; fail the test if they take over `timeout`."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    count = len(functions)
    outcomes: list[Outcome] = [Outcome(error=RuntimeError("did not run"))] * count
    barrier = threading.Barrier(count)

    def work(index: int, function: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=timeout)
            outcomes[index] = Outcome(value=function())
        except BaseException as exc:  # noqa: BLE001 — collected for the test's assertions
            outcomes[index] = Outcome(error=exc)
        finally:
            connections.close_all()  # this thread's connections only

    threads = [
        threading.Thread(target=work, args=(index, function), name=f"together-{index}", daemon=True)
        for index, function in enumerate(functions)
    ]
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    stuck = [thread.name for thread in threads if thread.is_alive()]
    if stuck:
        _end_other_sessions()
        for thread in threads:
            thread.join(GRACE)
        pytest.fail(f"{len(stuck)} of {count} parallel calls still running after {timeout:g} s: {', '.join(stuck)}")
    return Outcomes(outcomes)


def _end_other_sessions() -> None:
    """End every other session on the test database, so that threads blocked on a lock raise and finish."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
