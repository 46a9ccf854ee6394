"""Links from the guide to the directory of services: the nearby services that carry out a step, and a district's
services per need for the printed guide. When the directory app is absent, the guide shows no linked services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


@dataclass
class LinkedService:
    name: str
    url: str
    address: str
    district: str
    phone: str
    hours: list[str] = field(default_factory=list)


def _directory() -> Any | None:
    try:
        from accueil.directory import selectors
    except ImportError:
        return None
    if not hasattr(selectors, "services_for_category") or not hasattr(selectors, "service_public_url"):
        return None
    return selectors


def _hours(service: Any) -> list[str]:
    try:
        from accueil.directory.hours import weekly_table
    except ImportError:
        return []
    lines = []
    for day, periods in weekly_table(service.opening_hours.all()):
        if periods:
            spans = ", ".join(f"{p.opens_at:%H:%M}–{p.closes_at:%H:%M}" for p in periods)
            lines.append(f"{day} {spans}")
    return lines


def _linked(selectors: Any, service: Any, lang: str) -> LinkedService:
    place = service.place
    address = " ".join(part for part in [place.address, getattr(place, "postcode", "")] if part)
    return LinkedService(
        name=service.name,
        url=selectors.service_public_url(service, lang),
        address=address,
        district=str(place.district) if getattr(place, "district_id", None) else "",
        phone=service.phone,
        hours=_hours(service),
    )


def nearby_services(*, city: Any, category_code: str, district: Any, lang: str, limit: int = 3) -> list[LinkedService]:
    selectors = _directory()
    if selectors is None or not category_code:
        return []
    services = selectors.services_for_category(city=city, category_code=category_code, district=district, limit=limit)
    return [_linked(selectors, service, lang) for service in services]


def district_directory(*, city: Any, district: Any, lang: str) -> list[tuple[str, list[LinkedService]]]:
    """The public services located in ``district``, grouped by top-level need: [(need name, services)]."""
    selectors = _directory()
    if selectors is None or district is None:
        return []
    try:
        from accueil.directory.categories import CATEGORY_TREE
    except ImportError:
        return []
    services = (
        selectors.public_services(city=city)
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
        linked = _linked(selectors, service, lang)
        for top in tops or ["other"]:
            groups.setdefault(top, []).append(linked)
    ordered = [code for code in CATEGORY_TREE if code in groups] + [c for c in groups if c not in CATEGORY_TREE]
    return [(str(CATEGORY_TREE[c][0]) if c in CATEGORY_TREE else _("Other"), groups[c]) for c in ordered]
