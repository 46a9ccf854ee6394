"""Open Referral HSDS 3.0: our directory as HSDS records (JSON API and tabular CSV), and import of a dataset.

One feed per language (``lang``): names and descriptions in that language (French when no translation is
published), the same identifiers in every language. Identifiers are stable UUIDs: stored ones for services,
places and categories, and name-based UUIDs (uuid5) derived from them for the records we do not store as rows
(schedules, addresses, languages, attributes…), and for organisations.

HSDS has no public holidays; the service rule is written in the schedule's description. Opening hours are local
wall-clock times of the city (its time zone is named in the description), because a fixed UTC offset would be
wrong for half of the year.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone, translation

from .categories import CATEGORY_TREE, category_name
from .text import shown_text

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accueil.accounts.models import User
    from accueil.territories.models import City

HSDS_VERSION = "3.0"
PROFILE = "https://openreferral.org/specification/3.0"
TAXONOMY_ID = uuid.uuid5(uuid.NAMESPACE_URL, "https://accueil.invalid/taxonomy")
DAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"


def _id(base: Any, *parts: Any) -> str:
    namespace = base if isinstance(base, uuid.UUID) else uuid.uuid5(uuid.NAMESPACE_URL, str(base))
    return str(uuid.uuid5(namespace, ":".join(str(p) for p in parts)))


def organisation_uuid(organisation: Any) -> str:
    return _id(f"https://accueil.invalid/{organisation.city.slug}/organisations", organisation.pk)


def _iso(value: dt.datetime | None) -> str:
    value = value or timezone.now()
    return value.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --- Records ---------------------------------------------------------------------------------------------------------


def taxonomy_record() -> dict[str, Any]:
    return {
        "id": str(TAXONOMY_ID),
        "name": "Accueil",
        "description": str(translation.gettext("Needs of people arriving in the city, from the Accueil directory.")),
        "version": "1",
    }


def taxonomy_term_record(category: Any, lang: str) -> dict[str, Any]:
    with translation.override(lang):
        name = category_name(category.code)
    parent = CATEGORY_TREE[category.code][1] if category.code in CATEGORY_TREE else ""
    record: dict[str, Any] = {
        "id": str(category.uuid),
        "code": category.code,
        "name": name,
        "description": name,
        "taxonomy_id": str(TAXONOMY_ID),
        "language": lang,
    }
    if parent and category.parent is not None:
        record["parent_id"] = str(category.parent.uuid)
    return record


def organization_list_record(organisation: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": organisation_uuid(organisation),
        "name": organisation.name,
        "description": organisation.description or organisation.name,
    }
    if organisation.acronym:
        record["alternate_name"] = organisation.acronym
    if organisation.email:
        record["email"] = organisation.email
    if organisation.website:
        record["website"] = organisation.website
    return record


def organization_record(organisation: Any, places: list[Any]) -> dict[str, Any]:
    record = organization_list_record(organisation)
    record["locations"] = [location_record(place) for place in places]
    if organisation.phone:
        record["phones"] = [
            {
                "id": _id(organisation_uuid(organisation), "phone"),
                "organization_id": record["id"],
                "number": organisation.phone,
            }
        ]
    return record


def location_record(place: Any) -> dict[str, Any]:
    location_id = str(place.uuid)
    record: dict[str, Any] = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": organisation_uuid(place.organisation),
        "name": place.name,
        "addresses": [
            {
                "id": _id(place.uuid, "address"),
                "location_id": location_id,
                "address_1": place.address,
                "city": place.city.name,
                "state_province": place.district.name if place.district else place.city.name,
                "postal_code": place.postcode or "",
                "country": place.city.country,
                "address_type": "physical",
            }
        ],
        "accessibility": [
            {
                "id": _id(place.uuid, "accessibility"),
                "location_id": location_id,
                "description": "wheelchair accessible" if place.wheelchair_accessible else "not wheelchair accessible",
                "details": place.accessibility,
            }
        ],
    }
    if place.directions:
        record["transportation"] = place.directions
    if place.latitude is not None and place.longitude is not None:
        record["latitude"] = float(place.latitude)
        record["longitude"] = float(place.longitude)
    return record


def _schedules(service: Any) -> list[dict[str, Any]]:
    holiday_rule = "open on public holidays" if service.open_on_public_holidays else "closed on public holidays"
    return [
        {
            "id": _id(service.uuid, "schedule", h.weekday, h.opens_at.isoformat(), h.closes_at.isoformat()),
            "service_id": str(service.uuid),
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": DAY_CODES[h.weekday],
            "opens_at": h.opens_at.strftime("%H:%M"),
            "closes_at": h.closes_at.strftime("%H:%M"),
            "description": f"Local time {service.city.timezone}; {holiday_rule}.",
        }
        for h in service.opening_hours.all()
    ]


def _status(service: Any) -> str:
    return "active" if service.status == "published" else "inactive"


def service_list_record(service: Any, lang: str) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": str(service.uuid),
        "organization_id": organisation_uuid(service.organisation),
        "name": shown_text(service, "name", lang).text,
        "description": shown_text(service, "description", lang).text,
        "status": _status(service),
        "interpretation_services": "yes" if service.interpreting else "no",
        "fees_description": "free" if service.is_free else "not free",
        "application_process": "appointment required" if service.appointment_required else "walk in",
        "eligibility_description": ", ".join(service.audience_codes),
        "last_modified": _iso(service.updated_at),
    }
    if service.last_verified_at:
        record["assured_date"] = service.last_verified_at.date().isoformat()
    if service.website:
        record["url"] = service.website
    if service.email:
        record["email"] = service.email
    return record


def service_record(service: Any, lang: str) -> dict[str, Any]:
    record = service_list_record(service, lang)
    service_id = record["id"]
    record["organization"] = organization_list_record(service.organisation)
    record["schedules"] = _schedules(service)
    record["service_at_locations"] = [
        {
            "id": _id(service.uuid, "at", service.place.uuid),
            "service_id": service_id,
            "location_id": str(service.place.uuid),
            "location": location_record(service.place),
        }
    ]
    record["languages"] = [
        {
            "id": _id(service.uuid, "language", lang_obj.code),
            "service_id": service_id,
            "name": lang_obj.name_en,
            "code": lang_obj.code,
        }
        for lang_obj in service.languages.all()
    ]
    record["phones"] = (
        [{"id": _id(service.uuid, "phone"), "service_id": service_id, "number": service.phone}] if service.phone else []
    )
    record["required_documents"] = (
        [{"id": _id(service.uuid, "documents"), "service_id": service_id, "document": service.documents}]
        if service.documents
        else []
    )
    record["attributes"] = [
        {
            "id": _id(service.uuid, "category", category.code),
            "link_id": service_id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": str(category.uuid),
            "taxonomy_term": taxonomy_term_record(category, lang),
        }
        for category in service.categories.all()
    ]
    return record


def page(contents: list[Any], *, total: int, page_number: int, per_page: int) -> dict[str, Any]:
    total_pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# --- Tabular (CSV) ---------------------------------------------------------------------------------------------------

TABLES = [
    ("organizations", "organization"),
    ("services", "service"),
    ("locations", "location"),
    ("addresses", "address"),
    ("accessibility", "accessibility"),
    ("service_at_location", "service_at_location"),
    ("schedules", "schedule"),
    ("languages", "language"),
    ("phones", "phone"),
    ("required_documents", "required_document"),
    ("taxonomies", "taxonomy"),
    ("taxonomy_terms", "taxonomy_term"),
    ("attributes", "attribute"),
]


def schema_columns(entity: str) -> list[str]:
    """The CSV columns of an entity: its scalar properties, in the schema's order."""
    from .hsds_schemas import load_schema

    schema = load_schema(f"{entity}.json")
    return [
        name
        for name, prop in schema["properties"].items()
        if prop.get("type") not in ("array", "object") and "$ref" not in prop
    ]


def _flat(record: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    return {c: record.get(c, "") for c in columns}


def tabular_rows(services: list[Any], lang: str) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {table: [] for table, _entity in TABLES}
    seen_orgs: set[str] = set()
    seen_places: set[str] = set()
    for service in services:
        record = service_record(service, lang)
        org = record["organization"]
        if org["id"] not in seen_orgs:
            seen_orgs.add(org["id"])
            rows["organizations"].append(org)
        rows["services"].append(record)
        for at in record["service_at_locations"]:
            location = at["location"]
            rows["service_at_location"].append(at)
            if location["id"] not in seen_places:
                seen_places.add(location["id"])
                rows["locations"].append(location)
                rows["addresses"].extend(location["addresses"])
                rows["accessibility"].extend(location["accessibility"])
        rows["schedules"].extend(record["schedules"])
        rows["languages"].extend(record["languages"])
        rows["phones"].extend(record["phones"])
        rows["required_documents"].extend(record["required_documents"])
        rows["attributes"].extend(record["attributes"])
    from .models import Category

    rows["taxonomies"].append(taxonomy_record())
    rows["taxonomy_terms"] = [taxonomy_term_record(c, lang) for c in Category.objects.select_related("parent")]
    return rows


def export_zip(services: list[Any], lang: str) -> bytes:
    buffer = io.BytesIO()
    rows = tabular_rows(services, lang)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, entity in TABLES:
            columns = schema_columns(entity)
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            for record in rows[table]:
                writer.writerow(_flat(record, columns))
            archive.writestr(f"{table}.csv", out.getvalue())
        archive.writestr(
            "datapackage.json",
            json.dumps(
                {
                    "name": "accueil-directory",
                    "profile": "tabular-data-package",
                    "resources": [{"name": entity, "path": f"{table}.csv"} for table, entity in TABLES],
                },
                indent=2,
            ),
        )
    return buffer.getvalue()


# --- Import ----------------------------------------------------------------------------------------------------------


def _read(archive: zipfile.ZipFile, table: str) -> list[dict[str, str]]:
    try:
        data = archive.read(f"{table}.csv").decode("utf-8-sig")
    except KeyError:
        return []
    return list(csv.DictReader(io.StringIO(data)))


class DatasetRefused(ValueError):
    """The dataset cannot be imported; the message says why."""


@transaction.atomic
def import_zip(
    *, city: City, data: bytes, acting_user: User | AnonymousUser | None = None, is_demo: bool = False
) -> dict[str, int]:
    """Import an HSDS tabular dataset into `city`: organisations (matched by name), places, published services.

    Taxonomy terms are matched to our categories by code (ours) or by name; unknown ones fall back to
    "orientation". Everything or nothing is written.
    """
    from accueil.audit.services import audit_record
    from accueil.languages.models import Language
    from accueil.organisations.models import Organisation, OrganisationType
    from accueil.territories.models import District

    from . import events
    from .models import Category, OpeningHours, Place, Service, ServiceStatus
    from .services import search_index_services

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DatasetRefused("not a zip archive") from exc
    organisations_rows = _read(archive, "organizations")
    services_rows = _read(archive, "services")
    if not services_rows:
        raise DatasetRefused("services.csv is missing or empty")
    from django.utils.text import slugify

    orgs: dict[str, Any] = {}
    for row in organisations_rows:
        name = (row.get("name") or "").strip()[:200]
        if not name:
            raise DatasetRefused("an organisation has no name")
        org = Organisation.objects.filter(city=city, name=name).first()
        if org is None:
            base = slugify(name)[:100] or "organisation"
            slug, n = base, 1
            while Organisation.objects.filter(city=city, slug=slug).exists():
                n += 1
                slug = f"{base}-{n}"
            org = Organisation.objects.create(
                city=city,
                name=name,
                slug=slug,
                type=OrganisationType.ASSOCIATION,
                description=row.get("description", ""),
                email=row.get("email", ""),
                website=row.get("website", ""),
                is_demo=is_demo,
            )
        orgs[row["id"]] = org
    addresses = {row.get("location_id"): row for row in _read(archive, "addresses")}
    districts = {d.name: d for d in District.objects.filter(city=city)}
    places: dict[str, Any] = {}
    for row in _read(archive, "locations"):
        org = orgs.get(row.get("organization_id", ""))
        if org is None:
            continue
        address = addresses.get(row["id"], {})
        places[row["id"]] = Place.objects.create(
            city=city,
            organisation=org,
            name=(row.get("name") or "")[:200] or org.name,
            address=(address.get("address_1") or "")[:255],
            postcode=(address.get("postal_code") or "")[:10],
            district=districts.get(address.get("state_province", "")),
            latitude=row.get("latitude") or None,
            longitude=row.get("longitude") or None,
            directions=(row.get("transportation") or "")[:300],
            is_demo=is_demo,
        )
    at_location = {row.get("service_id"): row.get("location_id") for row in _read(archive, "service_at_location")}
    categories = {c.code: c for c in Category.objects.all()}
    by_term: dict[str, Any] = {}
    for row in _read(archive, "taxonomy_terms"):
        by_term[row["id"]] = categories.get(row.get("code", "")) or categories["orientation"]
    service_terms: dict[str, list[Any]] = {}
    for row in _read(archive, "attributes"):
        if row.get("taxonomy_term_id") in by_term:
            service_terms.setdefault(row.get("link_id", ""), []).append(by_term[row["taxonomy_term_id"]])
    languages = {lang.code: lang for lang in Language.objects.all()}
    service_langs: dict[str, list[Any]] = {}
    for row in _read(archive, "languages"):
        if row.get("code") in languages:
            service_langs.setdefault(row.get("service_id", ""), []).append(languages[row["code"]])
    documents = {row.get("service_id"): row.get("document", "") for row in _read(archive, "required_documents")}
    phones = {row.get("service_id"): row.get("number", "") for row in _read(archive, "phones") if row.get("service_id")}
    created: list[Service] = []
    hours: list[OpeningHours] = []
    for row in services_rows:
        org = orgs.get(row.get("organization_id", ""))
        location_id = at_location.get(row["id"], "")
        place = places.get(location_id) if location_id is not None else None
        if org is None or place is None:
            raise DatasetRefused(f"service {row.get('id')} has no organisation or location")
        service = Service(
            city=city,
            organisation=org,
            place=place,
            name=(row.get("name") or "")[:200],
            description=row.get("description", ""),
            audiences="," + row["eligibility_description"].replace(" ", "") + ","
            if row.get("eligibility_description")
            else "",
            is_free=row.get("fees_description", "free") == "free",
            appointment_required=row.get("application_process") == "appointment required",
            interpreting=row.get("interpretation_services") == "yes",
            documents=documents.get(row["id"], "")[:300],
            phone=phones.get(row["id"], "")[:32],
            email=row.get("email", ""),
            website=row.get("url", ""),
            status=ServiceStatus.PUBLISHED if row.get("status") == "active" else ServiceStatus.DRAFT,
            last_verified_at=timezone.now(),
            is_demo=is_demo,
        )
        service.full_clean(exclude=["categories", "languages"])
        service.save()
        service.categories.set(service_terms.get(row["id"]) or [categories["orientation"]])
        service.languages.set(service_langs.get(row["id"], []))
        created.append(service)
    source_ids = {row["id"]: created[i] for i, row in enumerate(services_rows)}
    for row in _read(archive, "schedules"):
        scheduled = source_ids.get(row.get("service_id", ""))
        if scheduled is None or row.get("byday", "") not in DAY_CODES:
            continue
        hours.append(
            OpeningHours(
                city=city,
                service=scheduled,
                weekday=DAY_CODES.index(row["byday"]),
                opens_at=dt.time.fromisoformat(row["opens_at"][:5]),
                closes_at=dt.time.fromisoformat(row["closes_at"][:5]),
            )
        )
        if "open on public holidays" in row.get("description", ""):
            Service.objects.filter(pk=scheduled.pk).update(open_on_public_holidays=True)
    OpeningHours.objects.bulk_create(hours)
    search_index_services(
        services=list(Service.objects.filter(pk__in=[s.pk for s in created]).select_related("organisation", "place"))
    )
    audit_record(action=events.HSDS_IMPORTED, actor=acting_user, city=city, data={"services": len(created)})
    return {"organisations": len(orgs), "places": len(places), "services": len(created), "hours": len(hours)}
