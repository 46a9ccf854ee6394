from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from accueil.donations import services
from accueil.donations.deliveries import planning, selectors
from accueil.donations.deliveries import services as delivery_services
from accueil.donations.models import DeliveryRun, Need, NeedStatus, RunStatus, Stock
from accueil.testing.donations_factories import NeedFactory, StockFactory, VehicleFactory
from accueil.testing.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def shelter(city):
    return OrganisationFactory(city=city, name="CHU Porte de la Chapelle", slug="chu-chapelle")


@pytest.fixture
def site_member(shelter):
    user = UserFactory(email="site@example.org")
    MembershipFactory(user=user, organisation=shelter)
    return user


def _plan(city, coordinator):
    stocks, needs, vehicles, drivers = selectors.planning_inputs(city=city)
    lines, _ = planning.allocate(stocks, needs)
    proposals = planning.propose_runs(lines, vehicles, drivers)
    return delivery_services.runs_create(city=city, proposals=proposals, acting_user=coordinator)


@pytest.mark.smoke
def test_site_member_posts_a_need_that_expires_in_ten_days(shelter, site_member, towels):
    need = services.need_post(
        site=shelter,
        item=towels,
        quantity=30,
        urgency="urgent",
        needed_by=timezone.localdate() + dt.timedelta(days=3),
        acting_user=site_member,
    )
    assert need.status == NeedStatus.REQUESTED
    assert abs((need.expires_at - timezone.now()) - dt.timedelta(days=10)) < dt.timedelta(minutes=1)


def test_outsider_cannot_post_or_renew_a_sites_need(shelter, staff, towels):
    with pytest.raises(PermissionDenied):
        services.need_post(
            site=shelter, item=towels, quantity=3, urgency="normal", needed_by=timezone.localdate(), acting_user=staff
        )
    need = NeedFactory(city=shelter.city, site=shelter, item=towels)
    before = need.expires_at
    with pytest.raises(PermissionDenied):
        services.need_renew(need=need, acting_user=staff)
    need.refresh_from_db()
    assert need.expires_at == before
    assert Need.objects.count() == 1


def test_needs_expire_unless_renewed(shelter, site_member, towels, socks):
    old = timezone.now() - dt.timedelta(days=11)
    stale = NeedFactory(city=shelter.city, site=shelter, item=towels, expires_at=old)
    renewed = NeedFactory(city=shelter.city, site=shelter, item=socks, expires_at=old + dt.timedelta(days=2))
    planned = NeedFactory(city=shelter.city, site=shelter, item=socks, expires_at=old, quantity_committed=2)
    services.need_renew(need=renewed, acting_user=site_member)
    out = StringIO()
    call_command("donations_expire_needs", stdout=out)
    assert out.getvalue().strip() == "1 needs expired."
    statuses = dict(Need.objects.values_list("pk", "status"))
    assert statuses == {stale.pk: "expired", renewed.pk: "requested", planned.pk: "requested"}
    with pytest.raises(ValidationError):
        services.need_renew(need=stale, acting_user=site_member)


def test_expiry_schedule_is_registered(db):
    from django_q.models import Schedule

    call_command("schedules", stdout=StringIO())
    call_command("schedules", stdout=StringIO())
    schedule = Schedule.objects.get(name="donations.expire_needs")
    assert schedule.func == "accueil.donations.tasks.expire_needs"


@pytest.mark.smoke
def test_need_lifecycle_with_partial_deliveries(city, point, other_point, shelter, coordinator, towels):
    StockFactory(point=point, item=towels, quantity=20)
    VehicleFactory(city=city, capacity_units=100)
    need = NeedFactory(city=city, site=shelter, item=towels, quantity=50, urgency="urgent")
    runs = _plan(city, coordinator)
    need.refresh_from_db()
    assert (need.status, need.quantity_committed) == (NeedStatus.COMMITTED, 20)
    assert [run.lines.get().quantity for run in runs] == [20]
    # planning again finds nothing left at the point: no double commitment of the same stock
    assert _plan(city, coordinator) == []
    run = runs[0]
    delivery_services.run_pick_up(run=run, acting_user=coordinator)
    need.refresh_from_db()
    assert (need.status, need.quantity_committed, need.quantity_in_transit) == (NeedStatus.IN_TRANSIT, 0, 20)
    assert Stock.objects.get(point=point, item=towels).quantity == 0
    delivery_services.run_deliver(run=run, acting_user=coordinator)
    need.refresh_from_db()
    assert (need.status, need.quantity_in_transit, need.quantity_delivered) == (NeedStatus.REQUESTED, 0, 20)
    assert need.quantity_open == 30
    # more stock arrives at the other point: the rest is delivered
    StockFactory(point=other_point, item=towels, quantity=45)
    (second,) = _plan(city, coordinator)
    assert second.lines.get().quantity == 30
    delivery_services.run_pick_up(run=second, acting_user=coordinator)
    delivery_services.run_deliver(run=second, acting_user=coordinator)
    need.refresh_from_db()
    assert (need.status, need.quantity_delivered) == (NeedStatus.DELIVERED, 50)
    assert Stock.objects.get(point=other_point, item=towels).quantity == 15
    assert selectors.needs_met_rate(city=city) == 1.0
    with pytest.raises(ValidationError):
        delivery_services.run_deliver(run=second, acting_user=coordinator)


def test_only_the_driver_or_a_coordinator_confirms(city, point, shelter, coordinator, staff, towels):
    StockFactory(point=point, item=towels, quantity=5)
    VehicleFactory(city=city)
    NeedFactory(city=city, site=shelter, item=towels, quantity=5)
    (run,) = _plan(city, coordinator)
    with pytest.raises(PermissionDenied):
        delivery_services.run_pick_up(run=run, acting_user=staff)
    run.refresh_from_db()
    assert run.status == RunStatus.PLANNED
    assert Stock.objects.get(point=point, item=towels).quantity == 5


def test_pick_up_refused_whole_when_stock_vanished(city, point, shelter, coordinator, staff, towels, socks):
    StockFactory(point=point, item=towels, quantity=5)
    StockFactory(point=point, item=socks, quantity=5)
    VehicleFactory(city=city)
    NeedFactory(city=city, site=shelter, item=towels, quantity=5)
    NeedFactory(city=city, site=shelter, item=socks, quantity=5)
    (run,) = _plan(city, coordinator)
    services.stock_dispatch(point=point, item=socks, quantity=3, acting_user=staff)
    with pytest.raises(ValidationError):
        delivery_services.run_pick_up(run=run, acting_user=coordinator)
    run.refresh_from_db()
    assert run.status == RunStatus.PLANNED
    assert Stock.objects.get(point=point, item=towels).quantity == 5
    assert set(Need.objects.values_list("quantity_committed", "quantity_in_transit")) == {(5, 0)}


def test_runs_respect_vehicle_capacity_and_get_volunteer_drivers(city, point, shelter, coordinator, towels):
    from accueil.volunteering.models import Skill, VolunteerProfile

    driver = UserFactory(email="driver@example.org")
    profile = VolunteerProfile.objects.create(user=driver, city=city)
    profile.skills.add(Skill.objects.get(code="driving_licence_b"))
    StockFactory(point=point, item=towels, quantity=130)
    VehicleFactory(city=city, capacity_units=50)
    NeedFactory(city=city, site=shelter, item=towels, quantity=120)
    runs = _plan(city, coordinator)
    assert [sum(line.quantity for line in run.lines.all()) for run in runs] == [50, 50, 20]
    assert {run.driver_id for run in runs} == {driver.pk}
    assert DeliveryRun.objects.count() == 3


def test_coordination_page_shows_why_and_plans(client, city, point, shelter, coordinator, staff, towels):
    StockFactory(point=point, item=towels, quantity=10)
    VehicleFactory(city=city, name="Utilib 1")
    NeedFactory(city=city, site=shelter, item=towels, quantity=4, urgency="urgent")
    client.force_login(staff)
    assert client.get("/en/donations/coordination/").status_code == 403
    assert client.post("/en/donations/coordination/").status_code == 403
    assert not DeliveryRun.objects.exists()
    client.force_login(coordinator)
    page = client.get("/en/donations/coordination/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "urgency 30" in text and "distance" in text
    assert client.post("/en/donations/coordination/").status_code == 302
    run = DeliveryRun.objects.get()
    assert run.lines.get().reasons[0] == ["urgency", 30.0]
