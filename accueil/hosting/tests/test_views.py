"""Pages of shelters and hosting: each journey through the pages, both sides of every permission, page weight."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from accueil.hosting.models import HostOffer, Household, Stay
from accueil.shelters.models import Bed, Reservation
from accueil.testing.pageweight import assert_page_weight

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_partner_asks_sees_reasons_and_reserves(city, site, make_unit, partner, partner_org):
    make_unit(site, beds=2, audiences=("women_alone",), name="Femmes")
    c = client_for(partner)
    response = c.post(
        "/fr/shelters/requests/",
        {"organisation": partner_org.pk, "audience": "women_alone", "adults": 1, "children": 0},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    detail = response["Location"]
    page = c.get(detail)
    assert "Femmes" in page.content.decode()
    assert_page_weight(c, detail)
    unit = site.units.get()
    response = c.post(detail + "reserve/", {"site": site.pk, "unit": unit.pk, "hold_hours": 2}, follow=True)
    assert Reservation.objects.filter(status="held").count() == 1
    assert "Réservé" in response.content.decode() or "Reserved" in response.content.decode()


def test_operator_records_arrival_and_departure_in_one_tap(city, site, make_unit, operator):
    unit = make_unit(site, beds=1)
    bed = unit.beds.get()
    c = client_for(operator)
    assert c.get(f"/fr/shelters/sites/{site.pk}/").status_code == 200
    c.post(f"/fr/shelters/sites/{site.pk}/beds/{bed.pk}/arrival/")
    assert Bed.objects.get(pk=bed.pk).status == "occupied"
    c.post(f"/fr/shelters/sites/{site.pk}/beds/{bed.pk}/departure/")
    assert Bed.objects.get(pk=bed.pk).status == "available"
    c.post(f"/fr/shelters/sites/{site.pk}/confirm/")
    site.refresh_from_db()
    assert site.last_confirmed_at is not None
    assert_page_weight(c, f"/fr/shelters/sites/{site.pk}/")


def test_other_operator_and_partners_get_404_and_change_nothing(city, site, make_unit, other_operator, partner):
    unit = make_unit(site, beds=1)
    bed = unit.beds.get()
    for user in (other_operator, partner):
        c = client_for(user)
        assert c.get(f"/fr/shelters/sites/{site.pk}/").status_code == 404
        assert c.post(f"/fr/shelters/sites/{site.pk}/beds/{bed.pk}/arrival/").status_code == 404
        assert c.post(f"/fr/shelters/sites/{site.pk}/confirm/").status_code == 404
    assert Bed.objects.get(pk=bed.pk).status == "available"


def test_request_of_another_partner_is_404(city, make_request, other_partner):
    request = make_request()
    c = client_for(other_partner)
    assert c.get(f"/fr/shelters/requests/{request.pk}/").status_code == 404


def test_host_offers_a_room_and_sees_where_it_stands(city, host, association, arabic):
    c = client_for(host)
    assert c.get("/fr/hosting/offer/").status_code == 200
    response = c.post(
        "/fr/hosting/offer/",
        {
            "kind": "room",
            "district": city.districts.first().pk,
            "address": "1 rue A",
            "rooms": 1,
            "beds": 2,
            "resident_men": 0,
            "resident_women": 1,
            "resident_children": 0,
            "accepts_children": "on",
            "accepts_men": "on",
            "languages": ["ar"],
            "available_from": timezone.localdate().isoformat(),
            "min_months": 3,
            "max_months": 6,
            "verifier": association.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    offer = HostOffer.objects.get()
    page = c.get(f"/fr/hosting/offers/{offer.pk}/").content.decode()
    assert "En attente de vérification" in page or "Waiting for verification" in page
    assert_page_weight(c, "/ar/hosting/")
    assert_page_weight(c, "/ar/hosting/offer/")


def test_host_cannot_see_another_offer(city, make_offer, host):
    from accueil.testing.factories import UserFactory

    theirs = make_offer(user=UserFactory(email="h2@example.org"))
    assert client_for(host).get(f"/fr/hosting/offers/{theirs.pk}/").status_code == 404


def test_association_journey_household_matching_stay(city, make_offer, social_worker, host, association):
    make_offer(verify_by=social_worker)
    c = client_for(social_worker)
    response = c.post(
        "/fr/hosting/households/new/",
        {
            "composition": "man_alone",
            "adults": 1,
            "children": 0,
            "needed_from": timezone.localdate().isoformat(),
            "months_needed": 6,
            "organisation": association.pk,
            "name": "Yonas T.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    household = Household.objects.get()
    page = c.get(f"/fr/hosting/households/{household.pk}/").content.decode()
    assert "Yonas" not in page
    page = c.post(f"/fr/hosting/households/{household.pk}/", {"action": "show_name"}).content.decode()
    assert "Yonas T." in page
    c.post("/fr/hosting/matching/", {"organisation": association.pk})
    proposal = household.proposals.get()
    client_for(host).post(f"/fr/hosting/proposals/{proposal.pk}/answer/", {"side": "host", "answer": "yes"})
    c.post(f"/fr/hosting/proposals/{proposal.pk}/answer/", {"side": "household", "answer": "yes"})
    stay = Stay.objects.get()
    assert c.get(f"/fr/hosting/stays/{stay.pk}/").status_code == 200
    assert client_for(host).get(f"/fr/hosting/stays/{stay.pk}/").status_code == 200
    client_for(host).post(f"/fr/hosting/stays/{stay.pk}/notice/", {"days": 10})
    stay.refresh_from_db()
    assert stay.status == "notice" and stay.notice_by == "host"
    c.post(f"/fr/hosting/stays/{stay.pk}/alternative/", {"kind": "shelter", "note": "CHU"})
    c.post(f"/fr/hosting/stays/{stay.pk}/end/")
    stay.refresh_from_db()
    assert stay.status == "ended"
    assert_page_weight(c, "/fr/hosting/association/")


def test_an_outsider_sees_no_household_and_no_stay(running_stay, outsider):
    c = client_for(outsider)
    assert c.get(f"/fr/hosting/households/{running_stay.household_id}/").status_code == 404
    assert c.get(f"/fr/hosting/stays/{running_stay.pk}/").status_code == 404
    assert c.post(f"/fr/hosting/stays/{running_stay.pk}/end/").status_code == 404


def test_coordinator_overview(city, coordinator, site, make_unit, running_stay):
    make_unit(site, beds=3)
    c = client_for(coordinator)
    response = c.get("/fr/hosting/overview/")
    assert response.status_code == 200
    assert_page_weight(c, "/fr/hosting/overview/")
    assert c.get("/fr/shelters/places/").status_code == 200
    assert c.get("/fr/shelters/buildings/").status_code == 200
    assert Client().get("/fr/shelters/departements/").status_code == 200


def test_overview_is_for_coordinators_only(city, social_worker, host):
    for user in (social_worker, host):
        assert client_for(user).get("/fr/hosting/overview/").status_code == 404


def test_coordinator_opens_a_site_and_an_operator_cannot(city, coordinator, operator, operator_org):
    from accueil.shelters.models import Site

    form = {"name": "Centre Est", "operator": operator_org.pk}
    response = client_for(coordinator).post("/fr/shelters/sites/", form)
    assert response.status_code == 302
    assert Site.objects.filter(name="Centre Est", operator=operator_org).count() == 1
    assert client_for(operator).post("/fr/shelters/sites/", {**form, "name": "Autre"}).status_code == 404
    assert not Site.objects.filter(name="Autre").exists()
