from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone, translation

from accueil.audit.models import AuditEvent
from accueil.matching import Agent, Edge, Instance, Slot, solve
from accueil.mentoring import pairing, services
from accueil.mentoring.models import Beneficiary, MentoringMeeting, Mentorship, MentorshipStatus
from accueil.notifications.sender import notifications_send_due
from accueil.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
from accueil.testing.mentoring_factories import beneficiary_make, language, mentor_make

pytestmark = pytest.mark.django_db

B1, B2, C1, A2 = 3, 4, 5, 2


@pytest.fixture
def organisation(city):
    return OrganisationFactory(city=city)


@pytest.fixture
def staff(organisation):
    return MembershipFactory(organisation=organisation).user


@pytest.mark.smoke
def test_sensitive_notes_are_encrypted_at_rest(organisation, staff):
    beneficiary = services.beneficiary_create(
        organisation=organisation,
        acting_user=staff,
        needs=["administrative"],
        sensitive_notes="Victime de traite, suivi psychologique",
        languages=[language("ti")],
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT sensitive_notes FROM mentoring_beneficiary WHERE id = %s", [beneficiary.pk])
        raw = cursor.fetchone()[0]
    assert "traite" not in raw
    assert raw.startswith("fernet:")
    assert Beneficiary.objects.get(pk=beneficiary.pk).sensitive_notes == "Victime de traite, suivi psychologique"
    assert beneficiary.pseudonym.startswith("B-") and len(beneficiary.pseudonym) == 6


def test_create_refused_for_other_organisation(organisation, city):
    outsider = MembershipFactory(organisation=OrganisationFactory(city=city)).user
    with pytest.raises(PermissionDenied):
        services.beneficiary_create(organisation=organisation, acting_user=outsider, languages=[language("ar")])
    assert Beneficiary.objects.count() == 0


def test_create_requires_a_language_and_valid_needs(organisation, staff):
    with pytest.raises(ValidationError) as exc:
        services.beneficiary_create(organisation=organisation, acting_user=staff, languages=[])
    assert "languages" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.beneficiary_create(
            organisation=organisation, acting_user=staff, needs=["magic"], languages=[language("ar")]
        )
    assert "needs" in exc.value.message_dict
    assert Beneficiary.objects.count() == 0


def test_proposals_respect_hard_constraints_and_explain(city, organisation, staff):
    district = city.districts.get(number=1)
    beneficiary = beneficiary_make(
        organisation=organisation,
        languages=["ti"],
        district=district,
        needs=["french_practice"],
        available_weekdays=[5],
    )
    best = mentor_make(city=city, languages={"ti": C1}, districts=[district], weekdays=[5], skills=["teaching_fle"])
    mentor_make(city=city, languages={"ti": B1})  # allowed, lower score
    mentor_make(city=city, languages={"ti": A2}, districts=[district])  # below B1: no edge
    full = mentor_make(city=city, languages={"ti": 7}, districts=[district], weekdays=[5], skills=["teaching_fle"])
    for _ in range(pairing.MENTOR_CAPACITY):
        other = beneficiary_make(organisation=organisation, languages=["ti"])
        Mentorship.objects.create(city=city, beneficiary=other, mentor=full, status=MentorshipStatus.ACTIVE)
    proposals = services.mentorships_propose(organisation=organisation, acting_user=staff)
    assert [(p.beneficiary_id, p.mentor_id) for p in proposals] == [(beneficiary.pk, best.pk)]
    reasons = dict(proposals[0].reasons)
    assert reasons == {
        "base": 1,
        "shared_languages": 2,
        "strong_language": 1,
        "same_district": 3,
        "availability": 2,
        "needs_skills": 1.5,
    }
    assert float(proposals[0].score) == 10.5
    assert proposals[0].status == MentorshipStatus.PROPOSED


def test_proposals_equal_the_engine_optimum_not_greedy(city, organisation, staff):
    d2 = city.districts.get(number=2)
    b1 = beneficiary_make(organisation=organisation, languages=["ar"])
    b2 = beneficiary_make(organisation=organisation, languages=["ar", "fa"], district=d2)
    m1 = mentor_make(city=city, languages={"ar": B2, "fa": B2}, districts=[d2])
    m2 = mentor_make(city=city, languages={"fa": B2}, districts=[d2])
    busy = beneficiary_make(organisation=OrganisationFactory(city=city), languages=["ar"])
    Mentorship.objects.create(city=city, beneficiary=busy, mentor=m1, status=MentorshipStatus.ACTIVE)
    proposals = services.mentorships_propose(organisation=organisation, acting_user=staff)
    # Greedy by score would give m1 (one place left) to b2 (8 points) and leave b1 alone; the optimum is 3 + 6.
    assert sorted((p.beneficiary_id, p.mentor_id) for p in proposals) == sorted([(b1.pk, m1.pk), (b2.pk, m2.pk)])
    assert sum(float(p.score) for p in proposals) == 9
    instance = Instance(
        agents=(Agent("m1", 1), Agent("m2", 2)),
        slots=(Slot("b1"), Slot("b2")),
        edges=(Edge("m1", "b1", 3), Edge("m1", "b2", 8), Edge("m2", "b2", 6)),
    )
    assert solve(instance).objective == 9


def test_rerun_replaces_old_proposals(city, organisation, staff):
    beneficiary_make(organisation=organisation, languages=["ps"])
    mentor_make(city=city, languages={"ps": B2})
    services.mentorships_propose(organisation=organisation, acting_user=staff)
    services.mentorships_propose(organisation=organisation, acting_user=staff)
    assert Mentorship.objects.filter(status=MentorshipStatus.PROPOSED).count() == 1
    assert Mentorship.objects.filter(status=MentorshipStatus.DISCARDED).count() == 1


def test_confirm_activates_and_tells_mentor(city, organisation, staff):
    beneficiary = beneficiary_make(organisation=organisation, languages=["am"])
    mentor = mentor_make(city=city, languages={"am": 7})
    [proposal] = services.mentorships_propose(organisation=organisation, acting_user=staff)
    confirmed = services.mentorship_confirm(mentorship=proposal, acting_user=staff)
    mail.outbox.clear()
    assert notifications_send_due() == 1
    assert (confirmed.status, confirmed.supervisor, confirmed.beneficiary) == (
        MentorshipStatus.ACTIVE,
        staff,
        beneficiary,
    )
    assert [m.to for m in mail.outbox] == [[mentor.email]]
    assert beneficiary.pseudonym in mail.outbox[0].subject


def test_confirm_by_outsider_or_mentor_is_refused(city, organisation, staff):
    beneficiary_make(organisation=organisation, languages=["am"])
    mentor = mentor_make(city=city, languages={"am": 7})
    [proposal] = services.mentorships_propose(organisation=organisation, acting_user=staff)
    outsider = MembershipFactory(organisation=OrganisationFactory(city=city)).user
    for person in (outsider, mentor):
        with pytest.raises(PermissionDenied):
            services.mentorship_confirm(mentorship=proposal, acting_user=person)
    proposal.refresh_from_db()
    assert proposal.status == MentorshipStatus.PROPOSED


def test_confirm_refused_when_mentor_is_at_capacity(city, organisation, staff):
    mentor = mentor_make(city=city, languages={"ar": 7})
    proposals = []
    for _ in range(pairing.MENTOR_CAPACITY + 1):
        beneficiary = beneficiary_make(organisation=organisation, languages=["ar"])
        proposals.append(Mentorship.objects.create(city=city, beneficiary=beneficiary, mentor=mentor, supervisor=staff))
    for proposal in proposals[:-1]:
        services.mentorship_confirm(mentorship=proposal, acting_user=staff)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.mentorship_confirm(mentorship=proposals[-1], acting_user=staff)
    assert exc.value.messages == ["This volunteer already mentors as many people as they can."]
    assert Mentorship.objects.filter(mentor=mentor, status=MentorshipStatus.ACTIVE).count() == 2


def test_mentor_declines_and_is_not_proposed_again(city, organisation, staff):
    beneficiary_make(organisation=organisation, languages=["fa"])
    mentor = mentor_make(city=city, languages={"fa": B2})
    [proposal] = services.mentorships_propose(organisation=organisation, acting_user=staff)
    services.mentorship_confirm(mentorship=proposal, acting_user=staff)
    with pytest.raises(PermissionDenied):
        services.mentorship_decline(mentorship=proposal, acting_user=staff)
    services.mentorship_decline(mentorship=proposal, acting_user=mentor)
    proposal.refresh_from_db()
    assert proposal.status == MentorshipStatus.DECLINED
    assert services.mentorships_propose(organisation=organisation, acting_user=staff) == []


def test_meetings_and_closure_with_outcome(city, organisation, staff):
    beneficiary_make(organisation=organisation, languages=["ar"])
    mentor = mentor_make(city=city, languages={"ar": B2})
    [proposal] = services.mentorships_propose(organisation=organisation, acting_user=staff)
    mentorship = services.mentorship_confirm(mentorship=proposal, acting_user=staff)
    stranger = UserFactory()
    with pytest.raises(PermissionDenied):
        services.meeting_log(
            mentorship=mentorship, acting_user=stranger, date=timezone.localdate(), duration_minutes=60, topics="CAF"
        )
    services.meeting_log(
        mentorship=mentorship, acting_user=mentor, date=timezone.localdate(), duration_minutes=90, topics="Dossier CAF"
    )
    with pytest.raises(ValidationError):
        services.meeting_log(
            mentorship=mentorship,
            acting_user=mentor,
            date=timezone.localdate() + dt.timedelta(days=3),
            duration_minutes=60,
            topics="Futur",
        )
    assert MentoringMeeting.objects.filter(mentorship=mentorship).count() == 1
    with pytest.raises(ValidationError):
        services.mentorship_close(mentorship=mentorship, acting_user=staff, outcome="bogus")
    closed = services.mentorship_close(mentorship=mentorship, acting_user=staff, outcome="goals_met")
    assert (closed.status, closed.outcome) == (MentorshipStatus.CLOSED, "goals_met")


def test_retention_deletes_expired_closed_records_only(city, organisation, staff, settings):
    settings.MENTORING_RETENTION_DAYS = 30
    old = beneficiary_make(organisation=organisation, languages=["ar"])
    recent = beneficiary_make(organisation=organisation, languages=["ar"])
    still_open = beneficiary_make(organisation=organisation, languages=["ar"])
    mentor = mentor_make(city=city, languages={"ar": B2})
    Mentorship.objects.create(city=city, beneficiary=old, mentor=mentor, status=MentorshipStatus.ACTIVE)
    services.beneficiary_close(beneficiary=old, acting_user=staff, now=timezone.now() - dt.timedelta(days=31))
    services.beneficiary_close(beneficiary=recent, acting_user=staff, now=timezone.now() - dt.timedelta(days=29))
    call_command("mentoring_retention", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(Beneficiary.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert Mentorship.objects.filter(beneficiary_id=old.pk).count() == 0
    deleted = AuditEvent.objects.get(action="mentoring.beneficiary_deleted")
    assert deleted.target_id == str(old.pk)
    assert services.retention_purge() == 0
