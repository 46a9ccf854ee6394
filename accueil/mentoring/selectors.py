"""Reads of mentoring records, with visibility applied. Every read of beneficiaries is audited here, at one layer:
the access functions write one "mentoring.beneficiary_viewed" row for the record they return, the page selectors
one "mentoring.beneficiaries_listed" row per page shown with the ids in its details (`scope`: "organisation",
"mentor" or "api"). Views and endpoints never write these rows themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet

from accueil.audit.services import audit_record
from accueil.organisations.models import Organisation

from . import events, policies
from .models import Beneficiary, Mentorship, MentorshipStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

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


def _audit_viewed(*, user: User, city: City, beneficiary: Beneficiary, scope: str, request: HttpRequest | None) -> None:
    audit_record(
        action=events.BENEFICIARY_VIEWED,
        actor=user,
        city=city,
        target=beneficiary,
        data={"scope": scope},
        request=request,
    )


def beneficiary_page(
    rows: QuerySet[Beneficiary],
    *,
    user: User,
    organisation: Organisation,
    page: int | str | None,
    page_size: int,
    scope: str,
    request: HttpRequest | None = None,
) -> Page[Beneficiary]:
    """One page of `rows` (`beneficiary_list(...)` for the pages, `organisation_beneficiaries(...)` for the API),
    the read audited: one row naming the ids shown."""
    shown = Paginator(rows, page_size).get_page(page)
    ids = [beneficiary.pk for beneficiary in shown.object_list]
    if ids:
        audit_record(
            action=events.BENEFICIARIES_LISTED,
            actor=user,
            city=organisation.city,
            target=organisation,
            data={"scope": scope, "ids": ids},
            request=request,
        )
    return shown


def organisation_beneficiary_get(
    *, user: User, organisation: Organisation, pk: int, request: HttpRequest | None = None
) -> Beneficiary | None:
    """One record of the organisation as the API shows it, the read audited. The caller has established that
    `user` acts for the organisation."""
    beneficiary = organisation_beneficiaries(organisation=organisation).filter(pk=pk).first()
    if beneficiary is not None:
        _audit_viewed(user=user, city=organisation.city, beneficiary=beneficiary, scope="api", request=request)
    return beneficiary


def beneficiary_get_visible(
    *, user: User, city: City, pk: int, request: HttpRequest | None = None
) -> Beneficiary | None:
    """The full record (confidential notes included) if `user` may read it, the read audited; else None."""
    beneficiary = (
        Beneficiary.objects.select_related("organisation", "district", "city")
        .prefetch_related("languages")
        .filter(city=city, pk=pk)
        .first()
    )
    if beneficiary is None or not policies.can_view_beneficiary(user, beneficiary):
        return None
    _audit_viewed(user=user, city=city, beneficiary=beneficiary, scope="organisation", request=request)
    return beneficiary


def mentorship_get_visible(
    *, user: User, city: City, pk: int, request: HttpRequest | None = None, shown: bool = True
) -> Mentorship | None:
    """The mentorship with its beneficiary (the mentor's reduced view, or the organisation's) and meetings if
    `user` may see it; the read of the beneficiary audited ("mentor" or "organisation") when it is `shown` (an
    action that only changes the mentorship is audited by its service instead). Else None."""
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
    if shown:
        scope = "mentor" if mentorship.mentor_id == user.pk else "organisation"
        _audit_viewed(user=user, city=city, beneficiary=mentorship.beneficiary, scope=scope, request=request)
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


def mentorships_with_people(*, pks: list[int]) -> QuerySet[Mentorship]:
    """Mentorships by id with their beneficiary and mentor (what a proposal shows: pseudonym and mentor)."""
    return Mentorship.objects.filter(pk__in=pks).select_related("beneficiary", "mentor")


def organisation_proposal_get(*, organisation: Organisation, pk: int) -> Mentorship | None:
    """A mentorship of the organisation's beneficiaries (any status), or None."""
    return (
        Mentorship.objects.select_related("beneficiary", "mentor")
        .filter(pk=pk, beneficiary__organisation=organisation)
        .first()
    )


def organisation_beneficiaries(*, organisation: Organisation, include_closed: bool = True) -> QuerySet[Beneficiary]:
    """The organisation's records with what the API shows of them (whether a mentor is active). The caller has
    established that it acts for the organisation."""
    rows = Beneficiary.objects.filter(organisation=organisation)
    if not include_closed:
        rows = rows.filter(closed_at__isnull=True)
    return (
        rows.select_related("district")
        .prefetch_related("languages")
        .annotate(active_count=Count("mentorships", filter=Q(mentorships__status=MentorshipStatus.ACTIVE)))
    )
