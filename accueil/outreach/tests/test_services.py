"""The hard rules of outreach: least data, consent per purpose, referrals, minors, retention, rights."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.utils import timezone

from accueil.audit.models import AuditEvent
from accueil.core.errors import Refused
from accueil.outreach import selectors, services
from accueil.outreach.errors import OutreachError
from accueil.outreach.figures import figure_total
from accueil.outreach.models import (
    Consent,
    Encounter,
    Metric,
    Person,
    Referral,
    ReferralKind,
    ReferralStatus,
)
from accueil.outreach.services import Consents, NewPerson

from .conftest import met

pytestmark = pytest.mark.django_db


def raw(sql: str, params: list[object]) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def test_an_encounter_keeps_a_grid_cell_never_the_point_and_encrypts_names_and_vulnerabilities(world):
    result = met(
        world,
        landmark=None,
        point=(48.85837, 2.29448),
        new_person=NewPerson(code_name="Zephyr", name="Amanuel T."),
        vulnerabilities=["pregnancy"],
        notes="Tousse beaucoup",
    )
    encounter = result.encounter
    assert encounter.grid_cell.startswith("G-") and "48.85" not in encounter.grid_cell
    [(code_name, name)] = raw("SELECT code_name, name FROM outreach_person WHERE id = %s", [encounter.person_id])
    [(vulnerabilities, notes)] = raw(
        "SELECT vulnerabilities, notes FROM outreach_encounter WHERE id = %s", [encounter.pk]
    )
    for stored in (code_name, name, vulnerabilities, notes):
        assert str(stored).startswith("fernet:")
    person = Person.objects.get(pk=encounter.person_id)
    assert (person.code_name, person.name) == ("Zephyr", "Amanuel T.")
    assert figure_total(city=world.city, metric=Metric.VULNERABILITY, key="pregnancy") == 1


def test_only_team_members_record(world):
    with pytest.raises(Refused) as exc:
        met(world, acting_user=world.other_worker)
    assert exc.value.code == OutreachError.NOT_A_MEMBER
    assert not Encounter.objects.exists()


def test_a_client_key_records_once(world):
    key = uuid.uuid4()
    first = met(world, client_key=key)
    again = met(world, client_key=key)
    assert first.created and not again.created and again.encounter.pk == first.encounter.pk
    assert Encounter.objects.count() == 1 and Person.objects.count() == 1


def test_referral_needs_consent_and_refusal_is_an_answer(world):
    person = met(world, consents=Consents(shelter=Consent.REFUSED)).encounter.person
    with pytest.raises(Refused) as exc:
        services.referral_create(
            person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
        )
    assert exc.value.code == OutreachError.CONSENT_MISSING
    assert not Referral.objects.exists()
    services.person_consent_set(person=person, acting_user=world.worker, consents=Consents(shelter=Consent.GIVEN))
    referral = services.referral_create(
        person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
    )
    assert referral.status == ReferralStatus.CREATED


def test_named_partner_refusal_wins_over_the_purpose(world):
    person = met(world, consents=Consents(health=Consent.GIVEN, partners={world.health.pk: Consent.REFUSED}))
    with pytest.raises(Refused):
        services.referral_create(
            person=person.encounter.person, partner=world.health, kind=ReferralKind.HEALTH, acting_user=world.worker
        )


def test_only_what_consent_allows_travels(world):
    person = met(
        world,
        new_person=NewPerson(name="Selam K."),
        vulnerabilities=["pregnancy", "torture"],
        needs=["health", "legal"],
        consents=Consents(shelter=Consent.GIVEN, health=Consent.GIVEN),
    ).encounter.person
    shelter = services.referral_create(
        person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
    ).shared_data()
    assert shelter["vulnerabilities"] == ["pregnancy"]  # torture is not a shelter's business
    assert "name" not in shelter and "needs" not in shelter
    health = services.referral_create(
        person=person, partner=world.health, kind=ReferralKind.HEALTH, acting_user=world.worker
    ).shared_data()
    assert health["vulnerabilities"] == ["pregnancy", "torture"] and health["needs"] == ["health"]
    assert "name" not in health  # the name travels only to a partner the person named


def test_a_young_person_who_says_they_are_a_minor_is_offered_shelter_at_once(world):
    result = met(
        world, new_person=NewPerson(code_name="Jeune", says_minor=True), consents=Consents(shelter=Consent.GIVEN)
    )
    assert "shelter" in result.encounter.offered and result.minor_offered
    referral = result.minor_referral
    assert referral is not None and referral.unconditional and referral.partner == world.shelter
    assert referral.shared_data()["says_minor"] is True
    assert figure_total(city=world.city, metric=Metric.MINORS_SHELTER_OFFERED) == 1
    # without agreement the offer is still made, nothing is sent
    other = met(world, new_person=NewPerson(says_minor=True))
    assert other.minor_offered and other.minor_referral is None and "shelter" in other.encounter.offered


def test_referral_moves_by_the_rules_and_the_outcome_comes_back(world):
    person = met(world, consents=Consents(shelter=Consent.GIVEN)).encounter.person
    referral = services.referral_create(
        person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
    )
    with pytest.raises(Refused):  # the team does not accept for the partner
        services.referral_transition(referral=referral, to_status="accepted", acting_user=world.worker)
    with pytest.raises(Refused) as exc:  # no skipping
        services.referral_transition(referral=referral, to_status="done", acting_user=world.partner_member)
    assert exc.value.code == OutreachError.TRANSITION_NOT_ALLOWED
    services.referral_transition(referral=referral, to_status="accepted", acting_user=world.partner_member)
    with pytest.raises(Refused):
        services.referral_transition(referral=referral, to_status="scheduled", acting_user=world.partner_member)
    services.referral_transition(
        referral=referral, to_status="scheduled", acting_user=world.partner_member, scheduled_for=timezone.now()
    )
    done = services.referral_transition(
        referral=referral, to_status="done", acting_user=world.partner_member, outcome="Placé au site X ce soir"
    )
    assert done.status == "done" and done.outcome == "Placé au site X ce soir" and done.closed_at
    assert figure_total(city=world.city, metric=Metric.SHELTER_PLACED) == 1
    with pytest.raises(Refused):
        services.referral_transition(referral=referral, to_status="cancelled", acting_user=world.worker)


def test_withdrawing_consent_cancels_open_referrals(world):
    person = met(world, consents=Consents(shelter=Consent.GIVEN)).encounter.person
    referral = services.referral_create(
        person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
    )
    services.person_consent_set(person=person, acting_user=world.worker, consents=Consents(shelter=Consent.REFUSED))
    referral.refresh_from_db()
    assert referral.status == "cancelled" and referral.shared == ""


def test_follow_up_engagement_and_exit_after_ninety_days(world):
    old = timezone.now() - dt.timedelta(days=100)
    person = met(world, occurred_at=old, consents=Consents(follow_up=Consent.GIVEN)).encounter.person
    assert person.engaged_at == old
    report = services.retention_run(city=world.city)
    person.refresh_from_db()
    assert person.exited_at is not None and report.exited == 1
    met(world, person=person)
    person.refresh_from_db()
    assert person.exited_at is None


def test_retention_coarsens_then_deletes(world):
    now = timezone.now()
    encounter = met(
        world,
        occurred_at=now - dt.timedelta(days=40),
        grid_cell="G-61715-53540",
        new_person=NewPerson(name="Hana"),
        notes="x",
    ).encounter
    report = services.retention_run(city=world.city, now=now)
    encounter.refresh_from_db()
    assert encounter.landmark is None and encounter.grid_cell == "" and encounter.notes == ""
    assert encounter.district is not None and report.coarsened == 1
    services.retention_run(city=world.city, now=now + dt.timedelta(days=60))
    assert Person.objects.get().name == ""
    services.retention_run(city=world.city, now=now + dt.timedelta(days=400))
    assert not Person.objects.exists()
    assert figure_total(city=world.city, metric=Metric.ENCOUNTERS) == 1  # the figures stay


def test_right_to_see_and_erase(world):
    person = met(world, new_person=NewPerson(code_name="Kestrel"), consents=Consents(shelter=Consent.GIVEN))
    person = person.encounter.person
    referral = services.referral_create(
        person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
    )
    data = selectors.person_data(person=person)
    assert data["code_name"] == "Kestrel" and len(data["encounters"]) == 1  # type: ignore[arg-type]
    with pytest.raises(Refused):
        services.person_erase(person=person, acting_user=world.other_worker)
    services.person_erase(person=person, acting_user=world.worker)
    assert not Person.objects.exists() and not Encounter.objects.exists()
    referral.refresh_from_db()
    assert referral.status == "cancelled" and referral.shared == "" and referral.person is None
    assert AuditEvent.objects.filter(action="outreach.person_erased").count() == 1


def test_keys_rotate_without_losing_data(world, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from accueil.core.sensitive import decrypt_text

    met(world, new_person=NewPerson(name="Rotation"))
    old_keys = list(settings.ACCUEIL_FIELD_ENCRYPTION_KEYS)
    settings.ACCUEIL_FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *old_keys]
    call_command("outreach_reencrypt", stdout=__import__("io").StringIO())
    [(stored,)] = raw("SELECT name FROM outreach_person", [])
    settings.ACCUEIL_FIELD_ENCRYPTION_KEYS = settings.ACCUEIL_FIELD_ENCRYPTION_KEYS[:1]  # the old key is gone
    assert decrypt_text(str(stored)) == "Rotation" and Person.objects.get().name == "Rotation"


def test_the_figures_show_average_hours_to_a_shelter_place(world):
    person = met(world, consents=Consents(shelter=Consent.GIVEN)).encounter.person
    referral = services.referral_create(
        person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
    )
    services.referral_transition(referral=referral, to_status="accepted", acting_user=world.partner_member)
    services.referral_transition(
        referral=referral,
        to_status="done",
        acting_user=world.partner_member,
        now=referral.created_at + dt.timedelta(hours=6),
    )
    table = selectors.figure_table(city=world.city)
    [hours] = [row for row in table.rows if row[0] == "shelter_hours"]
    assert hours[3] == 6
