"""A building's pipeline, daily confirmation and staleness, free places tonight, the département table."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accueil.core.errors import Refused
from accueil.shelters import selectors, services
from accueil.shelters.errors import ShelterError
from accueil.shelters.models import Audience, BuildingDecision, BuildingStage, Site

pytestmark = pytest.mark.django_db


def test_building_goes_from_identified_to_open_and_becomes_a_site(
    city, coordinator, partner, partner_org, operator_org
):
    building = services.building_propose(
        city=city,
        acting_user=partner,
        name="Ancienne caserne",
        address="12 rue X",
        proposed_by=partner_org,
        estimated_places=80,
        surface_m2=1200,
    )
    assert building.stage == BuildingStage.IDENTIFIED
    with pytest.raises(Refused) as refused:
        services.building_advance(building=building, to_stage=BuildingStage.ASSESSED, acting_user=partner)
    assert refused.value.status == 403
    with pytest.raises(Refused) as refused:
        services.building_advance(building=building, to_stage=BuildingStage.OPEN, acting_user=coordinator)
    assert refused.value.code == ShelterError.BAD_TRANSITION
    services.building_advance(
        building=building, to_stage=BuildingStage.ASSESSED, acting_user=coordinator, note="Visite OK"
    )
    services.building_advance(building=building, to_stage=BuildingStage.WORKS, acting_user=coordinator)
    with pytest.raises(Refused) as refused:
        services.building_advance(building=building, to_stage=BuildingStage.OPEN, acting_user=coordinator)
    assert refused.value.code == ShelterError.OPERATOR_REQUIRED
    services.building_advance(
        building=building, to_stage=BuildingStage.OPEN, acting_user=coordinator, operator=operator_org
    )
    site = Site.objects.get(building=building)
    assert site.operator == operator_org and site.is_open
    decisions = list(
        BuildingDecision.objects.filter(building=building).values_list("from_stage", "to_stage", "decided_by")
    )
    assert decisions == [
        ("", "identified", partner.pk),
        ("identified", "assessed", coordinator.pk),
        ("assessed", "works", coordinator.pk),
        ("works", "open", coordinator.pk),
    ]
    services.building_advance(building=building, to_stage=BuildingStage.CLOSED, acting_user=coordinator)
    site.refresh_from_db()
    assert not site.is_open
    assert selectors.pipeline_counts(city=city)["closed"] == 1


def test_figures_are_stale_after_a_day_until_confirmed(city, site, make_unit, operator):
    make_unit(site, beds=4)
    [row] = selectors.shelter_free_places(city=city)
    assert row.stale and row.last_confirmed_at is None
    confirmation = services.site_confirm(site=site, acting_user=operator)
    assert (confirmation.available, confirmation.beds_total) == (4, 4)
    [row] = selectors.shelter_free_places(city=city)
    assert not row.stale and row.last_confirmed_at == confirmation.confirmed_at
    later = timezone.now() + dt.timedelta(hours=25)
    [row] = selectors.shelter_free_places(city=city, now=later)
    assert row.stale
    assert list(selectors.stale_sites(city=city, now=later)) == [site]


def test_free_places_tonight_by_district_and_audience(city, site, make_unit, make_request, partner):
    make_unit(site, beds=5, audiences=(Audience.MEN_ALONE,))
    make_unit(site, beds=3, audiences=(Audience.WOMEN_WITH_CHILDREN, Audience.FAMILIES), private=True, name="F")
    services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    places = selectors.free_places_tonight(city=city)
    summary = selectors.places_summary(places)
    assert summary.total == 7
    assert summary.by_audience[Audience.MEN_ALONE] == 7  # a site's places are listed for every audience it serves
    assert summary.by_district[site.district.name] == 7


def test_places_for_request_explain_each_option(city, site, make_unit, make_request):
    make_unit(site, beds=5, audiences=(Audience.MEN_ALONE,))
    make_unit(site, beds=2, audiences=(Audience.WOMEN_ALONE,), name="Femmes")
    request = make_request(audience=Audience.WOMEN_ALONE, district=site.district)
    options, excluded = selectors.places_for_request(place_request=request)
    assert [o.unit.name for o in options] == ["Femmes"]
    assert "audience_served" in options[0].reasons and "same_district" in options[0].reasons
    assert excluded == 1


def test_occupancy_and_departement_table(city, site, make_unit, make_request, partner, operator, departement):
    make_unit(site, beds=10)
    [r] = services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    services.arrival_record(reservation=r, acting_user=operator)
    occupancy = selectors.city_occupancy(city=city)
    assert (occupancy.allocable, occupancy.occupied) == (10, 1)
    assert occupancy.rate == 10 and occupancy.suspicious
    services.site_confirm(site=site, acting_user=operator)
    trend = selectors.occupancy_trend(city=city, days=2)
    assert trend[-1][1] == 10
    [row] = selectors.departement_table(city=city)
    assert row.places_recorded == 10 and str(row.plan_places_per_1000) == "3.90"
    assert str(row.places_per_1000_recorded) == "0.01"
