"""Reservations, expiry, arrivals and departures, bed statuses, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accueil.audit.models import AuditEvent
from accueil.core.errors import Refused
from accueil.shelters import selectors, services
from accueil.shelters.errors import ShelterError
from accueil.shelters.models import Audience, Bed, BedStatus, Reception, Reservation, ReservationStatus

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(Bed.objects.order_by("pk").values_list("pk", "status", "blocked_reason")),
        list(Reservation.objects.order_by("pk").values_list("pk", "status")),
    )


def test_reserve_holds_a_bed_with_an_expiry(site, make_unit, make_request, partner):
    make_unit(site, beds=2)
    request = make_request()
    [reservation] = services.reservation_create(place_request=request, site=site, acting_user=partner, hold_hours=2)
    assert reservation.status == ReservationStatus.HELD
    assert reservation.bed.status == BedStatus.RESERVED or Bed.objects.get(pk=reservation.bed_id).status == "reserved"
    assert reservation.expires_at - reservation.reserved_at == dt.timedelta(hours=2)
    assert AuditEvent.objects.filter(action="shelters.reservation_created").count() == 1


def test_the_last_bed_is_never_reserved_twice(site, make_unit, make_request, partner, other_partner, other_partner_org):
    make_unit(site, beds=1)
    services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    second = make_request(user=other_partner, organisation=other_partner_org)
    with pytest.raises(Refused) as refused:
        services.reservation_create(place_request=second, site=site, acting_user=other_partner)
    assert refused.value.code == ShelterError.NO_FREE_PLACE
    assert Reservation.objects.filter(status="held").count() == 1


def test_a_family_gets_beds_of_one_private_unit(site, make_unit, make_request, partner):
    make_unit(site, beds=6, audiences=(Audience.MEN_ALONE,))
    small = make_unit(site, beds=3, audiences=(Audience.FAMILIES,), private=True, name="Chambre 1")
    make_unit(site, beds=6, audiences=(Audience.FAMILIES,), private=True, name="Chambre 2")
    family = make_request(audience=Audience.FAMILIES, adults=2, children=1)
    reservations = services.reservation_create(place_request=family, site=site, acting_user=partner)
    assert len(reservations) == 3
    assert {r.bed.unit_id for r in reservations} == {small.pk}


def test_unsuited_places_are_refused_with_their_reason(site, make_unit, make_request, partner):
    make_unit(site, beds=5, audiences=(Audience.MEN_ALONE,))
    with pytest.raises(Refused) as refused:
        services.reservation_create(
            place_request=make_request(audience=Audience.WOMEN_ALONE), site=site, acting_user=partner
        )
    assert refused.value.code == ShelterError.NOT_ELIGIBLE


def test_young_people_awaiting_assessment_are_sheltered_without_any_status(site, make_unit, make_request, partner):
    """Commitment 1: a place is offered before any status is asked; adults never go to minors' units."""
    make_unit(site, beds=4, audiences=(Audience.YOUNG_AWAITING_ASSESSMENT, Audience.MINORS))
    young = make_request(audience=Audience.YOUNG_AWAITING_ASSESSMENT)
    [reservation] = services.reservation_create(place_request=young, site=site, acting_user=partner)
    assert reservation.status == "held"
    adult = make_request(audience=Audience.MEN_ALONE)
    with pytest.raises(Refused):
        services.reservation_create(place_request=adult, site=site, acting_user=partner)
    # No field of the request asks for a status or a nationality.
    names = {f.name for f in young._meta.get_fields()}
    assert not names & {"status", "nationality", "legal_status", "asylum_status", "name"}


def test_minors_never_go_to_an_unconditional_adult_unit(site, make_unit, make_request, partner):
    make_unit(site, beds=4, audiences=(Audience.MEN_ALONE,), reception=Reception.UNCONDITIONAL)
    with pytest.raises(Refused):
        services.reservation_create(
            place_request=make_request(audience=Audience.MINORS), site=site, acting_user=partner
        )
    [ok] = services.reservation_create(
        place_request=make_request(audience=Audience.WOMEN_ALONE), site=site, acting_user=partner
    )
    assert ok.status == "held"


def test_reservation_expires_when_nobody_arrives(site, make_unit, make_request, partner):
    make_unit(site, beds=1)
    [reservation] = services.reservation_create(
        place_request=make_request(), site=site, acting_user=partner, hold_hours=1
    )
    assert services.reservations_expire(now=timezone.now() + dt.timedelta(minutes=30)) == 0
    assert reservation.is_overdue(timezone.now() + dt.timedelta(hours=2))
    assert services.reservations_expire(now=timezone.now() + dt.timedelta(hours=2)) == 1
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.EXPIRED
    assert Bed.objects.get(pk=reservation.bed_id).status == BedStatus.AVAILABLE
    # The bed can be reserved again.
    [again] = services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    assert again.bed_id == reservation.bed_id


def test_arrival_and_departure_move_the_bed(site, make_unit, make_request, partner, operator):
    make_unit(site, beds=1)
    [reservation] = services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    services.arrival_record(reservation=reservation, acting_user=operator)
    assert Bed.objects.get(pk=reservation.bed_id).status == BedStatus.OCCUPIED
    with pytest.raises(Refused):
        services.reservations_expire(now=timezone.now() + dt.timedelta(days=1)) or services.reservation_cancel(
            reservation=reservation, acting_user=partner
        )
    services.departure_record(reservation=reservation, acting_user=operator)
    reservation.refresh_from_db()
    assert reservation.status == ReservationStatus.DEPARTED and reservation.departed_at
    assert Bed.objects.get(pk=reservation.bed_id).status == BedStatus.AVAILABLE


def test_walk_in_arrival_without_reservation(site, make_unit, operator):
    unit = make_unit(site, beds=2)
    bed = unit.beds.first()
    reservation = services.arrival_record(bed=bed, acting_user=operator)
    assert reservation.status == ReservationStatus.ARRIVED
    with pytest.raises(Refused) as refused:
        services.arrival_record(bed=bed, acting_user=operator)
    assert refused.value.code == ShelterError.BED_TAKEN


def test_blocking_a_bed_needs_a_reason_and_a_free_bed(site, make_unit, make_request, operator, partner):
    unit = make_unit(site, beds=2)
    bed = unit.beds.order_by("pk").first()
    with pytest.raises(Refused) as refused:
        services.bed_set_status(bed=bed, status=BedStatus.BLOCKED, acting_user=operator)
    assert refused.value.code == ShelterError.REASON_REQUIRED
    services.bed_set_status(bed=bed, status=BedStatus.BLOCKED, reason="Dégât des eaux", acting_user=operator)
    [reservation] = services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    assert reservation.bed_id != bed.pk
    with pytest.raises(Refused) as refused:
        services.bed_set_status(bed=reservation.bed, status=BedStatus.OUT_OF_SERVICE, acting_user=operator)
    assert refused.value.code == ShelterError.BED_BUSY


def test_an_operator_cannot_touch_another_operators_site(site, make_unit, make_request, partner, other_operator):
    unit = make_unit(site, beds=2)
    [reservation] = services.reservation_create(place_request=make_request(), site=site, acting_user=partner)
    before = snapshot()
    for attempt in (
        lambda: services.arrival_record(reservation=reservation, acting_user=other_operator),
        lambda: services.arrival_record(bed=unit.beds.last(), acting_user=other_operator),
        lambda: services.bed_set_status(bed=unit.beds.last(), status="out_of_service", acting_user=other_operator),
        lambda: services.site_confirm(site=site, acting_user=other_operator),
        lambda: services.unit_create(
            site=site,
            acting_user=other_operator,
            name="x",
            household_type="adults_only",
            audiences=["men_alone"],
            beds=3,
        ),
    ):
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.status == 403
    assert snapshot() == before
    assert selectors.site_get_operated(user=other_operator, city=site.city, pk=site.pk) is None


def test_a_partner_sees_places_not_other_partners_households(
    city, site, make_unit, make_request, partner, other_partner, other_partner_org
):
    make_unit(site, beds=3)
    mine = make_request()
    theirs = make_request(user=other_partner, organisation=other_partner_org)
    assert list(selectors.requests_visible(user=partner, city=city)) == [mine]
    assert selectors.request_get_visible(user=partner, city=city, pk=theirs.pk) is None
    [reservation] = services.reservation_create(place_request=theirs, site=site, acting_user=other_partner)
    before = snapshot()
    with pytest.raises(Refused):
        services.reservation_create(place_request=theirs, site=site, acting_user=partner)
    with pytest.raises(Refused):
        services.reservation_cancel(reservation=reservation, acting_user=partner)
    assert snapshot() == before
    # Places are visible to every partner.
    assert selectors.shelter_free_places(city=city)[0].free == 2


def test_an_unverified_organisation_cannot_request(unverified_org, city):
    from accueil.testing.organisations_factories import organisation_member

    member = organisation_member(unverified_org)
    with pytest.raises(Refused):
        services.place_request_create(organisation=unverified_org, acting_user=member, audience="men_alone")
