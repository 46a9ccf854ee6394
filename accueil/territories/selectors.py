"""Reads of cities and districts."""

from __future__ import annotations

import threading
import time

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from accueil.accounts.models import Role, RoleAssignment

from .models import City, CoordinatorInvitation, District

# Host name -> (expiry on the monotonic clock, city). Every request needs its city: one process keeps the answer
# for ACCUEIL_CITY_CACHE_SECONDS (60 s by default; 0 turns the cache off). A change to a city is seen at once by
# the process that saved it (`city_cache_clear`, called on save and delete) and within that delay by the others.
_city_cache: dict[tuple[str, str], tuple[float, City | None]] = {}
_city_cache_lock = threading.Lock()


def city_cache_clear(**_kwargs: object) -> None:
    """Forget every cached host name (connected to City's post_save and post_delete)."""
    with _city_cache_lock:
        _city_cache.clear()


def _city_lookup(hostname: str, default_slug: str) -> City | None:
    """One query: the city whose domain is this host name, else the default city."""
    match = Q(slug=default_slug)
    if hostname:
        match |= Q(domain=hostname)
    return (
        City.objects.filter(match)
        .annotate(
            host_rank=Case(When(domain=hostname, then=Value(0)), default=Value(1), output_field=IntegerField())
            if hostname
            else Value(1, output_field=IntegerField())
        )
        .order_by("host_rank", "pk")
        .first()
    )


def city_for_host(host: str) -> City | None:
    """The city served on this host name, else the deployment's default city (at most one query, none when the
    answer is cached). The instance is shared by the requests of this process: read it, do not modify it."""
    hostname = host.split(":", 1)[0].lower()
    default_slug = settings.ACCUEIL_DEFAULT_CITY
    ttl = getattr(settings, "ACCUEIL_CITY_CACHE_SECONDS", 60)
    if ttl <= 0:
        return _city_lookup(hostname, default_slug)
    key = (hostname, default_slug)
    now = time.monotonic()
    cached = _city_cache.get(key)
    if cached is not None and cached[0] > now:
        return cached[1]
    city = _city_lookup(hostname, default_slug)
    with _city_cache_lock:
        if len(_city_cache) > 1000:  # unknown host names cannot fill the memory
            _city_cache.clear()
        _city_cache[key] = (now + ttl, city)
    return city


def district_list(*, city: City) -> QuerySet[District]:
    return District.objects.filter(city=city).order_by("number")


def city_list_for_operator() -> QuerySet[City]:
    return City.objects.annotate(district_count=Count("districts", distinct=True)).order_by("name")


def coordinator_invitations(*, city: City) -> QuerySet[CoordinatorInvitation]:
    return CoordinatorInvitation.objects.filter(city=city).order_by("-created_at")[:20]


def city_coordinators(*, city: City) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(city=city, role=Role.COORDINATOR).select_related("user").order_by("created_at")
