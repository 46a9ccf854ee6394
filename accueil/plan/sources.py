"""Registered indicator sources: figures computed live from the platform's own data, never entered twice.

``SOURCES`` maps a stable key to a callable ``(city, on_date) -> number | None``: the figure counted up to and
including ``on_date``. A source is registered only when the app providing its data is installed:

- ``volunteering.*``: every entry of ``accueil.volunteering.indicators.INDICATOR_SOURCES``;
- ``participation.events_held`` / ``participation.people_trained``: from ``accueil.participation``;
- ``organisations.verified_partners``: organisations verified by the city.

Other apps may add their own with ``register(key, label, fn)``.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SourceValue = int | float | Decimal | None


@dataclass(frozen=True)
class Source:
    key: str
    label: Any
    compute: Callable[[Any, dt.date], SourceValue]


SOURCES: dict[str, Source] = {}


def register(key: str, label: Any, compute: Callable[[Any, dt.date], SourceValue]) -> None:
    SOURCES[key] = Source(key=key, label=label, compute=compute)


def end_of_day(on_date: dt.date) -> dt.datetime:
    """The first instant after ``on_date`` in the current time zone, as an exclusive upper bound."""
    return timezone.make_aware(dt.datetime.combine(on_date + dt.timedelta(days=1), dt.time.min))


def value_at(key: str, *, city: Any, on_date: dt.date) -> SourceValue:
    """The source's figure on ``on_date``; None when the key is not registered or the figure is unmeasurable."""
    source = SOURCES.get(key)
    if source is None:
        return None
    return source.compute(city, on_date)


def choices() -> list[tuple[str, str]]:
    return [(key, str(source.label)) for key, source in sorted(SOURCES.items())]


# --- Volunteering --------------------------------------------------------------------------------------------

_VOLUNTEERING_LABELS = {
    "volunteering.volunteers_mobilised": _("Volunteers mobilised (volunteering)"),
    "volunteering.volunteers_active": _("Volunteers active in the last 90 days (volunteering)"),
    "volunteering.hours_given": _("Hours given by volunteers (volunteering)"),
    "volunteering.shifts_filled_rate": _("Share of shift places filled (volunteering)"),
}


def _cumulative(fn: Callable[..., SourceValue]) -> Callable[[Any, dt.date], SourceValue]:
    def compute(city: Any, on_date: dt.date) -> SourceValue:
        return fn(city, None, end_of_day(on_date))

    return compute


def _register_volunteering() -> None:
    if not apps.is_installed("accueil.volunteering"):
        return
    try:
        module = importlib.import_module("accueil.volunteering.indicators")
    except ModuleNotFoundError:
        return
    for key, fn in getattr(module, "INDICATOR_SOURCES", {}).items():
        register(key, _VOLUNTEERING_LABELS.get(key, key), _cumulative(fn))


# --- Participation -------------------------------------------------------------------------------------------


def _events_held(city: Any, on_date: dt.date) -> int:
    from accueil.participation.models import Event

    return (
        Event.objects.filter(city=city, ends_at__lt=end_of_day(on_date))
        .exclude(status__in=["draft", "cancelled"])
        .count()
    )


def _people_trained(city: Any, on_date: dt.date) -> int:
    from accueil.participation.models import Registration

    return (
        Registration.objects.filter(
            city=city, attended=True, event__kind="training", event__ends_at__lt=end_of_day(on_date)
        )
        .values("user_id")
        .distinct()
        .count()
    )


def _register_participation() -> None:
    if not apps.is_installed("accueil.participation"):
        return
    try:
        importlib.import_module("accueil.participation.models")
    except ModuleNotFoundError:
        return
    register("participation.events_held", _("Events held (information, training, conferences)"), _events_held)
    register("participation.people_trained", _("People trained (attended a training session)"), _people_trained)


# --- Organisations -------------------------------------------------------------------------------------------


def _verified_partners(city: Any, on_date: dt.date) -> int:
    """Organisations verified on that date (those verified before dates were recorded count from the start)."""
    from django.db.models import Q

    from accueil.organisations.models import Organisation, Verification

    return Organisation.objects.filter(
        Q(verified_at__lt=end_of_day(on_date)) | Q(verified_at__isnull=True),
        city=city,
        verification=Verification.VERIFIED,
    ).count()


def _register_organisations() -> None:
    register("organisations.verified_partners", _("Verified partner organisations"), _verified_partners)


# A directory source ("directory.services_per_language") is registered by the directory app once it exists;
# nothing is registered for it here.



def _register_apps_sources() -> None:
    """Apps that declare `INDICATOR_SOURCES = {key: (label, fn)}` in their `indicators` module."""
    for app in ("accueil.shelters", "accueil.hosting"):
        if apps.is_installed(app):
            for key, (label, fn) in importlib.import_module(f"{app}.indicators").INDICATOR_SOURCES.items():
                register(key, label, fn)


_register_volunteering()
_register_participation()
_register_organisations()
_register_apps_sources()
