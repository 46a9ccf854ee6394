from __future__ import annotations

import pytest

from accueil.participation import services
from accueil.participation.models import Event, Registration, RegistrationStatus
from accueil.testing.concurrency import run_together
from accueil.testing.factories import UserFactory
from accueil.testing.participation_factories import EventFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_people_for_ten_places_never_overbook(postgres_only, city):
    event = EventFactory(city=city, capacity=10)
    people = [UserFactory() for _ in range(30)]

    def attempt(person):
        return lambda: services.event_register(event=Event.objects.get(pk=event.pk), user=person, acting_user=person)

    assert run_together([attempt(person) for person in people]).errors == []
    event.refresh_from_db()
    assert event.registered_count == 10
    assert Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).count() == 10
    assert Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).count() == 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_cancellations_racing_registrations_keep_count_exact(postgres_only, city):
    event = EventFactory(city=city, capacity=5)
    holders = [UserFactory() for _ in range(5)]
    held = [services.event_register(event=event, user=p, acting_user=p) for p in holders]
    newcomers = [UserFactory() for _ in range(10)]

    def cancel(registration):
        return lambda: services.registration_cancel(registration=registration, acting_user=registration.user)

    def join(person):
        return lambda: services.event_register(event=Event.objects.get(pk=event.pk), user=person, acting_user=person)

    outcomes = run_together([cancel(r) for r in held] + [join(p) for p in newcomers])
    assert outcomes.errors == []
    event.refresh_from_db()
    registered = Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).count()
    assert registered == event.registered_count == 5
    assert Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).count() == 5
