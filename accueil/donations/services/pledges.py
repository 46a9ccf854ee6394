"""Pledges of donors (no account needed): create with a drop-off code, receive at the point, cancel."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record

from .. import events, policies
from ..locks import point_lock
from ..models import (
    CollectionPoint,
    Condition,
    Item,
    Pledge,
    PledgeStatus,
    PointItemRule,
    RuleStatus,
)
from .points import item_refusal
from .stock import stock_receive

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User

MAX_PLEDGE_DAYS_AHEAD = 60


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


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
    acting_user: User | AnonymousUser | None = None,
) -> Pledge:
    """A donor's promise to drop goods off. Refused when the point or the item is switched to not accepted."""
    point = point_lock(point)
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
    still = still_needed(point=point, item=item)  # the point is locked: pledges made meanwhile are counted
    if still is not None and quantity > still:
        if still == 0:
            raise ValidationError({"quantity": _("This point has been promised all it needs of this item for now.")})
        raise ValidationError(
            {"quantity": _("Only %(count)s still needed at this point: pledge at most %(count)s.") % {"count": still}}
        )
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


def still_needed(*, point: CollectionPoint, item: Item) -> int | None:
    """What the point still needs of the item once the pledges not yet received are counted; None where it asked
    for none (the item is then taken as an extra, unless the point or the city refuses it)."""
    rule = PointItemRule.objects.filter(point=point, item=item, status=RuleStatus.NEEDED).first()
    if rule is None or rule.quantity_needed <= 0:
        return None
    promised = Pledge.objects.filter(
        point=point, item=item, status=PledgeStatus.PLEDGED, slot_end__gt=timezone.now()
    ).aggregate(total=Sum("quantity"))["total"]
    return max(0, rule.quantity_needed - (promised or 0))


@transaction.atomic
def pledge_receive(*, pledge: Pledge, acting_user: User, condition: str = Condition.GOOD, size: str = "") -> Pledge:
    """The donor came: the goods enter the stock and the pledge is marked received (once)."""
    policies.require(policies.can_manage_point(acting_user, pledge.point))
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
    # Received goods meet the need they were promised for: the need shrinks by as much (never below zero).
    PointItemRule.objects.filter(point_id=pledge.point_id, item_id=pledge.item_id, status=RuleStatus.NEEDED).update(
        quantity_needed=Greatest(F("quantity_needed") - pledge.quantity, 0)
    )
    audit_record(action=events.PLEDGE_RECEIVED, actor=acting_user, target=pledge)
    return pledge


@transaction.atomic
def pledge_cancel(*, pledge: Pledge, acting_user: User | AnonymousUser | None = None, code: str = "") -> Pledge:
    """Cancelled by the point's staff, or by the donor who gives the confirmation code."""
    if not (code and secrets.compare_digest(code.upper(), pledge.code)):
        policies.require(acting_user is not None and policies.can_manage_point(acting_user, pledge.point))
    if Pledge.objects.filter(pk=pledge.pk, status=PledgeStatus.PLEDGED).update(status=PledgeStatus.CANCELLED) != 1:
        raise ValidationError(_("This pledge has already been handled."))
    pledge.status = PledgeStatus.CANCELLED
    audit_record(action=events.PLEDGE_CANCELLED, actor=acting_user, target=pledge)
    return pledge
