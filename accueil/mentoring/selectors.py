"""Reads of mentoring records, with visibility applied. Reading a beneficiary's record is logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from accueil.organisations.models import Organisation

from . import policies
from .models import Beneficiary, Mentorship, MentorshipStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City


def user_mentoring_organisations(*, user: User | AnonymousUser, city: City | None) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(city=city, memberships__user=user).order_by("name")


def beneficiary_list(*, user: User, organisation: Organisation, include_closed: bool = False) -> QuerySet[Beneficiary]:
    """The organisation's beneficiaries (members only; empty for anyone else)."""
    if not policies.can_manage_beneficiaries(user, organisation):
        return Beneficiary.objects.none()
    qs = Beneficiary.objects.filter(organisation=organisation)
    if not include_closed:
        qs = qs.filter(closed_at__isnull=True)
    return (
        qs.select_related("district")
        .prefetch_related("languages")
        .annotate(active_mentorships=Count("mentorships", filter=Q(mentorships__status=MentorshipStatus.ACTIVE)))
        .order_by("-created_at", "id")
    )


def beneficiary_get_visible(*, user: User, city: City, pk: int) -> Beneficiary | None:
    beneficiary = (
        Beneficiary.objects.select_related("organisation", "district", "city")
        .prefetch_related("languages")
        .filter(city=city, pk=pk)
        .first()
    )
    if beneficiary is None or not policies.can_view_beneficiary(user, beneficiary):
        return None
    return beneficiary


def mentorship_get_visible(*, user: User, city: City, pk: int) -> Mentorship | None:
    mentorship = (
        Mentorship.objects.select_related(
            "beneficiary", "beneficiary__district", "beneficiary__organisation", "mentor", "supervisor"
        )
        .prefetch_related("beneficiary__languages")
        .filter(city=city, pk=pk)
        .first()
    )
    if mentorship is None or not policies.can_view_mentorship(user, mentorship):
        return None
    return mentorship


def mentor_mentorships(*, user: User, city: City) -> QuerySet[Mentorship]:
    """What the mentor sees: their active and closed mentorships."""
    if not getattr(user, "is_authenticated", False):
        return Mentorship.objects.none()
    return (
        Mentorship.objects.filter(city=city, mentor=user, status__in=[MentorshipStatus.ACTIVE, MentorshipStatus.CLOSED])
        .select_related("beneficiary", "beneficiary__district", "supervisor")
        .prefetch_related("beneficiary__languages")
        .order_by("status", "-started_at")
    )


def organisation_mentorships(
    *, user: User, organisation: Organisation, statuses: tuple[str, ...] = (MentorshipStatus.PROPOSED,)
) -> QuerySet[Mentorship]:
    if not policies.can_manage_beneficiaries(user, organisation):
        return Mentorship.objects.none()
    return (
        Mentorship.objects.filter(beneficiary__organisation=organisation, status__in=statuses)
        .select_related("beneficiary", "mentor", "supervisor")
        .order_by("-score", "id")
    )


def organisation_beneficiaries(*, organisation: Organisation) -> QuerySet[Beneficiary]:
    """The organisation's records with what the API shows of them (whether a mentor is active). The caller has
    established that it acts for the organisation."""
    return (
        Beneficiary.objects.filter(organisation=organisation)
        .select_related("district")
        .prefetch_related("languages")
        .annotate(active_count=Count("mentorships", filter=Q(mentorships__status=MentorshipStatus.ACTIVE)))
    )
