"""Reads of the partner registry, with visibility applied: only the current city's organisations."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from accueil.accounts.selectors import is_signed_in
from accueil.languages.models import Language
from accueil.territories.models import District

from .models import ApiToken, Invitation, Membership, MembershipRole, Organisation, Verification
from .search_text import search_terms

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

MAX_DISTRICT_NUMBER = 999


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_token_authenticate(*, raw_key: str) -> ApiToken | None:
    if not raw_key or len(raw_key) > 200 or "\x00" in raw_key:
        return None
    try:
        digest = token_hash(raw_key)
    except UnicodeEncodeError:
        return None
    token = (
        ApiToken.objects.select_related("organisation", "organisation__city")
        .filter(key_hash=digest, revoked_at__isnull=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def invitation_for_token(raw_token: str) -> Invitation | None:
    if not raw_token or len(raw_token) > 200 or "\x00" in raw_token:
        return None
    try:
        digest = token_hash(raw_token)
    except UnicodeEncodeError:
        return None
    return Invitation.objects.select_related("organisation", "organisation__city").filter(token_hash=digest).first()


def _with_relations(qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    return qs.select_related("city").prefetch_related(
        "sectors", "languages", Prefetch("districts", queryset=_districts_ordered())
    )


def _districts_ordered() -> QuerySet[District]:
    return District.objects.order_by("number")


def organisation_list(*, city: City) -> QuerySet[Organisation]:
    return _with_relations(Organisation.objects.filter(city=city))


def _safe(value: Any) -> str:
    """A filter value as text, or "" when it cannot be a real code (too long, NUL characters…)."""
    if value is None:
        return ""
    text = str(value).strip()
    if len(text) > 60 or "\x00" in text:
        return "\x00"  # matches nothing
    return text


def organisation_search(
    *,
    city: City,
    q: str = "",
    type: str = "",
    sector: str = "",
    district: int | None = None,
    language: str = "",
    verified_only: bool = False,
) -> QuerySet[Organisation]:
    """Public registry search: words of `q` must all appear in name, acronym or description
    (case and accents ignored); each filter narrows the list."""
    if city is None:
        return Organisation.objects.none()
    qs = Organisation.objects.filter(city=city)
    for term in search_terms(str(q or "")[:200]):
        qs = qs.filter(search_text__contains=term)
    filters = {"type": _safe(type), "sectors__code": _safe(sector), "languages__code": _safe(language)}
    for lookup, value in filters.items():
        if value == "\x00":
            return Organisation.objects.none()
        if value:
            qs = qs.filter(**{lookup: value})
    if district is not None:
        if not isinstance(district, int) or not 0 < district <= MAX_DISTRICT_NUMBER:
            return Organisation.objects.none()
        qs = qs.filter(districts__number=district)
    if verified_only:
        qs = qs.filter(verification=Verification.VERIFIED)
    return _with_relations(qs.distinct()).order_by("name", "pk")


def organisation_get(*, city: City, slug: str) -> Organisation | None:
    if city is None or not slug or len(slug) > 120 or "\x00" in slug:
        return None
    return _with_relations(Organisation.objects.filter(city=city, slug=slug)).first()


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation).select_related("user").order_by("user__email")


def organisation_pending_invitations(*, organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


def organisation_api_tokens(*, organisation: Organisation) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation=organisation).select_related("created_by")


def languages_for_filters() -> QuerySet[Language]:
    return Language.objects.order_by("native_name")


def organisation_export_rows(*, city: City) -> Iterator[dict[str, str]]:
    """The public fields of the city's registry, one dict per organisation, in the CSV column order."""
    for organisation in organisation_list(city=city).order_by("name", "pk"):
        yield {
            "name": organisation.name,
            "acronym": organisation.acronym,
            "type": organisation.type,
            "sectors": "|".join(sorted(sector.code for sector in organisation.sectors.all())),
            "districts": "|".join(str(d.number) for d in sorted(organisation.districts.all(), key=lambda d: d.number)),
            "languages": "|".join(sorted(language.code for language in organisation.languages.all())),
            "email": organisation.email,
            "phone": organisation.phone,
            "website": organisation.website,
            "address": organisation.address,
            "verification": organisation.verification,
        }


def user_organisations(*, user: User | AnonymousUser, city: City | None = None) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    qs = Organisation.objects.filter(memberships__user=user)
    if city is not None:
        qs = qs.filter(city=city)
    return qs


def membership_role(*, user: User | AnonymousUser, organisation: Organisation) -> str | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()


def is_organisation_admin(*, user: User | AnonymousUser, organisation: Organisation) -> bool:
    return membership_role(user=user, organisation=organisation) == MembershipRole.ADMIN


def user_memberships(*, user: User | AnonymousUser, city: City | None) -> QuerySet[Membership]:
    """The person's organisation memberships in this city, with the organisation loaded."""
    if not is_signed_in(user):
        return Membership.objects.none()
    queryset = Membership.objects.filter(user=user).select_related("organisation")
    if city is not None:
        queryset = queryset.filter(organisation__city=city)
    return queryset.order_by("organisation__name")
