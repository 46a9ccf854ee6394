"""Real parallel writes against PostgreSQL: one encounter per submission key, one referral decision, exact counts."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from accueil.core.errors import Refused
from accueil.outreach import services
from accueil.outreach.figures import figure_add, figure_total
from accueil.outreach.models import Consent, Encounter, Metric, Person, ReferralKind
from accueil.outreach.services import Consents, NewPerson
from accueil.testing.concurrency import run_together

from .conftest import met

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("postgres_only")]


def run_parallel(functions: list[Callable[[], Any]]) -> list[Any]:
    """Each callable's result, or what it raised, through the suite's one harness."""
    return [o.value if o.error is None else o.error for o in run_together(functions)]


def test_the_same_submission_arriving_eight_times_at_once_is_recorded_once(world):
    key = uuid.uuid4()

    def submit() -> Any:
        return services.encounter_record(
            team=world.team,
            acting_user=world.worker,
            landmark=world.landmark,
            new_person=NewPerson(code_name="Parallèle"),
            client_key=key,
        )

    results = run_parallel([submit] * 8)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r.created for r in results) == 1
    assert Encounter.objects.count() == 1 and Person.objects.count() == 1
    assert figure_total(city=world.city, metric=Metric.ENCOUNTERS) == 1


def test_a_referral_is_accepted_or_declined_never_both(world):
    person = met(world, consents=Consents(shelter=Consent.GIVEN)).encounter.person
    referral = services.referral_create(
        person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
    )

    def move(status: str) -> Callable[[], Any]:
        return lambda: services.referral_transition(
            referral=referral, to_status=status, acting_user=world.partner_member
        )

    results = run_parallel([move("accepted"), move("declined")] * 3)
    wins = [r for r in results if not isinstance(r, Exception)]
    assert len(wins) == 1 and all(isinstance(r, Refused) for r in results if r not in wins)
    referral.refresh_from_db()
    assert referral.status == wins[0].status


def test_figures_count_every_parallel_write(world):
    import datetime as dt

    def add() -> None:
        for _ in range(10):
            figure_add(city=world.city, district_number=4, moment=dt.date(2026, 1, 7), metric=Metric.ENCOUNTERS)

    run_parallel([add] * 6)
    assert figure_total(city=world.city, metric=Metric.ENCOUNTERS) == 60
