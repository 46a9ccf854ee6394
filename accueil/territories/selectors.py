"""Reads of cities and districts."""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet

from .models import City, District


def city_for_host(host: str) -> City | None:
    """The city served on this host name, else the deployment's default city."""
    hostname = host.split(":", 1)[0].lower()
    city = City.objects.filter(domain=hostname).first() if hostname else None
    if city is None:
        city = City.objects.filter(slug=settings.ACCUEIL_DEFAULT_CITY).first()
    return city


def district_list(*, city: City) -> QuerySet[District]:
    return District.objects.filter(city=city).order_by("number")
