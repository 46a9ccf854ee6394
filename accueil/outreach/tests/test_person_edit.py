"""Correcting a person's record: the pseudonymous fields only, by a member of the team, logged without values;
a refusal or bad input changes nothing."""

from __future__ import annotations

import pytest

from accueil.audit.models import AuditEvent
from accueil.core.errors import Refused
from accueil.outreach import services
from accueil.outreach.models import Consent, Person

from .scene import CODE_NAME, NAME, Scene, scene_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world) -> Scene:  # type: ignore[no-untyped-def]
    return scene_make(world)


def _state(pk: int) -> tuple[str, str, bool, str]:
    person = Person.objects.get(pk=pk)
    return (person.code_name, person.name, person.says_minor, person.consent_follow_up)


def test_the_team_corrects_the_code_name_and_erases_the_name_and_the_audit_names_only_the_fields(client, scene):
    client.force_login(scene.world.worker)
    url = f"/ar/outreach/persons/{scene.person.pk}/edit/"
    response = client.post(url, {"code_name": "  Héron  ", "name": "", "says_minor": "on"})
    assert response.status_code == 302 and response["Location"].endswith(f"/outreach/persons/{scene.person.pk}/")
    assert _state(scene.person.pk) == ("Héron", "", True, Consent.GIVEN)
    row = AuditEvent.objects.filter(action="outreach.person_edited").get()
    assert (row.actor_id, row.data) == (scene.world.worker.pk, {"fields": ["code_name", "name", "says_minor"]})
    assert "Héron" not in str(row.__dict__) and NAME not in str(row.__dict__)


def test_the_stored_values_are_encrypted(scene):
    from django.db import connection

    services.person_update(
        person=scene.person, acting_user=scene.world.worker, code_name="Héron", name="Awet", says_minor=False
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT code_name, name FROM outreach_person WHERE id = %s", [scene.person.pk])
        raw = cursor.fetchone()
    assert "Héron" not in str(raw) and "Awet" not in str(raw)
    assert _state(scene.person.pk)[:2] == ("Héron", "Awet")


def test_nothing_to_change_writes_nothing_and_logs_no_change(scene):
    before = _state(scene.person.pk)
    changed = services.person_update(
        person=scene.person, acting_user=scene.world.worker, code_name=CODE_NAME, name=NAME, says_minor=False
    )
    assert (changed, _state(scene.person.pk), AuditEvent.objects.filter(action="outreach.person_edited").count()) == (
        [],
        before,
        0,
    )


def test_a_worker_of_another_team_is_refused_and_nothing_changes(scene):
    before = _state(scene.person.pk)
    with pytest.raises(Refused) as refused:
        services.person_update(
            person=scene.person, acting_user=scene.world.other_worker, code_name="X", name="", says_minor=True
        )
    assert refused.value.status == 403
    assert _state(scene.person.pk) == before
    assert not AuditEvent.objects.filter(action="outreach.person_edited").exists()


def test_a_too_long_name_is_refused_with_a_translated_error_and_nothing_changes(client, scene):
    client.force_login(scene.world.worker)
    before = _state(scene.person.pk)
    response = client.post(f"/ar/outreach/persons/{scene.person.pk}/edit/", {"code_name": "Héron", "name": "x" * 121})
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode() and "120" in response.content.decode()
    assert _state(scene.person.pk) == before


def test_the_record_page_links_to_the_correction_page_in_arabic(client, scene):
    client.force_login(scene.world.worker)
    page = client.get(f"/ar/outreach/persons/{scene.person.pk}/").content.decode()
    assert f'href="/ar/outreach/persons/{scene.person.pk}/edit/"' in page
