"""Links from the guide to the directory of services: the nearby services that carry out a step, and a district's
services per need for the printed guide."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from accueil.directory import selectors as directory
from accueil.directory.categories import CATEGORY_TREE
from accueil.directory.hours import weekly_table
from accueil.directory.models import Service

if TYPE_CHECKING:
    from accueil.territories.models import City, District


@dataclass
class LinkedService:
    name: str
    url: str
    address: str
    district: str
    phone: str
    hours: list[str] = field(default_factory=list)


def _hours(service: Service) -> list[str]:
    lines = []
    for day, periods in weekly_table(service.opening_hours.all()):
        if periods:
            spans = ", ".join(f"{p.opens_at:%H:%M}–{p.closes_at:%H:%M}" for p in periods)
            lines.append(f"{day} {spans}")
    return lines


def _linked(service: Service, lang: str) -> LinkedService:
    place = service.place
    address = " ".join(part for part in [place.address, getattr(place, "postcode", "")] if part)
    return LinkedService(
        name=service.name,
        url=directory.service_public_url(service, lang),
        address=address,
        district=str(place.district) if getattr(place, "district_id", None) else "",
        phone=service.phone,
        hours=_hours(service),
    )


def nearby_services(
    *, city: City, category_code: str, district: District | None, lang: str, limit: int = 3
) -> list[LinkedService]:
    if not category_code:
        return []
    services = directory.services_for_category(city=city, category_code=category_code, district=district, limit=limit)
    return [_linked(service, lang) for service in services]


def district_directory(*, city: City, district: District | None, lang: str) -> list[tuple[str, list[LinkedService]]]:
    """The public services located in ``district``, grouped by top-level need: [(need name, services)]."""
    if district is None:
        return []
    services = (
        directory.public_services(city=city)
        .filter(place__district=district)
        .prefetch_related("categories", "opening_hours")
        .order_by("name", "pk")
    )
    top_of: dict[str, str] = {}
    for code in CATEGORY_TREE:
        top = code
        while CATEGORY_TREE.get(top, ("", ""))[1]:
            top = CATEGORY_TREE[top][1]
        top_of[code] = top
    groups: dict[str, list[LinkedService]] = {}
    for service in services:
        tops = sorted({top_of.get(c.code, c.code) for c in service.categories.all()})
        linked = _linked(service, lang)
        for top in tops or ["other"]:
            groups.setdefault(top, []).append(linked)
    ordered = [code for code in CATEGORY_TREE if code in groups] + [c for c in groups if c not in CATEGORY_TREE]
    return [(str(CATEGORY_TREE[c][0]) if c in CATEGORY_TREE else _("Other"), groups[c]) for c in ordered]
