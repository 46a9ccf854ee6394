"""Live indicators of the plan computed from hosting records (registered in `accueil.plan.sources`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accueil.core.disclosure import suppressed_source
from accueil.territories.models import City

from .models import HostVerification, Stay, VerificationDecision

SourceValue = int | None


def placements(city: City, on_date: dt.date) -> SourceValue:
    """Households placed with a resident since the start (each stay counts, even after retention)."""
    return Stay.objects.filter(city=city, started_on__lte=on_date).count()


def stays_running(city: City, on_date: dt.date) -> SourceValue:
    return (
        Stay.objects.filter(city=city, started_on__lte=on_date)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on_date))
        .count()
    )


def verified_hosts(city: City, on_date: dt.date) -> SourceValue:
    return HostVerification.objects.filter(
        offer__city=city, decision=VerificationDecision.VERIFIED, decided_at__date__lte=on_date
    ).count()


# Counts of households are published with small counts hidden (1 to 4 → None, `accueil.core.disclosure`).
INDICATOR_SOURCES: dict[str, tuple[object, Callable[[City, dt.date], SourceValue]]] = {
    "hosting.placements": (
        _("Households placed with residents since the start (hosting)"),
        suppressed_source(placements),
    ),
    "hosting.stays_running": (_("Hosting stays in progress (hosting)"), suppressed_source(stays_running)),
    "hosting.verified_hosts": (_("Hosts verified by a partner association (hosting)"), verified_hosts),
}
