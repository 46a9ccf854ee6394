"""The interpreter's side: an email when an appointment is matched, and a page of their own appointments."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from accueil.notifications.models import Message
from accueil.outreach import services
from accueil.outreach.models import Interpreter, InterpreterKind, InterpreterLanguage, InterpretingRequest
from accueil.testing.factories import UserFactory
from accueil.testing.mentoring_factories import language

from .conftest import met

pytestmark = pytest.mark.django_db


@pytest.fixture
def interpreter_user(db):
    return UserFactory(email="interprete@example.org", preferred_language="en")


@pytest.fixture
def matched(world, interpreter_user):
    volunteer = Interpreter.objects.create(
        city=world.city,
        kind=InterpreterKind.VOLUNTEER,
        display_name="Interprète T.",
        user=interpreter_user,
        modes=["phone"],
        capacity=2,
    )
    InterpreterLanguage.objects.create(interpreter=volunteer, language=language("ti"), level=3)
    person = met(world).encounter.person
    request = services.interpreting_request_create(
        city=world.city,
        acting_user=world.worker,
        language=language("ti"),
        starts_at=timezone.now() + timezone.timedelta(hours=2),
        level_needed=2,
        domain="medical",
        mode="phone",
        urgency=2,
        team=world.team,
        person=person,
    )
    services.interpreting_match_run(city=world.city, acting_user=world.coordinator)
    return InterpretingRequest.objects.get(pk=request.pk), person


def test_the_interpreter_is_emailed_once_without_anything_about_the_person(world, matched, interpreter_user):
    request, person = matched
    assert request.status == "matched"
    [message] = Message.objects.filter(to_user=interpreter_user)
    assert message.kind == "outreach.interpreting_assigned" and message.language == "en"
    assert message.subject.startswith("Interpreting in ")
    assert "/en/outreach/interpreting/mine/" in message.body
    assert person.reference not in message.body + message.subject
    services.interpreting_match_run(city=world.city, acting_user=world.coordinator)
    assert Message.objects.filter(to_user=interpreter_user).count() == 1


def test_the_interpreter_sees_their_appointments_and_nobody_else_does(world, matched, interpreter_user):
    _request, person = matched
    client = Client()
    client.force_login(interpreter_user)
    page = client.get("/en/outreach/interpreting/mine/").content.decode()
    assert page.count('class="card"') == 1 and "Medical" in page
    assert person.reference not in page
    other = Client()
    other.force_login(UserFactory(email="someone@example.org"))
    assert other.get("/en/outreach/interpreting/mine/").status_code == 404
