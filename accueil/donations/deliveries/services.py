"""Every write of deliveries: runs planned from the allocation, picked up at the point, delivered to the site."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record

from .. import events, policies
from ..models import (
    OPEN_NEED_STATUSES,
    DeliveryLine,
    DeliveryRun,
    MovementKind,
    Need,
    RunStatus,
    Stock,
    StockMovement,
)
from ..services.needs import _refresh_need_status
from ..services.stock import _take

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City


@transaction.atomic
def runs_create(*, city: City, proposals: Sequence[Any], acting_user: User) -> list[DeliveryRun]:
    """Turn proposed runs (from `planning.propose_runs`) into runs; commits the needs' quantities.

    Each line commits units of its need by a conditional update, so two plans made at once never commit
    more than a need asks for; a plan that no longer fits is refused whole.
    """
    policies.require(policies.can_coordinate(acting_user, city))
    runs = []
    for proposal in proposals:
        run = DeliveryRun.objects.create(
            city=city,
            vehicle_id=proposal.vehicle_id,
            point_id=proposal.point_id,
            driver_id=proposal.driver_id,
            driver_reasons=list(proposal.driver_reasons),
            created_by=acting_user,
        )
        for line in proposal.lines:
            committed = Need.objects.filter(
                pk=line.need_id,
                city=city,
                status__in=OPEN_NEED_STATUSES,
                quantity__gte=F("quantity_committed")
                + F("quantity_in_transit")
                + F("quantity_delivered")
                + line.quantity,
            ).update(quantity_committed=F("quantity_committed") + line.quantity)
            if committed != 1:
                raise ValidationError(_("The needs changed while the plan was made; plan again."))
            DeliveryLine.objects.create(
                run=run,
                need_id=line.need_id,
                item_id=line.item_id,
                size=line.size,
                quantity=line.quantity,
                score=line.score,
                reasons=[[name, points] for name, points in line.reasons],
            )
            _refresh_need_status(line.need_id)
        runs.append(run)
    audit_record(action=events.RUNS_PLANNED, actor=acting_user, city=city, data={"runs": [r.pk for r in runs]})
    return runs


@transaction.atomic
def run_pick_up(*, run: DeliveryRun, acting_user: User) -> DeliveryRun:
    """The driver collected the goods: stock leaves the point, the needs' units go from committed to in transit."""
    policies.require(policies.can_drive_run(acting_user, run))
    if DeliveryRun.objects.filter(pk=run.pk, status=RunStatus.PLANNED).update(status=RunStatus.PICKED_UP) != 1:
        raise ValidationError(_("This run has already been picked up."))
    lines = list(run.lines.order_by("item_id", "size", "pk"))
    for line in lines:
        stock = Stock.objects.filter(point_id=run.point_id, item_id=line.item_id, size=line.size).first()
        if stock is None or not _take(stock_id=stock.pk, quantity=line.quantity):
            raise ValidationError(_("The stock at the point no longer holds what this run carries."))
        StockMovement.objects.create(
            city_id=run.city_id,
            point_id=run.point_id,
            item_id=line.item_id,
            size=line.size,
            kind=MovementKind.DISPATCH,
            delta=-line.quantity,
            actor=acting_user,
            run=run,
        )
    for line in sorted(lines, key=lambda line: line.need_id):
        Need.objects.filter(pk=line.need_id, quantity_committed__gte=line.quantity).update(
            quantity_committed=F("quantity_committed") - line.quantity,
            quantity_in_transit=F("quantity_in_transit") + line.quantity,
        )
        _refresh_need_status(line.need_id)
    run.status = RunStatus.PICKED_UP
    audit_record(action=events.RUN_PICKED_UP, actor=acting_user, target=run)
    return run


@transaction.atomic
def run_deliver(*, run: DeliveryRun, acting_user: User) -> DeliveryRun:
    """The sites received the goods: units go from in transit to delivered."""
    policies.require(policies.can_drive_run(acting_user, run))
    if DeliveryRun.objects.filter(pk=run.pk, status=RunStatus.PICKED_UP).update(status=RunStatus.DELIVERED) != 1:
        raise ValidationError(_("Only a run that was picked up can be delivered."))
    for line in run.lines.order_by("need_id", "pk"):
        Need.objects.filter(pk=line.need_id, quantity_in_transit__gte=line.quantity).update(
            quantity_in_transit=F("quantity_in_transit") - line.quantity,
            quantity_delivered=F("quantity_delivered") + line.quantity,
        )
        _refresh_need_status(line.need_id)
    run.status = RunStatus.DELIVERED
    audit_record(action=events.RUN_DELIVERED, actor=acting_user, target=run)
    return run
