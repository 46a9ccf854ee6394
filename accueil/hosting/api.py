"""Hosting endpoints, mounted at /api/v1/hosting, for partner associations with a token (or a member's session).

- `GET /offers` — the hosting offers the caller's association verifies and supports, with their status and
  verification; a host's address is included (the verifying association needs it). The read is written to the
  audit log ("hosting.offer_viewed", scope "api").
- `GET /places` — residents' verified homes open to proposals, grouped by district (no personal data).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from accueil.audit.services import audit_record
from accueil.core.api_auth import session
from accueil.core.http import city_of
from accueil.organisations.api_auth import organisation_token
from accueil.shelters.api import ErrorOut, partner_caller

from . import events, selectors

router = Router(tags=["hosting"], auth=[organisation_token, session])


class OfferOut(Schema):
    id: int
    kind: str
    status: str
    district: int = Field(..., description="District number")
    address: str
    beds: int
    rooms: int
    resident_men: int
    resident_women: int
    resident_children: int
    step_free: bool
    languages: list[str]
    available_from: dt.date
    available_until: dt.date | None
    min_months: int
    max_months: int
    identity_seen: bool
    visited: bool
    reference_checked: bool
    verification: str
    intermediation: str = Field(
        "", description="How a vacant flat is let through an approved operator: sublet, mandate, or empty"
    )
    operator: int | None = Field(None, description="The approved rental operator (organisation id)")
    surface_m2: int | None = Field(None, description="Surface of a vacant flat, in square metres")
    monthly_rent: int | None = Field(None, description="Rent asked per month in euros, charges included")


class HostingPlaceOut(Schema):
    district: int | None
    free: int
    audiences: list[str]
    last_updated_at: dt.datetime | None
    stale: bool


@router.get("/offers", response={200: list[OfferOut], 403: ErrorOut}, summary="Offers your association verifies")
def offers(request: HttpRequest) -> list[dict[str, Any]]:
    organisation, user = partner_caller(request)
    city = city_of(request)
    rows = (
        selectors.offers_to_verify(user=user, city=city)
        .filter(verifier=organisation)
        .prefetch_related("languages")[:500]
    )
    result = [
        {
            "id": o.pk,
            "kind": o.kind,
            "status": o.status,
            "district": o.district.number,
            "address": o.address,
            "beds": o.beds,
            "rooms": o.rooms,
            "resident_men": o.resident_men,
            "resident_women": o.resident_women,
            "resident_children": o.resident_children,
            "step_free": o.step_free,
            "languages": sorted(language.pk for language in o.languages.all()),
            "available_from": o.available_from,
            "available_until": o.available_until,
            "min_months": o.min_months,
            "max_months": o.max_months,
            "identity_seen": o.verification.identity_seen,
            "visited": o.verification.visit_on is not None,
            "reference_checked": o.verification.reference_checked,
            "verification": o.verification.decision,
            "intermediation": o.intermediation,
            "operator": o.operator_id,
            "surface_m2": o.surface_m2,
            "monthly_rent": o.monthly_rent,
        }
        for o in rows
    ]
    audit_record(
        action=events.OFFER_VIEWED,
        actor=user,
        city=city,
        data={"scope": "api", "offers": [r["id"] for r in result]},
    )
    return result


@router.get("/places", response={200: list[HostingPlaceOut], 403: ErrorOut}, summary="Residents' homes open tonight")
def places(request: HttpRequest) -> list[dict[str, Any]]:
    partner_caller(request)
    return [
        {
            "district": p.district_number,
            "free": p.free,
            "audiences": list(p.audiences),
            "last_updated_at": p.last_confirmed_at,
            "stale": p.stale,
        }
        for p in selectors.hosting_free_places(city_of(request), timezone.now())
    ]
