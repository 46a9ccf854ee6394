"""Offers and their verification, households and their names, matching into stays, follow-up, notice and the
alternative, retention, and who may see what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from accueil.audit.models import AuditEvent
from accueil.core.errors import Refused
from accueil.hosting import selectors, services
from accueil.hosting.errors import HostingError
from accueil.hosting.models import (
    FollowUp,
    HostOffer,
    Household,
    OfferStatus,
    ProposalStatus,
    Stay,
    StayStatus,
)
from accueil.shelters.models import Audience, Reservation

pytestmark = pytest.mark.django_db


def test_an_offer_waits_for_every_check_before_any_match(city, make_offer, make_household, social_worker):
    offer = make_offer()
    make_household()
    assert offer.status == OfferStatus.SUBMITTED
    assert (
        services.matching_run(
            city=city, acting_user=social_worker, organisation=social_worker.memberships.get().organisation
        )
        == []
    )
    with pytest.raises(Refused) as refused:
        services.verification_record(
            offer=offer,
            acting_user=social_worker,
            identity_seen=True,
            visit_on=None,
            reference_checked=True,
            decision="verified",
        )
    assert refused.value.code == HostingError.VERIFICATION_INCOMPLETE
    services.verification_record(
        offer=offer,
        acting_user=social_worker,
        identity_seen=True,
        visit_on=timezone.localdate(),
        reference_checked=True,
        decision="verified",
    )
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACTIVE


def test_a_refused_offer_is_never_matched(city, make_offer, make_household, social_worker, coordinator):
    offer = make_offer()
    services.verification_record(
        offer=offer,
        acting_user=social_worker,
        identity_seen=True,
        visit_on=None,
        reference_checked=False,
        decision="refused",
        note="Référence négative",
    )
    make_household()
    assert services.matching_run(city=city, acting_user=coordinator) == []
    offer.refresh_from_db()
    assert offer.status == OfferStatus.REFUSED


def test_only_the_verifying_association_verifies(make_offer, outsider, host):
    offer = make_offer()
    for person in (outsider, host):
        with pytest.raises(Refused) as refused:
            services.verification_record(
                offer=offer,
                acting_user=person,
                identity_seen=True,
                visit_on=timezone.localdate(),
                reference_checked=True,
                decision="verified",
            )
        assert refused.value.status == 403
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED


def test_a_host_sees_only_their_own_offer(city, make_offer, host, outsider, social_worker, coordinator):
    from accueil.testing.factories import UserFactory

    mine = make_offer()
    other_host = UserFactory(email="other-host@example.org")
    theirs = make_offer(user=other_host)
    assert list(selectors.offers_of_host(user=host, city=city)) == [mine]
    assert selectors.offer_get_visible(user=host, city=city, pk=theirs.pk) is None
    assert selectors.offer_get_visible(user=outsider, city=city, pk=mine.pk) is None
    before = AuditEvent.objects.filter(action="hosting.offer_viewed").count()
    assert selectors.offer_get_visible(user=social_worker, city=city, pk=mine.pk) == mine
    assert selectors.offer_get_visible(user=coordinator, city=city, pk=mine.pk) == mine
    assert AuditEvent.objects.filter(action="hosting.offer_viewed").count() == before + 2
    with pytest.raises(Refused):
        services.offer_set_status(offer=theirs, status=OfferStatus.PAUSED, acting_user=host)


def test_household_name_is_encrypted_and_each_read_audited(city, make_household, social_worker, outsider, coordinator):
    household = make_household(name="Amina K.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM hosting_household WHERE id = %s", [household.pk])
        stored = cursor.fetchone()[0]
    assert "Amina" not in stored and stored.startswith("fernet:")
    assert services.household_name_read(household=household, acting_user=social_worker) == "Amina K."
    assert AuditEvent.objects.filter(action="hosting.household_name_read", actor=social_worker).count() == 1
    for person in (outsider, coordinator):
        with pytest.raises(Refused):
            services.household_name_read(household=household, acting_user=person)
    assert selectors.household_get_visible(user=outsider, city=city, pk=household.pk) is None
    assert selectors.household_get_visible(user=coordinator, city=city, pk=household.pk) == household
    assert AuditEvent.objects.filter(action="hosting.household_viewed", actor=coordinator).count() == 1


def test_matching_proposes_then_both_sides_accept_and_the_stay_starts(running_stay, host):
    stay = running_stay
    assert stay.status == StayStatus.ACTIVE
    assert stay.offer.status == OfferStatus.HOSTING or HostOffer.objects.get(pk=stay.offer_id).status == "hosting"
    kinds = list(stay.followups.values_list("kind", flat=True))
    assert kinds[:2] == ["first_week", "first_month"] and set(kinds[2:]) == {"monthly"}
    proposal = stay.proposal
    assert proposal.status == ProposalStatus.ACCEPTED
    assert dict(proposal.reasons)["hosting"] == 2


def test_a_declined_proposal_starts_nothing(city, make_offer, make_household, social_worker, host):
    make_offer(verify_by=social_worker)
    make_household()
    [proposal] = services.matching_run(
        city=city, acting_user=social_worker, organisation=social_worker.memberships.get().organisation
    )
    services.proposal_answer(proposal=proposal, acting_user=host, accept=False, side="host")
    assert Stay.objects.count() == 0
    with pytest.raises(Refused):
        services.proposal_answer(proposal=proposal, acting_user=social_worker, accept=True, side="household")


def test_a_shelter_proposal_reserves_the_place(city, site, make_unit, make_household, social_worker, coordinator):
    make_unit(site, beds=3, audiences=(Audience.YOUNG_AWAITING_ASSESSMENT,))
    young = make_household(composition="young_awaiting_assessment")
    [proposal] = services.matching_run(city=city, acting_user=coordinator)
    assert proposal.unit_id is not None
    services.proposal_answer(proposal=proposal, acting_user=social_worker, accept=True, side="household")
    assert Reservation.objects.filter(status="held", place_request__reference=young.reference).count() == 1
    young.refresh_from_db()
    assert young.status == "sheltered"


def test_notice_alerts_the_association_and_the_stay_ends_only_with_an_alternative(running_stay, host, social_worker):
    stay = services.stay_give_notice(stay=running_stay, acting_user=host, by="host", days=14)
    assert stay.status == StayStatus.NOTICE
    assert stay.notice_ends_on == timezone.localdate() + dt.timedelta(days=14)
    assert FollowUp.objects.filter(stay=stay, kind="notice", done_on__isnull=True).exists()
    assert list(selectors.stays_ending_without_alternative(city=stay.city)) == [stay]
    with pytest.raises(Refused) as refused:
        services.stay_end(stay=stay, acting_user=social_worker)
    assert refused.value.code == HostingError.ALTERNATIVE_REQUIRED
    services.stay_record_alternative(stay=stay, acting_user=social_worker, kind="another_host", note="Famille B.")
    assert list(selectors.stays_ending_without_alternative(city=stay.city)) == []
    stay = services.stay_end(stay=stay, acting_user=social_worker)
    assert stay.status == StayStatus.ENDED
    assert HostOffer.objects.get(pk=stay.offer_id).status == OfferStatus.ACTIVE
    assert Household.objects.get(pk=stay.household_id).status == "waiting"  # goes back to matching


def test_a_breakdown_opens_a_case_and_starts_the_notice(running_stay, social_worker):
    incident = services.incident_open(
        stay=running_stay, acting_user=social_worker, kind="breakdown", urgency="high", description="Conflit"
    )
    running_stay.refresh_from_db()
    assert running_stay.status == StayStatus.NOTICE and running_stay.notice_ends_on == timezone.localdate()
    assert incident.urgency == "high"
    with connection.cursor() as cursor:
        cursor.execute("SELECT description FROM hosting_incident WHERE id = %s", [incident.pk])
        assert "Conflit" not in cursor.fetchone()[0]


def test_followup_is_recorded_by_the_association_only(running_stay, social_worker, outsider, host):
    followup = running_stay.followups.order_by("due_on").first()
    with pytest.raises(Refused):
        services.followup_record(followup=followup, acting_user=outsider, notes="x")
    with pytest.raises(Refused):
        services.followup_record(followup=followup, acting_user=host, notes="x")
    services.followup_record(followup=followup, acting_user=social_worker, notes="Tout va bien", concern=False)
    followup.refresh_from_db()
    assert followup.done_on and followup.notes == "Tout va bien"


def test_retention_deletes_the_household_and_keeps_the_placement_counted(running_stay, social_worker):
    services.stay_give_notice(stay=running_stay, acting_user=social_worker, by="guest", days=0)
    services.stay_record_alternative(stay=running_stay, acting_user=social_worker, kind="housing")
    services.stay_end(stay=running_stay, acting_user=social_worker)
    services.followup_record(followup=running_stay.followups.first(), acting_user=social_worker, notes="secret")
    assert services.households_purge() == 0
    assert services.households_purge(now=timezone.now() + dt.timedelta(days=400)) == 1
    assert Household.objects.count() == 0
    stay = Stay.objects.get(pk=running_stay.pk)
    assert stay.household_id is None
    assert set(stay.followups.values_list("notes", flat=True)) == {""}
    assert selectors.stay_counts(city=stay.city)["placements"] == 1


def test_hosting_places_join_free_places_tonight(city, make_offer, social_worker):
    from accueil.shelters.selectors import free_places_tonight, places_summary

    make_offer(verify_by=social_worker, beds=3)
    make_offer()  # not verified: not a free place
    summary = places_summary(free_places_tonight(city=city))
    assert summary.by_kind == {"hosting": 3}


def test_retention_job_runs_under_its_lock(db):
    from accueil.hosting.tasks import hosting_retention_run

    assert hosting_retention_run() == 0


def test_the_association_is_emailed_when_notice_is_given(
    running_stay, host, social_worker, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        services.stay_give_notice(stay=running_stay, acting_user=host, by="host", days=10)
    assert [m.to for m in mailoutbox] == [[social_worker.email]]
    assert running_stay.household.reference in mailoutbox[0].subject
