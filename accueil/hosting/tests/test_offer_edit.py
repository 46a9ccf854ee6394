"""The host corrects their offer after sending it; "Louez solidaire" details of a vacant flat."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from accueil.audit.models import AuditEvent
from accueil.core.errors import Refused
from accueil.hosting import events, services
from accueil.hosting.errors import HostingError
from accueil.hosting.models import HostOffer, Intermediation, OfferKind, OfferStatus, Proposal, ProposalStatus
from accueil.testing.factories import OrganisationFactory
from accueil.testing.pageweight import assert_page_weight

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _snapshot(offer):
    offer = HostOffer.objects.get(pk=offer.pk)
    return (offer.status, offer.beds, offer.rooms, offer.resident_men, offer.max_months, offer.address)


def test_a_change_of_dates_keeps_the_verification_and_withdraws_waiting_proposals(
    city, make_offer, make_household, social_worker, host, arabic
):
    offer = make_offer(verify_by=social_worker)
    make_household()
    [proposal] = services.matching_run(city=city, acting_user=social_worker, organisation=offer.verifier)
    until = timezone.localdate() + dt.timedelta(days=200)
    offer, recheck = services.offer_update(
        offer=offer, acting_user=host, available_until=until, max_months=6, languages=[arabic]
    )
    offer.refresh_from_db()
    assert (recheck, offer.status, offer.verification.decision) == (False, OfferStatus.ACTIVE, "verified")
    assert (offer.available_until, offer.max_months, list(offer.languages.all())) == (until, 6, [arabic])
    assert Proposal.objects.get(pk=proposal.pk).status == ProposalStatus.WITHDRAWN
    event = AuditEvent.objects.get(action=events.OFFER_UPDATED)
    assert event.data == {"fields": ["available_until", "max_months", "languages"], "verification_again": False}


def test_a_change_of_who_lives_there_sends_the_offer_back_to_verification(
    city, make_offer, make_household, social_worker, host
):
    offer = make_offer(verify_by=social_worker)
    offer, recheck = services.offer_update(offer=offer, acting_user=host, resident_women=0, resident_men=1)
    offer.refresh_from_db()
    assert (recheck, offer.status) == (True, OfferStatus.SUBMITTED)
    assert (offer.verification.decision, offer.verification.visit_on) == ("in_progress", None)
    make_household()
    assert services.matching_run(city=city, acting_user=social_worker, organisation=offer.verifier) == []


def test_only_the_host_changes_the_offer_and_a_refusal_changes_nothing(make_offer, social_worker):
    offer = make_offer(verify_by=social_worker)
    before = _snapshot(offer)
    with pytest.raises(Refused) as refused:
        services.offer_update(offer=offer, acting_user=social_worker, beds=4)
    assert refused.value.code == HostingError.FORBIDDEN
    assert _snapshot(offer) == before
    assert not AuditEvent.objects.filter(action=events.OFFER_UPDATED).exists()


def test_an_offer_hosting_a_household_changes_only_through_the_stay(running_stay, host):
    offer = running_stay.offer
    before = _snapshot(offer)
    with pytest.raises(Refused) as refused, translation.override("en"):
        services.offer_update(offer=offer, acting_user=host, beds=5)
    assert "give notice" in refused.value.message
    assert _snapshot(offer) == before


def test_more_rooms_than_beds_is_refused_and_nothing_is_saved(make_offer, host):
    offer = make_offer()
    before = _snapshot(offer)
    with pytest.raises(ValidationError):
        services.offer_update(offer=offer, acting_user=host, rooms=3, beds=2)
    assert _snapshot(offer) == before


def test_a_vacant_flat_says_how_it_is_let(city, make_offer, host):
    operator = OrganisationFactory(city=city, name="Solibail", slug="solibail")
    with pytest.raises(Refused) as refused, translation.override("en"):
        make_offer(kind=OfferKind.VACANT_FLAT, operator=operator, resident_men=0, resident_women=0)
    assert refused.value.message == "Say how the operator lets the flat."
    assert not HostOffer.objects.exists()
    flat = make_offer(
        kind=OfferKind.VACANT_FLAT,
        operator=operator,
        intermediation=Intermediation.SUBLET,
        surface_m2=42,
        monthly_rent=820,
    )
    assert (flat.intermediation, flat.surface_m2, flat.monthly_rent, flat.resident_men) == ("sublet", 42, 820, 0)
    flat, _ = services.offer_update(offer=flat, acting_user=host, intermediation=Intermediation.MANDATE)
    assert HostOffer.objects.get(pk=flat.pk).intermediation == "mandate"


def test_the_host_changes_the_offer_in_the_page(make_offer, host, city):
    offer = make_offer()
    c = client_for(host)
    url = f"/fr/hosting/offers/{offer.pk}/edit/"
    assert url in c.get(f"/fr/hosting/offers/{offer.pk}/").content.decode()
    assert_page_weight(c, url)
    form = {
        "district": offer.district_id,
        "address": "5 rue Neuve",
        "rooms": 1,
        "beds": 3,
        "resident_men": 1,
        "resident_women": 1,
        "resident_children": 0,
        "accepts_children": "on",
        "accepts_men": "on",
        "available_from": offer.available_from.isoformat(),
        "min_months": 3,
        "max_months": 9,
    }
    response = c.post(url, {**form, "max_months": 2})
    assert response.status_code == 200
    assert "Assurez-vous que cette valeur est supérieure ou égale à 3." in response.content.decode()
    assert HostOffer.objects.get(pk=offer.pk).max_months == 12
    response = c.post(url, form)
    assert response.status_code == 302 and response["Location"] == f"/fr/hosting/offers/{offer.pk}/"
    offer = HostOffer.objects.get(pk=offer.pk)
    assert (offer.beds, offer.max_months, offer.address) == (3, 9, "5 rue Neuve")


def test_nobody_else_reaches_the_edit_page_and_nothing_changes(make_offer, social_worker, outsider):
    offer = make_offer()
    before = _snapshot(offer)
    for user in (social_worker, outsider):
        c = client_for(user)
        assert c.get(f"/fr/hosting/offers/{offer.pk}/edit/").status_code == 404
        assert c.post(f"/fr/hosting/offers/{offer.pk}/edit/", {"beds": 6, "rooms": 1}).status_code == 404
    assert _snapshot(offer) == before


def test_the_verifying_association_reads_how_the_flat_is_let_in_the_api(city, make_offer, social_worker):
    operator = OrganisationFactory(city=city, name="Solibail", slug="solibail")
    flat = make_offer(
        kind=OfferKind.VACANT_FLAT,
        operator=operator,
        intermediation=Intermediation.MANDATE,
        surface_m2=42,
        monthly_rent=820,
        resident_men=0,
        resident_women=0,
    )
    response = client_for(social_worker).get("/api/v1/hosting/offers")
    assert response.status_code == 200
    [row] = [r for r in response.json() if r["id"] == flat.pk]
    assert (row["kind"], row["intermediation"], row["operator"], row["surface_m2"], row["monthly_rent"]) == (
        "vacant_flat",
        "mandate",
        operator.pk,
        42,
        820,
    )
