"""Live indicators of the plan computed from shelter records (registered in `accueil.plan.sources`).

Each source is `(city, on_date) -> number`: the figure as it stood at the end of `on_date`, from the sites open
that day (opened on or before it, not closed by then) and their beds (out-of-service beds are not places).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accueil.territories.models import City

from .models import AUDIENCE_BITS, Bed, BedStatus, OwnerKind, Site

SourceValue = int | None


def _open_sites(city: City, on_date: dt.date) -> QuerySet[Site]:
    return Site.objects.filter(city=city, opened_on__lte=on_date).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=on_date)
    )


def _places(city: City, on_date: dt.date, *, audience: str | None = None, municipal: bool = False) -> int:
    beds = Bed.objects.filter(site__in=_open_sites(city, on_date), created_at__date__lte=on_date).exclude(
        status=BedStatus.OUT_OF_SERVICE
    )
    if municipal:
        beds = beds.filter(site__building__owner_kind=OwnerKind.MUNICIPAL)
    if audience is not None:
        beds = beds.annotate(served=F("unit__audiences").bitand(AUDIENCE_BITS[audience])).filter(served__gt=0)
    return beds.count()


def young_people_places(city: City, on_date: dt.date) -> SourceValue:
    return _places(city, on_date, audience="young_awaiting_assessment")


def women_with_children_places(city: City, on_date: dt.date) -> SourceValue:
    return _places(city, on_date, audience="women_with_children")


def municipal_sites_open(city: City, on_date: dt.date) -> SourceValue:
    return _open_sites(city, on_date).filter(building__owner_kind=OwnerKind.MUNICIPAL).count()


def municipal_places(city: City, on_date: dt.date) -> SourceValue:
    return _places(city, on_date, municipal=True)


INDICATOR_SOURCES: dict[str, tuple[object, Callable[[City, dt.date], SourceValue]]] = {
    "shelters.young_people_places": (
        _("Places for young people awaiting an age assessment (shelters)"),
        young_people_places,
    ),
    "shelters.women_with_children_places": (
        _("Places for pregnant women and women with children (shelters)"),
        women_with_children_places,
    ),
    "shelters.municipal_sites_open": (_("Municipal buildings open as shelters (shelters)"), municipal_sites_open),
    "shelters.municipal_places": (_("Places in municipal buildings (shelters)"), municipal_places),
}
