"""Every write in the partner registry: organisations, verification, people, invitations, API tokens, import."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accueil.accounts.services import access_changed
from accueil.audit.services import audit_record
from accueil.languages.models import Language
from accueil.territories.models import City, District

from . import events, policies
from .locks import api_token_lock, invitation_lock, membership_lock, organisation_lock
from .models import (
    ApiToken,
    Invitation,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationType,
    Sector,
    TokenScopes,
    Verification,
)
from .notifications import invitation_notify
from .search_text import normalise, organisation_search_text
from .selectors import invitation_for_token, token_hash

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User

# Words used by the registry's own addresses (/organisations/new/, …) cannot be an organisation's slug.
RESERVED_SLUGS = frozenset({"new", "import", "invitations", "export-csv"})
INVITATION_LIFETIME = timedelta(days=14)
API_TOKEN_PREFIX = "acc_"  # noqa: S105 - a visible marker, not a secret

# Fields a profile edit may change; verification has its own service.
PROFILE_FIELDS = ("name", "acronym", "type", "description", "email", "phone", "website", "address")
RELATION_FIELDS = ("sectors", "districts", "languages")


def _reject_unstorable_text(values: Mapping[str, Any]) -> None:
    """NUL characters and lone surrogates cannot be stored by PostgreSQL: refuse them as bad input."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        if "\x00" in value:
            errors[name] = [_("Null characters are not allowed.")]
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            errors[name] = [_("This text contains characters that cannot be stored.")]
    if errors:
        raise ValidationError(errors)


def _unique_slug(*, city: City, name: str, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:100].strip("-") or "organisation"
    if base in RESERVED_SLUGS:
        base = f"{base}-organisation"
    candidates = Organisation.objects.filter(city=city, slug__startswith=base)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    taken = set(candidates.values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _check_districts(city: City, districts: Iterable[District]) -> list[District]:
    districts = list(districts)
    if any(district.city_id != city.pk for district in districts):
        raise ValidationError({"districts": [_("A district served must belong to the organisation's city.")]})
    return districts


def _apply_relations(organisation: Organisation, relations: Mapping[str, Any]) -> dict[str, list[str]]:
    """Set the many-to-many fields present in `relations`; returns what changed, for the audit log."""
    changed: dict[str, list[str]] = {}
    if "sectors" in relations:
        sectors = list(relations["sectors"])
        organisation.sectors.set(sectors)
        changed["sectors"] = sorted(sector.code for sector in sectors)
    if "districts" in relations:
        districts = _check_districts(organisation.city, relations["districts"])
        organisation.districts.set(districts)
        changed["districts"] = sorted(str(district.number) for district in districts)
    if "languages" in relations:
        languages = list(relations["languages"])
        organisation.languages.set(languages)
        changed["languages"] = sorted(language.code for language in languages)
    return changed


@transaction.atomic
def organisation_create(
    *,
    city: City,
    acting_user: User,
    name: str,
    type: str,
    acronym: str = "",
    description: str = "",
    email: str = "",
    phone: str = "",
    website: str = "",
    address: str = "",
    sectors: Iterable[Sector] = (),
    districts: Iterable[District] = (),
    languages: Iterable[Language] = (),
    request: HttpRequest | None = None,
) -> Organisation:
    """Create an organisation awaiting verification; the person creating it becomes its admin."""
    if not policies.can_create_organisation(acting_user):
        raise PermissionDenied
    values = {
        "name": name,
        "acronym": acronym,
        "type": type,
        "description": description,
        "email": email,
        "phone": phone,
        "website": website,
        "address": address,
    }
    _reject_unstorable_text(values)
    organisation = Organisation(city=city, verification=Verification.PENDING, **values)
    organisation.slug = _unique_slug(city=city, name=organisation.name)
    organisation.search_text = organisation_search_text(
        name=organisation.name, acronym=organisation.acronym, description=organisation.description
    )
    relations = {"sectors": sectors, "districts": _check_districts(city, districts), "languages": languages}
    organisation.full_clean()
    organisation.save()
    _apply_relations(organisation, relations)
    Membership.objects.create(organisation=organisation, user=acting_user, role=MembershipRole.ADMIN)
    audit_record(
        action=events.ORGANISATION_CREATED,
        actor=acting_user,
        city=city,
        target=organisation,
        data={"name": organisation.name},
        request=request,
    )
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    acting_user: User | None,
    api_token: ApiToken | None = None,
    request: HttpRequest | None = None,
    name: str | None = None,
    acronym: str | None = None,
    type: str | None = None,
    description: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    website: str | None = None,
    address: str | None = None,
    sectors: Iterable[Sector] | None = None,
    districts: Iterable[District] | None = None,
    languages: Iterable[Language] | None = None,
) -> Organisation:
    """Change the profile fields and relations given; those left at None stay as they are (lists replace).

    The change is made by `acting_user` (an admin of the organisation or a coordinator of its city), or, through
    the API, with `api_token` — one of the organisation's own live tokens that can write, while the organisation
    is verified — and no user."""
    if api_token is not None:
        allowed = (
            api_token.organisation_id == organisation.pk
            and api_token.revoked_at is None
            and api_token.can_write
            and policies.can_write_through_api(organisation)
        )
    else:
        allowed = acting_user is not None and policies.can_manage_organisation(acting_user, organisation)
    if not allowed:
        raise PermissionDenied
    organisation = organisation_lock(organisation)
    given = {
        "name": name,
        "acronym": acronym,
        "type": type,
        "description": description,
        "email": email,
        "phone": phone,
        "website": website,
        "address": address,
    }
    values = {key: value for key, value in given.items() if value is not None}
    _reject_unstorable_text(values)
    changed = sorted(key for key, value in values.items() if getattr(organisation, key) != value)
    for key, value in values.items():
        setattr(organisation, key, value)
    if "name" in changed:
        organisation.slug = _unique_slug(city=organisation.city, name=organisation.name, exclude_pk=organisation.pk)
    organisation.search_text = organisation_search_text(
        name=organisation.name, acronym=organisation.acronym, description=organisation.description
    )
    relations: dict[str, Iterable[Any]] = {
        key: value
        for key, value in (("sectors", sectors), ("districts", districts), ("languages", languages))
        if value is not None
    }
    if districts is not None:
        relations["districts"] = _check_districts(organisation.city, districts)
    organisation.full_clean()
    organisation.save()
    relation_changes = _apply_relations(organisation, relations)
    audit_record(
        action=events.ORGANISATION_UPDATED,
        actor=acting_user,
        city=organisation.city,
        target=organisation,
        data={
            "fields": changed,
            **relation_changes,
            **({"api_token": api_token.prefix} if api_token is not None else {}),
        },
        request=request,
    )
    return organisation


@transaction.atomic
def organisation_set_verification(
    *,
    organisation: Organisation,
    acting_user: User,
    status: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Organisation:
    """A coordinator of the organisation's city verifies it, or rejects it with a reason."""
    if not policies.can_verify_organisation(acting_user, organisation):
        raise PermissionDenied
    reason = (reason or "").strip()
    _reject_unstorable_text({"reason": reason})
    if status not in (Verification.VERIFIED, Verification.REJECTED, Verification.PENDING):
        raise ValidationError({"status": [_("Unknown verification status.")]})
    if status == Verification.REJECTED and not reason:
        raise ValidationError({"reason": [_("Give the reason for not verifying this organisation.")]})
    organisation = organisation_lock(organisation)
    previous = organisation.verification
    organisation.verification = status
    organisation.verification_note = reason
    organisation.verified_by = acting_user if status != Verification.PENDING else None
    organisation.verified_at = timezone.now() if status != Verification.PENDING else None
    organisation.full_clean()
    organisation.save()
    # Verified members may read beneficiaries: their sessions ask for a second factor from the next page on.
    access_changed(user_ids=organisation.memberships.values_list("user_id", flat=True))
    audit_record(
        action=events.ORGANISATION_VERIFIED if status == Verification.VERIFIED else events.ORGANISATION_REJECTED,
        actor=acting_user,
        city=organisation.city,
        target=organisation,
        data={"from": previous, "to": status, "reason": reason},
        request=request,
    )
    return organisation


# --- People ------------------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    organisation: Organisation,
    email: str,
    role: str,
    acting_user: User,
    request: HttpRequest | None = None,
) -> tuple[Invitation, str]:
    """Invite someone by email (the link is sent through the outbox); returns the invitation and the raw token
    (only its hash is stored)."""
    if not policies.can_manage_members(acting_user, organisation):
        raise PermissionDenied
    email = (email or "").strip().lower()
    _reject_unstorable_text({"email": email})
    if role not in MembershipRole.values:
        raise ValidationError({"role": [_("Choose a valid role.")]})
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": [_("This person is already a member of the organisation.")]})
    now = timezone.now()
    # A new invitation replaces any pending one for the same address.
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw_token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=token_hash(raw_token),
        invited_by=acting_user,
        expires_at=now + INVITATION_LIFETIME,
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        action=events.INVITATION_CREATED,
        actor=acting_user,
        city=organisation.city,
        target=invitation,
        data={"organisation": organisation.pk, "email": email, "role": role},
        request=request,
    )
    invitation_notify(invitation=invitation, raw_token=raw_token, request=request)
    return invitation, raw_token


def invitation_problem(invitation: Invitation | None, user: User | AnonymousUser | None = None) -> str | None:
    """Why this invitation cannot be accepted (by this person), or None."""
    if invitation is None:
        return _("This invitation link is not valid.")
    if invitation.revoked_at is not None:
        return _("This invitation has been withdrawn.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been used.")
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the organisation for a new one.")
    if user is not None and user.is_authenticated and (user.email or "").casefold() != invitation.email.casefold():
        return _("This invitation was sent to another email address. Sign in with that address to accept it.")
    return None


@transaction.atomic
def invitation_accept(*, raw_token: str, acting_user: User, request: HttpRequest | None = None) -> Membership:
    """Accept once: the invitation row is locked so a second use of the link is refused."""
    if not getattr(acting_user, "is_authenticated", False):
        raise PermissionDenied
    found = invitation_for_token(raw_token)
    invitation = invitation_lock(found)
    problem = invitation_problem(invitation, acting_user)
    if problem:
        raise ValidationError(problem)
    assert invitation is not None
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=acting_user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == MembershipRole.ADMIN and membership.role != MembershipRole.ADMIN:
        membership.role = MembershipRole.ADMIN
        membership.save(update_fields=["role"])
    access_changed(user_ids=[acting_user.pk])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = acting_user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        action=events.INVITATION_ACCEPTED,
        actor=acting_user,
        city=invitation.organisation.city,
        target=invitation,
        data={"organisation": invitation.organisation_id, "role": membership.role},
        request=request,
    )
    return membership


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, acting_user: User, request: HttpRequest | None = None) -> Invitation:
    if not policies.can_manage_members(acting_user, invitation.organisation):
        raise PermissionDenied
    locked = invitation_lock(invitation)
    if locked is None:
        raise ValidationError(_("This invitation is no longer pending."))
    invitation = locked
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation is no longer pending."))
    _mark_revoked(
        invitation,
        action=events.INVITATION_REVOKED,
        acting_user=acting_user,
        data={"email": invitation.email},
        request=request,
    )
    return invitation


def _mark_revoked(
    record: Invitation | ApiToken,
    *,
    action: str,
    acting_user: User,
    data: dict[str, str],
    request: HttpRequest | None,
) -> None:
    """Revoke a locked invitation or token now, and log it with the organisation it belonged to."""
    record.revoked_at = timezone.now()
    record.save(update_fields=["revoked_at"])
    audit_record(
        action=action,
        actor=acting_user,
        city=record.organisation.city,
        target=record,
        data={"organisation": record.organisation_id, **data},
        request=request,
    )


def _other_admins_exist(membership: Membership) -> bool:
    return (
        Membership.objects.filter(organisation_id=membership.organisation_id, role=MembershipRole.ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


def _relock_membership(membership: Membership, acting_user: User) -> Membership:
    """Once the organisation is locked, check again: the actor or the member may have been removed meanwhile."""
    if not policies.can_manage_members(acting_user, membership.organisation):
        raise PermissionDenied
    locked = membership_lock(membership)
    if locked is None:
        raise ValidationError(_("This person is no longer a member of the organisation."))
    return locked


LAST_ADMIN_MESSAGE = gettext_lazy("An organisation must keep at least one admin: name another admin first.")


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, acting_user: User, request: HttpRequest | None = None
) -> Membership:
    if not policies.can_manage_members(acting_user, membership.organisation):
        raise PermissionDenied
    if role not in MembershipRole.values:
        raise ValidationError({"role": [_("Choose a valid role.")]})
    # Lock the organisation first so two admins demoting each other cannot leave it without one.
    organisation_lock(membership.organisation)
    membership = _relock_membership(membership, acting_user)
    previous = membership.role
    if previous == MembershipRole.ADMIN and role != MembershipRole.ADMIN and not _other_admins_exist(membership):
        raise ValidationError(LAST_ADMIN_MESSAGE)
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        action=events.MEMBERSHIP_ROLE_CHANGED,
        actor=acting_user,
        city=membership.organisation.city,
        target=membership,
        data={"organisation": membership.organisation_id, "user": membership.user_id, "from": previous, "to": role},
        request=request,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, acting_user: User, request: HttpRequest | None = None) -> None:
    if not policies.can_manage_members(acting_user, membership.organisation):
        raise PermissionDenied
    organisation = organisation_lock(membership.organisation)
    membership = _relock_membership(membership, acting_user)
    if membership.role == MembershipRole.ADMIN and not _other_admins_exist(membership):
        raise ValidationError(LAST_ADMIN_MESSAGE)
    data = {"organisation": organisation.pk, "user": membership.user_id, "role": membership.role}
    audit_record(
        action=events.MEMBERSHIP_REMOVED,
        actor=acting_user,
        city=organisation.city,
        target=organisation,
        data=data,
        request=request,
    )
    membership.delete()


# --- API tokens --------------------------------------------------------------------------------------


@transaction.atomic
def api_token_create(
    *,
    organisation: Organisation,
    name: str,
    acting_user: User,
    scopes: TokenScopes = TokenScopes.READ,
    request: HttpRequest | None = None,
) -> tuple[ApiToken, str]:
    """Returns the token and its raw value, to show once; only the prefix and the SHA-256 hash are kept.
    A token that can write is given only to a verified organisation."""
    if not policies.can_manage_tokens(acting_user, organisation):
        raise PermissionDenied
    name = (name or "").strip()
    _reject_unstorable_text({"name": name})
    if scopes == TokenScopes.READ_WRITE and not policies.organisation_is_trusted(organisation):
        raise ValidationError(
            {"scopes": _("A token that can write is given once the City has verified your organisation.")},
            code="organisation_not_verified",
        )
    raw = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        organisation=organisation,
        name=name,
        prefix=raw[:12],
        key_hash=token_hash(raw),
        scopes=scopes,
        created_by=acting_user,
    )
    token.full_clean()
    token.save()
    audit_record(
        action=events.API_TOKEN_CREATED,
        actor=acting_user,
        city=organisation.city,
        target=token,
        data={"organisation": organisation.pk, "name": name, "prefix": token.prefix, "scopes": token.scopes},
        request=request,
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, acting_user: User, request: HttpRequest | None = None) -> ApiToken:
    if not policies.can_manage_tokens(acting_user, token.organisation):
        raise PermissionDenied
    token = api_token_lock(token)
    if token.revoked_at is None:
        _mark_revoked(
            token,
            action=events.API_TOKEN_REVOKED,
            acting_user=acting_user,
            data={"prefix": token.prefix},
            request=request,
        )
    return token


# --- CSV import --------------------------------------------------------------------------------------

REGISTRY_COLUMNS = (
    "name",
    "acronym",
    "type",
    "sectors",
    "districts",
    "languages",
    "email",
    "phone",
    "website",
    "address",
    "verification",
)


@dataclass
class ImportRowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("Line %(line)s, %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[ImportRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _RollBack(Exception):
    pass


def _cell(row: Mapping[Any, Any], column: str) -> str:
    value = row.get(column)
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "|".join(str(item) for item in value)
    return str(value).strip()


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split("|") if part.strip()]


def _text_problem(value: str, max_length: int) -> str | None:
    if "\x00" in value:
        return _("Null characters are not allowed.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("This text contains characters that cannot be stored.")
    if len(value) > max_length:
        return _("At most %(limit)s characters (it has %(count)s).") % {"limit": max_length, "count": len(value)}
    return None


def _validate_row(
    row: Mapping[Any, Any],
    line: int,
    *,
    sectors: Mapping[str, Sector],
    districts: Mapping[int, District],
    languages: Mapping[str, Language],
) -> tuple[dict[str, Any], list[ImportRowError]]:
    errors: list[ImportRowError] = []
    values: dict[str, Any] = {}

    def error(column: str, message: str) -> None:
        errors.append(ImportRowError(line=line, column=column, message=message))

    limits = {"name": 200, "acronym": 30, "phone": 32, "address": 255, "email": 254, "website": 200}
    for column, limit in limits.items():
        value = _cell(row, column)
        problem = _text_problem(value, limit)
        if problem:
            error(column, problem)
            value = ""
        values[column] = value
    if not values["name"] and not any(item.column == "name" for item in errors):
        error("name", _("The name is missing."))
    type_code = _cell(row, "type")
    if type_code not in OrganisationType.values:
        error("type", _("Unknown type “%(value)s”.") % {"value": type_code[:60]})
    values["type"] = type_code
    values["sectors"] = []
    for code in _split(_cell(row, "sectors")):
        if code in sectors:
            values["sectors"].append(sectors[code])
        else:
            error("sectors", _("Unknown sector “%(value)s”.") % {"value": code[:60]})
    values["districts"] = []
    for number in _split(_cell(row, "districts")):
        district = districts.get(int(number)) if number.isdecimal() and len(number) < 6 else None
        if district is None:
            error("districts", _("Unknown district “%(value)s”.") % {"value": number[:60]})
        else:
            values["districts"].append(district)
    values["languages"] = []
    for code in _split(_cell(row, "languages")):
        if code in languages:
            values["languages"].append(languages[code])
        else:
            error("languages", _("Unknown language “%(value)s”.") % {"value": code[:60]})
    if values["email"]:
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            error("email", _("“%(value)s” is not a valid email address.") % {"value": values["email"][:100]})
    if values["website"]:
        try:
            URLValidator()(values["website"])
        except ValidationError:
            error("website", _("“%(value)s” is not a valid web address.") % {"value": values["website"][:100]})
    verification = _cell(row, "verification")
    if verification and verification not in Verification.values:
        error("verification", _("Unknown verification status “%(value)s”.") % {"value": verification[:60]})
    values["verification"] = verification
    return values, errors


@transaction.atomic
def _import_one(*, city: City, values: dict[str, Any], existing: Organisation | None, acting_user: User | None) -> bool:
    """Write one validated row; returns True when the organisation is new."""
    relations = {key: values[key] for key in RELATION_FIELDS}
    profile = {key: values.get(key, "") for key in PROFILE_FIELDS if key != "description"}
    organisation = existing or Organisation(city=city)
    for key, value in profile.items():
        setattr(organisation, key, value)
    if existing is None:
        organisation.slug = _unique_slug(city=city, name=organisation.name)
    elif organisation.name != existing.name:
        organisation.slug = _unique_slug(city=city, name=organisation.name, exclude_pk=organisation.pk)
    verification = values["verification"]
    if verification and verification != organisation.verification:
        organisation.verification = verification
        verified = verification != Verification.PENDING
        organisation.verified_by = acting_user if verified else None
        organisation.verified_at = timezone.now() if verified else None
    organisation.search_text = organisation_search_text(
        name=organisation.name, acronym=organisation.acronym, description=organisation.description
    )
    organisation.full_clean()
    organisation.save()
    _apply_relations(organisation, relations)
    audit_record(
        action=events.ORGANISATION_IMPORTED,
        actor=acting_user,
        city=city,
        target=organisation,
        data={"created": existing is None},
    )
    return existing is None


def organisations_import_rows(
    *, city: City, rows: Iterable[Mapping[Any, Any]], acting_user: User | None
) -> ImportResult:
    """Validate every row, then import all of them in one transaction, or none if any row is wrong.

    Rows are dicts keyed by `REGISTRY_COLUMNS`; line numbers in errors count the header as line 1.
    An organisation whose name (ignoring case and accents) exists in the city is updated; others are created.
    `acting_user` is None when run from the command line by the operator.
    """
    if acting_user is not None and not policies.can_import_registry(acting_user, city):
        raise PermissionDenied
    result = ImportResult()
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    districts = {district.number: district for district in District.objects.filter(city=city)}
    languages = {language.code: language for language in Language.objects.all()}
    organisations = list(Organisation.objects.filter(city=city))
    by_name = {organisation.name: organisation for organisation in organisations}
    by_normalised: dict[str, Organisation] = {}
    for organisation in organisations:
        by_normalised.setdefault(normalise(organisation.name), organisation)

    validated: list[tuple[int, dict[str, Any], Organisation | None]] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        line = index + 2
        if not isinstance(row, Mapping):
            result.errors.append(ImportRowError(line=line, column="", message=_("This line cannot be read.")))
            continue
        values, errors = _validate_row(row, line, sectors=sectors, districts=districts, languages=languages)
        key = normalise(values["name"])
        if key:
            if key in seen:
                errors.append(
                    ImportRowError(
                        line=line,
                        column="name",
                        message=_("“%(name)s” already appears on line %(line)s.")
                        % {"name": values["name"][:100], "line": seen[key]},
                    )
                )
            else:
                seen[key] = line
        result.errors.extend(errors)
        existing = by_name.get(values["name"]) or by_normalised.get(key)
        validated.append((line, values, existing))
    if result.errors:
        return result

    try:
        with transaction.atomic():
            for line, values, existing in validated:
                try:
                    created = _import_one(city=city, values=values, existing=existing, acting_user=acting_user)
                except ValidationError as exc:
                    messages = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
                    for column, column_messages in messages.items():
                        for message in column_messages:
                            result.errors.append(
                                ImportRowError(line=line, column="" if column == "__all__" else column, message=message)
                            )
                    continue
                if created:
                    result.created += 1
                else:
                    result.updated += 1
            if result.errors:
                raise _RollBack
            audit_record(
                action=events.REGISTRY_IMPORTED,
                actor=acting_user,
                city=city,
                data={"created": result.created, "updated": result.updated},
            )
    except _RollBack:
        result.created = result.updated = 0
    return result
