"""Reads about events, with visibility applied for the person asking."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from accueil.accounts.policies import is_coordinator
from accueil.organisations.models import Membership

from . import policies
from .models import Event, EventStatus, Registration, RegistrationStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City, District


def event_public_list(*, city: City, kind: str = "", district: District | None = None) -> QuerySet[Event]:
    """Published events of the city that have not ended yet, soonest first."""
    qs = Event.objects.filter(city=city, status=EventStatus.PUBLISHED, ends_at__gt=timezone.now())
    if kind:
        qs = qs.filter(kind=kind)
    if district is not None:
        qs = qs.filter(district=district)
    return qs.select_related("organiser", "district", "city").order_by("starts_at", "id")


def event_get_visible(*, user: User | AnonymousUser, city: City, pk: int) -> Event | None:
    event = (
        Event.objects.select_related("organiser", "district", "city", "grants_qualification")
        .filter(city=city, pk=pk)
        .first()
    )
    if event is None or not policies.can_view_event(user, event):
        return None
    return event


def event_managed_list(*, user: User, city: City) -> QuerySet[Event]:
    """Events the person may manage: those of their organisations, and the City's for coordinators."""
    if not getattr(user, "is_authenticated", False):
        return Event.objects.none()
    org_ids = Membership.objects.filter(user=user, organisation__city=city).values("organisation_id")
    condition = Q(organiser_id__in=org_ids)
    if is_coordinator(user=user, city=city):
        condition |= Q(organiser__isnull=True)
    return (
        Event.objects.filter(condition, city=city)
        .select_related("organiser", "district", "city")
        .order_by("-starts_at", "id")
    )


def registration_for(*, event: Event, user: User | AnonymousUser) -> Registration | None:
    if not policies.is_signed_in(user):
        return None
    return (
        Registration.objects.filter(
            event=event, user=user, status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
        )
        .order_by("-created_at")
        .first()
    )


def user_registrations(*, user: User, city: City | None = None, active_only: bool = False) -> QuerySet[Registration]:
    qs = Registration.objects.filter(user=user).select_related(
        "event", "event__organiser", "event__district", "event__city"
    )
    if city is not None:
        qs = qs.filter(city=city)
    if active_only:
        qs = qs.filter(status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED])
    return qs.order_by("event__starts_at", "id")


def event_registrants(*, event: Event) -> QuerySet[Registration]:
    """For the organiser only (the caller checks `can_manage_event`)."""
    return (
        Registration.objects.filter(event=event)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
        .order_by("status", "created_at", "id")
    )


def waitlist_position(*, registration: Registration) -> int | None:
    if registration.status != RegistrationStatus.WAITLISTED:
        return None
    return (
        Registration.objects.filter(event_id=registration.event_id, status=RegistrationStatus.WAITLISTED)
        .filter(
            Q(created_at__lt=registration.created_at) | Q(created_at=registration.created_at, id__lt=registration.pk)
        )
        .count()
        + 1
    )
