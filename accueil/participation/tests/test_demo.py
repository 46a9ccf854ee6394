"""The participation demo loader: idempotent, marked as demo, the child-protection training grants the
qualification that missions with minors require."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from accueil.participation import demo
from accueil.participation.models import Event, EventKind, Registration
from accueil.testing.factories import UserFactory
from accueil.testing.volunteering_factories import MissionFactory, QualificationTypeFactory

pytestmark = pytest.mark.django_db


def snapshot(city):  # type: ignore[no-untyped-def]
    return (
        Event.objects.filter(city=city).count(),
        Registration.objects.filter(city=city).count(),
        sorted(Event.objects.filter(city=city).values_list("title", "registered_count")),
    )


@pytest.mark.smoke
def test_loader_twice_gives_the_same_counts(city):
    for n in range(5):
        UserFactory(email=f"volunteer{n:04d}@demo.accueil.invalid")
    out = io.StringIO()
    first = demo.load_demo(city=city, stdout=out)
    assert first == {"events": 6, "registrations": 5}
    after_first = snapshot(city)
    assert demo.load_demo(city=city) == {"events": 0, "registrations": 0}
    assert snapshot(city) == after_first
    assert after_first[0] == 6
    assert "participation: 6 events" in out.getvalue()
    events = Event.objects.filter(city=city)
    assert all(e.is_demo and "(démo)" in e.title for e in events)
    conference = events.get(kind=EventKind.CONFERENCE)
    assert conference.starts_at.date() == dt.date(2015, 9, 10)
    assert conference.status == "published"
    assert {e.kind for e in events} == {"training", "information_session", "conference"}
    assert all(e.registered_count <= (e.capacity or 10**6) for e in events)


def test_child_protection_training_grants_what_missions_with_minors_require(city):
    wanted = QualificationTypeFactory(city=city, code="protection-de-lenfance-regles-et-signalement")
    other = QualificationTypeFactory(city=city, code="autre")
    MissionFactory(city=city, works_with_minors=True, required_qualification=wanted)
    MissionFactory(city=city, works_with_minors=True, required_qualification=wanted)
    MissionFactory(city=city, works_with_minors=False, required_qualification=other)
    demo.load_demo(city=city)
    training = Event.objects.get(city=city, title__startswith="Protection de l'enfance")
    assert training.grants_qualification == wanted
    assert Event.objects.filter(city=city, grants_qualification__isnull=False).count() == 1


def test_qualification_created_when_the_city_has_none(city):
    demo.load_demo(city=city)
    training = Event.objects.get(city=city, title__startswith="Protection de l'enfance")
    assert training.grants_qualification.code == "protection-de-lenfance"
    assert training.grants_qualification.city == city
