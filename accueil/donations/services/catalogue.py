"""The item catalogue: categories, items with sizes, kits, and the city's priorities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.translations.services import source_changed_all

from .. import events, policies
from ..models import (
    Item,
    ItemCategory,
    KitComponent,
    Level,
    PriorityItem,
)

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City


@transaction.atomic
def category_save(
    *, city: City, code: str, name: str, acting_user: User, category: ItemCategory | None = None
) -> ItemCategory:
    """Create a category of the city's catalogue, or rename one."""
    policies.require(policies.can_coordinate(acting_user, city))
    if category is not None and category.city_id != city.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    category = category or ItemCategory(city=city)
    category.code = code.strip()
    category.name = name.strip()
    category.full_clean()
    category.save()
    source_changed_all(category, acting_user=acting_user)
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
    city: City,
    category: ItemCategory,
    code: str,
    name: str,
    unit: str,
    acting_user: User,
    sizes: Sequence[str] = (),
    is_kit: bool = False,
    item: Item | None = None,
) -> Item:
    """Create an item of the catalogue, or change one. A kit lists its components with `kit_component_set`."""
    policies.require(policies.can_coordinate(acting_user, city))
    if category.city_id != city.pk or (item is not None and item.city_id != city.pk):
        raise PermissionDenied(_("You are not allowed to do this."))
    item = item or Item(city=city)
    if item.pk and item.is_kit and not is_kit and item.components.exists():
        raise ValidationError({"is_kit": _("Remove the kit's components first.")})
    item.category = category
    item.code = code.strip()
    item.name = name.strip()
    item.unit = unit
    item.sizes = _clean_sizes(sizes)
    item.is_kit = is_kit
    item.full_clean()
    item.save()
    source_changed_all(item, acting_user=acting_user)
    audit_record(action=events.ITEM_SAVED, actor=acting_user, target=item, data={"code": item.code})
    return item


@transaction.atomic
def kit_component_set(*, kit: Item, component: Item, quantity: int, acting_user: User) -> KitComponent | None:
    """Put `quantity` of an item in a kit (0 removes it). A kit is received into stock as the kit item itself."""
    policies.require(policies.can_coordinate(acting_user, kit.city))
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
def priority_set(*, city: City, item: Item, level: str, acting_user: User) -> PriorityItem | None:
    """Put an item on the city's priority list at a level (urgent, high, normal); an empty level takes it off."""
    policies.require(policies.can_coordinate(acting_user, city))
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
