"""Writes about cities: create one, import its districts, invite its coordinators.

Every write checks who may make it (`policies`), validates everything before saving anything (a refused form
leaves no half-created city), and is audited.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import secrets
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accueil.accounts.models import Role, RoleAssignment
from accueil.accounts.services import role_grant
from accueil.audit.services import audit_record
from accueil.core.locks import exclusive
from accueil.notifications.services import message_enqueue

from . import events, policies
from .calendar import region_problem
from .models import City, CoordinatorInvitation, District
from .selectors import city_cache_clear

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accueil.accounts.models import User

INVITATION_LIFETIME = dt.timedelta(days=14)
DISTRICTS_MAX_ROWS = 500
DISTRICTS_MAX_BYTES = 200_000
_HOST = re.compile(r"^(?=.{1,200}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$")
_POSTCODE_TOKEN = re.compile(r"^[A-Z0-9-]{2,10}$")


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CityDraft:
    """What an operator says about a new city (the keyword arguments of `city_create`, checked together)."""

    slug: str
    name: str
    domain: str
    country: str
    holiday_subdivision: str
    timezone: str
    languages: list[str]
    latitude: Decimal
    longitude: Decimal
    population: int | None = None
    names: dict[str, str] = field(default_factory=dict)


def _check_draft(draft: CityDraft) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    site_languages = {code for code, _name in settings.LANGUAGES}
    if not draft.languages:
        errors["languages"] = [_("Choose at least one language the city offers.")]
    elif not set(draft.languages) <= site_languages:
        errors["languages"] = [_("Choose languages from the list.")]
    problem = region_problem(draft.country, draft.holiday_subdivision)
    if problem == "country":
        errors["country"] = [_("The holiday calendar knows no country with this code.")]
    elif problem == "region":
        errors["holiday_subdivision"] = [_("The holiday calendar knows no such region in this country.")]
    if draft.timezone not in zoneinfo.available_timezones():
        errors["timezone"] = [_("Unknown time zone: write it as Region/City, for example Europe/Berlin.")]
    if not _HOST.match(draft.domain):
        errors["domain"] = [_("Enter a host name such as lyon.example.org.")]
    elif City.objects.filter(domain__iexact=draft.domain).exists():
        errors["domain"] = [_("Another city is already served on this host name.")]
    if City.objects.filter(slug=draft.slug).exists():
        errors["slug"] = [_("Another city already has this short name.")]
    for language in draft.names:
        if language not in site_languages:
            errors.setdefault("names", []).append(_("Choose languages from the list."))
    return errors


@transaction.atomic
def city_create(*, draft: CityDraft, acting_user: User, request: HttpRequest | None = None) -> City:
    """A new city, empty: no plan, no district, no service; its coordinators are invited next."""
    if not policies.can_create_city(user=acting_user):
        raise PermissionDenied
    errors = _check_draft(draft)
    city = City(
        slug=draft.slug,
        name=draft.name.strip(),
        names={code: text.strip() for code, text in draft.names.items() if text and text.strip()},
        domain=draft.domain,
        country=draft.country,
        holiday_subdivision=draft.holiday_subdivision,
        timezone=draft.timezone,
        languages=list(dict.fromkeys(draft.languages)),
        latitude=draft.latitude,
        longitude=draft.longitude,
        population=draft.population,
    )
    try:
        city.full_clean(validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():  # a city with the same short name or host name created at the same moment
            city.save()
    except IntegrityError:
        taken_domain = City.objects.filter(domain__iexact=draft.domain).exists()
        field, message = (
            ("domain", _("Another city is already served on this host name."))
            if taken_domain
            else ("slug", _("Another city already has this short name."))
        )
        raise ValidationError({field: [message]}) from None
    city_cache_clear()
    audit_record(
        action=events.CITY_CREATED,
        actor=acting_user,
        city=city,
        target=city,
        data={"slug": city.slug, "domain": city.domain, "country": city.country, "languages": city.languages},
        request=request,
    )
    return city


def _decimal(text: str, *, low: int, high: int) -> Decimal | None:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        return None
    if not value.is_finite() or not low <= value <= high:
        return None
    return value.quantize(Decimal("0.00001"))


@dataclass(frozen=True)
class DistrictRow:
    number: int
    name: str
    code: str
    postcodes: str
    latitude: Decimal
    longitude: Decimal
    population: int | None


def parse_districts_csv(content: str, *, city: City) -> list[DistrictRow]:
    """Rows of `number,name[,code][,postcodes][,latitude][,longitude][,population]` with a header line.

    Every problem is reported with its line number and nothing is returned until there is none; a district
    without coordinates is placed at the city's centre.
    """
    if len(content.encode("utf-8", "replace")) > DISTRICTS_MAX_BYTES:
        raise ValidationError({"content": [_("The file is too large (at most 200 kB).")]})
    if "\x00" in content:
        raise ValidationError({"content": [_("The file is not a CSV text file.")]})
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "number" not in header or "name" not in header:
        raise ValidationError({"content": [_("The first line must name the columns, at least: number,name.")]})
    reader.fieldnames = header
    rows: list[DistrictRow] = []
    problems: list[str] = []
    seen_numbers: set[int] = set()
    seen_codes: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        if len(rows) >= DISTRICTS_MAX_ROWS:
            problems.append(_("At most %(count)d districts.") % {"count": DISTRICTS_MAX_ROWS})
            break
        values = {key: (value or "").strip() for key, value in raw.items() if isinstance(key, str)}
        if not any(values.values()):
            continue
        number_text, name = values.get("number", ""), values.get("name", "")
        number = int(number_text) if number_text.isdigit() and 0 < int(number_text) < 1000 else None
        if number is None:
            problems.append(_("Line %(line)d: the number must be a whole number from 1 to 999.") % {"line": line})
            continue
        if number in seen_numbers:
            problems.append(_("Line %(line)d: district %(number)d appears twice.") % {"line": line, "number": number})
            continue
        if not name or len(name) > 120:
            problems.append(_("Line %(line)d: the name is missing or too long.") % {"line": line})
            continue
        code = values.get("code", "") or str(number)
        if len(code) > 10 or code in seen_codes:
            problems.append(_("Line %(line)d: the code is too long or appears twice.") % {"line": line})
            continue
        postcodes = values.get("postcodes", "").upper().replace(",", " ").replace(";", " ").split()
        if any(not _POSTCODE_TOKEN.match(postcode) for postcode in postcodes) or len(" ".join(postcodes)) > 200:
            problems.append(_("Line %(line)d: postcodes are letters and digits, separated by spaces.") % {"line": line})
            continue
        latitude = _decimal(values["latitude"], low=-90, high=90) if values.get("latitude") else city.latitude
        longitude = _decimal(values["longitude"], low=-180, high=180) if values.get("longitude") else city.longitude
        if latitude is None or longitude is None:
            problems.append(_("Line %(line)d: latitude and longitude are decimal degrees.") % {"line": line})
            continue
        population_text = values.get("population", "").replace(" ", "")
        if population_text and not (population_text.isdigit() and len(population_text) <= 9):
            problems.append(_("Line %(line)d: the population must be a whole number.") % {"line": line})
            continue
        seen_numbers.add(number)
        seen_codes.add(code)
        rows.append(
            DistrictRow(
                number=number,
                name=name,
                code=code,
                postcodes=" ".join(postcodes),
                latitude=Decimal(latitude),
                longitude=Decimal(longitude),
                population=int(population_text) if population_text else None,
            )
        )
    if problems:
        raise ValidationError({"content": problems})
    if not rows:
        raise ValidationError({"content": [_("The file has no district.")]})
    return rows


@transaction.atomic
def districts_import(*, city: City, acting_user: User, content: str, request: HttpRequest | None = None) -> int:
    """Adds the districts of the CSV text, or updates those with the same number; all or nothing."""
    if not policies.can_set_up_city(user=acting_user, city=city):
        raise PermissionDenied
    rows = parse_districts_csv(content, city=city)
    with exclusive(f"territories.districts:{city.pk}"):  # two imports of the same city's districts, one after the other
        return _districts_write(city=city, rows=rows, acting_user=acting_user, request=request)


def _districts_write(*, city: City, rows: list[DistrictRow], acting_user: User, request: HttpRequest | None) -> int:
    existing = {d.number: d for d in District.objects.select_for_update().filter(city=city)}
    numbers = {row.number for row in rows}
    kept_codes = {d.code for d in existing.values() if d.number not in numbers}
    for row in rows:
        if row.code in kept_codes:
            raise ValidationError(
                {"content": [_("The code %(code)s is already used by another district.") % {"code": row.code}]}
            )
    # Codes are unique per city: free the ones of the districts rewritten, so that two may swap codes.
    moving = [d for d in existing.values() if d.number in numbers]
    for district in moving:
        district.code = f"~{district.pk}"[:10]
    District.objects.bulk_update(moving, ["code"])
    for row in rows:
        district = existing.get(row.number) or District(city=city, number=row.number)
        district.name, district.code, district.postcodes = row.name, row.code, row.postcodes
        district.latitude, district.longitude, district.population = row.latitude, row.longitude, row.population
        district.full_clean(validate_unique=False, validate_constraints=False)
        district.save()
    audit_record(
        action=events.DISTRICTS_IMPORTED,
        actor=acting_user,
        city=city,
        target=city,
        data={"rows": len(rows)},
        request=request,
    )
    return len(rows)


def invitation_for_token(raw_token: str) -> CoordinatorInvitation | None:
    if not raw_token or len(raw_token) > 200 or "\x00" in raw_token:
        return None
    try:
        digest = token_hash(raw_token)
    except UnicodeEncodeError:
        return None
    return CoordinatorInvitation.objects.select_related("city").filter(token_hash=digest).first()


def invitation_problem(
    invitation: CoordinatorInvitation | None, *, city: City | None, user: User | None = None
) -> str | None:
    """Why this invitation cannot be accepted here (by this person), or None."""
    if invitation is None:
        return _("This invitation link is not valid.")
    if city is None or invitation.city_id != city.pk:
        return _("This invitation link is not valid.")
    if invitation.revoked_at is not None:
        return _("This invitation has been withdrawn.")
    if invitation.accepted_at is not None:
        return _("This invitation has already been used.")
    if invitation.expires_at <= timezone.now():
        return _("This invitation has expired. Ask the platform's operators for a new one.")
    if user is not None and (user.email or "").casefold() != invitation.email.casefold():
        return _("This invitation was sent to another email address. Sign in with that address to accept it.")
    return None


def invitation_accept_url(*, city: City, raw_token: str, request: HttpRequest | None) -> str:
    """The link on the invited city's own host name (the port and scheme of the page that invited)."""
    scheme = "https"
    port = ""
    if request is not None:
        scheme = request.scheme or "https"
        served_port = request.get_port()
        if served_port not in {"80", "443"}:
            port = f":{served_port}"
    return f"{scheme}://{city.domain}{port}/{invitation_language(city)}/cities/invitations/{raw_token}/"


def invitation_language(city: City) -> str:
    """The language of the invitation and of its link: the inviter's, when the city offers it, else the city's
    first language (the invitee has no account to read a preference from yet)."""
    current = (translation.get_language() or "").split("-")[0]
    offered = city.offered_languages
    return current if current in offered else offered[0]


@transaction.atomic
def coordinator_invite(
    *, city: City, email: str, acting_user: User, request: HttpRequest | None = None
) -> tuple[CoordinatorInvitation, str]:
    """Invite someone by email to coordinate `city`; the link goes out through the outbox, only its hash is kept."""
    if not policies.can_invite_coordinator(user=acting_user, city=city):
        raise PermissionDenied
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid email address.")]}) from None
    if RoleAssignment.objects.filter(city=city, role=Role.COORDINATOR, user__email__iexact=email).exists():
        raise ValidationError({"email": [_("This person already coordinates the city.")]})
    now = timezone.now()
    CoordinatorInvitation.objects.filter(
        city=city, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw_token = secrets.token_urlsafe(32)
    invitation = CoordinatorInvitation(
        city=city,
        email=email,
        token_hash=token_hash(raw_token),
        invited_by=acting_user,
        expires_at=now + INVITATION_LIFETIME,
    )
    invitation.full_clean()
    invitation.save()
    audit_record(
        action=events.COORDINATOR_INVITED,
        actor=acting_user,
        city=city,
        target=invitation,
        data={"email": email},
        request=request,
    )
    accept_url = invitation_accept_url(city=city, raw_token=raw_token, request=request)
    _invitation_enqueue(invitation=invitation, accept_url=accept_url)
    return invitation, raw_token


def _invitation_enqueue(*, invitation: CoordinatorInvitation, accept_url: str) -> None:
    """The invitation email, in the language of its link."""
    city, email = invitation.city, invitation.email
    language = invitation_language(city)
    with translation.override(language):
        subject = _("You are invited to coordinate %(city)s on Accueil") % {"city": city.shown_name}
        body = _(
            "You are invited to coordinate the reception of refugees and migrants in %(city)s on Accueil.\n\n"
            "Open this link, then sign in or create an account with this address (%(email)s) to accept:\n"
            "%(url)s\n\nThe link works once and expires on %(expires)s. As a coordinator you will set up "
            "two-factor authentication, then the city's districts and plan."
        ) % {
            "city": city.shown_name,
            "email": email,
            "url": accept_url,
            "expires": invitation.expires_at.date().isoformat(),
        }
    message_enqueue(
        city=city,
        address=email,
        subject=subject,
        body=body,
        language=language,
        kind="territories.coordinator_invitation",
        key=f"coordinator-invitation:{invitation.pk}",
    )


@transaction.atomic
def coordinator_invitation_accept(
    *, raw_token: str, city: City | None, acting_user: User, request: HttpRequest | None = None
) -> RoleAssignment:
    """Accept once: the invitation row is locked, so a second use of the link is refused."""
    if not getattr(acting_user, "is_authenticated", False):
        raise PermissionDenied
    found = invitation_for_token(raw_token)
    invitation = (
        CoordinatorInvitation.objects.select_for_update().select_related("city").filter(pk=found.pk).first()
        if found is not None
        else None
    )
    problem = invitation_problem(invitation, city=city, user=acting_user)
    if problem:
        raise ValidationError(problem)
    assert invitation is not None
    assignment = role_grant(user=acting_user, city=invitation.city, role=Role.COORDINATOR, acting_user=acting_user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = acting_user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        action=events.COORDINATOR_INVITATION_ACCEPTED,
        actor=acting_user,
        city=invitation.city,
        target=invitation,
        request=request,
    )
    return assignment
