"""A shelter referral answered with a bed: the partner reserves at one of its sites, the team sees where."""

from __future__ import annotations

import pytest
from django.test import Client

from accueil.core.errors import Refused
from accueil.outreach import services
from accueil.outreach.errors import OutreachError
from accueil.outreach.models import Consent, Referral, ReferralKind, ReferralStatus
from accueil.outreach.services import Consents
from accueil.outreach.tests.conftest import met
from accueil.shelters import services as shelter_services
from accueil.shelters.models import Audience, Bed, BedStatus, PlaceRequest, Reservation

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter_site(world):
    site = shelter_services.site_create(
        city=world.city,
        acting_user=world.coordinator,
        operator=world.shelter,
        name="Centre Jeunes",
        address="5 rue du Refuge",
        district=world.city.districts.first(),
    )
    shelter_services.unit_create(
        site=site,
        acting_user=world.coordinator,
        name="Chambre",
        household_type="adults_only",
        audiences=[Audience.YOUNG_AWAITING_ASSESSMENT, Audience.MEN_ALONE],
        beds=1,
    )
    return site


@pytest.fixture
def referral(world):
    person = met(world, consents=Consents(shelter=Consent.GIVEN)).encounter.person
    return services.referral_create(
        person=person, partner=world.shelter, kind=ReferralKind.SHELTER, acting_user=world.worker
    )


def _unchanged(referral):
    fresh = Referral.objects.get(pk=referral.pk)
    return (fresh.status, fresh.place_request_id, Reservation.objects.count(), PlaceRequest.objects.count())


def test_the_partner_reserves_a_bed_and_the_team_sees_where(world, shelter_site, referral):
    referral, [reservation] = services.referral_reserve_place(
        referral=referral, site=shelter_site, audience=Audience.MEN_ALONE, acting_user=world.partner_member
    )
    assert (referral.status, reservation.status, Bed.objects.get(pk=reservation.bed_id).status) == (
        ReferralStatus.SCHEDULED,
        "held",
        BedStatus.RESERVED,
    )
    assert "Centre Jeunes" in referral.outcome and "5 rue du Refuge" in referral.outcome
    place_request = referral.place_request
    assert (place_request.organisation_id, place_request.adults, place_request.reference) == (
        world.shelter.pk,
        1,
        referral.person.reference,
    )
    client = Client()
    client.force_login(world.worker)
    page = client.get(f"/fr/outreach/referrals/{referral.pk}/").content.decode()
    assert "Centre Jeunes" in page and "5 rue du Refuge" in page


def test_a_full_site_leaves_nothing_written(world, shelter_site, referral):
    shelter_services.bed_set_status(
        bed=shelter_site.beds.get(), status=BedStatus.OUT_OF_SERVICE, acting_user=world.coordinator
    )
    before = _unchanged(referral)
    with pytest.raises(Refused) as refused:
        services.referral_reserve_place(
            referral=referral, site=shelter_site, audience=Audience.MEN_ALONE, acting_user=world.partner_member
        )
    assert refused.value.code == "no_free_place"
    assert _unchanged(referral) == before


def test_the_team_cannot_reserve_and_nothing_changes(world, shelter_site, referral):
    before = _unchanged(referral)
    with pytest.raises(Refused) as refused:
        services.referral_reserve_place(
            referral=referral, site=shelter_site, audience=Audience.MEN_ALONE, acting_user=world.worker
        )
    assert refused.value.code == OutreachError.NOT_A_MEMBER
    client = Client()
    client.force_login(world.worker)
    response = client.post(
        f"/fr/outreach/referrals/{referral.pk}/reserve/",
        {"site": shelter_site.pk, "audience": Audience.MEN_ALONE, "hold_hours": 3},
    )
    assert response.status_code == 404
    assert _unchanged(referral) == before


def test_only_once_while_the_place_is_held(world, shelter_site, referral):
    services.referral_reserve_place(
        referral=referral, site=shelter_site, audience=Audience.MEN_ALONE, acting_user=world.partner_member
    )
    before = _unchanged(referral)
    with pytest.raises(Refused) as refused:
        services.referral_reserve_place(
            referral=referral, site=shelter_site, audience=Audience.MEN_ALONE, acting_user=world.partner_member
        )
    assert refused.value.code == OutreachError.TRANSITION_NOT_ALLOWED
    assert _unchanged(referral) == before


def test_the_partner_reserves_in_the_page(world, shelter_site, referral):
    client = Client()
    client.force_login(world.partner_member)
    url = f"/fr/outreach/referrals/{referral.pk}/"
    assert f"/fr/outreach/referrals/{referral.pk}/reserve/" in client.get(url).content.decode()
    response = client.post(url + "reserve/", {"site": shelter_site.pk, "audience": Audience.MEN_ALONE, "hold_hours": 2})
    assert response.status_code == 302
    assert Reservation.objects.filter(status="held", site=shelter_site).count() == 1
    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.SCHEDULED


def test_the_audience_guess_follows_what_is_shared():
    assert services.audience_guess({"says_minor": True}) == Audience.YOUNG_AWAITING_ASSESSMENT
    assert services.audience_guess({"composition": "with_children", "vulnerabilities": ["single_headed"]}) == (
        Audience.WOMEN_WITH_CHILDREN
    )
    assert services.audience_guess({"composition": "alone", "vulnerabilities": ["woman_alone"]}) == (
        Audience.WOMEN_ALONE
    )
    assert services.audience_guess({"composition": "alone"}) == Audience.MEN_ALONE
