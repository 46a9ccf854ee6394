from __future__ import annotations

import threading

import pytest
from django.db import connection

from accueil.participation import services
from accueil.participation.models import Event, Registration, RegistrationStatus
from accueil.testing.factories import UserFactory
from accueil.testing.participation_factories import EventFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_people_for_ten_places_never_overbook(postgres_only, city):
    event = EventFactory(city=city, capacity=10)
    people = [UserFactory() for _ in range(30)]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def attempt(person) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            services.event_register(event=Event.objects.get(pk=event.pk), user=person, acting_user=person)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
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
    barrier = threading.Barrier(15)
    errors: list[BaseException] = []

    def cancel(registration) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            services.registration_cancel(registration=registration, acting_user=registration.user)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    def join(person) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            services.event_register(event=Event.objects.get(pk=event.pk), user=person, acting_user=person)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=cancel, args=(r,)) for r in held]
    threads += [threading.Thread(target=join, args=(p,)) for p in newcomers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    event.refresh_from_db()
    registered = Registration.objects.filter(event=event, status=RegistrationStatus.REGISTERED).count()
    assert registered == event.registered_count == 5
    assert Registration.objects.filter(event=event, status=RegistrationStatus.WAITLISTED).count() == 5
