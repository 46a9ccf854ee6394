"""Every write of deliveries: runs planned from the allocation, picked up at the point, delivered to the site."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
)
from ..services.needs import _refresh_need_status
from ..services.stock import _movement_create, _take

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
    _run_advance(run, acting_user=acting_user, to_status=RunStatus.PICKED_UP)
    lines = list(run.lines.order_by("item_id", "size", "pk"))
    for line in lines:
        stock = Stock.objects.filter(point_id=run.point_id, item_id=line.item_id, size=line.size).first()
        if stock is None or not _take(stock_id=stock.pk, quantity=line.quantity):
            raise ValidationError(_("The stock at the point no longer holds what this run carries."))
        _movement_create(stock, kind=MovementKind.DISPATCH, delta=-line.quantity, actor=acting_user, run=run)
    for line in sorted(lines, key=lambda line: line.need_id):
        _need_units_move(
            need_id=line.need_id, quantity=line.quantity, source="quantity_committed", target="quantity_in_transit"
        )
    audit_record(action=events.RUN_PICKED_UP, actor=acting_user, target=run)
    return run


@transaction.atomic
def run_deliver(*, run: DeliveryRun, acting_user: User) -> DeliveryRun:
    """The sites received the goods: units go from in transit to delivered."""
    _run_advance(run, acting_user=acting_user, to_status=RunStatus.DELIVERED)
    for line in run.lines.order_by("need_id", "pk"):
        _need_units_move(
            need_id=line.need_id, quantity=line.quantity, source="quantity_in_transit", target="quantity_delivered"
        )
    audit_record(action=events.RUN_DELIVERED, actor=acting_user, target=run)
    return run


# The status a run must have to reach each step, and the refusal when it does not.
_RUN_STEPS = {
    RunStatus.PICKED_UP: (RunStatus.PLANNED, gettext_lazy("This run has already been picked up.")),
    RunStatus.DELIVERED: (RunStatus.PICKED_UP, gettext_lazy("Only a run that was picked up can be delivered.")),
}


def _run_advance(run: DeliveryRun, *, acting_user: User, to_status: RunStatus) -> None:
    """The driver moves the run to its next status in one conditional update, so two clicks cannot both do it."""
    policies.require(policies.can_drive_run(acting_user, run))
    from_status, refusal = _RUN_STEPS[to_status]
    if DeliveryRun.objects.filter(pk=run.pk, status=from_status).update(status=to_status) != 1:
        raise ValidationError(refusal)
    run.status = to_status


NeedUnits = Literal["quantity_committed", "quantity_in_transit", "quantity_delivered"]


def _need_units_move(*, need_id: int, quantity: int, source: NeedUnits, target: NeedUnits) -> None:
    """Move a need's units from one stage to the next, only if the source stage still holds them."""
    Need.objects.filter(pk=need_id, **{f"{source}__gte": quantity}).update(
        **{source: F(source) - quantity, target: F(target) + quantity}
    )
    _refresh_need_status(need_id)
