"""Stock at collection points: receipts and dispatches through the ledger, never below zero."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record

from .. import events, policies
from ..models import (
    CollectionPoint,
    Condition,
    Item,
    MovementKind,
    Pledge,
    Stock,
    StockMovement,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User

    from ..models import DeliveryRun


def _check_quantity(quantity: int, field: str = "quantity") -> None:
    if not isinstance(quantity, int) or quantity < 1 or quantity > 100_000:
        raise ValidationError({field: _("Enter a quantity from 1 to 100,000.")})


def _check_size(item: Item, size: str) -> str:
    size = (size or "").strip()
    if size and size not in (item.sizes or []):
        raise ValidationError({"size": _("This size does not exist for this item.")})
    return size


def _stock_row(*, point: CollectionPoint, item: Item, size: str) -> Stock:
    """The stock row, created at zero when missing (a unique constraint makes creation race-safe)."""
    stock, _created = Stock.objects.get_or_create(
        point=point, item=item, size=size, defaults={"city_id": point.city_id, "quantity": 0}
    )
    return stock


@transaction.atomic
def stock_receive(
    *,
    point: CollectionPoint,
    item: Item,
    quantity: int,
    condition: str,
    acting_user: User,
    size: str = "",
    pledge: Pledge | None = None,
    check_permission: bool = True,
) -> StockMovement:
    """Log a receipt. Goods that are worn out are written in the ledger and discarded at once (not stocked)."""
    if check_permission:
        policies.require(policies.can_manage_point(acting_user, point))
    if item.city_id != point.city_id:
        raise ValidationError({"item": _("This item is not in the catalogue of this city.")})
    _check_quantity(quantity)
    size = _check_size(item, size)
    if condition not in Condition.values:
        raise ValidationError({"condition": _("Choose the condition of the goods.")})
    stock = _stock_row(point=point, item=item, size=size)
    now = timezone.now()
    Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + quantity, last_received_at=now)
    movement = StockMovement(
        city_id=point.city_id,
        point=point,
        item=item,
        size=size,
        kind=MovementKind.RECEIPT,
        delta=quantity,
        condition=condition,
        actor=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        pledge=pledge,
    )
    movement.full_clean()
    movement.save()
    if condition == Condition.WORN:
        Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") - quantity)
        _movement_create(
            stock,
            kind=MovementKind.ADJUSTMENT,
            delta=-quantity,
            actor=movement.actor,
            condition=condition,
            note="discarded: not usable",
        )
    audit_record(
        action=events.STOCK_RECEIVED,
        actor=acting_user,
        target=point,
        data={"item": item.pk, "size": size, "quantity": quantity, "condition": condition},
    )
    return movement


def _movement_create(
    stock: Stock,
    *,
    kind: MovementKind,
    delta: int,
    actor: User | None,
    condition: str = "",
    note: str = "",
    run: DeliveryRun | None = None,
) -> StockMovement:
    """Write one line of the ledger for a stock row whose quantity was just changed by `delta`."""
    return StockMovement.objects.create(
        city_id=stock.city_id,
        point_id=stock.point_id,
        item_id=stock.item_id,
        size=stock.size,
        kind=kind,
        delta=delta,
        condition=condition,
        note=note,
        actor=actor,
        run=run,
    )


def _take(*, stock_id: int, quantity: int) -> bool:
    """Remove `quantity` units if they are there: one conditional UPDATE, atomic in the database."""
    return Stock.objects.filter(pk=stock_id, quantity__gte=quantity).update(quantity=F("quantity") - quantity) == 1


@transaction.atomic
def stock_dispatch(
    *, point: CollectionPoint, item: Item, quantity: int, acting_user: User, size: str = "", note: str = ""
) -> StockMovement:
    """Send goods out of a point. Refused, with nothing written, when the stock does not hold that many."""
    policies.require(policies.can_manage_point(acting_user, point))
    _check_quantity(quantity)
    stock = Stock.objects.filter(point=point, item=item, size=(size or "").strip()).first()
    if stock is None or not _take(stock_id=stock.pk, quantity=quantity):
        raise ValidationError({"quantity": _("Not enough in stock for this dispatch.")})
    movement = _movement_create(stock, kind=MovementKind.DISPATCH, delta=-quantity, actor=acting_user, note=note[:200])
    audit_record(
        action=events.STOCK_DISPATCHED,
        actor=acting_user,
        target=point,
        data={"item": item.pk, "size": stock.size, "quantity": quantity},
    )
    return movement
