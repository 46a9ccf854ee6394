"""A pledge is limited to what the point still needs, lowers the "still needed" figure at once, and the need
shrinks when the goods are received; items nobody asked for stay possible as extras."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accueil.donations import selectors, services
from accueil.donations.models import Pledge, PointItemRule, RuleStatus
from accueil.testing.concurrency import run_together
from accueil.testing.donations_factories import CollectionPointFactory, ItemFactory


@pytest.fixture
def point(city):
    return CollectionPointFactory(city=city, slug="mairie-11", name="Mairie du 11e")


@pytest.fixture
def backpacks(city, point):
    item = ItemFactory(city=city, code="backpacks", name="Sacs à dos", name_en="Backpacks")
    PointItemRule.objects.create(point=point, item=item, status=RuleStatus.NEEDED, quantity_needed=50)
    return item


def pledge(point, item, quantity):
    now = timezone.now()
    return services.pledge_create(
        point=point,
        item=item,
        quantity=quantity,
        slot_start=now + dt.timedelta(hours=1),
        slot_end=now + dt.timedelta(hours=2),
    )


def still(point):
    point = selectors.collection_point_get(city=point.city, slug=point.slug)
    return {item.code: quantity for item, quantity in selectors.point_lists(point=point).needed}


@pytest.mark.django_db
@translation.override("en")
def test_a_pledge_above_what_is_still_needed_is_refused_and_writes_nothing(point, backpacks):
    with pytest.raises(ValidationError) as refused:
        pledge(point, backpacks, 200)
    assert (refused.value.message_dict, Pledge.objects.count()) == (
        {"quantity": ["Only 50 still needed at this point: pledge at most 50."]},
        0,
    )


@pytest.mark.django_db
@translation.override("en")
def test_pledges_lower_the_still_needed_figure_until_nothing_is_left(point, backpacks):
    pledge(point, backpacks, 30)
    after_first = still(point)
    pledge(point, backpacks, 20)
    with pytest.raises(ValidationError) as refused:
        pledge(point, backpacks, 1)
    assert (after_first, still(point), refused.value.message_dict["quantity"]) == (
        {"backpacks": 20},
        {},
        ["This point has been promised all it needs of this item for now."],
    )


@pytest.mark.django_db
def test_receiving_a_pledge_meets_the_need_it_was_promised_for(point, backpacks, city):
    from accueil.testing.factories import MembershipFactory, UserFactory

    staff = UserFactory(email="staff@example.org")
    MembershipFactory(user=staff, organisation=point.managed_by)
    promised = pledge(point, backpacks, 30)
    services.pledge_receive(pledge=promised, acting_user=staff)
    rule = PointItemRule.objects.get(point=point, item=backpacks)
    assert (rule.quantity_needed, still(point)) == (20, {"backpacks": 20})


@pytest.mark.django_db
def test_an_item_the_point_did_not_ask_for_is_taken_as_an_extra(point, city):
    blankets = ItemFactory(city=city, code="blankets", name="Couvertures", name_en="Blankets")
    assert pledge(point, blankets, 5).quantity == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_donors_at_once_never_promise_more_than_needed(postgres_only, point, backpacks):
    outcomes = run_together([lambda: pledge(point, backpacks, 10)] * 10)
    promised = sum(Pledge.objects.filter(point=point, item=backpacks).values_list("quantity", flat=True))
    assert (outcomes.raised(ValidationError), promised) == (5, 50)
