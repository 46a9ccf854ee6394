"""Participation's figures for the plan's live indicators, registered with `accueil.plan.sources` when the app is
ready (the plan knows no domain app; each app brings its own sources)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from accueil.plan.sources import end_of_day, register

from .models import Event, Registration

if TYPE_CHECKING:
    from accueil.territories.models import City


def events_held(city: City, on_date: dt.date) -> int:
    return (
        Event.objects.filter(city=city, ends_at__lt=end_of_day(on_date))
        .exclude(status__in=["draft", "cancelled"])
        .count()
    )


def people_trained(city: City, on_date: dt.date) -> int:
    return (
        Registration.objects.filter(
            city=city, attended=True, event__kind="training", event__ends_at__lt=end_of_day(on_date)
        )
        .values("user_id")
        .distinct()
        .count()
    )


def register_indicator_sources() -> None:
    register("participation.events_held", _("Events held (information, training, conferences)"), events_held)
    register("participation.people_trained", _("People trained (attended a training session)"), people_trained)
