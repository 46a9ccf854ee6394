"""Catalogue, kits, priorities and switches (coordinators); point rules and stop switch (a point's staff)."""

from __future__ import annotations

import pytest

from accueil.donations.models import Item, ItemCategory, KitComponent, PointItemRule, PriorityItem
from accueil.testing.factories import UserFactory

CATALOGUE = "/en/donations/coordination/catalogue/"


def _rules(point):
    return sorted(PointItemRule.objects.filter(point=point).values_list("item_id", "status", "quantity_needed"))


@pytest.mark.smoke
def test_coordinator_curates_catalogue_kit_and_priorities(client, city, coordinator, socks, towels):
    client.force_login(coordinator)
    response = client.post(
        CATALOGUE,
        {
            "action": "item",
            "item-category": socks.category_id,
            "item-code": "hygiene-kit",
            "item-name": "Kit d'hygiène",
            "item-unit": "kit",
            "item-sizes": "",
            "item-is_kit": "on",
        },
    )
    assert response.status_code == 302
    kit = Item.objects.get(city=city, code="hygiene-kit")
    assert kit.is_kit and kit.unit == "kit"
    url = f"/en/donations/coordination/catalogue/items/{kit.pk}/"
    assert (
        client.post(url, {"action": "component", "component-component": towels.pk, "component-quantity": 2}).status_code
        == 302
    )
    assert list(KitComponent.objects.filter(kit=kit).values_list("item_id", "quantity")) == [(towels.pk, 2)]
    # components are shown on the catalogue and the item's page
    assert "2 × Bath towels" in client.get(CATALOGUE).content.decode()
    assert "2 × Bath towels" in client.get(url).content.decode()
    # a kit cannot contain itself
    assert (
        client.post(url, {"action": "component", "component-component": kit.pk, "component-quantity": 1}).status_code
        == 400
    )
    assert KitComponent.objects.filter(kit=kit).count() == 1
    # sizes and a new category
    assert (
        client.post(
            CATALOGUE,
            {
                "action": "category",
                "category-code": "shoes",
                "category-name": "Chaussures",
            },
        ).status_code
        == 302
    )
    category = ItemCategory.objects.get(city=city, code="shoes")
    client.post(
        CATALOGUE,
        {
            "action": "item",
            "item-category": category.pk,
            "item-code": "boots",
            "item-name": "Bottes",
            "item-unit": "pair",
            "item-sizes": "38, 40,40 , 42",
        },
    )
    assert Item.objects.get(code="boots").sizes == ["38", "40", "42"]
    # priority list with levels
    assert (
        client.post(CATALOGUE, {"action": "priority", "priority-item": kit.pk, "priority-level": "urgent"}).status_code
        == 302
    )
    assert PriorityItem.objects.get(city=city, item=kit).level == "urgent"
    client.post(CATALOGUE, {"action": "priority", "priority-item": kit.pk, "priority-level": ""})
    assert not PriorityItem.objects.filter(item=kit).exists()


def test_item_switch_in_one_click(client, coordinator, point, socks):
    client.force_login(coordinator)
    assert client.post(CATALOGUE, {"action": "switch", "item": socks.pk, "accepted": "0"}).status_code == 302
    socks.refresh_from_db()
    assert socks.accepted is False
    assert "Socks" in client.get(f"/en/donations/points/{point.slug}/").content.decode().split("Not accepted")[1]


def test_catalogue_refuses_non_coordinators_and_changes_nothing(client, city, staff, socks):
    before = (list(Item.objects.values_list("pk", "accepted", "name")), ItemCategory.objects.count())
    for user in (None, staff, UserFactory()):
        refused = 302 if user is None else 403  # anonymous visitors are sent to sign in
        client.logout()
        if user:
            client.force_login(user)
        for data in (
            {"action": "switch", "item": socks.pk, "accepted": "0"},
            {"action": "priority", "priority-item": socks.pk, "priority-level": "urgent"},
            {"action": "category", "category-code": "x", "category-name": "X"},
        ):
            response = client.post(CATALOGUE, data)
            assert response.status_code == refused
            if user is None:
                assert "/login" in response["Location"]
        assert client.post(f"{CATALOGUE}items/{socks.pk}/", {"action": "item"}).status_code == refused
    assert (list(Item.objects.values_list("pk", "accepted", "name")), ItemCategory.objects.count()) == before
    assert not PriorityItem.objects.exists()


def test_point_staff_set_rules_and_stop_switch(client, point, staff, socks, towels):
    client.force_login(staff)
    url = f"/en/donations/staff/points/{point.slug}/rules/"
    assert (
        client.post(url, {"action": "rule", "item": socks.pk, "status": "needed", "quantity_needed": 40}).status_code
        == 302
    )
    assert client.post(url, {"action": "rule", "item": towels.pk, "status": "not_accepted"}).status_code == 302
    assert _rules(point) == sorted([(socks.pk, "needed", 40), (towels.pk, "not_accepted", 0)])
    # needed without a quantity is refused with a message, nothing written
    response = client.post(url, {"action": "rule", "item": towels.pk, "status": "needed", "quantity_needed": ""})
    assert response.status_code == 400 and "Say how many are needed." in response.content.decode()
    assert _rules(point) == sorted([(socks.pk, "needed", 40), (towels.pk, "not_accepted", 0)])
    public = client.get(f"/en/donations/points/{point.slug}/").content.decode()
    assert "Socks" in public and "40" in public
    assert client.post(url, {"action": "remove", "item": towels.pk}).status_code == 302
    assert _rules(point) == [(socks.pk, "needed", 40)]
    assert client.post(url, {"action": "switch", "accepting": "0"}).status_code == 302
    point.refresh_from_db()
    assert point.accepting is False


def test_staff_of_another_point_cannot_set_rules(client, point, other_point, staff, other_staff, socks):
    for user, target in ((other_staff, point), (staff, other_point)):
        client.force_login(user)
        url = f"/en/donations/staff/points/{target.slug}/rules/"
        assert client.get(url).status_code == 403
        assert client.post(url, {"action": "rule", "item": socks.pk, "status": "not_accepted"}).status_code == 403
        assert client.post(url, {"action": "switch", "accepting": "0"}).status_code == 403
    for target in (point, other_point):
        target.refresh_from_db()
        assert target.accepting is True and _rules(target) == []
