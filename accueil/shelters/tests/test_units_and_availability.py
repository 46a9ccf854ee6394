"""Operators correct a unit after creating it; free places filtered by availability (year-round, the winter
plan's seasonal places, overflow)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from accueil.audit.models import AuditEvent
from accueil.core.errors import Refused
from accueil.organisations.models import ApiToken
from accueil.shelters import events, selectors, services
from accueil.shelters.errors import ShelterError
from accueil.shelters.models import Availability, Bed, BedStatus, Reservation, Unit
from accueil.testing.organisations_factories import api_token_for
from accueil.testing.pageweight import assert_page_weight

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def _edit(unit, **changes):
    fields = {
        "name": unit.name,
        "household_type": unit.household_type,
        "audiences": unit.audience_list,
        "beds": unit.beds.count(),
        "reception": unit.reception,
        "availability": unit.availability,
        "is_private": unit.is_private,
        "step_free": unit.step_free,
    }
    fields.update(changes)
    return fields


def _state(unit):
    unit = Unit.objects.get(pk=unit.pk)
    return (unit.name, unit.audiences, unit.availability, sorted(unit.beds.values_list("label", "status")))


def test_more_beds_are_added_as_available_with_the_next_labels(site, make_unit, operator):
    unit = make_unit(site, beds=2)
    services.unit_update(unit=unit, acting_user=operator, **_edit(unit, beds=4, availability=Availability.SEASONAL))
    assert sorted(unit.beds.values_list("label", "status")) == [
        ("1", "available"),
        ("2", "available"),
        ("3", "available"),
        ("4", "available"),
    ]
    assert Unit.objects.get(pk=unit.pk).availability == Availability.SEASONAL
    event = AuditEvent.objects.get(action=events.UNIT_UPDATED)
    assert event.data == {"fields": ["availability"], "beds_added": 2, "beds_removed": 0}


def test_fewer_beds_remove_only_free_beds_without_history(site, make_unit, make_request, operator, partner):
    unit = make_unit(site, beds=3)
    [held] = services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    blocked = unit.beds.exclude(pk=held.bed_id).order_by("pk").first()
    services.bed_set_status(bed=blocked, status=BedStatus.BLOCKED, reason="Fuite d'eau", acting_user=operator)
    before = _state(unit)
    with pytest.raises(Refused) as refused, translation.override("en"):
        services.unit_update(unit=unit, acting_user=operator, **_edit(unit, beds=1, name="Autre nom"))
    assert refused.value.code == ShelterError.BED_BUSY
    assert refused.value.message.startswith("Only 1 beds of this unit can be removed")
    assert _state(unit) == before
    services.unit_update(unit=unit, acting_user=operator, **_edit(unit, beds=2))
    assert sorted(unit.beds.values_list("status", flat=True)) == [BedStatus.BLOCKED, BedStatus.RESERVED]
    assert Reservation.objects.get(pk=held.pk).status == "held"


def test_another_operator_cannot_change_the_unit_and_nothing_changes(site, make_unit, other_operator, partner):
    unit = make_unit(site, beds=2)
    before = _state(unit)
    for user in (other_operator, partner):
        with pytest.raises(Refused) as refused:
            services.unit_update(unit=unit, acting_user=user, **_edit(unit, beds=5, name="Pris"))
        assert refused.value.code == ShelterError.FORBIDDEN
        c = client_for(user)
        url = f"/fr/shelters/sites/{site.pk}/units/{unit.pk}/edit/"
        assert c.get(url).status_code == 404
        assert c.post(url, _edit(unit, beds=5, name="Pris")).status_code == 404
    assert _state(unit) == before
    assert not AuditEvent.objects.filter(action=events.UNIT_UPDATED).exists()


def test_the_operator_changes_a_unit_in_the_page(site, make_unit, operator):
    unit = make_unit(site, beds=2, name="Dortoir A")
    c = client_for(operator)
    url = f"/fr/shelters/sites/{site.pk}/units/{unit.pk}/edit/"
    assert url in c.get(f"/fr/shelters/sites/{site.pk}/").content.decode()
    assert_page_weight(c, url)
    response = c.post(url, _edit(unit, audiences=[]))
    assert response.status_code == 200 and "Ce champ est obligatoire." in response.content.decode()
    response = c.post(url, _edit(unit, name="Dortoir B", beds=6, availability="overflow"))
    assert response.status_code == 302 and response["Location"] == f"/fr/shelters/sites/{site.pk}/"
    assert _state(unit)[:3] == ("Dortoir B", unit.audiences, "overflow")
    assert Bed.objects.filter(unit=unit).count() == 6


def test_free_places_by_availability(site, make_unit, coordinator, partner, partner_org):
    make_unit(site, beds=3, name="Toute l'année")
    make_unit(site, beds=2, name="Plan hiver", availability=Availability.SEASONAL)
    make_unit(site, beds=1, name="Débordement", availability=Availability.OVERFLOW)
    city = site.city

    def free(availability):
        return [(p.free, p.availabilities) for p in selectors.free_places_tonight(city=city, availability=availability)]

    assert free(None) == [(6, ("year_round", "seasonal", "overflow"))]
    assert free(Availability.SEASONAL) == [(2, ("seasonal",))]
    assert free(Availability.OVERFLOW) == [(1, ("overflow",))]
    page = client_for(coordinator).get("/fr/shelters/places/?availability=seasonal").content.decode()
    assert "2 places libres" in page
    token = api_token_for(partner_org)
    ApiToken.objects.filter(organisation=partner_org).update(created_by=partner)
    rows = Client().get("/api/v1/shelters/places?availability=overflow", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert [(r["free"], r["availabilities"]) for r in rows] == [(1, ["overflow"])]


def test_a_seasonal_filter_leaves_residents_homes_out(city):
    from accueil.shelters.selectors import PLACE_SOURCES, FreePlaces

    def homes(city, now):
        return [FreePlaces("hosting", "", "", None, ("men_alone",), 4, None, False)]

    PLACE_SOURCES.append(homes)
    try:
        assert sum(p.free for p in selectors.free_places_tonight(city=city, availability=Availability.SEASONAL)) == 0
        year_round = selectors.free_places_tonight(city=city, availability=Availability.YEAR_ROUND)
        assert sum(p.free for p in year_round if p.kind == "hosting") >= 4
    finally:
        PLACE_SOURCES.remove(homes)
