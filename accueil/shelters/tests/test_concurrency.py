"""200 partners reserve at once the last 10 free beds of a site, on PostgreSQL: exactly 10 win, no bed twice."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accueil.core.errors import Refused
from accueil.shelters import services
from accueil.shelters.errors import ShelterError
from accueil.shelters.models import Bed, BedStatus, Reservation
from accueil.testing.factories import OrganisationFactory
from accueil.testing.organisations_factories import organisation_member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_parallel(functions):
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def worker(index, function):
        try:
            barrier.wait(timeout=60)
            results[index] = function()
        except Exception as exc:  # noqa: BLE001 — reported by the assertions
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


def test_two_hundred_partners_on_the_last_ten_beds(postgres_only, city, site, make_unit, make_request, partner):
    unit = make_unit(site, beds=30)
    # 20 beds already taken: 10 free remain.
    for _ in range(20):
        services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    assert Bed.objects.filter(unit=unit, status=BedStatus.AVAILABLE).count() == 10
    requests = []
    for n in range(200):
        organisation = OrganisationFactory(city=city, name=f"Partenaire {n}", slug=f"partenaire-{n}")
        user = organisation_member(organisation)
        requests.append((user, make_request(user=user, organisation=organisation)))

    def attempt(user, place_request):
        def call():
            try:
                return services.reservation_create(place_request=place_request, site=site, acting_user=user)
            except Refused as exc:
                return exc

        return call

    results = run_parallel([attempt(u, r) for u, r in requests])
    won = [r for r in results if isinstance(r, list)]
    refused = [r for r in results if isinstance(r, Refused)]
    errors = [r for r in results if not isinstance(r, list | Refused)]
    assert errors == []
    assert len(won) == 10
    assert len(refused) == 190
    assert {r.code for r in refused} == {ShelterError.NO_FREE_PLACE}
    assert all(r.message for r in refused)
    held = Reservation.objects.filter(site=site, status="held")
    assert held.count() == 30
    assert held.values("bed").distinct().count() == 30
    assert Bed.objects.filter(unit=unit, status=BedStatus.AVAILABLE).count() == 0
