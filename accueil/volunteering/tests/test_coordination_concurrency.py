"""Two coordinators running "fill the gaps" at the same moment never propose the same place twice."""

from __future__ import annotations

import datetime as dt

import pytest

from accueil.accounts.models import Role
from accueil.testing.accounts_factories import user_with_role
from accueil.testing.concurrency import run_together
from accueil.testing.coordination_factories import next_weekday, shift, volunteer
from accueil.volunteering import coordination
from accueil.volunteering.models import ShiftProposal


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_runs_propose_each_place_once(postgres_only, city):
    d1 = city.districts.get(number=1)
    monday = next_weekday(0, hour=10)
    shifts = [shift(city=city, starts_at=monday + dt.timedelta(hours=3 * i), district=d1, capacity=2) for i in range(3)]
    for _ in range(10):
        volunteer(city=city, districts=[d1], availability=[(0, dt.time(8), dt.time(22))])
    coordinators = [user_with_role(city=city, role=Role.COORDINATOR) for _ in range(4)]

    def run(user):
        return lambda: len(
            coordination.gaps_fill(city=city, acting_user=user, start=monday.date(), end=monday.date()).proposals
        )

    outcomes = run_together([run(user) for user in coordinators])

    assert outcomes.errors == []
    assert sorted(outcomes.values) == [0, 0, 0, 6]  # one run fills the 6 places; the others find nothing left
    assert ShiftProposal.objects.count() == 6
    for item in shifts:
        assert ShiftProposal.objects.filter(shift=item).count() == 2
    assert ShiftProposal.objects.values("volunteer").distinct().count() == 6
