"""Collection points: the stop switch, accepted items and rules, and why an item is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record

from .. import events, policies
from ..models import (
    CollectionPoint,
    Item,
    PointItemRule,
    RuleStatus,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User


@transaction.atomic
def point_set_accepting(*, point: CollectionPoint, accepting: bool, acting_user: User) -> CollectionPoint:
    """The stop switch of a point: off, nothing is accepted there any more (pages, API and pledges at once)."""
    policies.require(policies.can_manage_point(acting_user, point))
    CollectionPoint.objects.filter(pk=point.pk).update(accepting=accepting)
    point.accepting = accepting
    audit_record(action=events.POINT_SWITCHED, actor=acting_user, target=point, data={"accepting": accepting})
    return point


@transaction.atomic
def item_set_accepted(*, item: Item, accepted: bool, acting_user: User) -> Item:
    """The city-wide switch of an item."""
    policies.require(policies.can_coordinate(acting_user, item.city))
    Item.objects.filter(pk=item.pk).update(accepted=accepted)
    item.accepted = accepted
    audit_record(action=events.ITEM_SWITCHED, actor=acting_user, target=item, data={"accepted": accepted})
    return item


@transaction.atomic
def point_rule_set(
    *, point: CollectionPoint, item: Item, status: str, quantity_needed: int = 0, acting_user: User
) -> PointItemRule | None:
    """Say an item is needed (with how much) or not accepted at a point; an empty status removes the rule."""
    policies.require(policies.can_manage_point(acting_user, point))
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
