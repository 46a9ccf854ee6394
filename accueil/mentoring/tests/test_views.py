from __future__ import annotations

import pytest
from django.utils import translation

from accueil.audit.models import AuditEvent
from accueil.mentoring import services
from accueil.mentoring.models import Beneficiary, Mentorship, MentorshipStatus
from accueil.mentoring.reasons import REASON_LABELS
from accueil.testing.factories import MembershipFactory, OrganisationFactory
from accueil.testing.mentoring_factories import language, mentor_make

pytestmark = pytest.mark.django_db

SECRET = "Parcours exil difficile, suivi médical"


@pytest.fixture
def setup(city):
    organisation = OrganisationFactory(city=city)
    staff = MembershipFactory(organisation=organisation).user
    beneficiary = services.beneficiary_create(
        organisation=organisation,
        acting_user=staff,
        data={"needs": ["housing_search"], "sensitive_notes": SECRET},
        languages=[language("ti")],
    )
    mentor = mentor_make(city=city, languages={"ti": 7})
    [proposal] = services.mentorships_propose(organisation=organisation, acting_user=staff)
    return organisation, staff, beneficiary, mentor, proposal


def login(client, user):  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


@pytest.mark.smoke
def test_member_reads_record_and_the_read_is_audited(client, setup):
    _organisation, staff, beneficiary, _mentor, _proposal = setup
    response = login(client, staff).get(f"/fr/mentoring/beneficiaries/{beneficiary.pk}/")
    assert response.status_code == 200
    assert SECRET in response.content.decode()
    viewed = AuditEvent.objects.filter(action="mentoring.beneficiary_viewed", target_id=str(beneficiary.pk))
    assert list(viewed.values_list("actor_id", "data")) == [(staff.pk, {"scope": "organisation"})]


@pytest.mark.parametrize("who", ["other_organisation", "unrelated_volunteer", "mentor_before_confirmation"])
def test_outsiders_get_404_and_see_nothing(client, city, setup, who):
    organisation, _staff, beneficiary, mentor, proposal = setup
    if who == "other_organisation":
        person = MembershipFactory(organisation=OrganisationFactory(city=city)).user
    elif who == "unrelated_volunteer":
        person = mentor_make(city=city, languages={"ti": 7})
    else:
        person = mentor
    login(client, person)
    paths = [
        f"/fr/mentoring/beneficiaries/{beneficiary.pk}/",
        f"/fr/mentoring/beneficiaries/{beneficiary.pk}/edit/",
        f"/fr/mentoring/organisations/{organisation.pk}/",
        f"/fr/mentoring/mentorships/{proposal.pk}/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404, path
        assert SECRET not in response.content.decode()
        assert beneficiary.pseudonym not in response.content.decode()
    assert client.post(f"/fr/mentoring/beneficiaries/{beneficiary.pk}/close/").status_code == 404
    assert client.post(f"/fr/mentoring/mentorships/{proposal.pk}/confirm/").status_code == 404
    assert client.post(f"/fr/mentoring/organisations/{organisation.pk}/propose/").status_code == 404
    assert beneficiary.pseudonym not in client.get("/fr/mentoring/").content.decode()
    beneficiary.refresh_from_db()
    proposal.refresh_from_db()
    assert beneficiary.closed_at is None
    assert proposal.status == MentorshipStatus.PROPOSED
    assert not AuditEvent.objects.filter(action="mentoring.beneficiary_viewed", actor=person).exists()


def test_mentor_sees_reduced_view_without_notes(client, setup):
    _organisation, staff, beneficiary, mentor, proposal = setup
    login(client, staff).post(f"/fr/mentoring/mentorships/{proposal.pk}/confirm/")
    proposal.refresh_from_db()
    assert proposal.status == MentorshipStatus.ACTIVE
    login(client, mentor)
    response = client.get(f"/fr/mentoring/mentorships/{proposal.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert beneficiary.pseudonym in body
    assert "Recherche de logement" in body
    assert SECRET not in body
    assert client.get(f"/fr/mentoring/beneficiaries/{beneficiary.pk}/").status_code == 404
    viewed = AuditEvent.objects.get(action="mentoring.beneficiary_viewed", actor=mentor)
    assert viewed.data == {"scope": "mentor"}
    assert [m.pk for m in client.get("/fr/mentoring/").context["mentorships"]] == [proposal.pk]


def test_mentor_logs_meeting_and_closes(client, setup):
    _organisation, staff, _beneficiary, mentor, proposal = setup
    services.mentorship_confirm(mentorship=proposal, acting_user=staff)
    login(client, mentor)
    bad = client.post(f"/fr/mentoring/mentorships/{proposal.pk}/", {"form": "meeting", "date": "x", "topics": ""})
    assert bad.status_code == 200
    assert proposal.meetings.count() == 0
    client.post(
        f"/fr/mentoring/mentorships/{proposal.pk}/",
        {"form": "meeting", "date": "2024-03-01", "duration_minutes": "60", "topics": "Préfecture"},
    )
    assert list(proposal.meetings.values_list("topics", flat=True)) == ["Préfecture"]
    client.post(f"/fr/mentoring/mentorships/{proposal.pk}/", {"form": "close", "outcome": "goals_met"})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.outcome) == (MentorshipStatus.CLOSED, "goals_met")


def test_member_creates_record_through_the_form(client, city, setup):
    organisation, staff, *_ = setup
    login(client, staff)
    response = client.post(
        f"/fr/mentoring/organisations/{organisation.pk}/new/",
        {"languages": ["ar", "fr"], "needs": ["employment", "digital"], "available_weekdays": ["1", "5"]},
    )
    assert response.status_code == 302
    created = Beneficiary.objects.exclude(pk=setup[2].pk).get()
    assert (created.needs, created.available_weekdays) == (["employment", "digital"], [1, 5])
    assert sorted(created.languages.values_list("code", flat=True)) == ["ar", "fr"]
    empty = client.post(f"/fr/mentoring/organisations/{organisation.pk}/new/", {"needs": ["magic"]})
    assert empty.status_code == 200
    assert set(empty.context["form"].errors) == {"languages", "needs"}
    assert Beneficiary.objects.count() == 2


def test_list_page_shows_proposals_with_reasons(client, setup):
    organisation, staff, beneficiary, _mentor, _proposal = setup
    response = login(client, staff).get(f"/fr/mentoring/organisations/{organisation.pk}/")
    body = response.content.decode()
    assert beneficiary.pseudonym in body
    with translation.override("fr"):
        label = str(REASON_LABELS["shared_languages"])
    assert label in body
    assert "shared_languages" not in body
    assert Mentorship.objects.filter(status=MentorshipStatus.PROPOSED).count() == 1
