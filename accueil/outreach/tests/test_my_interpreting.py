"""The interpreter's side: an email when an appointment is matched, a page of their own appointments, where they
accept or decline (a decline opens the request again and the matching never proposes them for it again)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from accueil.audit.models import AuditEvent
from accueil.notifications.models import Message
from accueil.outreach import interpreting_rules, services
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


def _row(pk: int) -> tuple[str, int | None, bool, list[int]]:
    r = InterpretingRequest.objects.get(pk=pk)
    return (r.status, r.interpreter_id, r.accepted_at is not None, sorted(r.declined_by.values_list("pk", flat=True)))


def test_the_interpreter_accepts_in_arabic_and_the_requester_sees_it(world, matched, interpreter_user):
    request, _person = matched
    client = Client()
    client.force_login(interpreter_user)
    response = client.post(f"/ar/outreach/interpreting/mine/{request.pk}/", {"answer": "accept"})
    assert response.status_code == 302 and response["Location"] == "/ar/outreach/interpreting/mine/"
    assert _row(request.pk) == ("matched", request.interpreter_id, True, [])
    assert AuditEvent.objects.filter(action="outreach.interpreting_accepted", actor=interpreter_user).count() == 1
    client.post(f"/ar/outreach/interpreting/mine/{request.pk}/", {"answer": "accept"})
    assert AuditEvent.objects.filter(action="outreach.interpreting_accepted").count() == 1


def test_a_decline_opens_the_request_and_the_next_matching_never_proposes_the_same_interpreter(
    world, matched, interpreter_user
):
    request, _person = matched
    interpreter_id = request.interpreter_id
    client = Client()
    client.force_login(interpreter_user)
    response = client.post(f"/fr/outreach/interpreting/mine/{request.pk}/", {"answer": "decline"})
    assert response.status_code == 302
    assert _row(request.pk) == ("open", None, False, [interpreter_id])
    assert request.pk not in [a.pk for a in client.get("/fr/outreach/interpreting/mine/").context["assignments"]]
    services.interpreting_match_run(city=world.city, acting_user=world.coordinator)
    assert _row(request.pk) == ("unmet", None, False, [interpreter_id])


def test_someone_else_cannot_answer_and_nothing_changes(world, matched):
    request, _person = matched
    before = _row(request.pk)
    client = Client()
    client.force_login(UserFactory(email="autre@example.org"))
    response = client.post(f"/fr/outreach/interpreting/mine/{request.pk}/", {"answer": "decline"})
    assert response.status_code == 404
    assert _row(request.pk) == before
    assert not AuditEvent.objects.filter(action__startswith="outreach.interpreting_declined").exists()


def test_a_cancelled_request_cannot_be_declined_and_stays_cancelled(world, matched, interpreter_user):
    request, _person = matched
    services.interpreting_request_cancel(request=request, acting_user=world.worker)
    client = Client()
    client.force_login(interpreter_user)
    response = client.post(f"/fr/outreach/interpreting/mine/{request.pk}/", {"answer": "decline"}, follow=True)
    assert "Cette demande est déjà close." in response.content.decode()
    assert _row(request.pk) == ("cancelled", request.interpreter_id, False, [])


def test_an_unknown_answer_changes_nothing(world, matched, interpreter_user):
    request, _person = matched
    before = _row(request.pk)
    client = Client()
    client.force_login(interpreter_user)
    response = client.post(f"/fr/outreach/interpreting/mine/{request.pk}/", {"answer": "maybe"})
    assert (response.status_code, _row(request.pk)) == (302, before)


def test_the_fast_rule_and_the_reference_rule_agree_on_a_decline():
    interpreter = interpreting_rules.InterpreterFacts(
        id=7,
        capacity=1,
        credentials=(interpreting_rules.Credential(language="ti", level=3),),
        modes=frozenset({"phone"}),
    )
    request = interpreting_rules.RequestFacts(id=1, language="ti", level=2, mode="phone", weekday=0)
    declined = interpreting_rules.RequestFacts(
        id=1, language="ti", level=2, mode="phone", weekday=0, declined_by=frozenset({7})
    )
    assert interpreting_rules.breaks_hard_rule(interpreter, request) is None
    assert interpreting_rules.breaks_hard_rule(interpreter, declined) == "declined"
    counts = (
        interpreting_rules.count_possible([interpreter], request),
        interpreting_rules.count_possible([interpreter], declined),
    )
    assert counts == (1, 0)
