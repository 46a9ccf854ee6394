"""Every write of the donations module. Stock and need quantities are protected in the database: rows are
locked in a fixed order (by primary key) and changed by conditional F() updates, never check-then-write."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.organisations.models import Organisation, Sector

from . import events, policies
from .models import (
    OPEN_NEED_STATUSES,
    Application,
    CallForProjects,
    CallStatus,
    Campaign,
    CollectionPoint,
    Condition,
    DeliveryLine,
    DeliveryRun,
    Donation,
    Item,
    ItemCategory,
    KitComponent,
    Level,
    MovementKind,
    Need,
    NeedStatus,
    Pledge,
    PledgeStatus,
    PointItemRule,
    PriorityItem,
    RuleStatus,
    RunStatus,
    Score,
    Sponsor,
    SponsorContact,
    Stock,
    StockMovement,
)
from .selectors import call_candidates

# Needs expire unless renewed, as Spare does: ten days after posting or after the last renewal.
NEED_LIFETIME = dt.timedelta(days=10)
MAX_PLEDGE_DAYS_AHEAD = 60
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))


# --- Switches and rules ----------------------------------------------------------------------------------------------


@transaction.atomic
def point_set_accepting(*, point: CollectionPoint, accepting: bool, acting_user: Any) -> CollectionPoint:
    """The stop switch of a point: off, nothing is accepted there any more (pages, API and pledges at once)."""
    _require(policies.can_manage_point(acting_user, point))
    CollectionPoint.objects.filter(pk=point.pk).update(accepting=accepting)
    point.accepting = accepting
    audit_record(action=events.POINT_SWITCHED, actor=acting_user, target=point, data={"accepting": accepting})
    return point


@transaction.atomic
def item_set_accepted(*, item: Item, accepted: bool, acting_user: Any) -> Item:
    """The city-wide switch of an item."""
    _require(policies.can_coordinate(acting_user, item.city))
    Item.objects.filter(pk=item.pk).update(accepted=accepted)
    item.accepted = accepted
    audit_record(action=events.ITEM_SWITCHED, actor=acting_user, target=item, data={"accepted": accepted})
    return item


@transaction.atomic
def point_rule_set(
    *, point: CollectionPoint, item: Item, status: str, quantity_needed: int = 0, acting_user: Any
) -> PointItemRule | None:
    """Say an item is needed (with how much) or not accepted at a point; an empty status removes the rule."""
    _require(policies.can_manage_point(acting_user, point))
    if item.city_id != point.city_id:
        raise ValidationError({"item": _("This item is not in the catalogue of this city.")})
    if not status:
        PointItemRule.objects.filter(point=point, item=item).delete()
        audit_record(action=events.RULE_SET, actor=acting_user, target=point, data={"item": item.pk, "status": ""})
        return None
    rule = PointItemRule.objects.filter(point=point, item=item).first() or PointItemRule(point=point, item=item)
    rule.status = status
    rule.quantity_needed = quantity_needed if status == RuleStatus.NEEDED else 0
    rule.full_clean()
    rule.save()
    audit_record(
        action=events.RULE_SET,
        actor=acting_user,
        target=point,
        data={"item": item.pk, "status": status, "quantity_needed": rule.quantity_needed},
    )
    return rule


def item_refusal(*, point: CollectionPoint, item: Item) -> str:
    """Why this point does not take this item now ('' when it does). One rule for pages, API and pledges."""
    if not point.accepting:
        return _("This collection point is not accepting donations at the moment.")
    if not item.accepted:
        return _("This item is not accepted at the moment.")
    if PointItemRule.objects.filter(point=point, item=item, status=RuleStatus.NOT_ACCEPTED).exists():
        return _("This item is not accepted at this collection point.")
    return ""


# --- Stock -----------------------------------------------------------------------------------------------------------


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
    acting_user: Any,
    size: str = "",
    pledge: Pledge | None = None,
    check_permission: bool = True,
) -> StockMovement:
    """Log a receipt. Goods that are worn out are written in the ledger and discarded at once (not stocked)."""
    if check_permission:
        _require(policies.can_manage_point(acting_user, point))
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
        StockMovement.objects.create(
            city_id=point.city_id,
            point=point,
            item=item,
            size=size,
            kind=MovementKind.ADJUSTMENT,
            delta=-quantity,
            condition=condition,
            note="discarded: not usable",
            actor=movement.actor,
        )
    audit_record(
        action=events.STOCK_RECEIVED,
        actor=acting_user,
        target=point,
        data={"item": item.pk, "size": size, "quantity": quantity, "condition": condition},
    )
    return movement


def _take(*, stock_id: int, quantity: int) -> bool:
    """Remove `quantity` units if they are there: one conditional UPDATE, atomic in the database."""
    return Stock.objects.filter(pk=stock_id, quantity__gte=quantity).update(quantity=F("quantity") - quantity) == 1


@transaction.atomic
def stock_dispatch(
    *, point: CollectionPoint, item: Item, quantity: int, acting_user: Any, size: str = "", note: str = ""
) -> StockMovement:
    """Send goods out of a point. Refused, with nothing written, when the stock does not hold that many."""
    _require(policies.can_manage_point(acting_user, point))
    _check_quantity(quantity)
    stock = Stock.objects.filter(point=point, item=item, size=(size or "").strip()).first()
    if stock is None or not _take(stock_id=stock.pk, quantity=quantity):
        raise ValidationError({"quantity": _("Not enough in stock for this dispatch.")})
    movement = StockMovement.objects.create(
        city_id=point.city_id,
        point=point,
        item=item,
        size=stock.size,
        kind=MovementKind.DISPATCH,
        delta=-quantity,
        note=note[:200],
        actor=acting_user,
    )
    audit_record(
        action=events.STOCK_DISPATCHED,
        actor=acting_user,
        target=point,
        data={"item": item.pk, "size": stock.size, "quantity": quantity},
    )
    return movement


# --- Pledges ---------------------------------------------------------------------------------------------------------


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


@transaction.atomic
def pledge_create(
    *,
    point: CollectionPoint,
    item: Item,
    quantity: int,
    slot_start: dt.datetime,
    slot_end: dt.datetime,
    donor_name: str = "",
    donor_email: str = "",
    acting_user: Any = None,
) -> Pledge:
    """A donor's promise to drop goods off. Refused when the point or the item is switched to not accepted."""
    point = CollectionPoint.objects.select_for_update().get(pk=point.pk)
    item = Item.objects.get(pk=item.pk)
    if item.city_id != point.city_id:
        raise ValidationError({"item": _("This item is not in the catalogue of this city.")})
    refusal = item_refusal(point=point, item=item)
    if refusal:
        raise ValidationError({"item": refusal})
    now = timezone.now()
    if slot_end <= now:
        raise ValidationError({"slot": _("Choose a time slot in the future.")})
    if slot_start > now + dt.timedelta(days=MAX_PLEDGE_DAYS_AHEAD):
        raise ValidationError({"slot": _("Choose a time slot within the next two months.")})
    pledge = Pledge(
        city_id=point.city_id,
        point=point,
        item=item,
        quantity=quantity,
        slot_start=slot_start,
        slot_end=slot_end,
        donor_name=donor_name.strip(),
        donor_email=donor_email.strip().lower(),
        code=_new_code(),
    )
    if slot_end <= slot_start:
        raise ValidationError({"slot": _("The end of the time slot must come after its start.")})
    pledge.full_clean()
    pledge.save()
    audit_record(action=events.PLEDGE_CREATED, actor=acting_user, target=pledge, data={"point": point.pk})
    return pledge


@transaction.atomic
def pledge_receive(*, pledge: Pledge, acting_user: Any, condition: str = Condition.GOOD, size: str = "") -> Pledge:
    """The donor came: the goods enter the stock and the pledge is marked received (once)."""
    _require(policies.can_manage_point(acting_user, pledge.point))
    if Pledge.objects.filter(pk=pledge.pk, status=PledgeStatus.PLEDGED).update(status=PledgeStatus.RECEIVED) != 1:
        raise ValidationError(_("This pledge has already been handled."))
    pledge.status = PledgeStatus.RECEIVED
    stock_receive(
        point=pledge.point,
        item=pledge.item,
        quantity=pledge.quantity,
        condition=condition,
        size=size,
        acting_user=acting_user,
        pledge=pledge,
    )
    audit_record(action=events.PLEDGE_RECEIVED, actor=acting_user, target=pledge)
    return pledge


@transaction.atomic
def pledge_cancel(*, pledge: Pledge, acting_user: Any = None, code: str = "") -> Pledge:
    """Cancelled by the point's staff, or by the donor who gives the confirmation code."""
    if not (code and secrets.compare_digest(code.upper(), pledge.code)):
        _require(policies.can_manage_point(acting_user, pledge.point))
    if Pledge.objects.filter(pk=pledge.pk, status=PledgeStatus.PLEDGED).update(status=PledgeStatus.CANCELLED) != 1:
        raise ValidationError(_("This pledge has already been handled."))
    pledge.status = PledgeStatus.CANCELLED
    audit_record(action=events.PLEDGE_CANCELLED, actor=acting_user, target=pledge)
    return pledge


# --- Needs of partner sites -----------------------------------------------------------------------------------------


def need_status_for(*, quantity: int, committed: int, in_transit: int, delivered: int) -> str:
    """The lifecycle state from the quantities: delivered when all came, else the furthest stage under way."""
    if delivered >= quantity:
        return NeedStatus.DELIVERED
    if in_transit:
        return NeedStatus.IN_TRANSIT
    if committed:
        return NeedStatus.COMMITTED
    return NeedStatus.REQUESTED


def _refresh_need_status(need_id: int) -> Need:
    need = Need.objects.select_for_update().get(pk=need_id)
    if need.status in OPEN_NEED_STATUSES:
        status = need_status_for(
            quantity=need.quantity,
            committed=need.quantity_committed,
            in_transit=need.quantity_in_transit,
            delivered=need.quantity_delivered,
        )
        if status != need.status:
            need.status = status
            Need.objects.filter(pk=need.pk).update(status=status)
    return need


@transaction.atomic
def need_post(
    *,
    site: Organisation,
    item: Item,
    quantity: int,
    urgency: str,
    needed_by: dt.date,
    acting_user: Any,
    size: str = "",
    district: Any = None,
) -> Need:
    _require(policies.can_post_needs_for(acting_user, site))
    if item.city_id != site.city_id:
        raise ValidationError({"item": _("This item is not in the catalogue of this city.")})
    if needed_by < timezone.localdate():
        raise ValidationError({"needed_by": _("The date needed cannot be in the past.")})
    if district is None:
        district = site.districts.order_by("number").first()
    need = Need(
        city_id=site.city_id,
        site=site,
        district=district,
        item=item,
        size=_check_size(item, size),
        quantity=quantity,
        urgency=urgency,
        needed_by=needed_by,
        expires_at=timezone.now() + NEED_LIFETIME,
        created_by=acting_user,
    )
    need.full_clean()
    need.save()
    audit_record(action=events.NEED_POSTED, actor=acting_user, target=need, data={"quantity": quantity})
    return need


@transaction.atomic
def need_renew(*, need: Need, acting_user: Any) -> Need:
    """Keep an open need for another ten days."""
    _require(policies.can_manage_need(acting_user, need))
    expires_at = timezone.now() + NEED_LIFETIME
    if Need.objects.filter(pk=need.pk, status__in=OPEN_NEED_STATUSES).update(expires_at=expires_at) != 1:
        raise ValidationError(_("Only an open need can be renewed."))
    need.expires_at = expires_at
    audit_record(action=events.NEED_RENEWED, actor=acting_user, target=need)
    return need


@transaction.atomic
def need_cancel(*, need: Need, acting_user: Any) -> Need:
    """Withdraw what is still open; refused while goods are planned or on their way."""
    _require(policies.can_manage_need(acting_user, need))
    updated = Need.objects.filter(
        pk=need.pk, status__in=OPEN_NEED_STATUSES, quantity_committed=0, quantity_in_transit=0
    ).update(status=NeedStatus.CANCELLED)
    if updated != 1:
        raise ValidationError(_("This need cannot be cancelled while goods are planned or on their way."))
    need.status = NeedStatus.CANCELLED
    audit_record(action=events.NEED_CANCELLED, actor=acting_user, target=need)
    return need


@transaction.atomic
def needs_expire(*, now: dt.datetime | None = None, city: Any = None) -> int:
    """Close open needs past their expiry with nothing planned or on the way; returns how many expired.

    Run daily by the worker (`manage.py donations_expire_needs`, scheduled by `donations_schedules`).
    """
    now = now or timezone.now()
    queryset = Need.objects.filter(
        status__in=OPEN_NEED_STATUSES, expires_at__lt=now, quantity_committed=0, quantity_in_transit=0
    )
    if city is not None:
        queryset = queryset.filter(city=city)
    ids = list(queryset.values_list("pk", flat=True))
    count = Need.objects.filter(pk__in=ids, quantity_committed=0, quantity_in_transit=0).update(
        status=NeedStatus.EXPIRED
    )
    if count:
        audit_record(action=events.NEEDS_EXPIRED, city=city, data={"count": count, "needs": ids[:200]})
    return count


# --- Delivery runs ---------------------------------------------------------------------------------------------------


@transaction.atomic
def runs_create(*, city: Any, proposals: Sequence[Any], acting_user: Any) -> list[DeliveryRun]:
    """Turn proposed runs (from `planning.propose_runs`) into runs; commits the needs' quantities.

    Each line commits units of its need by a conditional update, so two plans made at once never commit
    more than a need asks for; a plan that no longer fits is refused whole.
    """
    _require(policies.can_coordinate(acting_user, city))
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
def run_pick_up(*, run: DeliveryRun, acting_user: Any) -> DeliveryRun:
    """The driver collected the goods: stock leaves the point, the needs' units go from committed to in transit."""
    _require(policies.can_drive_run(acting_user, run))
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
def run_deliver(*, run: DeliveryRun, acting_user: Any) -> DeliveryRun:
    """The sites received the goods: units go from in transit to delivered."""
    _require(policies.can_drive_run(acting_user, run))
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


# --- The fund --------------------------------------------------------------------------------------------------------


@transaction.atomic
def donation_record(
    *,
    campaign: Campaign,
    amount: Decimal,
    received_on: dt.date,
    acting_user: Any,
    donor_name: str = "",
    consent_to_be_named: bool = False,
    reference: str = "",
) -> Donation:
    _require(policies.can_record_donations(acting_user, campaign.foundation))
    donation = Donation(
        city_id=campaign.city_id,
        campaign=campaign,
        amount=amount,
        received_on=received_on,
        donor_name=donor_name.strip(),
        consent_to_be_named=consent_to_be_named,
        reference=reference.strip(),
        recorded_by=acting_user,
    )
    donation.full_clean()
    donation.save()
    audit_record(action=events.DONATION_RECORDED, actor=acting_user, target=donation, data={"amount": str(amount)})
    return donation


@transaction.atomic
def application_submit(
    *,
    call: CallForProjects,
    organisation: Organisation,
    project: str,
    district: Any,
    amount_requested: Decimal,
    acting_user: Any,
    summary: str = "",
    sector: Sector | None = None,
) -> Application:
    _require(policies.can_apply_for(acting_user, organisation))
    if call.status != CallStatus.OPEN or call.closes_on < timezone.localdate():
        raise ValidationError(_("This call for projects is closed."))
    if organisation.city_id != call.city_id or district.city_id != call.city_id:
        raise ValidationError(_("The organisation and the district must be in the city of the call."))
    application = Application(
        city_id=call.city_id,
        call=call,
        organisation=organisation,
        project=project.strip(),
        summary=summary.strip(),
        district=district,
        sector=sector,
        amount_requested=amount_requested,
        submitted_by=acting_user,
    )
    application.full_clean()
    application.save()
    audit_record(action=events.APPLICATION_SUBMITTED, actor=acting_user, target=application)
    return application


@transaction.atomic
def application_score(*, application: Application, value: int, acting_user: Any, comment: str = "") -> Score:
    """A committee member's score (coordinators of the city form the committee)."""
    _require(policies.can_coordinate(acting_user, application.city))
    if application.call.status == CallStatus.ALLOCATED:
        raise ValidationError(_("The allocation of this call is already published."))
    score = Score.objects.filter(application=application, reviewer=acting_user).first() or Score(
        application=application, reviewer=acting_user
    )
    score.value = value
    score.comment = comment.strip()
    score.full_clean()
    score.save()
    audit_record(action=events.APPLICATION_SCORED, actor=acting_user, target=application, data={"value": value})
    return score


@transaction.atomic
def call_allocate(*, call: CallForProjects, acting_user: Any) -> list[Any]:
    """Apply the published fairness rule (`accueil.donations.fairness`) and store the allocations with reasons."""
    from .fairness import allocate
    from .models import Allocation

    _require(policies.can_coordinate(acting_user, call.city))
    call = CallForProjects.objects.select_for_update().get(pk=call.pk)
    if call.status == CallStatus.ALLOCATED:
        raise ValidationError(_("The allocation of this call is already published."))
    results = allocate(
        candidates=call_candidates(call=call), budget=call.budget, cap_per_organisation=call.cap_per_organisation
    )
    allocations = [
        Allocation.objects.create(
            city_id=call.city_id,
            call=call,
            application_id=cast(int, result.key),
            amount=result.amount,
            rank=result.rank,
            reasons=result.reasons,
        )
        for result in results
    ]
    CallForProjects.objects.filter(pk=call.pk).update(status=CallStatus.ALLOCATED)
    audit_record(
        action=events.FUND_ALLOCATED,
        actor=acting_user,
        target=call,
        data={"allocations": len(allocations), "total": str(sum((a.amount for a in allocations), Decimal(0)))},
    )
    return allocations


@transaction.atomic
def call_open(
    *,
    campaign: Campaign,
    title: str,
    budget: Decimal,
    cap_per_organisation: Decimal,
    closes_on: dt.date,
    acting_user: Any,
    description: str = "",
) -> CallForProjects:
    """A coordinator opens a call for civic-initiative projects, funded by a campaign."""
    _require(policies.can_coordinate(acting_user, campaign.city))
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date cannot be in the past.")})
    if cap_per_organisation > budget:
        raise ValidationError({"cap_per_organisation": _("The cap per organisation cannot exceed the budget.")})
    call = CallForProjects(
        city_id=campaign.city_id,
        campaign=campaign,
        title=title.strip(),
        description=description.strip(),
        budget=budget,
        cap_per_organisation=cap_per_organisation,
        closes_on=closes_on,
    )
    call.full_clean()
    call.save()
    audit_record(action=events.CALL_OPENED, actor=acting_user, target=call, data={"budget": str(budget)})
    return call


# --- Catalogue and priorities ----------------------------------------------------------------------------------------


@transaction.atomic
def category_save(
    *, city: Any, code: str, name_fr: str, name_en: str, acting_user: Any, category: ItemCategory | None = None
) -> ItemCategory:
    """Create a category of the city's catalogue, or rename one."""
    _require(policies.can_coordinate(acting_user, city))
    if category is not None and category.city_id != city.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    category = category or ItemCategory(city=city)
    category.code = code.strip()
    category.name_fr = name_fr.strip()
    category.name_en = name_en.strip()
    category.full_clean()
    category.save()
    audit_record(action=events.CATEGORY_SAVED, actor=acting_user, target=category, data={"code": category.code})
    return category


def _clean_sizes(sizes: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    for size in sizes:
        size = size.strip()
        if not size:
            continue
        if len(size) > 20:
            raise ValidationError({"sizes": _("A size has at most 20 characters.")})
        if size not in cleaned:
            cleaned.append(size)
    return cleaned


@transaction.atomic
def item_save(
    *,
    city: Any,
    category: ItemCategory,
    code: str,
    name_fr: str,
    name_en: str,
    unit: str,
    acting_user: Any,
    sizes: Sequence[str] = (),
    is_kit: bool = False,
    item: Item | None = None,
) -> Item:
    """Create an item of the catalogue, or change one. A kit lists its components with `kit_component_set`."""
    _require(policies.can_coordinate(acting_user, city))
    if category.city_id != city.pk or (item is not None and item.city_id != city.pk):
        raise PermissionDenied(_("You are not allowed to do this."))
    item = item or Item(city=city)
    if item.pk and item.is_kit and not is_kit and item.components.exists():
        raise ValidationError({"is_kit": _("Remove the kit's components first.")})
    item.category = category
    item.code = code.strip()
    item.name_fr = name_fr.strip()
    item.name_en = name_en.strip()
    item.unit = unit
    item.sizes = _clean_sizes(sizes)
    item.is_kit = is_kit
    item.full_clean()
    item.save()
    audit_record(action=events.ITEM_SAVED, actor=acting_user, target=item, data={"code": item.code})
    return item


@transaction.atomic
def kit_component_set(*, kit: Item, component: Item, quantity: int, acting_user: Any) -> KitComponent | None:
    """Put `quantity` of an item in a kit (0 removes it). A kit is received into stock as the kit item itself."""
    _require(policies.can_coordinate(acting_user, kit.city))
    if component.city_id != kit.city_id:
        raise ValidationError({"item": _("This item is not in the catalogue of this city.")})
    if not kit.is_kit:
        raise ValidationError({"item": _("This item is not a kit.")})
    if component.pk == kit.pk or component.is_kit:
        raise ValidationError({"item": _("A kit is made of simple items, not of itself or of other kits.")})
    if quantity < 0 or quantity > 1000:
        raise ValidationError({"quantity": _("Enter a quantity from 0 to 1,000.")})
    existing = KitComponent.objects.filter(kit=kit, item=component).first()
    data = {"component": component.pk, "quantity": quantity}
    if quantity == 0:
        if existing is not None:
            existing.delete()
        audit_record(action=events.KIT_COMPONENT_SET, actor=acting_user, target=kit, data=data)
        return None
    row = existing or KitComponent(kit=kit, item=component)
    row.quantity = quantity
    row.full_clean()
    row.save()
    audit_record(action=events.KIT_COMPONENT_SET, actor=acting_user, target=kit, data=data)
    return row


@transaction.atomic
def priority_set(*, city: Any, item: Item, level: str, acting_user: Any) -> PriorityItem | None:
    """Put an item on the city's priority list at a level (urgent, high, normal); an empty level takes it off."""
    _require(policies.can_coordinate(acting_user, city))
    if item.city_id != city.pk:
        raise ValidationError({"item": _("This item is not in the catalogue of this city.")})
    if level and level not in Level.values:
        raise ValidationError({"level": _("Choose a level.")})
    if not level:
        PriorityItem.objects.filter(city=city, item=item).delete()
        audit_record(action=events.PRIORITY_SET, actor=acting_user, target=item, data={"level": ""})
        return None
    priority = PriorityItem.objects.filter(city=city, item=item).first() or PriorityItem(city=city, item=item)
    priority.level = level
    priority.full_clean()
    priority.save()
    audit_record(action=events.PRIORITY_SET, actor=acting_user, target=item, data={"level": level})
    return priority


# --- Sponsors --------------------------------------------------------------------------------------------------------


@transaction.atomic
def sponsor_save(
    *,
    city: Any,
    name: str,
    acting_user: Any,
    budget: Decimal = Decimal(0),
    capacity: int = 1,
    sectors: Sequence[Sector] = (),
    districts: Sequence[Any] = (),
    contact_name: str = "",
    contact_email: str = "",
    sponsor: Sponsor | None = None,
) -> Sponsor:
    """Record a sponsor's interests: sectors, districts, budget and how many projects it can support."""
    _require(policies.can_coordinate(acting_user, city))
    if sponsor is not None and sponsor.city_id != city.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    if any(d.city_id != city.pk for d in districts):
        raise ValidationError({"districts": _("The districts must be in the city.")})
    sponsor = sponsor or Sponsor(city=city)
    sponsor.name = name.strip()
    sponsor.budget = budget
    sponsor.capacity = capacity
    sponsor.contact_name = contact_name.strip()
    sponsor.contact_email = contact_email.strip().lower()
    sponsor.full_clean()
    sponsor.save()
    sponsor.sectors.set(sectors)
    sponsor.districts.set(districts)
    audit_record(action=events.SPONSOR_SAVED, actor=acting_user, target=sponsor)
    return sponsor


@transaction.atomic
def sponsor_contact_confirm(
    *,
    sponsor: Sponsor,
    application: Application,
    acting_user: Any,
    score: float = 0,
    reasons: Sequence[Sequence[Any]] = (),
) -> SponsorContact:
    """A coordinator confirms a sponsor–project contact proposed by the matching.

    The contact is recorded and then shown to the members of the project's organisation on their applications
    page (sponsor's name, contact person and email); nothing is emailed, so the sponsor's address never leaves
    the platform to anyone but the project's organisation, and the sponsor is told by the coordinator.
    A sponsor never gets more confirmed contacts than the projects it can support (the sponsor row is locked).
    """
    _require(policies.can_coordinate(acting_user, sponsor.city))
    if application.city_id != sponsor.city_id:
        raise ValidationError(_("The sponsor and the project must be in the same city."))
    sponsor = Sponsor.objects.select_for_update().get(pk=sponsor.pk)
    if SponsorContact.objects.filter(sponsor=sponsor, application=application).exists():
        raise ValidationError(_("This contact is already recorded."))
    if SponsorContact.objects.filter(sponsor=sponsor).count() >= sponsor.capacity:
        raise ValidationError(_("This sponsor already supports as many projects as it can."))
    contact = SponsorContact(
        city_id=sponsor.city_id,
        sponsor=sponsor,
        application=application,
        score=score,
        reasons=[list(reason) for reason in reasons],
        confirmed_by=acting_user,
    )
    contact.full_clean()
    contact.save()
    audit_record(
        action=events.SPONSOR_CONTACTED, actor=acting_user, target=sponsor, data={"application": application.pk}
    )
    return contact
