"""Partner registry endpoints, mounted at /api/v1/organisations.

Reads are public (the current city's registry). Changing an organisation takes its bearer token or the
session of one of its admins (with the CSRF token); its members' emails are only given to the organisation.
"""

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import ConfigDict

from accueil.core.api_auth import session
from accueil.core.errors import ApiError, CommonError
from accueil.core.http import city_of
from accueil.core.paging import BoundedPageNumberPagination
from accueil.languages.models import Language
from accueil.territories.models import District

from . import policies, selectors, services
from .api_auth import organisation_token
from .models import ApiToken, Organisation, Sector

if TYPE_CHECKING:
    from accueil.accounts.models import User

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    name: str
    acronym: str
    type: str
    description: str
    sectors: list[str]
    districts: list[int]
    languages: list[str]
    email: str
    phone: str
    website: str
    address: str
    verification: str

    @staticmethod
    def resolve_sectors(obj: Organisation) -> list[str]:
        return sorted(sector.code for sector in obj.sectors.all())

    @staticmethod
    def resolve_districts(obj: Organisation) -> list[int]:
        return sorted(district.number for district in obj.districts.all())

    @staticmethod
    def resolve_languages(obj: Organisation) -> list[str]:
        return sorted(language.code for language in obj.languages.all())


class OrganisationFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Words to find in name, acronym or description")
    type: str | None = Field(None, max_length=40)
    sector: str | None = Field(None, max_length=40, description="Sector code, e.g. housing")
    district: int | None = Field(None, ge=1, le=999, description="District number")
    language: str | None = Field(None, max_length=8, description="Language code, e.g. ar")
    verified: bool | None = Field(None, description="Only verified organisations")


class OrganisationPatch(Schema):
    """Fields to change; absent fields stay as they are. Lists replace the current ones."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    acronym: str | None = Field(None, max_length=30)
    type: str | None = Field(None, max_length=40)
    description: str | None = Field(None, max_length=5000)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=32)
    website: str | None = Field(None, max_length=200)
    address: str | None = Field(None, max_length=255)
    sectors: list[str] | None = Field(None, max_length=50)
    districts: list[int] | None = Field(None, max_length=50)
    languages: list[str] | None = Field(None, max_length=50)


class MemberOut(Schema):
    email: str
    name: str
    role: str


class ErrorBody(Schema):
    code: str
    message: str
    details: Any = None


class ErrorOut(Schema):
    error: ErrorBody


ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = selectors.organisation_get(city=city_of(request), slug=slug)
    if organisation is None:
        raise ApiError(404, CommonError.NOT_FOUND, _("No organisation with this address in this city."))
    return organisation


def _acting_for(
    request: HttpRequest, organisation: Organisation, *, admins_only: bool
) -> tuple["User | None", ApiToken | None]:
    """Who is acting: (user, None) for a session, (None, token) for this organisation's token."""
    auth: User | ApiToken | AnonymousUser = getattr(request, "auth", None) or AnonymousUser()
    if isinstance(auth, ApiToken):
        if auth.organisation_id != organisation.pk:
            raise ApiError(403, CommonError.FORBIDDEN, _("This token belongs to another organisation."))
        return None, auth
    allowed = (
        policies.can_manage_members(auth, organisation)
        if admins_only
        else policies.can_manage_organisation(auth, organisation)
    )
    if not allowed or not auth.is_authenticated:
        raise ApiError(403, CommonError.FORBIDDEN, _("You are not allowed to act for this organisation."))
    return auth, None


@router.get(
    "",
    response=list[OrganisationOut],
    summary="List the city's partner organisations",
    operation_id="organisations_list",
)
@paginate(BoundedPageNumberPagination)
def list_organisations(request: HttpRequest, filters: Query[OrganisationFilters]) -> Any:
    return selectors.organisation_search(
        city=city_of(request),
        q=filters.q or "",
        type=filters.type or "",
        sector=filters.sector or "",
        district=filters.district,
        language=filters.language or "",
        verified_only=bool(filters.verified),
    )


@router.get(
    "/{slug}",
    response={200: OrganisationOut, 404: ErrorOut},
    summary="One organisation's public profile",
    operation_id="organisations_get",
)
def get_organisation(request: HttpRequest, slug: str) -> Any:
    return _organisation(request, slug)


def _resolve(values: list[Any], known: dict[Any, Any], field: str, label: str, details: dict[str, list[str]]) -> list:
    found = []
    for value in values:
        if value in known:
            found.append(known[value])
        else:
            details.setdefault(field, []).append(_("Unknown %(what)s: %(value)s") % {"what": label, "value": value})
    return found


@router.patch(
    "/{slug}",
    response={200: OrganisationOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    auth=[organisation_token, session],
    summary="Change an organisation's profile (its token, or one of its admins' session with CSRF)",
    operation_id="organisations_update",
)
def update_organisation(request: HttpRequest, slug: str, payload: OrganisationPatch) -> Any:
    organisation = _organisation(request, slug)
    user, token = _acting_for(request, organisation, admins_only=False)
    data: dict[str, Any] = payload.model_dump(exclude_unset=True, exclude_none=True)
    details: dict[str, list[str]] = {}
    if "sectors" in data:
        data["sectors"] = _resolve(
            data["sectors"], {s.code: s for s in Sector.objects.all()}, "sectors", _("sector"), details
        )
    if "districts" in data:
        districts = {d.number: d for d in District.objects.filter(city=organisation.city)}
        data["districts"] = _resolve(data["districts"], districts, "districts", _("district"), details)
    if "languages" in data:
        languages = {language.code: language for language in Language.objects.all()}
        data["languages"] = _resolve(data["languages"], languages, "languages", _("language"), details)
    if details:
        raise ApiError(422, CommonError.INVALID, _("The request is not valid."), details)
    try:
        organisation = services.organisation_update(
            organisation=organisation, acting_user=user, api_token=token, request=request, **data
        )
    except PermissionDenied as exc:
        raise ApiError(403, CommonError.FORBIDDEN, _("You are not allowed to act for this organisation.")) from exc
    return selectors.organisation_get(city=organisation.city, slug=organisation.slug)


@router.get(
    "/{slug}/members",
    response={200: list[MemberOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    auth=[organisation_token, session],
    summary="The organisation's members (its own token or its admins only: emails are personal data)",
    operation_id="organisations_members",
)
def list_members(request: HttpRequest, slug: str) -> Any:
    organisation = _organisation(request, slug)
    _acting_for(request, organisation, admins_only=True)
    return [
        {"email": member.user.email, "name": member.user.display_name, "role": member.role}
        for member in selectors.organisation_members(organisation=organisation)
    ]
