"""Every write of the directory: places, services, hours, closures, reports, staleness, and the search index."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accueil.audit.services import audit_record
from accueil.core.text import tokens, trigrams
from accueil.languages.models import Language
from accueil.organisations.models import Organisation
from accueil.territories.models import District
from accueil.translations.models import Translation
from accueil.translations.selectors import translated_texts

from . import events, policies
from .categories import CATEGORY_TREE, category_uuid
from .freshness import FLAG_AFTER, HIDE_AFTER
from .locks import report_lock, service_lock
from .models import (
    Audience,
    Category,
    Closure,
    OpeningHours,
    Place,
    Report,
    SearchToken,
    SearchTrigram,
    Service,
    ServiceChange,
    ServiceStatus,
)
from .notifications import report_notify, staleness_notify
from .search import NEED_PREFIX, category_token
from .text import source_changed

if TYPE_CHECKING:
    from accueil.accounts.models import User
    from accueil.territories.models import City


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You are not allowed to do this."))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if hasattr(value, "pk"):
        return value.pk
    return str(value)


def _log(service: Service, actor: User, action: str, diff: dict[str, Any] | None = None) -> None:
    ServiceChange.objects.create(
        city=service.city,
        service=service,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        diff=diff or {},
    )


# --- Taxonomy ------------------------------------------------------------------------------------------------------


@transaction.atomic
def categories_sync() -> int:
    """Create or re-parent the Category rows of the code catalogue; idempotent. Returns how many exist."""
    by_code = {c.code: c for c in Category.objects.all()}
    for order, (code, (_name, _parent)) in enumerate(CATEGORY_TREE.items()):
        if code not in by_code:
            by_code[code] = Category.objects.create(code=code, order=order, uuid=category_uuid(code))
    for order, (code, (_name, parent)) in enumerate(CATEGORY_TREE.items()):
        category = by_code[code]
        parent_obj = by_code.get(parent) if parent else None
        if category.parent_id != (parent_obj.pk if parent_obj else None) or category.order != order:
            category.parent = parent_obj
            category.order = order
            category.save(update_fields=["parent", "order"])
    return len(by_code)


# --- Places --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PlaceFields:
    """What describes a place, as the place form collects it."""

    name: str
    address: str
    postcode: str = ""
    district: District | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    wheelchair_accessible: bool = False
    accessibility: str = ""
    directions: str = ""
    is_demo: bool = False


@transaction.atomic
def place_create(*, acting_user: User, organisation: Organisation, fields: PlaceFields) -> Place:
    _require(policies.can_edit_for_organisation(acting_user, organisation))
    if fields.district is not None and fields.district.city_id != organisation.city_id:
        raise ValidationError({"district": _("This district is not in the city.")})
    place = Place(city=organisation.city, organisation=organisation, **vars(fields))
    place.full_clean()
    place.save()
    audit_record(action=events.PLACE_CREATED, actor=acting_user, city=place.city, target=place)
    return place


# --- Services ------------------------------------------------------------------------------------------------------


def _clean_audiences(audiences: Iterable[str]) -> str:
    codes = [a for a in audiences if a]
    valid = set(Audience.values)
    for code in codes:
        if code not in valid:
            raise ValidationError({"audiences": _("Unknown audience: %(code)s") % {"code": code}})
    return "," + ",".join(sorted(set(codes))) + "," if codes else ""


def _codes_set(
    relation: Any, objects: Sequence[Category] | Sequence[Language], *, diff: dict[str, Any], key: str
) -> None:
    """Set a many-to-many relation of coded rows (categories, languages), noting old and new codes in `diff`."""
    old_codes = sorted(relation.values_list("code", flat=True))
    new_codes = sorted(obj.code for obj in objects)
    if old_codes != new_codes:
        diff[key] = [old_codes, new_codes]
        relation.set(objects)


def _categories(codes: Iterable[str]) -> list[Category]:
    codes = list(dict.fromkeys(codes))
    found = list(Category.objects.filter(code__in=codes))
    if len(found) != len(codes) or not codes:
        raise ValidationError({"categories": _("Choose at least one need from the list.")})
    return found


def _languages(codes: Iterable[str]) -> list[Language]:
    codes = list(dict.fromkeys(codes))
    found = list(Language.objects.filter(code__in=codes))
    if len(found) != len(codes):
        raise ValidationError({"languages": _("Unknown language.")})
    return found


@transaction.atomic
def service_create(
    *,
    acting_user: User,
    organisation: Organisation,
    place: Place,
    name: str,
    category_codes: Iterable[str],
    description: str = "",
    audiences: Iterable[str] = (),
    language_codes: Iterable[str] = (),
    hours: Iterable[tuple[int, dt.time, dt.time]] = (),
    is_free: bool = True,
    appointment_required: bool = False,
    documents: str = "",
    interpreting: bool = False,
    phone: str = "",
    email: str = "",
    website: str = "",
    open_on_public_holidays: bool = False,
    is_demo: bool = False,
) -> Service:
    """A new service, as a draft until a coordinator publishes it."""
    _require(policies.can_edit_for_organisation(acting_user, organisation))
    if place.organisation_id != organisation.pk:
        raise ValidationError({"place": _("This place belongs to another organisation.")})
    service = Service(
        city=organisation.city,
        organisation=organisation,
        place=place,
        name=name,
        description=description,
        audiences=_clean_audiences(audiences),
        is_free=is_free,
        appointment_required=appointment_required,
        documents=documents,
        interpreting=interpreting,
        phone=phone,
        email=email,
        website=website,
        open_on_public_holidays=open_on_public_holidays,
        is_demo=is_demo,
        last_verified_at=timezone.now(),
    )
    categories = _categories(category_codes)
    languages = _languages(language_codes)
    service.full_clean()
    service.save()
    service.categories.set(categories)
    service.languages.set(languages)
    _set_hours(service, hours)
    _log(service, acting_user, "created", {"name": [None, name]})
    audit_record(action=events.SERVICE_CREATED, actor=acting_user, city=service.city, target=service)
    for field in ("name", "description"):
        source_changed(service, field)
    return service


@transaction.atomic
def service_update(
    *,
    acting_user: User,
    service: Service,
    category_codes: Iterable[str] | None = None,
    language_codes: Iterable[str] | None = None,
    audiences: Iterable[str] | None = None,
    place: Place | None = None,
    name: str | None = None,
    description: str | None = None,
    is_free: bool | None = None,
    appointment_required: bool | None = None,
    documents: str | None = None,
    interpreting: bool | None = None,
    phone: str | None = None,
    email: str | None = None,
    website: str | None = None,
    open_on_public_holidays: bool | None = None,
) -> Service:
    """Edit a service (an argument left at None keeps its value); the change log keeps the field-by-field
    difference."""
    service = service_lock(service, with_organisation=True)
    _require(policies.can_edit_service(acting_user, service))
    diff: dict[str, list[Any]] = {}
    changes = {
        "name": name,
        "description": description,
        "audiences": None if audiences is None else _clean_audiences(audiences),
        "is_free": is_free,
        "appointment_required": appointment_required,
        "documents": documents,
        "interpreting": interpreting,
        "phone": phone,
        "email": email,
        "website": website,
        "open_on_public_holidays": open_on_public_holidays,
    }
    for key, value in changes.items():
        if value is None:
            continue
        old = getattr(service, key)
        if old != value:
            diff[key] = [_jsonable(old), _jsonable(value)]
            setattr(service, key, value)
    if place is not None and place.pk != service.place_id:
        if place.organisation_id != service.organisation_id:
            raise ValidationError({"place": _("This place belongs to another organisation.")})
        diff["place"] = [service.place_id, place.pk]
        service.place = place
    service.full_clean()
    service.save()
    if category_codes is not None:
        _codes_set(service.categories, _categories(category_codes), diff=diff, key="categories")
    if language_codes is not None:
        _codes_set(service.languages, _languages(language_codes), diff=diff, key="languages")
    if diff:
        _log(service, acting_user, "updated", diff)
        audit_record(
            action=events.SERVICE_UPDATED,
            actor=acting_user,
            city=service.city,
            target=service,
            data={"fields": sorted(diff)},
        )
        for field in ("name", "description"):
            if field in diff:
                source_changed(service, field)
        search_index_service(service=service)
    return service


def _set_status(service: Service, actor: User, status: str, action: str, event: str) -> Service:
    service = service_lock(service)
    if service.status == status:
        return service
    old = service.status
    service.status = status
    fields = ["status", "updated_at"]
    if status == ServiceStatus.PUBLISHED and service.last_verified_at is None:
        service.last_verified_at = timezone.now()
        fields.append("last_verified_at")
    service.save(update_fields=fields)
    _log(service, actor, action, {"status": [old, status]})
    audit_record(action=event, actor=actor, city=service.city, target=service)
    search_index_service(service=service)
    return service


@transaction.atomic
def service_publish(*, acting_user: User, service: Service) -> Service:
    _require(policies.can_publish_service(acting_user, service))
    return _set_status(service, acting_user, ServiceStatus.PUBLISHED, "published", events.SERVICE_PUBLISHED)


@transaction.atomic
def service_unpublish(*, acting_user: User, service: Service) -> Service:
    _require(policies.can_publish_service(acting_user, service))
    return _set_status(service, acting_user, ServiceStatus.DRAFT, "unpublished", events.SERVICE_UNPUBLISHED)


@transaction.atomic
def service_archive(*, acting_user: User, service: Service) -> Service:
    _require(policies.can_edit_service(acting_user, service))
    return _set_status(service, acting_user, ServiceStatus.ARCHIVED, "archived", events.SERVICE_ARCHIVED)


@transaction.atomic
def service_verify(*, acting_user: User, service: Service, now: dt.datetime | None = None) -> Service:
    """The owner confirms in one click that the information is still right."""
    _require(policies.can_edit_service(acting_user, service))
    service = service_lock(service)
    was_hidden = service.last_verified_at is None or service.last_verified_at < (now or timezone.now()) - HIDE_AFTER
    service.last_verified_at = now or timezone.now()
    service.stale_flagged_at = None
    service.reminder_sent_at = None
    service.save(update_fields=["last_verified_at", "stale_flagged_at", "reminder_sent_at", "updated_at"])
    _log(service, acting_user, "verified")
    audit_record(action=events.SERVICE_VERIFIED, actor=acting_user, city=service.city, target=service)
    if was_hidden:
        search_index_service(service=service)
    return service


# --- Hours and closures --------------------------------------------------------------------------------------------


def _set_hours(service: Service, hours: Iterable[tuple[int, dt.time, dt.time]]) -> list[OpeningHours]:
    service.opening_hours.all().delete()
    rows = []
    for weekday, opens_at, closes_at in hours:
        row = OpeningHours(city=service.city, service=service, weekday=weekday, opens_at=opens_at, closes_at=closes_at)
        row.full_clean(exclude=["service", "city"])
        rows.append(row)
    return OpeningHours.objects.bulk_create(rows)


@transaction.atomic
def hours_set(
    *, acting_user: User, service: Service, hours: Iterable[tuple[int, dt.time, dt.time]]
) -> list[OpeningHours]:
    """Replace the weekly hours (local time of the city)."""
    _require(policies.can_edit_service(acting_user, service))
    service = service_lock(service)
    old = [f"{h.weekday} {h.opens_at:%H:%M}-{h.closes_at:%H:%M}" for h in service.opening_hours.all()]
    rows = _set_hours(service, list(hours))
    new = [f"{h.weekday} {h.opens_at:%H:%M}-{h.closes_at:%H:%M}" for h in rows]
    if old != new:
        _log(service, acting_user, "hours", {"hours": [old, new]})
        audit_record(action=events.HOURS_SET, actor=acting_user, city=service.city, target=service)
    return rows


@transaction.atomic
def closure_add(*, acting_user: User, service: Service, starts_on: dt.date, ends_on: dt.date, reason: str) -> Closure:
    _require(policies.can_edit_service(acting_user, service))
    closure = Closure(city=service.city, service=service, starts_on=starts_on, ends_on=ends_on, reason=reason)
    closure.full_clean()
    closure.save()
    _log(service, acting_user, "closure_added", {"closure": [None, f"{starts_on}..{ends_on} {reason}"]})
    audit_record(action=events.CLOSURE_ADDED, actor=acting_user, city=service.city, target=service)
    return closure


@transaction.atomic
def closure_remove(*, acting_user: User, closure: Closure) -> None:
    service = closure.service
    _require(policies.can_edit_service(acting_user, service))
    _log(service, acting_user, "closure_removed", {"closure": [f"{closure.starts_on}..{closure.ends_on}", None]})
    closure.delete()
    audit_record(action=events.CLOSURE_REMOVED, actor=acting_user, city=service.city, target=service)


# --- Reports -------------------------------------------------------------------------------------------------------


@transaction.atomic
def report_create(*, service: Service, kind: str, comment: str = "", language: str = "") -> Report:
    """A visitor's report, without an account; the owners and the coordinators are told by email."""
    report = Report(city=service.city, service=service, kind=kind, comment=comment.strip()[:500], language=language[:8])
    report.full_clean()
    report.save()
    audit_record(action=events.REPORT_RECEIVED, city=service.city, target=service, data={"kind": kind})
    report_notify(report)
    return report


@transaction.atomic
def report_resolve(*, acting_user: User, report: Report) -> Report:
    report = report_lock(report)
    _require(policies.can_edit_service(acting_user, report.service) or policies.can_moderate(acting_user, report.city))
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.resolved_by = acting_user
        report.save(update_fields=["resolved_at", "resolved_by"])
        audit_record(action=events.REPORT_RESOLVED, actor=acting_user, city=report.city, target=report)
    return report


# --- Staleness -----------------------------------------------------------------------------------------------------


def staleness_run(*, city: City | None = None, now: dt.datetime | None = None) -> dict[str, int]:
    """Flag services unverified for 90 days and remind their owners once; take off the public index after 6 months."""
    now = now or timezone.now()
    published = Service.objects.filter(status=ServiceStatus.PUBLISHED)
    if city is not None:
        published = published.filter(city=city)
    to_flag = list(
        published.filter(last_verified_at__lt=now - FLAG_AFTER, stale_flagged_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        Service.objects.filter(pk__in=to_flag).update(stale_flagged_at=now)
        to_remind = list(
            published.filter(last_verified_at__lt=now - FLAG_AFTER, reminder_sent_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        Service.objects.filter(pk__in=to_remind).update(reminder_sent_at=now)
        hidden = list(published.filter(last_verified_at__lt=now - HIDE_AFTER).values_list("pk", flat=True))
        SearchToken.objects.filter(service_id__in=hidden).delete()
        audit_record(
            action=events.STALENESS_RUN,
            city=city,
            data={"flagged": len(to_flag), "reminded": len(to_remind), "hidden": len(hidden)},
        )
        for reminded in Service.objects.filter(pk__in=to_remind).select_related("organisation", "city"):
            staleness_notify(reminded, now=now)
    reindexed = search_reindex_translated(city=city, since=now - TRANSLATION_LOOKBACK)
    return {"flagged": len(to_flag), "reminded": len(to_remind), "hidden": len(hidden), "reindexed": reindexed}


# A reviewer's publication re-indexes its service at once (``search_index_translated``). Translations loaded in
# bulk (``translation_load_published``) send nothing, and an index write can fail after the publication committed:
# the daily job also re-indexes the services whose translations were published or re-validated in the last day,
# with a margin so that no run is missed.
TRANSLATION_LOOKBACK = dt.timedelta(hours=26)


def search_index_translated(service: Any) -> None:
    """Called by the translations app once a translation of ``service`` is published: searchable at once."""
    found = Service.objects.filter(pk=service.pk).select_related("organisation", "place").first()
    if found is not None:
        search_index_services(services=[found])


def search_reindex_translated(*, since: dt.datetime, city: City | None = None) -> int:
    """Re-index the services that have a translation published since `since`; returns how many."""
    published = Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(Service), published_at__gte=since
    )
    if city is not None:
        published = published.filter(city=city)
    ids = set(published.values_list("object_id", flat=True))
    total = 0
    chunk = sorted(ids)
    for start in range(0, len(chunk), 500):
        batch = list(Service.objects.filter(pk__in=chunk[start : start + 500]).select_related("organisation", "place"))
        search_index_services(services=batch)
        total += len(batch)
    return total


# --- Search index --------------------------------------------------------------------------------------------------

NAME_WEIGHT = 3
ORGANISATION_WEIGHT = 2
TEXT_WEIGHT = 1


def _other_language_texts(services: list[Service]) -> dict[int, list[tuple[str, str]]]:
    """Published translations of name and description: {service pk: [(field, text), …]}."""
    found: dict[int, list[tuple[str, str]]] = {s.pk: [] for s in services}
    for code, _label in settings.LANGUAGES:
        if code == "fr":
            continue
        for (pk, field), shown in translated_texts(services, ["name", "description"], code).items():
            if shown.language_shown == code and shown.text:
                found[pk].append((field, shown.text))
    return found


def search_tokens_for(
    service: Service, extra: Iterable[tuple[str, str]] = (), category_codes: Iterable[str] = ()
) -> dict[str, int]:
    """Token → weight for one service (its best weight when a word appears in several fields), plus one posting
    per need of the service and per parent need (``search.category_token``)."""
    weighted: dict[str, int] = {}
    for code in category_codes:
        while code:
            weighted[category_token(code)] = 1
            code = CATEGORY_TREE[code][1] if code in CATEGORY_TREE else ""

    def add(text: str, weight: int) -> None:
        for token in tokens(text):
            if weighted.get(token, 0) < weight:
                weighted[token] = weight

    add(service.description, TEXT_WEIGHT)
    add(service.place.name, TEXT_WEIGHT)
    add(service.organisation.name, ORGANISATION_WEIGHT)
    add(service.organisation.acronym, ORGANISATION_WEIGHT)
    for field, text in extra:
        add(text, NAME_WEIGHT if field == "name" else TEXT_WEIGHT)
    add(service.name, NAME_WEIGHT)
    return weighted


def _is_indexable(service: Service, now: dt.datetime) -> bool:
    return (
        service.status == ServiceStatus.PUBLISHED
        and service.last_verified_at is not None
        and service.last_verified_at >= now - HIDE_AFTER
    )


def search_index_services(*, services: list[Service], now: dt.datetime | None = None) -> int:
    """(Re)write the postings and the vocabulary trigrams of these services. Returns the postings written."""
    now = now or timezone.now()
    if not services:
        return 0
    SearchToken.objects.filter(service_id__in=[s.pk for s in services]).delete()
    extra = _other_language_texts(services)
    needs: dict[int, list[str]] = defaultdict(list)
    for service_id, code in Service.categories.through.objects.filter(
        service_id__in=[s.pk for s in services]
    ).values_list("service_id", "category__code"):
        needs[service_id].append(code)
    postings: list[SearchToken] = []
    vocabulary: dict[int, set[str]] = {}
    for service in services:
        if not _is_indexable(service, now):
            continue
        for token, weight in search_tokens_for(service, extra.get(service.pk, ()), needs[service.pk]).items():
            postings.append(SearchToken(city_id=service.city_id, service_id=service.pk, token=token, weight=weight))
            if not token.startswith(NEED_PREFIX):
                vocabulary.setdefault(service.city_id, set()).add(token)
    SearchToken.objects.bulk_create(postings, batch_size=2000)
    for city_id, words in vocabulary.items():
        known = set(
            SearchTrigram.objects.filter(city_id=city_id, token__in=list(words))
            .values_list("token", flat=True)
            .distinct()
        )
        rows = [
            SearchTrigram(city_id=city_id, trigram=gram, token=word, trigram_count=len(trigrams(word)))
            for word in words - known
            for gram in trigrams(word)
        ]
        SearchTrigram.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(postings)


def search_index_service(*, service: Service) -> int:
    service = Service.objects.select_related("organisation", "place").get(pk=service.pk)
    return search_index_services(services=[service])


def search_reindex_city(*, city: City, batch: int = 1000) -> int:
    """Rebuild the whole index of a city (after an import, or when the normalisation changes)."""
    SearchToken.objects.filter(city=city).delete()
    SearchTrigram.objects.filter(city=city).delete()
    total = 0
    ids = list(Service.objects.filter(city=city).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = list(Service.objects.filter(pk__in=ids[start : start + batch]).select_related("organisation", "place"))
        total += search_index_services(services=chunk)
    return total
