"""`exclusive(name)`: an advisory lock held until the transaction ends — two holders of one name never overlap."""

from __future__ import annotations

import time

import pytest
from django.db import transaction

from accueil.core.locks import exclusive, lock_key
from accueil.testing.concurrency import run_together

HOLD = 0.5  # seconds each job keeps its lock


def test_lock_keys_are_stable_signed_64_bit_integers():
    assert lock_key("gaps_fill:1") == lock_key("gaps_fill:1")
    assert lock_key("gaps_fill:1") != lock_key("gaps_fill:2")
    assert all(-(2**63) <= lock_key(f"job:{n}") < 2**63 for n in range(100))
    assert lock_key("gaps_fill:1") == -3334775628477792509  # the same on every server and every run


def test_exclusive_needs_a_transaction():
    with pytest.raises(RuntimeError, match=r"transaction\.atomic"), exclusive("job"):
        pass


@pytest.mark.django_db
def test_exclusive_inside_a_transaction_runs_the_block():
    ran = []
    with transaction.atomic(), exclusive("job"):
        ran.append(True)
    assert ran == [True]


def job(name: str):
    """Hold `name` for HOLD seconds; return when the lock was held."""

    def run() -> tuple[float, float]:
        with transaction.atomic(), exclusive(name):
            start = time.monotonic()
            time.sleep(HOLD)
            return start, time.monotonic()

    return run


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_jobs_of_one_name_run_one_after_the_other(postgres_only):
    outcomes = run_together([job("gaps_fill:1"), job("gaps_fill:1")])
    assert outcomes.errors == []
    (first_start, first_end), (second_start, second_end) = sorted(outcomes.values)
    assert second_start >= first_end  # the second waited for the first transaction to end
    assert second_end - first_start >= 2 * HOLD


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_jobs_of_different_names_run_at_the_same_time(postgres_only):
    outcomes = run_together([job("gaps_fill:1"), job("gaps_fill:2")])
    assert outcomes.errors == []
    (_first_start, first_end), (second_start, _second_end) = sorted(outcomes.values)
    assert second_start < first_end


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_run_blocked_on_a_lock_fails_the_test_instead_of_hanging(postgres_only):
    started = time.monotonic()
    # The test holds the lock and never lets it go while the job waits for it.
    with (
        transaction.atomic(),
        exclusive("held-by-the-test"),
        pytest.raises(pytest.fail.Exception, match="still running after 2 s"),
    ):
        run_together([job("held-by-the-test")], timeout=2)
    assert time.monotonic() - started < 30
