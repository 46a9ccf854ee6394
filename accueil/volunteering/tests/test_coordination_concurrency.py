"""Two coordinators running "fill the gaps" at the same moment never propose the same place twice."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from accueil.accounts.models import Role
from accueil.testing.accounts_factories import user_with_role
from accueil.testing.coordination_factories import next_weekday, shift, volunteer
from accueil.volunteering import coordination
from accueil.volunteering.models import ShiftProposal


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks and parallel transactions")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_runs_propose_each_place_once(postgres_only, city):
    d1 = city.districts.get(number=1)
    monday = next_weekday(0, hour=10)
    shifts = [shift(city=city, starts_at=monday + dt.timedelta(hours=3 * i), district=d1, capacity=2) for i in range(3)]
    for _ in range(10):
        volunteer(city=city, districts=[d1], availability=[(0, dt.time(8), dt.time(22))])
    coordinators = [user_with_role(city=city, role=Role.COORDINATOR) for _ in range(4)]
    barrier = threading.Barrier(len(coordinators))
    counts, errors = [], []

    def run(user):
        try:
            barrier.wait()
            result = coordination.gaps_fill(city=city, acting_user=user, start=monday.date(), end=monday.date())
            counts.append(len(result.proposals))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(user,)) for user in coordinators]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(counts) == [0, 0, 0, 6]  # one run fills the 6 places; the others find nothing left
    assert ShiftProposal.objects.count() == 6
    for item in shifts:
        assert ShiftProposal.objects.filter(shift=item).count() == 2
    assert ShiftProposal.objects.values("volunteer").distinct().count() == 6
