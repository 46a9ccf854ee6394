from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accueil.audit.models import AuditEvent
from accueil.donations import services
from accueil.donations.models import MovementKind, Stock, StockMovement
from accueil.testing.concurrency import run_together
from accueil.testing.donations_factories import StockFactory


def _quantity(point, item, size=""):
    return Stock.objects.get(point=point, item=item, size=size).quantity


@pytest.mark.smoke
def test_receipt_adds_to_stock_and_ledger(point, staff, socks):
    services.stock_receive(point=point, item=socks, size="M", quantity=12, condition="new", acting_user=staff)
    services.stock_receive(point=point, item=socks, size="M", quantity=3, condition="good", acting_user=staff)
    assert _quantity(point, socks, "M") == 15
    assert list(StockMovement.objects.filter(point=point).order_by("pk").values_list("kind", "delta")) == [
        (MovementKind.RECEIPT, 12),
        (MovementKind.RECEIPT, 3),
    ]
    assert AuditEvent.objects.filter(action="donations.stock_received").count() == 2


def test_worn_goods_are_logged_and_discarded(point, staff, towels):
    services.stock_receive(point=point, item=towels, quantity=5, condition="worn", acting_user=staff)
    assert _quantity(point, towels) == 0
    assert sum(StockMovement.objects.filter(point=point).values_list("delta", flat=True)) == 0


def test_unknown_size_is_refused_and_nothing_written(point, staff, socks):
    with pytest.raises(ValidationError):
        services.stock_receive(point=point, item=socks, size="XXL", quantity=1, condition="new", acting_user=staff)
    assert not Stock.objects.exists()
    assert not StockMovement.objects.exists()


@pytest.mark.smoke
def test_dispatch_never_goes_negative(point, staff, towels):
    StockFactory(point=point, item=towels, quantity=4)
    services.stock_dispatch(point=point, item=towels, quantity=3, acting_user=staff)
    with pytest.raises(ValidationError):
        services.stock_dispatch(point=point, item=towels, quantity=2, acting_user=staff)
    assert _quantity(point, towels) == 1
    assert list(StockMovement.objects.values_list("delta", flat=True)) == [-3]


def test_staff_of_one_point_cannot_touch_another_points_stock(point, other_point, staff, other_staff, towels):
    StockFactory(point=point, item=towels, quantity=5)
    StockFactory(point=other_point, item=towels, quantity=7)
    for user, target in ((staff, other_point), (other_staff, point)):
        with pytest.raises(PermissionDenied):
            services.stock_dispatch(point=target, item=towels, quantity=1, acting_user=user)
        with pytest.raises(PermissionDenied):
            services.stock_receive(point=target, item=towels, quantity=1, condition="new", acting_user=user)
    assert _quantity(point, towels) == 5
    assert _quantity(other_point, towels) == 7
    assert not StockMovement.objects.exists()


def test_staff_page_refuses_other_point_both_ways(client, point, other_point, staff, other_staff, towels):
    mine = StockFactory(point=point, item=towels, quantity=5)
    theirs = StockFactory(point=other_point, item=towels, quantity=7)
    for user, target, stock in ((staff, other_point, theirs), (other_staff, point, mine)):
        client.force_login(user)
        url = f"/fr/donations/staff/points/{target.slug}/"
        assert client.get(url).status_code == 403
        response = client.post(url, {"action": "dispatch", "stock": stock.pk, "quantity": 1})
        assert response.status_code == 403
        response = client.post(url, {"action": "receive", "item": towels.pk, "quantity": 3, "condition": "new"})
        assert response.status_code == 403
    assert _quantity(point, towels) == 5
    assert _quantity(other_point, towels) == 7
    assert not StockMovement.objects.exists()


@pytest.mark.smoke
def test_staff_logs_receipt_and_dispatch_on_the_page(client, point, staff, socks):
    client.force_login(staff)
    url = f"/fr/donations/staff/points/{point.slug}/"
    response = client.post(url, {"action": "receive", "item": socks.pk, "size": "L", "quantity": 8, "condition": "new"})
    assert response.status_code == 302
    stock = Stock.objects.get(point=point, item=socks, size="L")
    assert stock.quantity == 8
    response = client.post(url, {"action": "dispatch", "stock": stock.pk, "quantity": 9})
    assert response.status_code == 400
    assert "Pas assez" in response.content.decode()
    response = client.post(url, {"action": "dispatch", "stock": stock.pk, "quantity": 8, "note": "CHU"})
    assert response.status_code == 302
    stock.refresh_from_db()
    assert stock.quantity == 0
    page = client.get(url)
    assert page.status_code == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_100_concurrent_dispatches_of_the_last_units(postgres_only, city, point, staff, towels):
    StockFactory(point=point, item=towels, quantity=37)

    def dispatch() -> None:
        services.stock_dispatch(point=point, item=towels, quantity=1, acting_user=staff)

    outcomes = run_together([dispatch] * 100)
    assert len(outcomes.errors) == outcomes.raised(ValidationError) == 63
    assert _quantity(point, towels) == 0
    assert StockMovement.objects.filter(kind=MovementKind.DISPATCH).count() == 37


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_receipts_and_dispatches_lose_no_update(postgres_only, city, point, staff, towels):
    StockFactory(point=point, item=towels, quantity=50)

    def receive() -> None:
        services.stock_receive(point=point, item=towels, quantity=2, condition="good", acting_user=staff)

    def dispatch() -> None:
        services.stock_dispatch(point=point, item=towels, quantity=1, acting_user=staff)

    outcomes = run_together([dispatch, receive] * 20)
    assert outcomes.errors == []
    assert _quantity(point, towels) == 50 + 20 * 2 - 20
    assert sum(StockMovement.objects.values_list("delta", flat=True)) == 20
