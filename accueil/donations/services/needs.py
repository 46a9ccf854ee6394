"""Needs of partner sites: post, renew, cancel, expire after their lifetime; status from what was delivered."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.organisations.models import Organisation

from .. import events, policies
from ..locks import need_lock
from ..models import (
    OPEN_NEED_STATUSES,
    Item,
    Need,
    NeedStatus,
)
from .stock import _check_size

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City

# Needs expire unless renewed, as Spare does: ten days after posting or after the last renewal.
NEED_LIFETIME = dt.timedelta(days=10)


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
    need = need_lock(need_id)
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
    acting_user: User,
    size: str = "",
    district: Any = None,
) -> Need:
    policies.require(policies.can_post_needs_for(acting_user, site))
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
def need_renew(*, need: Need, acting_user: User) -> Need:
    """Keep an open need for another ten days."""
    policies.require(policies.can_manage_need(acting_user, need))
    expires_at = timezone.now() + NEED_LIFETIME
    if Need.objects.filter(pk=need.pk, status__in=OPEN_NEED_STATUSES).update(expires_at=expires_at) != 1:
        raise ValidationError(_("Only an open need can be renewed."))
    need.expires_at = expires_at
    audit_record(action=events.NEED_RENEWED, actor=acting_user, target=need)
    return need


@transaction.atomic
def need_cancel(*, need: Need, acting_user: User) -> Need:
    """Withdraw what is still open; refused while goods are planned or on their way."""
    policies.require(policies.can_manage_need(acting_user, need))
    updated = Need.objects.filter(
        pk=need.pk, status__in=OPEN_NEED_STATUSES, quantity_committed=0, quantity_in_transit=0
    ).update(status=NeedStatus.CANCELLED)
    if updated != 1:
        raise ValidationError(_("This need cannot be cancelled while goods are planned or on their way."))
    need.status = NeedStatus.CANCELLED
    audit_record(action=events.NEED_CANCELLED, actor=acting_user, target=need)
    return need


@transaction.atomic
def needs_expire(*, now: dt.datetime | None = None, city: City | None = None) -> int:
    """Close open needs past their expiry with nothing planned or on the way; returns how many expired.

    Run daily by the worker (`manage.py donations_expire_needs`, scheduled by `manage.py schedules`).
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
